"""The scorecard as a page shows it: figures rounded, and for members suppressed.

Snapshots hold unrounded values with their numerators and denominators
(``ScorecardSnapshot.figures()``: the scorecard's own result objects). Here each figure
becomes what one reader may see. Staff see the figures as computed. Members (councillors,
young people) see them as the public Panel paper does, through
``carepanel.reports.disclosure.publish_figure`` with the threshold set on the Settings
page: a hidden figure is the symbol ``c``, and it has no RAG rating and no direction of
travel, since either would hint at it. Symbols and numbers never travel together: a
hidden figure's number is not in the page at all.

Staff also read how far each figure rests on rows with data errors ("3 of 403 children in
this measure have data errors"): counts from the snapshot, never a child. Members do not:
it is for the officers who answer for the figures and get the returns corrected.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from carepanel.indicators.data_quality import PeriodDataQuality
from carepanel.reports.disclosure import LowThresholdWarning, publish_figure
from carepanel.reports.model import titled_with_period
from carepanel.reports.paper_figures import PaperFigures
from carepanel.reports.scorecard import TREND_QUARTERS, TREND_YEARS, trend_periods, year_ends
from carepanel.scorecard.build import Benchmarks, MeasureResult, PeriodValue
from carepanel.scorecard.config import Pledge

DECIMALS = {"percent": 1, "rate_per_10k": 1, "score": 1, "days": 0, "count": 0}
UNIT_WORDS = {"percent": "percentage", "rate_per_10k": "rate per 10,000 children",
              "days": "average number of days", "score": "average score", "count": "number"}
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "no rating": "No rating"}
# The colour supports the word; it is never the only signal (WCAG 1.4.1).
RAG_TAGS = {"green": "govuk-tag--green", "amber": "govuk-tag--yellow",
            "red": "govuk-tag--red", "no rating": "govuk-tag--grey"}
RAG_ORDER = ("red", "amber", "green", "no rating")
DIRECTION_WORDS = {"improving": "Improving", "worse": "Worse", "same": "No change",
                   "not comparable": "Not comparable"}
SYMBOL_WORDS = {
    "c": "Not shown: a small number (or one from which a small number could be worked out)",
    "x": "Not available",
    "z": "Not applicable: nobody to count",
    "k": "Not zero, but rounds to zero",
}
POLARITY_WORDS = {"high": "Higher is better", "low": "Lower is better",
                  "context": "Reported for context, not rated"}


def number_text(value: float | int | None, unit: str) -> str:
    """A value rounded for reading: 10.1%, 1,234, 68.4, 412 (halves round up, as a
    spreadsheet does)."""
    if value is None:
        return ""
    decimals = DECIMALS.get(unit, 1)
    q = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)
    body = f"{rounded:,.{decimals}f}"
    return body + ("%" if unit == "percent" else "")


@dataclass(frozen=True)
class Figure:
    """One figure as shown: its text and, when it may be shown, its number (for charts)."""

    text: str
    value: float | int | None = None
    symbol: str | None = None  # c, x, z or k: the figure is not shown as a number

    @property
    def explanation(self) -> str:
        return SYMBOL_WORDS.get(self.symbol or "", "")

    @property
    def hidden(self) -> bool:
        return self.symbol == "c"


NOT_AVAILABLE = Figure("x", symbol="x")


def figure(unit: str, point: PeriodValue | None, public: bool, threshold: int) -> Figure:
    """A period's value as shown (``x`` when there is none for the period)."""
    if point is None:
        return NOT_AVAILABLE
    value = point.value
    if point.suppressed:
        return Figure("c", symbol="c")
    if value is None:
        return Figure("z", symbol="z") if point.denominator == 0 else NOT_AVAILABLE
    if public:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LowThresholdWarning)
            cell = publish_figure({"unit": unit, "numerator": point.numerator,
                                   "denominator": point.denominator, "value": value},
                                  threshold=threshold).value
        if cell.symbol is not None:
            return Figure(cell.symbol, symbol=cell.symbol)
        value = cell.value
    text = number_text(value, unit)
    if text in ("0", "0.0", "0%", "0.0%") and value != 0:
        return Figure("k", symbol="k")
    return Figure(text, value)


def fraction_text(r: MeasureResult, public: bool, threshold: int) -> str:
    """"28 of 276 children" for staff; members see it only when neither part is hidden."""
    n, d, unit = r.current.numerator, r.current.denominator, r.measure.unit
    if n is None or d is None or unit not in ("percent", "days", "score", "rate_per_10k"):
        return ""
    if public:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LowThresholdWarning)
            pub = publish_figure({"unit": unit, "numerator": n, "denominator": d,
                                  "value": r.current.value}, threshold=threshold)
        if pub.numerator.symbol is not None or pub.denominator.symbol is not None:
            return ""
    if unit == "percent":
        return f"{number_text(n, 'count')} of {number_text(d, 'count')}"
    if unit == "rate_per_10k":
        return f"{number_text(n, 'count')} children, population {number_text(d, 'count')}"
    return f"total {number_text(n, 'count')} over {number_text(d, 'count')} children"


@dataclass
class MeasureView:
    """One measure's line of the scorecard, as this reader sees it."""

    number: str
    title: str
    pledge_id: str
    pledge_title: str
    unit: str
    polarity: str
    source: str
    indicator: str | None
    value: Figure
    previous: Figure
    last_year: Figure
    fraction: str
    target: str
    rag: str
    rag_reason: str
    direction: str
    note: str | None
    owner_title: str
    definition: str
    frequency: str
    manual_source: str | None
    benchmarks: Benchmarks | None
    previous_end: dt.date | None
    last_year_end: dt.date | None
    owners: list[Any] = field(default_factory=list)
    has_commentary: bool = False
    period: str = "12-months"  # the kind of period the measure is counted over
    data_quality: str = ""  # for staff: how many of its children have data errors
    error_share: float | None = None  # for staff: the percentage of them, for ranking

    @property
    def span(self) -> str:
        """What each figure covers, before "to <date>": "12 months", "the quarter", ...
        (a measure may be set to a quarter or the year to date in the configuration)."""
        return PERIOD_SPANS.get(self.period, "the period")

    @property
    def rag_word(self) -> str:
        return RAG_WORDS[self.rag]

    @property
    def rag_tag(self) -> str:
        return RAG_TAGS[self.rag]

    @property
    def direction_word(self) -> str:
        return DIRECTION_WORDS.get(self.direction, "Not comparable")

    @property
    def unit_word(self) -> str:
        return UNIT_WORDS.get(self.unit, self.unit)

    @property
    def polarity_word(self) -> str:
        return POLARITY_WORDS.get(self.polarity, "")

    @property
    def needs_commentary(self) -> bool:
        return self.rag == "red" and not self.has_commentary

    @property
    def is_manual(self) -> bool:
        return self.source == "manual"

    def bench(self, key: str) -> Figure:
        """A published benchmark (already public: the DfE's own figures)."""
        value = getattr(self.benchmarks, key) if self.benchmarks is not None else None
        return Figure(number_text(value, self.unit), value) if value is not None \
            else NOT_AVAILABLE

    @property
    def england(self) -> Figure:
        return self.bench("england")

    @property
    def region(self) -> Figure:
        return self.bench("region")

    @property
    def neighbours(self) -> Figure:
        return self.bench("statistical_neighbours")

    @property
    def la_published(self) -> Figure:
        return self.bench("la")


PERIOD_SPANS = {"12-months": "12 months", "quarter": "the quarter",
                "year-to-date": "the year to date"}


def data_quality_text(r: MeasureResult) -> str:
    """What a measure's page tells staff about its data errors, from the snapshot."""
    dq = r.data_quality
    if r.measure.is_manual or dq is None:
        return ""  # a value entered by hand, or no figure: nothing rests on any row
    said = dq.sentence()
    if said is None:
        return (f"None of the {dq.children:,} children in this measure has a data error "
                "in the returns for this period.")
    return f"{said[0].upper()}{said[1:]} in the returns for this period."


def period_data_quality(q: PeriodDataQuality | None) -> str:
    """The scorecard page's sentence for staff on the errors of the period's returns
    (``scorecard.build`` counts them for every scorecard)."""
    if q is None:
        return ""
    if not q.errors:
        return "The returns for this period hold no data errors."
    return (f"The returns for this period hold {q.errors:,} data "
            f"error{'s' if q.errors != 1 else ''} in {q.rows:,} row"
            f"{'s' if q.rows != 1 else ''}, for {q.children:,} "
            f"child{'ren' if q.children != 1 else ''}. A bad value counts as not recorded "
            "until a corrected return is loaded.")


def measure_view(r: MeasureResult, pledge: Pledge, public: bool, threshold: int
                 ) -> MeasureView:
    """One measure of a snapshot's scorecard, under its pledge, as this reader sees it."""
    m = r.measure
    unit = m.unit
    value = figure(unit, r.current, public, threshold)
    previous = figure(unit, r.previous_quarter, public, threshold)
    last_year = figure(unit, r.last_year, public, threshold)
    rag, reason, direction = r.rating.rag, r.rating.reason or "", r.direction
    if value.symbol == "c":
        rag, reason = "no rating", "the figure is not shown, so neither is its rating"
    if value.symbol == "c" or last_year.symbol == "c":
        direction = "not comparable"
    dq = r.data_quality
    return MeasureView(
        number=m.number, title=titled_with_period(m.title, r.period),
        pledge_id=pledge.id, pledge_title=pledge.title, unit=unit, polarity=m.polarity,
        source=m.source, indicator=m.indicator, value=value, previous=previous,
        last_year=last_year, fraction=fraction_text(r, public, threshold),
        target=number_text(m.target, unit) if m.target is not None else "None set",
        rag=rag, rag_reason=reason, direction=direction,
        note=r.current.note if value.symbol in ("x", "z") else None,
        owner_title=m.owner or "", definition=r.definition or "",
        frequency=m.frequency or "", manual_source=r.manual_source,
        benchmarks=r.benchmarks, previous_end=r.previous_quarter.period_end,
        last_year_end=r.last_year.period_end, period=r.period,
        data_quality="" if public else data_quality_text(r),
        error_share=None if public or dq is None or not dq.children_with_errors
        else dq.share)


@dataclass(frozen=True)
class TrendPoint:
    period_end: dt.date
    figure: Figure


def series(figures: PaperFigures, number: str, dates: list[dt.date]
           ) -> list[tuple[dt.date, PeriodValue | None]]:
    """Measure ``number``'s figure at each of ``dates`` the warehouse reaches (for any
    measure of the council, as the paper's trend has it), None where it has none (a manual
    measure with no value entered for that date)."""
    reached = {d for points in figures.trends.values() for d in points}
    points = figures.trends.get(number, {})
    return [(d, points.get(d)) for d in dates if d in reached]


def quarter_series(figures: PaperFigures, number: str) -> list[tuple[dt.date,
                                                                     PeriodValue | None]]:
    """The last five quarter ends to the scorecard's period end (the paper's trend)."""
    return series(figures, number, trend_periods(figures.card.period_end, TREND_QUARTERS))


def year_series(figures: PaperFigures, number: str) -> list[tuple[dt.date,
                                                                  PeriodValue | None]]:
    """The last three 31 Marches (the worker builds them with the paper's trend)."""
    return series(figures, number, year_ends(figures.card.period_end, TREND_YEARS))


def trend(points: list[tuple[dt.date, PeriodValue | None]], unit: str, public: bool,
          threshold: int) -> list[TrendPoint]:
    return [TrendPoint(d, figure(unit, p, public, threshold)) for d, p in points]


def quarter_label(period_end: dt.date) -> str:
    """How councils name a period: Quarter 4 2024/25 for the 12 months to 31 March 2025."""
    start = period_end.year if period_end.month >= 4 else period_end.year - 1
    year = f"{start}/{str(start + 1)[2:]}"
    quarter = {6: 1, 9: 2, 12: 3, 3: 4}.get(period_end.month)
    if quarter is None or period_end != _month_end(period_end):
        return f"12 months to {period_end.day} {period_end:%B %Y}"
    return f"Quarter {quarter} {year}"


def _month_end(d: dt.date) -> dt.date:
    nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
