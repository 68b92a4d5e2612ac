"""How far a figure rests on rows with data errors, on the five children of
tests/five_children.py (council 883; returns for the years to 31 March 2024 and 2025).

The findings are put in the warehouse by hand (``errors`` below), one for each part of the
rule in cohorts/sql/30_data_errors.sql:

  2025 return, Episodes row of C, error                 counted from 1 April 2024
  2025 return, Header row of E, two errors (two cells)  counted, E once as a child
  2025 return, Episodes row of A, warning (a DfE rule)  never counted: not a data error
  2025 return, row of B in last year's return, error    never counted: in_return previous
  2024 return, Episodes row of D, error                 counted up to 31 March 2024 only

Who is in which measure comes from five_children.py:
  12 months to 31/03/2025: looked after at the end A, B, C, E; started C, E; ceased nobody.
  12 months to 31/03/2024: looked after at the end A, B; during A, B, D; ceased D.
  12 months to 31/12/2024: looked after at the end A, B, C.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from pathlib import Path

import pytest

from carepanel.indicators.catalogue import catalogue
from carepanel.indicators.data_quality import (
    MeasureDataQuality,
    PeriodDataQuality,
    ReturnErrors,
    period_errors,
)
from carepanel.indicators.engine import compute
from carepanel.warehouse import Warehouse

from conftest import write_return
from five_children import returns_2025, two_year_history

IDS = ["cla_at_end", "cla_during", "cla_started", "cla_ceased", "placement_foster_pct"]


def submission(path: Path, reference_date: str, newest: bool = True) -> int:
    with Warehouse.open(path, read_only=True) as wh:
        return wh.con.execute(
            f"SELECT {'max' if newest else 'min'}(submission_id) FROM submissions "
            "WHERE reference_date = ?", [dt.date.fromisoformat(reference_date)]).fetchone()[0]


def add_findings(path: Path, rows: list[tuple]) -> None:
    """Findings as the loader stores them: (submission, table, row, column, severity,
    child, in_return)."""
    with Warehouse.open(path) as wh:
        wh.con.executemany(
            "INSERT INTO findings (submission_id, file, row_number, column_name, rule, "
            "severity, message, child, table_name, in_return) "
            "VALUES (?, 'test.csv', ?, ?, NULL, ?, 'a test finding', ?, ?, ?)",
            [[sid, row, column, severity, child, table, where]
             for sid, table, row, column, severity, child, where in rows])


def with_errors(folder: Path) -> Path:
    path = two_year_history(folder)
    y24, y25 = submission(path, "2024-03-31"), submission(path, "2025-03-31")
    add_findings(path, [
        (y25, "Episodes", 5, "PLACE", "error", "C", "current"),
        (y25, "Header", 5, "DOB", "error", "E", "current"),
        (y25, "Header", 5, "ETHNIC", "error", "E", "current"),
        (y25, "Episodes", 2, "PL_POST", "warning", "A", "current"),
        (y25, "Episodes", 4, "PLACE", "error", "B", "previous"),
        (y24, "Episodes", 6, "REC", "error", "D", "current"),
    ])
    return path


@functools.cache
def warehouse() -> Path:
    return with_errors(Path(tempfile.mkdtemp(prefix="carepanel-quality-")))


def quality(path: Path, end: str, start: str | None = None) -> dict[str, object]:
    with Warehouse.open(path, read_only=True) as wh:
        results = compute(wh.con, dt.date.fromisoformat(end),
                          dt.date.fromisoformat(start) if start else None, ids=IDS,
                          data_quality=True)
    return {r.id: r.data_quality for r in results}


def errors(path: Path, end: str, start: str) -> PeriodDataQuality:
    with Warehouse.open(path, read_only=True) as wh:
        return period_errors(wh.con, ["883"], dt.date.fromisoformat(start),
                             dt.date.fromisoformat(end))["883"]


def test_children_with_errors_in_the_year_to_march_2025() -> None:
    """Counted: C (an episode error) and E (two header errors); not A (a warning), not B
    (last year's row), not D (the 2024 return does not cover April 2024 to March 2025).
    At the end A, B, C, E = 4, with errors C, E = 2; started C, E = 2 of 2; nobody ceased:
    0 children, none with errors."""
    q = quality(warehouse(), "2025-03-31")
    assert q["cla_at_end"] == MeasureDataQuality(4, 2)
    assert q["placement_foster_pct"] == MeasureDataQuality(4, 2)
    assert q["cla_started"] == MeasureDataQuality(2, 2)
    assert q["cla_ceased"] == MeasureDataQuality(0, 0)


def test_the_return_for_an_earlier_year_counts_for_its_own_periods() -> None:
    """12 months to 31/03/2024: only the 2024 return covers it, so only D's error counts:
    at the end A, B = 2 with none; during A, B, D = 3 with D = 1; ceased D = 1 of 1."""
    q = quality(warehouse(), "2024-03-31")
    assert q["cla_at_end"] == MeasureDataQuality(2, 0)
    assert q["cla_during"] == MeasureDataQuality(3, 1)
    assert q["cla_ceased"] == MeasureDataQuality(1, 1)


def test_a_period_across_two_collection_years_counts_both_returns() -> None:
    """12 months to 31/12/2024 (1 January to 31 December 2024) overlap both collection
    years: D's, C's and E's errors count. At the end A, B, C = 3, with C = 1."""
    assert quality(warehouse(), "2024-12-31")["cla_at_end"] == MeasureDataQuality(3, 1)
    q = errors(warehouse(), "2024-12-31", "2024-01-01")
    # D 1 + C 1 + E 2 = 4 errors in 3 rows (E's two are in one row), for 3 children.
    assert (q.errors, q.rows, q.children) == (4, 3, 3)
    assert [r.reference_date.year for r in q.returns] == [2024, 2025]


def test_the_errors_of_the_returns_covering_the_period() -> None:
    """Year to 31/03/2025: the 2025 return only; C 1 + E 2 = 3 errors in 2 rows, 2 children."""
    assert errors(warehouse(), "2025-03-31", "2024-04-01") == PeriodDataQuality(
        3, 2, 2, [ReturnErrors(dt.date(2025, 3, 31), "ssda903", 3, 2, 2)])


def test_a_quarter_counts_the_returns_covering_the_quarter() -> None:
    """The quarter 1 January to 31 March 2025 is covered by the 2025 return alone; the
    children at its end are the same 4, with C and E in error."""
    q = quality(warehouse(), "2025-03-31", "2025-01-01")
    assert q["cla_at_end"] == MeasureDataQuality(4, 2)


def test_a_corrected_table_replaces_the_errors_of_the_one_it_replaces(tmp_path: Path) -> None:
    """A corrected 2025 Episodes table (a new submission for 31 March 2025) makes the first
    return's Episodes inactive, and with it C's error; E's errors are in the Header, still
    the first return's: at the end 1 of 4 children has errors, 2 errors in 1 row."""
    from carepanel.ssda903 import intake

    path = with_errors(tmp_path / "history")
    corrected = write_return(tmp_path / "883" / "ssda903_2025",
                             {"Episodes": returns_2025()["Episodes"]})
    intake.load(intake.Request([corrected]), path)
    assert quality(path, "2025-03-31")["cla_at_end"] == MeasureDataQuality(4, 1)
    q = errors(path, "2025-03-31", "2024-04-01")
    assert (q.errors, q.rows, q.children) == (2, 1, 1)


def test_a_figure_without_a_value_has_no_data_quality(tmp_path: Path) -> None:
    """Health measures need an OC2 table, which these returns lack: no value, so nothing
    rests on any row; and without data_quality=True nothing is worked out at all."""
    with Warehouse.open(warehouse(), read_only=True) as wh:
        [r] = compute(wh.con, dt.date(2025, 3, 31), ids=["health_assessment_pct"],
                      data_quality=True)
        [plain] = compute(wh.con, dt.date(2025, 3, 31), ids=["cla_at_end"])
    assert r.value is None and r.data_quality is None
    assert plain.data_quality is None


@pytest.mark.parametrize(("quality_", "said"), [
    (MeasureDataQuality(403, 3), "3 of 403 children in this measure have data errors"),
    (MeasureDataQuality(1234, 1), "1 of 1,234 children in this measure has data errors"),
    (MeasureDataQuality(403, 0), None),
])
def test_the_sentence_a_reader_sees(quality_: MeasureDataQuality, said: str | None) -> None:
    assert quality_.sentence() == said


def test_counts_round_trip_through_json() -> None:
    """Snapshots store the counts as JSON and papers are rebuilt from them."""
    q = PeriodDataQuality(3, 2, 2, [ReturnErrors(dt.date(2025, 3, 31), "ssda903", 3, 2, 2)])
    assert PeriodDataQuality.from_dict(q.as_dict()) == q
    assert MeasureDataQuality.from_dict({"children": 4, "children_with_errors": 2}) == \
        MeasureDataQuality(4, 2)
    assert MeasureDataQuality.from_dict(None) is None


# ---------------------------------------------------------------------------------------
# Every indicator's children, checked against its own figure on a synthetic council

# These count events, not children: a child may have several reviews, assessments or
# incidents, so the children in the measure are at most the events counted.
COUNTS_EVENTS = {"reviews_participation_pct", "rha_on_time_pct", "rhi_within_72h_pct",
                 "missing_incidents"}


@functools.cache
def synthetic_results() -> list:
    """Every indicator for the 12 months to 31/03/2025 for a synthetic council of about 150
    children, 2 years, with about 3% of rows given a realistic error."""
    from carepanel.ssda903 import intake
    from carepanel.ssda903.synth import generate

    root = Path(tempfile.mkdtemp(prefix="carepanel-quality-synth-"))
    generate(root / "returns", children=150, years=2, seed=5, la_code="883", errors=0.03)
    path = root / "warehouse.duckdb"
    intake.load(intake.Request([root / "returns"]), path)
    with Warehouse.open(path, read_only=True) as wh:
        return compute(wh.con, dt.date(2025, 3, 31), data_quality=True)


def test_each_indicator_names_as_many_children_as_its_figure_counts() -> None:
    """The children query in each header agrees with its SQL: as many children as the
    denominator (the numerator for counts, and for rates, whose denominator is the
    population); at most the events counted for the four measures of events."""
    checked = []
    for r in synthetic_results():
        if r.value is None:
            assert r.data_quality is None, r.id
            continue
        counted = r.numerator if r.unit in ("count", "rate_per_10k") else r.denominator
        dq = r.data_quality
        assert dq is not None, r.id
        assert dq.children_with_errors <= dq.children, r.id
        if r.id in COUNTS_EVENTS:
            assert 0 < dq.children <= counted, r.id
        else:
            assert dq.children == counted, r.id
        checked.append(r.id)
    # The synthetic council has figures for all but the few measures it cannot have (no
    # population estimate, no Postcode Directory).
    assert len(checked) >= len(catalogue()) - 3


def test_a_synthetic_return_with_errors_shows_them_in_the_largest_measures() -> None:
    """About 3% of rows in error touch some of the children looked after."""
    by_id = {r.id: r.data_quality for r in synthetic_results()}
    assert by_id["cla_during"].children_with_errors > 0


def test_a_warehouse_from_before_findings_named_their_table_still_computes(
        tmp_path: Path) -> None:
    """Such a warehouse could hold no data error (a bad value refused the return then), and
    opened read-only it cannot gain the columns: every measure has its children and none
    with errors, rather than the scorecard failing."""
    path = two_year_history(tmp_path)
    with Warehouse.open(path) as wh:
        wh.con.execute("ALTER TABLE findings DROP COLUMN in_return")
        wh.con.execute("ALTER TABLE findings DROP COLUMN table_name")
    # Opened read-only, as carepanel scorecard does: nothing adds the columns back.
    assert quality(path, "2025-03-31")["cla_at_end"] == MeasureDataQuality(4, 0)
    assert errors(path, "2025-03-31", "2024-04-01").errors == 0
