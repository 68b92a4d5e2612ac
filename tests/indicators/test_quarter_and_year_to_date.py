"""Indicators for a quarter or the year to date, not only the 12 months to the period end.

The figures are worked out by hand from small histories, as in test_core.py.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carepanel.cli import app
from carepanel.cohorts import PeriodError
from carepanel.indicators.catalogue import catalogue
from carepanel.indicators.engine import compute as run
from carepanel.warehouse import Warehouse

from conftest import load_returns

runner = CliRunner()


def hdr(child: str) -> dict[str, str]:
    return {"CHILD": child, "SEX": "M", "DOB": "01/06/2012", "ETHNIC": "WBRI"}


def ep(child: str, decom: str, rne: str = "S", place: str = "U4", dec: str = "",
       rec: str = "") -> dict[str, str]:
    return {"CHILD": child, "DECOM": decom, "RNE": rne, "LS": "C2", "CIN": "N1",
            "PLACE": place, "PLACE_PROVIDER": "PR1", "DEC": dec, "REC": rec}


def year_to_march_2025(tmp_path: Path) -> Path:
    """The year to 31 March 2025; its last quarter is 1 January to 31 March 2025.

    A: starts 10/05/2024, moves (P) 01/08/2024 and (P) 01/02/2025, still looked after
       -> started in the 12 months, not in the quarter; 3 placements in the year
    B: starts 15/01/2025, still looked after                -> started in both
    C: starts 01/06/2024, ceases 20/02/2025 (E4A)            -> started in the 12 months;
       ceased in both
    D: starts 01/01/2025, the quarter's first day, adopted 31/03/2025 (E11), its last
                                                             -> started and ceased in both
    E: looked after since 2022, ceases 31/12/2024, the day before the quarter
                                                             -> ceased in the 12 months only
    F: starts 02/02/2025, ceases 10/02/2025 (E4A), starts again 01/03/2025
                                                             -> started once, ceased once,
                                                                in both
    Started: 12 months A, B, C, D, F = 5; quarter B, D, F = 3.
    Ceased:  12 months C, D, E, F = 4; quarter C, D, F = 3.
    Looked after at any time: 12 months all 6; quarter A, B, C, D, F = 5 (E left before).
    At the end (the same day for both): A, B, F = 3.
    """
    return load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr(c) for c in "ABCDEF"],
        "Episodes": [
            ep("A", "10/05/2024", dec="01/08/2024", rec="X1"),
            ep("A", "01/08/2024", rne="P", place="U6", dec="01/02/2025", rec="X1"),
            ep("A", "01/02/2025", rne="P"),
            ep("B", "15/01/2025"),
            ep("C", "01/06/2024", dec="20/02/2025", rec="E4A"),
            ep("D", "01/01/2025", place="A4", dec="31/03/2025", rec="E11"),
            ep("E", "01/03/2022", dec="31/12/2024", rec="E4A"),
            ep("F", "02/02/2025", dec="10/02/2025", rec="E4A"),
            ep("F", "01/03/2025"),
        ]}})


def results(path: Path, end: str, start: str | None = None,
            ids: list[str] | None = None) -> dict[str, object]:
    with Warehouse.open(path, read_only=True) as wh:
        found = run(wh.con, dt.date.fromisoformat(end),
                    dt.date.fromisoformat(start) if start else None, ids=ids)
    return {r.id: r for r in found}


COUNTS = ["cla_started", "cla_ceased", "cla_during", "cla_at_end", "adopted",
          "adopted_pct_of_ceased"]


def test_a_quarter_counts_only_what_happened_in_it(tmp_path: Path) -> None:
    """Figures from year_to_march_2025's docstring. D's adoption is 1 of the 4 ceasings in
    the 12 months (25%) but 1 of the 3 in the quarter (33.3%)."""
    path = year_to_march_2025(tmp_path)
    year = results(path, "2025-03-31", ids=COUNTS)
    quarter = results(path, "2025-03-31", "2025-01-01", ids=COUNTS)
    assert [year[i].value for i in COUNTS[:5]] == [5, 4, 6, 3, 1]
    assert [quarter[i].value for i in COUNTS[:5]] == [3, 3, 5, 3, 1]
    assert year["adopted_pct_of_ceased"].value == 25.0
    assert quarter["adopted_pct_of_ceased"].value == pytest.approx(100 / 3)
    assert {r.period_start for r in quarter.values()} == {"2025-01-01"}
    assert {r.period_start for r in year.values()} == {"2024-04-01"}


def test_a_year_only_indicator_is_null_with_a_note_for_a_quarter(tmp_path: Path) -> None:
    """placements_3plus_pct is defined over the year. In the 12 months A had 3 placements
    (10/05/2024, 01/08/2024, 01/02/2025) and B and F one each: 1 of the 3 looked after at
    the end = 33.3%. Over the quarter it is not computed (A's 3 would be 2 there, a
    different measure); the year to date at 31 March is the whole year, so it is."""
    path = year_to_march_2025(tmp_path)
    ids = ["placements_3plus_pct", "oc2_cohort"]
    year = results(path, "2025-03-31", ids=ids)["placements_3plus_pct"]
    assert (year.numerator, year.denominator, year.note) == (1, 3, None)
    assert year.value == pytest.approx(100 / 3)
    to_date = results(path, "2025-03-31", "2024-04-01", ids=ids)["placements_3plus_pct"]
    assert (to_date.numerator, to_date.denominator) == (1, 3)
    quarter = results(path, "2025-03-31", "2025-01-01", ids=ids)
    for r in quarter.values():
        assert (r.value, r.numerator, r.denominator) == (None, None, None)
        assert r.note.startswith("defined over 12 months: ")
        assert "this period is 2025-01-01 to 2025-03-31" in r.note
    assert "over the course of the year" in quarter["placements_3plus_pct"].note


def test_year_to_date_to_30_september_counts_from_1_april(tmp_path: Path) -> None:
    """Period end 30/09/2024: the 12 months start 01/10/2023, the year to date 01/04/2024.

    G starts 15/02/2024, K 31/03/2024: in the 12 months, before the year to date.
    H starts 01/04/2024 and I 30/09/2024, the first and last days: in both.
    J starts 01/10/2024, after the end: in neither.
    Started: 12 months G, H, I, K = 4; year to date H, I = 2; the quarter from 01/07/2024
    I = 1.
    """
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr(c) for c in "GHIJK"],
        "Episodes": [ep("G", "15/02/2024"), ep("H", "01/04/2024"), ep("I", "30/09/2024"),
                     ep("J", "01/10/2024"), ep("K", "31/03/2024")]}})
    ids = ["cla_started"]
    assert results(path, "2024-09-30", ids=ids)["cla_started"].value == 4
    to_date = results(path, "2024-09-30", "2024-04-01", ids=ids)["cla_started"]
    assert (to_date.value, to_date.period_start) == (2, "2024-04-01")
    assert results(path, "2024-09-30", "2024-07-01", ids=ids)["cla_started"].value == 1
    out = runner.invoke(app, ["indicators", "--warehouse", str(path), "--period-end",
                              "2024-09-30", "--period", "year-to-date", "--id", "cla_started"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert (doc["period_start"], doc["indicators"][0]["value"]) == ("2024-04-01", 2)


def test_a_period_that_starts_after_it_ends_is_refused(tmp_path: Path) -> None:
    path = year_to_march_2025(tmp_path)
    with pytest.raises(PeriodError, match=r"starts \(2025-04-01\) after it ends"):
        results(path, "2025-03-31", "2025-04-01")


def test_cli_quarter_csv_and_errors(tmp_path: Path) -> None:
    """--period quarter gives the quarter's figures and says which days it used; a quarter
    must end on a quarter end; --period and --period-start are not given together."""
    path = year_to_march_2025(tmp_path)
    base = ["indicators", "--warehouse", str(path), "--id", "cla_started"]
    out = runner.invoke(app, [*base, "--period-end", "2025-03-31", "--period", "quarter",
                              "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[1] == "2025-01-01,2025-03-31,cla_started,883,count,3,,3,"
    same = runner.invoke(app, [*base, "--period-end", "2025-03-31", "--period-start",
                               "2025-01-01", "--format", "csv"])
    assert same.stdout == out.stdout

    bad_end = runner.invoke(app, [*base, "--period-end", "2025-02-28", "--period", "quarter"])
    assert bad_end.exit_code == 2
    assert "a quarter must end on a quarter end (30 June, 30 September, 31 December or 31" \
        in bad_end.output and "not 28 February 2025" in bad_end.output
    both = runner.invoke(app, [*base, "--period-end", "2025-03-31", "--period", "quarter",
                               "--period-start", "2025-01-01"])
    assert both.exit_code == 2 and "give either --period or --period-start" in both.output
    unknown = runner.invoke(app, [*base, "--period-end", "2025-03-31", "--period", "month"])
    assert unknown.exit_code == 2
    assert "--period must be one of 12-months, quarter, year-to-date" in unknown.output
    helped = runner.invoke(app, ["indicators", "--help"])
    assert "--period-start" in helped.output and "year-to-date" in helped.output


def test_quarter_json_follows_the_published_contract(tmp_path: Path,
                                                     shared_dir: Path) -> None:
    """A quarter's output, with its year-only indicators null and noted, still passes the
    contract checker from ../shared/tools."""
    year_to_march_2025(tmp_path)
    out = tmp_path / "quarter.json"
    done = subprocess.run([sys.executable, "-m", "carepanel", "indicators",
                           str(tmp_path / "883"), "--period-end", "2025-03-31",
                           "--period", "quarter", "--output", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    doc = json.loads(out.read_text())
    assert (doc["period_start"], doc["period_end"]) == ("2025-01-01", "2025-03-31")
    year_only = {i for i, ind in catalogue().items() if ind.period == "year"}
    nulls = {e["id"] for e in doc["indicators"]
             if e["note"] and e["note"].startswith("defined over 12 months")}
    assert nulls == year_only
    check = subprocess.run([sys.executable, str(shared_dir / "tools" /
                                                "check_indicators_json.py"), str(out)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
