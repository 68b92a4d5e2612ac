"""``carepanel scorecard`` as a user runs it: JSON, CSV, text, and its errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carepanel.scorecard.cli import app, safe_cell

from .conftest import (
    CONFIG,
    MANUAL_CSV,
    add_benchmarks,
    add_errors,
    returns_2025,
    two_year_history,
    write,
)
from conftest import load_returns
from five_children import returns_2024

runner = CliRunner()


@pytest.fixture(scope="module")
def one(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The conftest history for council 883, loaded once; the commands only read it."""
    return two_year_history(tmp_path_factory.mktemp("one"))


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same history for councils 883 and 884."""
    return two_year_history(tmp_path_factory.mktemp("two"), ("883", "884"))


def run(tmp_path: Path, path: Path, *args: str, config: str = CONFIG,
        manual: str | None = MANUAL_CSV):
    cfg = write(tmp_path, "scorecard.yaml", config)
    argv = ["--period-end", "2025-03-31", "--warehouse", str(path), "--config", str(cfg)]
    if manual is not None:
        argv += ["--manual", str(write(tmp_path, "values.csv", manual))]
    return runner.invoke(app, [*argv, *args])


def test_help() -> None:
    out = runner.invoke(app, ["--help"])
    assert out.exit_code == 0 and "--period-end" in out.output


def test_json_is_a_list_of_scorecards_one_per_council(tmp_path: Path, two: Path) -> None:
    out = run(tmp_path, two, "--format", "json")
    assert out.exit_code == 0, out.output
    cards = json.loads(out.output)
    assert [c["la_code"] for c in cards] == ["883", "884"]
    card = cards[0]
    assert (card["period_start"], card["period_end"]) == ("2024-04-01", "2025-03-31")
    assert card["summary"] == {"green": 1, "amber": 2, "red": 1, "no rating": 1}
    pledge = card["pledges"][1]
    assert (pledge["id"], pledge["title"]) == ("3", "Permanence, stability and safety")
    foster = pledge["measures"][0]
    # Values unrounded, with everything the Panel reads beside them (see conftest.py).
    assert {k: foster[k] for k in ("number", "indicator", "value", "numerator",
                                   "denominator", "target", "rag", "rag_word", "direction",
                                   "benchmarks")} == {
        "number": "3.1", "indicator": "placement_foster_pct", "value": 50.0, "numerator": 2,
        "denominator": 4, "target": 75, "rag": "red", "rag_word": "Red", "direction": "worse",
        "benchmarks": None}
    assert foster["last_year"] == {"period_start": "2023-04-01", "period_end": "2024-03-31",
                                   "value": 100.0, "numerator": 2, "denominator": 2,
                                   "note": None, "status": "value"}
    assert foster["rag_rule"] == {"tolerance": 5, "tolerance_type": "points"}


def test_la_option_keeps_one_council(tmp_path: Path, two: Path) -> None:
    out = run(tmp_path, two, "--format", "json", "--la", "884")
    assert out.exit_code == 0, out.output
    assert [c["la_code"] for c in json.loads(out.output)] == ["884"]


def test_csv_one_row_per_measure_numbers_stay_numbers(tmp_path: Path, one: Path) -> None:
    out = run(tmp_path, one, "--format", "csv")
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert [r["number"] for r in rows] == ["1.1", "3.1", "3.2", "3.5", "3.13"]
    moves = rows[3]
    assert (moves["value"], moves["numerator"], moves["denominator"]) == ("25.0", "1", "4")
    assert (moves["rag"], moves["direction"], moves["last_year_value"]) == ("amber",
                                                                             "improving",
                                                                             "50.0")
    assert rows[4]["previous_quarter_note"] == "no value in values.csv for 2024-12-31"


def test_csv_text_cannot_become_a_formula(tmp_path: Path, one: Path) -> None:
    """Titles, owners and notes come from people; any that start like a formula are defused."""
    config = (CONFIG.replace("title: Foster households recruited",
                             'title: "=HYPERLINK(\\"http://x\\",\\"click\\")"')
              .replace("    target: 24\n", "    target: 24\n    owner: \"@SUM(A1)\"\n"))
    manual = MANUAL_CSV.replace("17,,,,Fostering", "17,,,-2+3,+Fostering")
    out = run(tmp_path, one, "--format", "csv", config=config, manual=manual)
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert rows[4]["title"] == "'=HYPERLINK(\"http://x\",\"click\")"
    assert rows[3]["owner"] == "'@SUM(A1)"
    assert (rows[4]["note"], rows[4]["manual_source"]) == ("'-2+3", "'+Fostering tracker")
    assert rows[4]["value"] == "17"


def test_safe_cell_leaves_numbers_alone() -> None:
    assert safe_cell(-5) == -5 and safe_cell(2.5) == 2.5
    assert safe_cell("-5") == "'-5"
    assert safe_cell("\rX") == "'\rX" and safe_cell("\tX") == "'\tX"
    assert safe_cell(None) == "" and safe_cell(True) == "true"
    assert safe_cell("Permanence") == "Permanence"


def test_text_groups_by_pledge_with_rag_words(tmp_path: Path, one: Path) -> None:
    out = run(tmp_path, one, "--format", "text")
    assert out.exit_code == 0, out.output
    text = out.output
    assert "Pledge 1: Being a good corporate parent" in text
    assert "Pledge 3: Permanence, stability and safety" in text
    for word in ("Red", "Amber", "Green", "No rating", "Worse", "Improving",
                 "Not comparable"):
        assert word in text
    assert "50.0%" in text  # 3.1, rounded for reading
    assert "Rated Red, commentary required: 3.1" in text
    assert "Green 1, Amber 2, Red 1, No rating 1" in text


def test_benchmarks_shown_in_text_and_csv(tmp_path: Path) -> None:
    """The figures add_benchmarks (conftest.py) publishes for foster care (3.1)."""
    path = two_year_history(tmp_path / "wh")
    add_benchmarks(path)
    text = run(tmp_path, path, "--format", "text").output
    row = next(line for line in text.splitlines() if line.startswith("│ 3.1 "))
    # value, target, RAG, previous quarter, last year, trend, England, region, neighbours
    cells = [c.strip() for c in row.split("│")[3:-1]]
    assert cells == ["50.0%", "75.0%", "Red", "66.7%", "100.0%", "Worse", "68.0%", "70.0%",
                     "50.0%"]
    assert "Benchmarks from 2023/24 (the latest published) for: 3.5" in text
    rows = list(csv.DictReader(io.StringIO(run(tmp_path, path, "--format", "csv").output)))
    foster = rows[1]
    assert (foster["england"], foster["region_name"], foster["statistical_neighbours"],
            foster["statistical_neighbours_count"]) == ("68.0", "East Midlands", "50.0", "2")


def test_output_file(tmp_path: Path, one: Path) -> None:
    target = tmp_path / "out.json"
    out = run(tmp_path, one, "--format", "json", "--output", str(target))
    assert out.exit_code == 0, out.output
    assert json.loads(target.read_text())[0]["la_code"] == "883"


def test_malformed_config_is_named_without_a_traceback(tmp_path: Path, one: Path) -> None:
    out = run(tmp_path, one, config=CONFIG.replace("target: 75", "target: high"))
    assert out.exit_code == 1
    line = next(n for n, t in enumerate(CONFIG.splitlines(), 1) if "target: 75" in t)
    assert (f"scorecard.yaml line {line}, measure 3.1: target must be a number, not 'high'"
            in out.output)
    assert "Traceback" not in out.output


def test_unknown_indicator_in_config(tmp_path: Path, one: Path) -> None:
    out = run(tmp_path, one, config=CONFIG.replace("indicator: cla_at_end", "indicator: cla_end"))
    assert out.exit_code == 1
    assert "measure 1.1: unknown indicator id 'cla_end'" in out.output


def test_bad_manual_file(tmp_path: Path, one: Path) -> None:
    out = run(tmp_path, one, manual=MANUAL_CSV.replace(",17,", ",17 households,"))
    assert out.exit_code == 1
    assert "values.csv line 2, column value: '17 households' is not a number" in out.output


def test_period_without_data(tmp_path: Path, one: Path) -> None:
    out = runner.invoke(app, ["--period-end", "2027-03-31", "--warehouse", str(one),
                              "--config", str(write(tmp_path, "s.yaml", CONFIG))])
    assert out.exit_code == 1
    assert "no data for the 12 months to 2027-03-31" in out.output
    assert "Traceback" not in out.output


def test_bad_date_format_and_missing_warehouse(tmp_path: Path) -> None:
    cfg = str(write(tmp_path, "s.yaml", CONFIG))
    out = runner.invoke(app, ["--period-end", "31/03/2025", "--config", cfg])
    assert out.exit_code == 2 and "not a date in the form YYYY-MM-DD" in out.output
    out = runner.invoke(app, ["--period-end", "2025-03-31", "--config", cfg, "--format", "pdf"])
    assert out.exit_code == 2 and "--format must be one of text, json, csv" in out.output
    out = runner.invoke(app, ["--period-end", "2025-03-31", "--config", cfg,
                              "--warehouse", str(tmp_path / "none.duckdb")])
    assert out.exit_code == 1 and "no warehouse at" in out.output


def test_registers_as_carepanel_scorecard(tmp_path: Path, one: Path) -> None:
    """The main command adds this sub-app as ``carepanel scorecard``; options follow it."""
    import typer

    main = typer.Typer()

    @main.command()
    def other() -> None:  # a second command, as the real ``carepanel`` has many
        pass

    main.add_typer(app, name="scorecard")
    cfg = write(tmp_path, "scorecard.yaml", CONFIG)
    out = runner.invoke(main, ["scorecard", "--period-end", "2025-03-31", "--warehouse",
                               str(one), "--config", str(cfg), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)[0]["la_code"] == "883"


# ---------------------------------------------------------------------------------------
# Data quality: how far each figure rests on rows with data errors


def test_text_says_how_many_children_in_each_measure_have_data_errors(tmp_path: Path) -> None:
    """add_errors (conftest.py): 3 errors in 2 rows for C and E, 2 of the 4 children of every
    measure but the manual 3.13, which gets no line."""
    path = two_year_history(tmp_path / "wh")
    add_errors(path)
    text = run(tmp_path, path, "--format", "text").output
    lines = [line.rstrip() for line in text.splitlines()]
    assert ("Data quality: the returns for this period hold 3 data errors in 2 rows, for 2 "
            "children (carepanel findings lists them).") in " ".join(lines)
    said = [line for line in lines if "children in this measure" in line]
    assert said == [f"  {n}: 2 of 4 children in this measure have data errors"
                    for n in ("1.1", "3.1", "3.2", "3.5")]


def test_text_says_nothing_per_measure_when_no_child_has_errors(tmp_path: Path,
                                                               one: Path) -> None:
    text = run(tmp_path, one, "--format", "text").output
    assert "the returns for this period hold no data errors" in text
    assert "children in this measure" not in text


def test_json_and_csv_carry_the_counts(tmp_path: Path) -> None:
    path = two_year_history(tmp_path / "wh")
    add_errors(path)
    [card] = json.loads(run(tmp_path, path, "--format", "json").output)
    measures = {m["number"]: m for p in card["pledges"] for m in p["measures"]}
    assert measures["3.1"]["data_quality"] == {"children": 4, "children_with_errors": 2}
    assert measures["3.13"]["data_quality"] is None
    assert (card["data_quality"]["errors"], card["data_quality"]["children"]) == (3, 2)
    rows = list(csv.DictReader(io.StringIO(run(tmp_path, path, "--format", "csv").output)))
    assert [(r["number"], r["children_in_measure"], r["children_with_errors"])
            for r in rows] == [("1.1", "4", "2"), ("3.1", "4", "2"), ("3.2", "4", "2"),
                               ("3.5", "4", "2"), ("3.13", "", "")]


def test_a_bad_value_loaded_by_the_real_loader_shows_in_the_scorecard(tmp_path: Path) -> None:
    """End to end: the 2025 return has one bad value, C's last placement coded "XX" (not a
    placement type). The loader keeps the return, stores the value as an error and holds
    it as null; the scorecard then says 1 of the 4 children looked after at 31/03/2025 (A,
    B, C, E) has data errors, in every measure of that cohort. Foster care is still 2 of 4
    (50%): C was not fostered, and a placement that is not known is not foster care."""
    bad = returns_2025()
    bad["Episodes"] = [dict(e) for e in bad["Episodes"]]
    c_last = next(e for e in bad["Episodes"] if e["CHILD"] == "C" and e["PLACE"] == "K2")
    c_last["PLACE"] = "XX"
    path = load_returns(tmp_path / "wh", {"883/ssda903_2024": returns_2024(),
                                          "883/ssda903_2025": bad})
    out = run(tmp_path, path, "--format", "text")
    assert out.exit_code == 0, out.output
    lines = [line.rstrip() for line in out.output.splitlines()]
    assert ("Data quality: the returns for this period hold 1 data error in 1 row, for 1 "
            "child (carepanel findings lists them).") in " ".join(lines)
    assert "  3.1: 1 of 4 children in this measure has data errors" in lines
    [card] = json.loads(run(tmp_path, path, "--format", "json").output)
    foster = card["pledges"][1]["measures"][0]
    assert (foster["value"], foster["data_quality"]) == (50.0, {"children": 4,
                                                                "children_with_errors": 1})
