"""Date options: a date carepanel cannot work with is one line, on every command that
takes one (``--period-end 0001-01-01`` was a traceback: "year 0 is out of range")."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from carepanel.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "carepanel" / "reports" / "examples"
STRATEGY = str(EXAMPLES / "strategy.yaml")

# (command with a placeholder DATE for the option tested, the option)
DATED = [
    (["indicators", "--period-end", "DATE"], "--period-end"),
    (["indicators", "--period-end", "2025-03-31", "--period-start", "DATE"], "--period-start"),
    (["scorecard", "--period-end", "DATE"], "--period-end"),
    (["scorecard", "--period-end", "2025-03-31", "--period-start", "DATE"], "--period-start"),
    (["report", "scorecard", "--period-end", "DATE"], "--period-end"),
    (["report", "scorecard", "--period-end", "2025-03-31", "--meeting-date", "DATE"],
     "--meeting-date"),
    (["report", "progress", "--strategy", STRATEGY, "--as-of", "DATE"], "--as-of"),
    (["report", "progress", "--strategy", STRATEGY, "--meeting-date", "DATE"],
     "--meeting-date"),
    (["report", "annual", "--year", "2025", "--meeting-date", "DATE"], "--meeting-date"),
    (["care-leavers", "--date", "DATE"], "--date"),
    (["load", "RETURN", "--reference-date", "DATE"], "--reference-date"),
    (["validate", "RETURN", "--reference-date", "DATE"], "--reference-date"),
]


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize(("args", "option"), DATED, ids=[" ".join(a[:2]) + " " + o
                                                          for a, o in DATED])
def test_a_date_out_of_range_is_one_line(args: list[str], option: str, date: str,
                                         tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"  # never made: the date is refused first
    argv = [date if a == "DATE" else str(tmp_path) if a == "RETURN" else a for a in args]
    takes_warehouse = args[0] != "validate" and args[1] != "progress"
    result = runner.invoke(app, [*argv, "-w", str(warehouse)] if takes_warehouse else argv)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].endswith(f"{option}: {date} is out of range: give a date from 1990-01-01 "
                             "to 2100-12-31"), lines[0]
    assert not warehouse.exists()


@pytest.mark.parametrize(("args", "option"), DATED[:1] + DATED[2:3] + DATED[4:5] + DATED[9:10])
def test_a_date_that_is_not_one_is_one_line(args: list[str], option: str,
                                            tmp_path: Path) -> None:
    argv = ["31/03/2025" if a == "DATE" else a for a in args]
    result = runner.invoke(app, [*argv, "-w", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        f"{option}: '31/03/2025' is not a date in the form YYYY-MM-DD")


def test_the_ends_of_the_range(tmp_path: Path) -> None:
    """1990-01-01 and 2100-12-31 get past the check (and then find no warehouse); a day
    beyond either does not."""
    for date, status in (("1990-01-01", 1), ("2100-12-31", 1), ("1989-12-31", 2),
                         ("2101-01-01", 2)):
        result = runner.invoke(app, ["care-leavers", "--date", date, "-w",
                                     str(tmp_path / "none.duckdb")])
        assert result.exit_code == status, (date, result.output)
        assert ("no warehouse at" in result.output) == (status == 1)


def test_synth_years_it_cannot_make_are_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["synth", str(tmp_path / "out"), "--years", "1",
                                 "--last-year", "1"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "returns must lie within 2020-2027 (the years the schema knows); asked for 1-1"]
