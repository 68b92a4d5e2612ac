"""The indicator reference and the catalogue contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from carepanel.indicators import docs
from carepanel.indicators.catalogue import IndicatorFileError, catalogue, parse

from conftest import load_returns

REPO = Path(__file__).resolve().parents[2]


def test_docs_indicators_md_is_current() -> None:
    current = (REPO / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert current == docs.render(), "docs/indicators.md is stale: run `make docs`"


def test_every_indicator_explains_itself() -> None:
    for ind in catalogue().values():
        assert ind.definition and ind.title and ind.source, ind.id
        assert "numerator" in ind.sql and "denominator" in ind.sql, ind.id


def test_malformed_indicator_file_is_named() -> None:
    with pytest.raises(IndicatorFileError, match=r"x\.sql: the header has no .unit."):
        parse("x.sql", "-- id: x\n-- title: t\nSELECT 1")
    with pytest.raises(IndicatorFileError, match="polarity 'up'"):
        parse("x.sql", "-- id: x\n-- title: t\n-- unit: count\n-- polarity: up\n"
                       "-- cohort: c\n-- source: s\n-- definition: d\nSELECT 1")


def test_period_field_is_checked() -> None:
    """period: any (the default) or year; a year-only indicator must say why."""
    head = ("-- id: x\n-- title: t\n-- unit: count\n-- polarity: context\n-- cohort: cla_at_end\n"
            "-- source: s\n-- definition: d\n")
    assert parse("x.sql", head + "SELECT 1").period == "any"
    with pytest.raises(IndicatorFileError, match="period 'weekly' is not one of"):
        parse("x.sql", head + "-- period: weekly\nSELECT 1")
    with pytest.raises(IndicatorFileError, match="period: year needs a period_note"):
        parse("x.sql", head + "-- period: year\nSELECT 1")
    ind = parse("x.sql", head + "-- period: year\n-- period_note: a 12-month cohort\nSELECT 1")
    assert (ind.period, ind.period_note) == ("year", "a 12-month cohort")


def test_every_indicator_decides_its_period() -> None:
    """Every SQL file says which periods it is for; the reference shows it."""
    for ind in catalogue().values():
        text = (REPO / "src" / "carepanel" / "indicators" / "sql" / ind.file).read_text()
        assert "\n-- period: " in text, ind.id
    assert "| 12 months only |" in docs.render()


def test_cli_output_follows_the_published_contract(tmp_path: Path, shared_dir: Path) -> None:
    """The JSON contract checker from ../shared/tools accepts the CLI's output."""
    load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [{"CHILD": "A", "SEX": "F", "DOB": "01/01/2012", "ETHNIC": "WBRI"}],
        "Episodes": [{"CHILD": "A", "DECOM": "01/05/2024", "RNE": "S", "LS": "C2",
                      "CIN": "N1", "PLACE": "U4", "PLACE_PROVIDER": "PR1"}]}})
    out = tmp_path / "out.json"
    run = subprocess.run([sys.executable, "-m", "carepanel", "indicators",
                          str(tmp_path / "883"), "--period-end", "2025-03-31",
                          "--output", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    doc = json.loads(out.read_text())
    assert doc["period_start"] == "2024-04-01"
    ids = {e["id"] for e in doc["indicators"]}
    assert ids == set(catalogue())
    check = subprocess.run([sys.executable, str(shared_dir / "tools" /
                                                "check_indicators_json.py"), str(out)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_children_field_names_the_children_in_the_measure() -> None:
    """``children`` is a query; without it the children are every child of the cohort."""
    head = ("-- id: x\n-- title: t\n-- unit: percent\n-- polarity: high\n-- cohort: oc2_cohort\n"
            "-- source: s\n-- definition: d\n")
    assert parse("x.sql", head + "SELECT 1").children_sql == \
        "SELECT la_code, child FROM oc2_cohort"
    ind = parse("x.sql", head + "-- children: |\n--   SELECT la_code, child FROM oc2_cohort\n"
                                "--   WHERE age_at_end < 5;\nSELECT 1")
    assert ind.children_sql == "SELECT la_code, child FROM oc2_cohort\nWHERE age_at_end < 5"
    with pytest.raises(IndicatorFileError, match=r"x\.sql: children must be a query"):
        parse("x.sql", head + "-- children: oc2_cohort\nSELECT 1")


def test_explain_shows_which_children_are_in_the_measure() -> None:
    """An analyst reads who is counted for "3 of 403 children ... have data errors", and
    where the rule for a data error is."""
    from typer.testing import CliRunner

    from carepanel.cli import app

    out = CliRunner().invoke(app, ["indicators", "--explain", "sdq_concern_pct"]).output
    flat = " ".join(out.split())
    assert ("Children in this measure: SELECT la_code, child FROM oc2_cohort WHERE "
            "age_at_end BETWEEN 5 AND 16 AND sdq_score IS NOT NULL") in flat
    assert "child_with_data_errors" in flat and "30_data_errors.sql" in flat
    default = " ".join(CliRunner().invoke(app, ["indicators", "--explain",
                                               "placement_foster_pct"]).output.split())
    assert ("Children in this measure (every child of its cohort): SELECT la_code, child "
            "FROM cla_at_end") in default
