"""Compute indicators for any period, for every council in the warehouse.

A period is its first and last day: by default the 12 months to the period end, or a
quarter, a year to date or any start the caller gives. The engine only sets the period,
creates the cohort views and runs each indicator's SQL; all the meaning is in the SQL files.
It turns (numerator, denominator) into a value by the indicator's unit, and says why
whenever a value cannot be computed: an indicator is never silently dropped. Indicators the
DfE defines only over 12 months (``period: year`` in their header) are not recomputed over
a shorter or longer period: their value is null with a note saying so.

Asked to (``data_quality=True``), it also says for each figure how many children are behind
it and how many of them have data errors (``carepanel.indicators.data_quality``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from carepanel import cohorts
from carepanel.database import one_row
from carepanel.indicators.catalogue import Indicator, IndicatorFileError, catalogue, get
from carepanel.indicators.data_quality import MeasureDataQuality, measure_children
from carepanel.indicators.results import ResultStore
from carepanel.ssda903 import schema


class NoData(ValueError):
    """There is nothing in the warehouse to compute a period from."""


@dataclass
class Result:
    id: str
    la_code: str
    unit: str
    numerator: int | float | None
    denominator: int | float | None
    value: float | int | None
    note: str | None
    period_start: str
    period_end: str
    # The children behind the figure and how many have data errors: only when asked for
    # (compute(data_quality=True)) and only for a figure that has a value.
    data_quality: MeasureDataQuality | None = field(default=None, compare=False)

    def as_dict(self) -> dict:
        return asdict(self)


# What each ``requires`` word needs, and what to say when it is missing.
SNAPSHOTS = {"oc2": "OC2", "oc3": "OC3"}


def _number(x: Any) -> int | float | None:
    if x is None:
        return None
    f = float(x)  # DuckDB sums come back as Decimal or HUGEINT
    return int(f) if f.is_integer() else f


def value_of(unit: str, numerator: int | float | None, denominator: int | float | None
             ) -> tuple[float | int | None, str | None]:
    """The value an indicator reports, unrounded: rounding is for presentation."""
    if unit == "count":
        return numerator, None
    if denominator is None or numerator is None:
        return None, "no denominator for this council and period"
    if denominator == 0:
        return None, "the cohort is empty in this period (denominator 0)"
    if unit == "percent":
        return 100 * numerator / denominator, None
    if unit == "rate_per_10k":
        return 10000 * numerator / denominator, None
    return numerator / denominator, None  # days, score: a mean


def population_year(period_end: dt.date) -> int:
    """The ONS mid-year estimate a period uses: mid-(T-1) for the year to 31 March T.

    The DfE divides by the estimate for the calendar year in which the collection year
    began (methodology 1.4); an in-year period uses the same rule for its own year.
    """
    return schema.year_of(period_end) - 1


@dataclass(frozen=True)
class Available:
    """What each council has loaded, read once per run rather than once per indicator."""

    snapshots: frozenset[tuple[str, str]]  # (la_code, table) with a return at period end
    tables: frozenset[tuple[str, str]]  # (la_code, table) loaded at all
    population: frozenset[str]  # councils with a population estimate for the period

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection, period_end: dt.date) -> Available:
        rows = con.execute("SELECT DISTINCT la_code, table_name, reference_date = ? "
                           "FROM active_tables", [period_end]).fetchall()
        pop = con.execute("SELECT DISTINCT la_code FROM population WHERE year <= ?",
                          [population_year(period_end)]).fetchall()
        return cls(frozenset((la, t) for la, t, at_end in rows if at_end),
                   frozenset((la, t) for la, t, _ in rows),
                   frozenset(la for (la,) in pop))


def _missing_requirement(available: Available, need: str, la: str,
                         period_end: dt.date) -> str | None:
    """Why ``need`` is not available for this council and period, or None if it is."""
    if need in SNAPSHOTS:
        snapshot = SNAPSHOTS[need]
        if (la, snapshot) not in available.snapshots:
            return (f"no return for {period_end.isoformat()} with an {snapshot} table "
                    f"({snapshot} describes the year to its return's 31 March)")
        return None
    if need == "population":
        if la in available.population:
            return None
        return "no population estimate for this council and year"
    table = next((t for t in schema.TABLES.values() if t.sql_name == need), None)
    if table is not None:
        if (la, table.name) not in available.tables:
            what = "local file" if table.kind == "local" else "table"
            return f"no {table.name} {what} loaded for this council"
        return None
    return f"unknown requirement {need!r}"


def compute(con: duckdb.DuckDBPyConnection, period_end: dt.date,
            period_start: dt.date | None = None, *,
            la_codes: Iterable[str] | None = None, ids: Iterable[str] | None = None,
            progress: Callable[[int, int, str], None] | None = None,
            data_quality: bool = False) -> list[Result]:
    """Every indicator (or those in ``ids``) for every council (or those in ``la_codes``),
    for the period ``period_start`` to ``period_end`` (both days included).

    With ``data_quality``, each result with a value says how many children are in the
    measure and how many of them have data errors (``Result.data_quality``).

    ``period_start`` defaults to the day after the same date 12 months earlier, the rolling
    year. Raises ``cohorts.PeriodError`` when the start is after the end.
    """
    start = period_start or cohorts.period_start(period_end)
    if start > period_end:
        raise cohorts.PeriodError(f"the period starts ({start.isoformat()}) after it ends "
                                  f"({period_end.isoformat()})")
    known = [r[0] for r in con.execute(
        "SELECT DISTINCT la_code FROM submissions ORDER BY 1").fetchall()]
    las = sorted(la_codes) if la_codes is not None else known
    if not known:
        raise NoData("the warehouse holds no returns: load some first")
    unknown_la = [la for la in las if la not in known]
    if unknown_la:
        raise NoData(f"no returns loaded for council(s) {', '.join(unknown_la)}; "
                     f"the warehouse holds {', '.join(known)}")
    indicators = [get(i) for i in ids] if ids is not None else list(catalogue().values())
    _check_period_has_data(con, start, period_end, las)
    store = ResultStore.of(con)
    stored = store.read(indicators, las, start, period_end, data_quality) if store else None
    if stored is not None:
        if progress:
            progress(len(indicators), len(indicators), "")
        return [Result(**fields) for fields in stored]
    results = _compute(con, indicators, las, start, period_end, progress, data_quality)
    if store is not None:
        store.write(indicators, results, start, period_end, data_quality)
    return results


def _compute(con: duckdb.DuckDBPyConnection, indicators: list[Indicator], las: list[str],
             start: dt.date, period_end: dt.date,
             progress: Callable[[int, int, str], None] | None, data_quality: bool
             ) -> list[Result]:
    queries = [ind.sql for ind in indicators]
    if data_quality:
        queries += [ind.children_sql for ind in indicators] + ["child_with_data_errors"]
    cohorts.register(con, period_end, las, start, queries)
    available = Available.read(con, period_end)
    results: list[Result] = []
    for n, ind in enumerate(indicators):
        if progress:
            progress(n, len(indicators), ind.id)
        found = _compute_one(con, ind, las, start, period_end, available)
        if data_quality:
            _add_data_quality(con, ind, found)
        results.extend(found)
    if progress:
        progress(len(indicators), len(indicators), "")
    return results


def _check_period_has_data(con: duckdb.DuckDBPyConnection, start: dt.date,
                           period_end: dt.date, las: list[str]) -> None:
    """Refuse a period no loaded return reaches, rather than report zeros for it."""
    first, last = one_row(
        con, "SELECT min(reference_date), max(reference_date) FROM submissions "
        "WHERE kind = 'ssda903' AND la_code IN (SELECT unnest(?))", [las])
    if first is None:
        raise NoData("no SSDA903 returns loaded for these councils")
    if period_end > last or period_end < schema.year_start(schema.year_of(first)):
        raise NoData(f"no data for {cohorts.describe(start, period_end)}: the returns "
                     f"loaded cover {schema.year_start(schema.year_of(first)).isoformat()} "
                     f"to {last.isoformat()}")


def _add_data_quality(con: duckdb.DuckDBPyConnection, ind: Indicator,
                      results: list[Result]) -> None:
    """Fill in ``data_quality`` on the results that have a value: a figure with no value
    rests on nothing."""
    if not any(r.value is not None for r in results):
        return
    try:
        counts = measure_children(con, ind)
    except duckdb.Error as e:
        if not ind.own:
            raise
        raise IndicatorFileError(f"{ind.file}: its children query cannot run on the cohort "
                             f"views ({type(e).__name__})") from None
    for r in results:
        if r.value is not None:
            r.data_quality = counts.get(r.la_code, MeasureDataQuality(0, 0))


def year_only_note(ind: Indicator, start: dt.date, end: dt.date) -> str | None:
    """Why a ``period: year`` indicator has no value for this period, or None if it has."""
    if ind.period != "year" or cohorts.is_twelve_months(start, end):
        return None
    return (f"defined over 12 months: {ind.period_note} (this period is "
            f"{start.isoformat()} to {end.isoformat()}; ask for the 12 months to "
            f"{end.isoformat()} instead)")


def _run(con: duckdb.DuckDBPyConnection, ind: Indicator, sql: str) -> list[tuple]:
    """The indicator's rows. A council's own indicator that does not run is named with its
    file (``IndicatorFileError``): the council can fix it, where a built-in one failing is a
    bug. DuckDB's text is kept only for a query that names something that does not exist
    (a view, a column); any other failure can quote a value from the data."""
    try:
        return con.execute(sql).fetchall()
    except duckdb.Error as e:
        if not ind.own:
            raise
        if isinstance(e, duckdb.BinderException | duckdb.CatalogException):
            reason = str(e).splitlines()[0].split(": ", 1)[-1]
            raise IndicatorFileError(f"{ind.file}: the query cannot run on the cohort views: "
                                 f"{reason}") from None
        raise IndicatorFileError(f"{ind.file}: the query failed on this warehouse's data "
                             f"({type(e).__name__}); try it with carepanel indicators "
                             f"--explain {ind.id}") from None


def _compute_one(con: duckdb.DuckDBPyConnection, ind: Indicator, las: list[str],
                 start: dt.date, end: dt.date, available: Available) -> list[Result]:
    year_only = year_only_note(ind, start, end)
    if year_only:
        # Not recomputed over another period: that would be a different measure.
        return [Result(ind.id, la, ind.unit, None, None, None, year_only, start.isoformat(),
                       end.isoformat()) for la in las]
    notes = {}
    for la in las:
        for need in ind.requires:
            why = _missing_requirement(available, need, la, end)
            if why:
                notes[la] = why
                break
    rows = {}
    if len(notes) < len(las) or ind.unit == "rate_per_10k":
        sql = (f"SELECT p.la_code, r.numerator, r.denominator FROM period p "
               f"LEFT JOIN ({ind.sql}) AS r ON r.la_code = p.la_code")
        rows = {la: (n, d) for la, n, d in _run(con, ind, sql)}
    out = []
    for la in las:
        num, den = rows.get(la, (None, None))
        num, den = _number(num), _number(den)
        value: float | int | None
        note: str | None
        if la in notes:
            value, note = None, notes[la]
            # A rate's count is still worth showing without its population; any other
            # partial figure would mislead.
            num = num if ind.unit == "rate_per_10k" else None
            den = None
        else:
            if num is None and ind.unit in ("count", "percent"):
                num = 0  # no row for this council: nobody in the numerator
            value, note = value_of(ind.unit, num, den)
        out.append(Result(ind.id, la, ind.unit, num, den, value, note, start.isoformat(),
                          end.isoformat()))
    return out
