"""A council's own indicators: a folder of SQL files in the built-in format, added to the
catalogue without editing carepanel (``--indicators-dir``, ``CAREPANEL_INDICATORS_DIR``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carepanel.cli import app
from carepanel.indicators.catalogue import (
    IndicatorFileError,
    builtin,
    catalogue,
    council_catalogue,
    use_council_folder,
)
from carepanel.indicators.engine import compute
from carepanel.scorecard.build import build
from carepanel.scorecard.config import parse as parse_config
from carepanel.warehouse import Warehouse

from five_children import two_year_history
from own_indicators import GIRLS, own


@pytest.fixture(autouse=True)
def builtin_only_after() -> Iterator[None]:
    """The folder is the process's: every test here leaves the built-in catalogue behind."""
    yield
    use_council_folder(None)


def test_a_councils_own_indicator_is_computed_beside_the_built_in_ones(
        tmp_path: Path) -> None:
    """Five children (tests/five_children.py): at 31 March 2025 A, B, C and E are looked
    after, B and C girls: 2 of 4 = 50%."""
    folder = own(tmp_path, {"girls_at_end_pct.sql": GIRLS})
    found = use_council_folder(folder)
    assert list(found)[:len(builtin())] == list(builtin())
    assert found["girls_at_end_pct"].own and not found["cla_at_end"].own
    path = two_year_history(tmp_path)
    with Warehouse.open(path, read_only=True) as wh:
        [r] = compute(wh.con, dt.date(2025, 3, 31), ids=["girls_at_end_pct"])
        assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)
        every = {r.id for r in compute(wh.con, dt.date(2025, 3, 31))}
    assert every == set(builtin()) | {"girls_at_end_pct"}


def test_the_catalogue_is_read_per_folder(tmp_path: Path) -> None:
    """Another folder is another catalogue; no folder is the built-in one."""
    first = own(tmp_path, {"girls_at_end_pct.sql": GIRLS})
    other = tmp_path / "other"
    other.mkdir()
    (other / "boys_at_end_pct.sql").write_text(
        GIRLS.replace("girls_at_end_pct", "boys_at_end_pct").replace("'F'", "'M'"),
        encoding="utf-8")
    assert "girls_at_end_pct" in council_catalogue(first)
    assert set(council_catalogue(other)) == set(builtin()) | {"boys_at_end_pct"}
    assert council_catalogue(None) == builtin() == catalogue()


SCORECARD = """\
title: Our scorecard
pledges:
  - id: 1
    title: Knowing our children
measures:
  - number: "1.1"
    title: Girls looked after
    indicator: girls_at_end_pct
    pledge: 1
"""


def test_a_scorecard_may_name_the_councils_own_indicator(tmp_path: Path) -> None:
    """At 31 December 2024 A, B and C are looked after, B and C girls (2 of 3)."""
    use_council_folder(own(tmp_path, {"girls_at_end_pct.sql": GIRLS}))
    config = parse_config(SCORECARD)
    path = two_year_history(tmp_path)
    with Warehouse.open(path, read_only=True) as wh:
        [card] = build(wh.con, config, dt.date(2025, 3, 31))
    [measure] = card.measures
    assert measure.current.value == 50.0
    assert measure.previous_quarter.value == pytest.approx(200 / 3)


def test_an_id_of_a_built_in_indicator_is_refused_naming_the_file(tmp_path: Path) -> None:
    clash = GIRLS.replace("girls_at_end_pct", "cla_at_end")
    folder = own(tmp_path, {"cla_at_end.sql": clash})
    with pytest.raises(IndicatorFileError) as e:
        use_council_folder(folder)
    assert str(e.value) == (f"{folder / 'cla_at_end.sql'}: id 'cla_at_end' is a built-in "
                            "indicator's; give the council's own indicator another id and "
                            "file name")
    assert catalogue() == builtin()  # nothing half-added


@pytest.mark.parametrize(("text", "said"), [
    (GIRLS.replace("-- unit: percent\n", ""), "girls_at_end_pct.sql: the header has no 'unit'"),
    (GIRLS.replace("unit: percent", "unit: ratio"), "girls_at_end_pct.sql: unit 'ratio' is not"),
    (GIRLS.replace("cohort: cla_at_end", "cohort: children_now"),
     "girls_at_end_pct.sql: cohort 'children_now' is not a cohort view"),
    (GIRLS.replace("FROM cla_at_end", "FORM cla_at_end"),
     "girls_at_end_pct.sql line 12: the query is not valid SQL: syntax error"),
    (GIRLS + ";\nDELETE FROM episodes", "girls_at_end_pct.sql: after the header, the file "
                                        "must hold one SELECT"),
    (GIRLS.replace("id: girls_at_end_pct", "id: Girls-Pct"),
     "girls_at_end_pct.sql: id 'Girls-Pct' must be lower-case letters"),
    (GIRLS.replace("id: girls_at_end_pct", "id: girls_pct"),
     "girls_at_end_pct.sql: the file must be named after its id 'girls_pct'"),
    ("-- id: [girls\n" + GIRLS, "girls_at_end_pct.sql line 2: the comment header is not "
                               "valid YAML: did not find expected ',' or ']'"),
])
def test_a_bad_file_is_refused_with_its_name_and_the_field_or_line(
        tmp_path: Path, text: str, said: str) -> None:
    folder = own(tmp_path, {"girls_at_end_pct.sql": text})
    with pytest.raises(IndicatorFileError) as e:
        use_council_folder(folder)
    assert str(e.value).startswith(f"{folder}/{said}")
    assert "\n" not in str(e.value).strip()


def test_a_folder_that_is_not_one_of_indicators_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IndicatorFileError, match="no such folder of indicators"):
        use_council_folder(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(IndicatorFileError, match=r"holds no \.sql indicator files"):
        use_council_folder(tmp_path / "empty")


def test_a_query_that_reads_what_the_views_do_not_have_is_named_when_run(
        tmp_path: Path) -> None:
    """The header and the SQL's syntax are checked when the folder is read; a column the
    views do not have is found when the query runs, and named with the file."""
    folder = own(tmp_path, {"girls_at_end_pct.sql": GIRLS.replace("sex = 'F'",
                                                                   "gender = 'F'")})
    use_council_folder(folder)
    path = two_year_history(tmp_path)
    with Warehouse.open(path, read_only=True) as wh, \
            pytest.raises(IndicatorFileError) as e:
        compute(wh.con, dt.date(2025, 3, 31), ids=["girls_at_end_pct"])
    assert str(e.value).startswith(f"{folder / 'girls_at_end_pct.sql'}: the query cannot "
                                   "run on the cohort views:")
    assert "gender" in str(e.value)


def test_the_indicators_command_lists_explains_and_computes_them(tmp_path: Path) -> None:
    folder = own(tmp_path, {"girls_at_end_pct.sql": GIRLS})
    runner = CliRunner()
    listed = runner.invoke(app, ["indicators", "--list", "--indicators-dir", str(folder)])
    assert listed.exit_code == 0, listed.output
    flat = " ".join(listed.output.split())
    assert ("girls_at_end_pct percent context Girls among the children looked after at the "
            "end of the period (council's own)") in flat
    assert flat.count("(council's own)") == 1
    explained = runner.invoke(app, ["indicators", "--explain", "girls_at_end_pct",
                                    "--indicators-dir", str(folder)])
    assert explained.exit_code == 0, explained.output
    flat = " ".join(explained.output.split())
    assert f"the council's own indicator, from {folder / 'girls_at_end_pct.sql'}" in flat
    assert "FILTER (WHERE sex = 'F')" in flat

    path = two_year_history(tmp_path)
    out = tmp_path / "out.json"
    run = runner.invoke(app, ["indicators", "--period-end", "2025-03-31", "-w", str(path),
                              "--id", "girls_at_end_pct", "--indicators-dir", str(folder),
                              "--output", str(out)])
    assert run.exit_code == 0, run.output
    [entry] = json.loads(out.read_text())["indicators"]
    assert (entry["id"], entry["value"]) == ("girls_at_end_pct", 50.0)


def test_commands_refuse_a_bad_folder_in_one_line(tmp_path: Path) -> None:
    folder = own(tmp_path, {"cla_at_end.sql": GIRLS.replace("girls_at_end_pct",
                                                            "cla_at_end")})
    runner = CliRunner()
    for args in (["indicators", "--list"], ["scorecard", "--period-end", "2025-03-31"],
                 ["report", "scorecard", "--period-end", "2025-03-31"]):
        run = runner.invoke(app, [*args, "--indicators-dir", str(folder)])
        assert run.exit_code == 2, run.output
        said = " ".join(run.output.split())
        assert said.startswith(f"--indicators-dir: {folder / 'cla_at_end.sql'}: id "
                               "'cla_at_end' is a built-in indicator's"), args
        assert "Traceback" not in run.output


def test_the_scorecard_command_reads_the_folder_before_its_configuration(
        tmp_path: Path) -> None:
    folder = own(tmp_path, {"girls_at_end_pct.sql": GIRLS})
    config = tmp_path / "scorecard.yaml"
    config.write_text(SCORECARD, encoding="utf-8")
    path = two_year_history(tmp_path)
    args = ["scorecard", "--period-end", "2025-03-31", "-w", str(path), "--config",
            str(config), "--format", "json"]
    without = CliRunner().invoke(app, args)
    assert without.exit_code == 1
    assert "girls_at_end_pct" in without.output
    run = CliRunner().invoke(app, [*args, "--indicators-dir", str(folder)])
    assert run.exit_code == 0, run.output
    [card] = json.loads(run.stdout)
    [pledge] = card["pledges"]
    [measure] = pledge["measures"]
    assert (measure["indicator"], measure["value"]) == ("girls_at_end_pct", 50.0)
