"""Assemble the scorecard for a period: every measure, its trend, rating and benchmarks.

For each council and each measure the scorecard holds:

* the value for the measure's period to the period end (indicators through
  ``carepanel.indicators.engine.compute``; manual measures from the values file), with its
  numerator and denominator. The period is the scorecard's (the 12 months to the period
  end unless ``build`` is given another kind or a start) or the measure's own
  (``period: quarter`` in the configuration), so that "children who started to be looked
  after in the quarter" can sit beside rolling-year measures;
* the value for the previous quarter (ending at the end of the month three months
  earlier) and for the same period last year (twelve months earlier), each a period of the
  same kind: the quarter before and the same quarter last year for a quarter, the year to
  date at those ends for a year to date; or null with a note when the warehouse does not
  reach back that far;
* the RAG rating and the direction of travel against last year (``rating``);
* published benchmarks for the collection year of the period end: England, the council's
  region and the median of its statistical neighbours, when they have been loaded;
* how far the figure rests on rows with data errors: how many children are in the measure
  and how many of them have at least one data error in the returns that cover the
  measure's period (``carepanel.indicators.data_quality``; null for manual measures and
  figures with no value); and for the scorecard, how many errors those returns hold.

``Scorecard.as_dict`` is the documented JSON structure (one object per council)::

    {"title": "Corporate Parenting Scorecard", "la_code": "883", "la_name": null,
     "period": "12-months", "period_start": "2024-04-01", "period_end": "2025-03-31",
     "previous_quarter_end": "2024-12-31", "last_year_end": "2024-03-31",
     "benchmark_year": 2025,
     "summary": {"green": 10, "amber": 4, "red": 3, "no rating": 13},
     "pledges": [
       {"id": "3", "title": "Permanence, stability and safety", "measures": [
         {"number": "3.6", "title": "...", "source": "indicator",
          "indicator": "placements_3plus_pct", "unit": "percent", "polarity": "low",
          "period": "12-months", "period_start": "2024-04-01",
          "value": 10.14, "numerator": 28, "denominator": 276, "note": null,
          "suppressed": false,
          "previous_quarter": {"period_start": "2024-01-01", "period_end": "2024-12-31",
                               "value": 9.8, "numerator": 27, "denominator": 275,
                               "note": null},
          "last_year": {"period_end": "2024-03-31", "value": null, ..., "note": "no data ..."},
          "target": 9, "rag_rule": {"tolerance": 1, "tolerance_type": "points"},
          "rag": "red", "rag_word": "Red", "rag_reason": "worse than target by more than ...",
          "commentary_required": true,
          "direction": "worse",
          "benchmarks": {"year": 2025, "requested_year": 2025, "england": 10.0,
                         "region": 11.0, "region_name": "North East",
                         "statistical_neighbours": 9.5, "statistical_neighbours_count": 10,
                         "la": 10.2} or null,
          "owner": "...", "frequency": "quarterly", "manual_source": null,
          "data_quality": {"children": 276, "children_with_errors": 3}}]}],
     "data_quality": {"errors": 93, "rows": 71, "children": 60, "returns": [
       {"reference_date": "2025-03-31", "kind": "ssda903", "errors": 90, "rows": 68,
        "children": 58},
       {"reference_date": "2025-03-31", "kind": "local", "errors": 3, "rows": 3,
        "children": 3}]}}

Values are unrounded, as the indicator contract requires; rounding is for presentation.

``data_quality`` of a measure: ``children`` is the number of children behind its figure
(the denominator's children, or for a count the children counted: the indicator's
"children in this measure", ``carepanel indicators --explain ID``), and
``children_with_errors`` how many of them have at least one data error: a finding of
severity ``error`` on any of their rows, in the return's own rows, in an active table of a
return or local file whose collection year (1 April to its reference date) overlaps the
measure's period (``child_with_data_errors`` in ``cohorts/sql/30_data_errors.sql``). It is
null for a manual measure and for a figure with no value. ``data_quality`` of the
scorecard counts the data errors of the returns that cover the scorecard's own period:
``errors`` (bad values), ``rows`` (rows holding them), ``children`` (each child once), and
the same per return (``kind`` "ssda903" for the return, "local" for local files). Counts
only: no child is ever named.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from carepanel import cohorts
from carepanel.cohorts import TWELVE_MONTHS, PeriodError
from carepanel.database import table_exists
from carepanel.indicators.catalogue import catalogue
from carepanel.indicators.data_quality import (
    MeasureDataQuality,
    PeriodDataQuality,
    period_errors,
)
from carepanel.indicators.engine import NoData, Result, compute
from carepanel.scorecard.config import Measure, Pledge, ScorecardConfig
from carepanel.scorecard.manual import ManualValues
from carepanel.scorecard.rating import RAGS, RED, Rating, direction_of_travel, rate
from carepanel.ssda903 import schema


def months_back(period_end: dt.date, months: int) -> dt.date:
    """The last day of the month ``months`` before ``period_end``'s month.

    31 March 2025 -> 31 December 2024 (3) and 31 March 2024 (12); 31 May 2024 -> 29
    February 2024 (3). Quarter ends are month ends, so earlier periods are too.
    """
    index = period_end.year * 12 + period_end.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def _same_day_months_back(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


CUSTOM = "custom"
"""The kind of a period given by its first day (``--period-start``) rather than by name."""


@dataclass(frozen=True)
class Span:
    """A period a measure is computed over: its kind and its first and last day.

    ``kind`` is one of ``cohorts.PERIODS`` (12-months, quarter, year-to-date) or ``custom``.
    Keeping the kind lets the scorecard compare like with like: the period before a quarter
    is the previous quarter, not the 12 months to its end.
    """

    kind: str
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, kind: str, end: dt.date) -> Span:
        """The period of a named kind ending on ``end``; ``PeriodError`` if there is none
        (a quarter must end on a quarter end)."""
        return cls(kind, cohorts.period_start(end, kind), end)

    def earlier(self, months: int) -> Span:
        """The period of the same kind ending ``months`` earlier (at a month end).

        A quarter's 3 months earlier is the previous quarter and its 12 months earlier the
        same quarter last year; a year to date's are the years to date at those ends (the
        one to 31 March is the whole year); a custom period moves its start back as far.
        """
        end = months_back(self.end, months)
        if self.kind == CUSTOM:
            return Span(CUSTOM, _same_day_months_back(self.start, months), end)
        return Span.of(self.kind, end)


@dataclass
class PeriodValue:
    """A measure's value for the period ending ``period_end``, or why there is none."""

    period_end: dt.date
    value: float | int | None = None
    numerator: float | int | None = None
    denominator: float | int | None = None
    note: str | None = None
    suppressed: bool = False
    period_start: dt.date | None = None
    # False for a period the warehouse does not reach (no return loaded covers it): the
    # papers leave such a period out of a trend rather than show it as a gap in the data.
    reached: bool = True

    @property
    def status(self) -> str:
        """What the figure is, as the papers and pages must treat it (``STATUSES``):
        a value; hidden; none, as the warehouse does not reach the period; or none for a
        reason given in ``note`` (an empty cohort, a table not loaded, ...)."""
        if not self.reached:
            return NOT_REACHED
        if self.suppressed:
            return SUPPRESSED
        return VALUE if self.value is not None else NO_DATA

    def as_dict(self) -> dict[str, Any]:
        return {"period_start": self.period_start.isoformat() if self.period_start else None,
                "period_end": self.period_end.isoformat(), "value": self.value,
                "numerator": self.numerator, "denominator": self.denominator,
                "note": self.note, "status": self.status}


VALUE, SUPPRESSED, NOT_REACHED, NO_DATA = "value", "suppressed", "not reached", "no data"
STATUSES = (VALUE, SUPPRESSED, NOT_REACHED, NO_DATA)


@dataclass
class Benchmarks:
    """Published comparators for one indicator: the DfE's figures for a collection year.

    ``year`` is the published year used: the period's collection year, or the latest
    earlier one while the DfE has not yet published it (a Quarter 1 scorecard is compared
    with the last full year). ``la`` is the council's own published figure.
    """

    year: int
    requested_year: int
    england: float | None = None
    region: float | None = None
    region_name: str | None = None
    statistical_neighbours: float | None = None  # the median of the neighbours' figures
    statistical_neighbours_count: int | None = None  # how many neighbours are published
    la: float | None = None
    statistical_neighbours_mean: float | None = None  # their average ("SN average")
    neighbour_values: list[float] = field(default_factory=list)  # each published figure

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MeasureResult:
    measure: Measure
    current: PeriodValue
    previous_quarter: PeriodValue
    last_year: PeriodValue
    rating: Rating
    direction: str
    benchmarks: Benchmarks | None = None
    manual_source: str | None = None
    period: str = TWELVE_MONTHS  # the kind of period this measure is computed over
    data_quality: MeasureDataQuality | None = None  # None: manual, or no figure
    annual: bool = False  # a yearly figure with its own date (``annual_span``)

    def span(self) -> Span | None:
        """The period the measure's value is for (None when it has none), from which the
        periods of its trend are worked back with ``Span.earlier``."""
        start, end = self.current.period_start, self.current.period_end
        if start is not None:
            return Span(self.period, start, end)
        try:
            return Span.of(self.period, end)
        except PeriodError:  # a custom period with no start, or a quarter not at its end
            return None

    @property
    def definition(self) -> str | None:
        """The measure's definition in plain English: the configuration's, else its
        indicator's."""
        m = self.measure
        return m.definition or (catalogue()[m.indicator].definition if m.indicator else None)

    def as_dict(self) -> dict[str, Any]:
        m = self.measure
        return {
            "number": m.number, "title": m.title, "source": m.source,
            "indicator": m.indicator, "unit": m.unit, "polarity": m.polarity,
            "period": self.period,
            "period_start": (self.current.period_start.isoformat()
                             if self.current.period_start else None),
            "period_end": self.current.period_end.isoformat(), "annual": self.annual,
            "value": self.current.value, "numerator": self.current.numerator,
            "denominator": self.current.denominator, "note": self.current.note,
            "suppressed": self.current.suppressed, "status": self.current.status,
            "previous_quarter": self.previous_quarter.as_dict(),
            "last_year": self.last_year.as_dict(),
            "target": m.target,
            "rag_rule": {"tolerance": m.rag.tolerance, "tolerance_type": m.rag.tolerance_type},
            "rag": self.rating.rag, "rag_word": self.rating.word,
            "rag_reason": self.rating.reason,
            "commentary_required": self.rating.rag == RED,
            "direction": self.direction,
            "benchmarks": self.benchmarks.as_dict() if self.benchmarks else None,
            "owner": m.owner, "frequency": m.frequency,
            "definition": self.definition,
            "manual_source": self.manual_source,
            "data_quality": self.data_quality.as_dict() if self.data_quality else None,
        }


@dataclass
class PledgeResult:
    pledge: Pledge
    measures: list[MeasureResult] = field(default_factory=list)


@dataclass
class Scorecard:
    title: str
    la_code: str
    la_name: str | None
    period_start: dt.date
    period_end: dt.date
    previous_quarter_end: dt.date
    last_year_end: dt.date
    benchmark_year: int
    pledges: list[PledgeResult]
    period: str = TWELVE_MONTHS  # the scorecard's kind of period (a measure may differ)
    data_quality: PeriodDataQuality | None = None  # the errors of the period's returns

    @property
    def measures(self) -> list[MeasureResult]:
        return [m for p in self.pledges for m in p.measures]

    def summary(self) -> dict[str, int]:
        """How many measures are Green, Amber, Red and not rated."""
        counts = dict.fromkeys(RAGS, 0)
        for m in self.measures:
            counts[m.rating.rag] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "la_code": self.la_code, "la_name": self.la_name,
            "period": self.period,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "previous_quarter_end": self.previous_quarter_end.isoformat(),
            "last_year_end": self.last_year_end.isoformat(),
            "benchmark_year": self.benchmark_year,
            "summary": self.summary(),
            "pledges": [{"id": p.pledge.id, "title": p.pledge.title,
                         "measures": [m.as_dict() for m in p.measures]}
                        for p in self.pledges],
            "data_quality": self.data_quality.as_dict() if self.data_quality else None,
        }


# ---------------------------------------------------------------------------------------
# Benchmarks


def _benchmarks_loader(con: duckdb.DuckDBPyConnection, ids: list[str], year: int
                       ) -> Callable[[str, str], Benchmarks | None] | None:
    """The published comparators of ``ids`` for the year (``carepanel.benchmarks.query``,
    read once for every council) when the benchmark table exists."""
    if not table_exists(con, "benchmark_values"):
        return None
    from carepanel.benchmarks.query import Comparators

    comparators = Comparators(con, ids, year)

    def load(la_code: str, indicator_id: str) -> Benchmarks | None:
        found = comparators.get(la_code, indicator_id)
        if not found:
            return None
        return Benchmarks(
            year=found["year"], requested_year=found.get("requested_year", year),
            england=found.get("england"), region=found.get("region"),
            region_name=found.get("region_name"),
            statistical_neighbours=found.get("neighbours_median"),
            statistical_neighbours_count=found.get("neighbours_counted"),
            la=found.get("la"),
            statistical_neighbours_mean=found.get("neighbours_mean"),
            neighbour_values=[n["value"] for n in found.get("neighbours", [])
                              if n["value"] is not None])

    return load


def _la_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    if not table_exists(con, "la_geography"):
        return {}
    return {str(code): name for code, name in
            con.execute("SELECT la_code, la_name FROM la_geography").fetchall()}


# ---------------------------------------------------------------------------------------
# Building


def _results(con: duckdb.DuckDBPyConnection, span: Span, las: list[str] | None,
             ids: list[str], required: bool, quality: bool = False
             ) -> tuple[dict[tuple[str, str], Result], str | None]:
    """Indicator results by (la_code, id) (every council when ``las`` is None); for earlier
    periods NoData becomes a note. The period itself (``required``) also says how far each
    figure rests on rows with data errors."""
    try:
        results = compute(con, span.end, span.start, la_codes=las, ids=ids,
                          data_quality=required or quality)
    except NoData as e:
        if required:
            raise
        return {}, str(e)  # "no data for the 12 months to ...: the returns loaded cover ..."
    return {(r.la_code, r.id): r for r in results}, None


def _indicator_value(results: dict[tuple[str, str], Result], missing: str | None,
                     la: str, indicator_id: str, span: Span,
                     first_day: dt.date | dict[str, dt.date] | None
                     ) -> PeriodValue:
    if missing:
        return PeriodValue(span.end, note=missing, period_start=span.start, reached=False)
    r = results[(la, indicator_id)]
    short = history_note(indicator_id, span, first_day)
    if short and r.value is not None:
        return PeriodValue(span.end, note=short, period_start=span.start)
    return PeriodValue(span.end, r.value, r.numerator, r.denominator, r.note,
                       bool(getattr(r, "suppressed", False)), span.start)


def history_note(indicator_id: str | None, span: Span,
                 first_day: dt.date | dict[str, dt.date] | None) -> str | None:
    """Why a figure is left out because the returns loaded do not reach back far enough
    (its period, or the indicator's ``history_months``, begins before the first day the
    council's returns cover, or before the first return holding a table the indicator
    needs: the DfE collects social workers' episodes from 2023/24 only), or None when
    they do. A figure made from part of its history (a last year's figure from a few
    months of returns, a 3-year average from one year) would show a change that never
    happened: 2.5% of children with three social workers one year, 27.5% the next.

    ``first_day`` is the council's ``first_days`` entry: the first day of its returns
    ("*"), and of each table.
    """
    if indicator_id is None or first_day is None:
        return None
    days = first_day if isinstance(first_day, dict) else {"*": first_day}
    ind = catalogue()[indicator_id]
    if SNAPSHOTS & set(ind.requires):
        return None  # OC2 and OC3 come whole with their year's return
    needs = span.start
    if ind.history_months is not None:
        needs = _same_day_months_back(span.end, ind.history_months) + dt.timedelta(days=1)
        if ind.history_months == 0:
            needs = span.end
    tables = [t.name for need in ind.requires for t in schema.TABLES.values()
              if t.sql_name == need]
    begins = max([d for d in (days.get("*"), *(days.get(t) for t in tables)) if d],
                 default=None)
    if begins is None or needs >= begins:
        return None
    return (f"not enough history: this figure reads from {needs.isoformat()} and the "
            f"returns loaded begin on {begins.isoformat()}")


def first_days(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, dt.date]]:
    """The first day each council's loaded returns cover: 1 April of the collection year
    of its earliest SSDA903 return ("*"), and of the earliest return holding each table."""
    out: dict[str, dict[str, dt.date]] = {}
    for la, d in con.execute("SELECT la_code, min(reference_date) FROM submissions "
                             "WHERE kind = 'ssda903' GROUP BY la_code").fetchall():
        out.setdefault(la, {})["*"] = schema.year_start(schema.year_of(d))
    if table_exists(con, "active_tables"):
        for la, table, d in con.execute("SELECT la_code, table_name, min(reference_date) "
                                        "FROM active_tables GROUP BY ALL").fetchall():
            out.setdefault(la, {})[table] = schema.year_start(schema.year_of(d))
    return out


def _manual_value(manual: ManualValues | None, la: str, m: Measure,
                  span: Span) -> tuple[PeriodValue, str | None]:
    period_end = span.end
    if manual is None:
        return PeriodValue(period_end, note="manual measure: no values file given "
                           "(carepanel scorecard --manual FILE)",
                           period_start=span.start), None
    v = manual.get(m.number, period_end, la)
    if v is None:
        return PeriodValue(period_end, note=f"no value in {manual.file} for "
                           f"{period_end.isoformat()}", period_start=span.start), None
    return PeriodValue(period_end, v.value, v.numerator, v.denominator, v.note,
                       v.suppressed, span.start), v.source


@dataclass(frozen=True)
class _Spans:
    """A measure's period and the two it is compared with, or why it has none.

    ``annual``: a yearly figure shown on a scorecard for a shorter period or at another
    date (the DfE counts it over a year, or it comes from the 31 March return's OC2 or OC3
    table): the latest one, with its own date, never a blank.
    """

    kind: str
    current: Span | None
    previous_quarter: Span | None
    last_year: Span | None
    problem: str | None = None
    annual: bool = False


SNAPSHOTS = {"oc2", "oc3"}


def latest_march(day: dt.date) -> dt.date:
    """The last 31 March on or before ``day``."""
    return dt.date(day.year if day >= dt.date(day.year, 3, 31) else day.year - 1, 3, 31)


def annual_span(indicator_id: str, kind: str, end: dt.date) -> Span | None:
    """The year a yearly figure is for when the scorecard's period cannot give it: the 12
    months to the period end for a measure the DfE counts over a year (3 or more
    placements) on a quarter's or year to date's scorecard; the year to the last 31 March
    for one from the OC2 or OC3 table (health checks, care leavers) on a scorecard ending
    on any other day. None when the scorecard's own period will do."""
    ind = catalogue()[indicator_id]
    if SNAPSHOTS & set(ind.requires) and (end.month, end.day) != (3, 31):
        return Span.of(TWELVE_MONTHS, latest_march(end))
    if ind.period == "year" and kind != TWELVE_MONTHS:
        return Span.of(TWELVE_MONTHS, end)
    return None


def measure_spans(m: Measure, own: Span) -> _Spans:
    """The periods a measure is computed over: its own kind (``period:`` in the
    configuration) or the scorecard's, ending on the scorecard's period end, and the same
    kind 3 and 12 months earlier; for a yearly figure, its year (``annual_span``) and the
    year before (a yearly figure from a 31 March return has no quarter before it)."""
    # A manual measure's values are what the council's file gives for each period end
    # (12 months unless its ``period:`` says otherwise): the scorecard's period does not
    # change what they count.
    kind = m.period or (TWELVE_MONTHS if m.is_manual else own.kind)
    if m.indicator and (annual := annual_span(m.indicator, kind, own.end)) is not None:
        snapshot = bool(SNAPSHOTS & set(catalogue()[m.indicator].requires))
        return _Spans(TWELVE_MONTHS, annual, None if snapshot else annual.earlier(3),
                      annual.earlier(12), annual=True)
    if kind == own.kind:
        current = own
    else:
        try:
            current = Span.of(kind, own.end)
        except PeriodError as e:
            return _Spans(kind, None, None, None, f"the measure is for a {kind}, but {e}")
    return _Spans(kind, current, current.earlier(3), current.earlier(12))


def build(con: duckdb.DuckDBPyConnection, config: ScorecardConfig, period_end: dt.date, *,
          la_codes: Iterable[str] | None = None, manual: ManualValues | None = None,
          period: str = TWELVE_MONTHS, period_start: dt.date | None = None
          ) -> list[Scorecard]:
    """One scorecard per council (every council in the warehouse unless ``la_codes``).

    ``period`` is the kind of period (12-months, quarter, year-to-date) of every measure
    that does not choose its own; ``period_start`` instead gives the scorecard's first day
    (not with ``period``). Raises ``PeriodError`` for a period that cannot be (a quarter
    not ending on a quarter end), and ``NoData`` when the warehouse holds nothing for the
    period itself; earlier periods the warehouse does not reach are shown as null with a
    note instead.
    """
    if period_start is not None:
        if period != TWELVE_MONTHS:
            raise PeriodError("give either a kind of period or a start, not both")
        if period_start > period_end:
            raise PeriodError(f"the period starts ({period_start.isoformat()}) after it "
                              f"ends ({period_end.isoformat()})")
        own = Span(CUSTOM, period_start, period_end)
    else:
        own = Span.of(period, period_end)
    spans = {m.number: measure_spans(m, own) for m in config.measures}

    # Each distinct period is computed once, for every indicator measure that needs it.
    needed: dict[tuple[dt.date, dt.date], list[str]] = {(own.start, own.end): []}
    required = {(own.start, own.end)}
    annual: set[tuple[dt.date, dt.date]] = set()  # yearly figures' own years: not required
    for m in config.measures:
        s = spans[m.number]
        if not m.indicator or s.current is None:
            continue
        for span in (s.current, s.previous_quarter, s.last_year):
            if span is None:
                continue
            ids = needed.setdefault((span.start, span.end), [])
            if m.indicator not in ids:
                ids.append(m.indicator)
        (annual if s.annual else required).add((s.current.start, s.current.end))
    las = sorted(la_codes) if la_codes is not None else None
    computed: dict[tuple[dt.date, dt.date], tuple[dict[tuple[str, str], Result],
                                                  str | None]] = {}
    for key in sorted(needed, key=lambda k: k not in required):  # the period itself first
        computed[key] = _results(con, Span(CUSTOM, *key), las, needed[key], key in required,
                                 key in annual)
        if las is None:
            las = [r[0] for r in con.execute(
                "SELECT DISTINCT la_code FROM submissions ORDER BY 1").fetchall()]

    errors = period_errors(con, las or [], own.start, own.end)
    year = schema.year_of(period_end)
    benchmarks = _benchmarks_loader(con, config.indicator_ids, year)
    names = _la_names(con)
    history = first_days(con)
    cards = []
    for la in las or []:
        pledges = []
        for pledge in config.pledges:
            measures = []
            for m in config.pledge_measures(pledge.id):
                now, prev, before, source = _measure_values(m, spans[m.number], la,
                                                            period_end, manual, computed,
                                                            history.get(la))
                quality = _data_quality(m, spans[m.number], la, computed)
                rating = rate(now.value, m.target, m.polarity, m.rag, suppressed=now.suppressed)
                direction = direction_of_travel(
                    None if now.suppressed else now.value,
                    None if before.suppressed else before.value, m.polarity, m.noise_band)
                bench = (benchmarks(la, m.indicator)
                         if benchmarks is not None and m.indicator else None)
                measures.append(MeasureResult(m, now, prev, before, rating, direction, bench,
                                              source, spans[m.number].kind, quality,
                                              spans[m.number].annual))
            pledges.append(PledgeResult(pledge, measures))
        cards.append(Scorecard(config.title, la, names.get(la), own.start, period_end,
                               months_back(period_end, 3), months_back(period_end, 12), year,
                               pledges, own.kind, errors.get(la)))
    return cards


def _data_quality(m: Measure, s: _Spans, la: str,
                  computed: dict[tuple[dt.date, dt.date],
                                 tuple[dict[tuple[str, str], Result], str | None]]
                  ) -> MeasureDataQuality | None:
    """The children behind an indicator measure's figure for its own period and how many
    have data errors; None for a manual measure or a figure with no value."""
    if not m.indicator or s.current is None:
        return None
    results, _ = computed.get((s.current.start, s.current.end), ({}, None))
    r = results.get((la, m.indicator))
    return r.data_quality if r is not None else None


def _measure_values(m: Measure, s: _Spans, la: str, end: dt.date,
                    manual: ManualValues | None,
                    computed: dict[tuple[dt.date, dt.date],
                                   tuple[dict[tuple[str, str], Result], str | None]],
                    first_day: dt.date | dict[str, dt.date] | None = None
                    ) -> tuple[PeriodValue, PeriodValue, PeriodValue, str | None]:
    """The measure's value now, a quarter earlier and a year earlier, and its source."""
    if s.current is None or s.last_year is None:
        # No such period ends here (a quarter measure on a scorecard to 15 May): say so.
        return (PeriodValue(end, note=s.problem),
                PeriodValue(months_back(end, 3), note=s.problem),
                PeriodValue(months_back(end, 12), note=s.problem), None)
    indicator_id = m.indicator
    if m.is_manual or indicator_id is None:  # a manual measure is one with no indicator
        spans = (s.current, s.previous_quarter or s.current.earlier(3), s.last_year)
        (now, source), (prev, _), (before, _) = (_manual_value(manual, la, m, sp)
                                                  for sp in spans)
        return now, prev, before, source

    def value(sp: Span) -> PeriodValue:
        return _indicator_value(*computed[(sp.start, sp.end)], la, indicator_id, sp,
                                first_day)

    if s.previous_quarter is None:
        prev = PeriodValue(months_back(s.current.end, 3), note=(
            "a yearly figure from the return to 31 March: there is no figure for the "
            "quarter before"), period_start=None)
    else:
        prev = value(s.previous_quarter)
    return value(s.current), prev, value(s.last_year), None
