"""The quarterly scorecard paper, modelled on Cheshire East's Corporate Parenting update.

Contents, in the order a Panel reads them:

1. Summary: how many measures are Red, Amber, Green or not rated; which improved on the
   same period last year and which got worse; which Red measures lack commentary.
2. The scorecard, a table per pledge: number, measure, latest value, target, RAG (word and
   colour), direction of travel (word), previous quarter, same period last year, England
   and statistical neighbours.
3. Trends: a chart per pledge (each measure over the last five quarter ends against its
   target and England), with the numbers in a table beside it.
4. Exceptions: every measure rated Red with its commentary, or "Commentary missing".
5. Data quality: how many data errors the period's returns hold and how many children they
   touch, the measures resting most on rows with errors, and what that means for reading
   them (``carepanel.reports.data_quality``).
6. About this paper: how ratings work, where the figures come from, values not available,
   and each measure's definition.

The figures come from ``carepanel.scorecard.build`` (one pass for every council asked
for); earlier quarter ends for the trend come from the indicator engine, skipping periods
the warehouse does not reach. A public paper (``public=True``) passes every figure through
``carepanel.reports.disclosure`` first: a count of 1 to 5 is ``c``, a percentage, rate or
mean is ``c`` when its numerator or denominator (or the children not counted) is, and a
hidden value has no RAG rating and no direction of travel, since either would hint at it.
No child-level row is ever read here: only the scorecard's aggregates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from carepanel.cohorts import TWELVE_MONTHS
from carepanel.indicators.catalogue import catalogue
from carepanel.indicators.engine import NoData, Result, compute
from carepanel.reports import charts, data_quality
from carepanel.reports.commentary import CommentaryFile
from carepanel.reports.disclosure import SUPPRESSED, Cell, publish_figure
from carepanel.reports.model import (
    DIRECTION_WORDS,
    PERIOD_WORDS,
    RAG_WORDS,
    SYMBOL_NOTES,
    Block,
    Bullets,
    Paragraph,
    Report,
    Section,
    Table,
    Value,
    date_value,
    figure,
    financial_year,
    long_date,
    month_label,
    period_phrase,
    period_to,
    quarter_label,
    text,
    titled_with_period,
)
from carepanel.scorecard.build import (
    MeasureResult,
    PeriodValue,
    Scorecard,
    Span,
    build,
    first_days,
    history_note,
    months_back,
)
from carepanel.scorecard.config import ScorecardConfig
from carepanel.scorecard.manual import ManualValues
from carepanel.scorecard.rating import (
    IMPROVING,
    NO_RATING,
    NOT_COMPARABLE,
    RED,
    WORSE,
    direction_of_travel,
)

TREND_QUARTERS = 5
POLARITY_WORDS = {"high": "higher is better", "low": "lower is better",
                  "context": "reported for context, not rated"}


@dataclass
class PaperOptions:
    """What the command line (or the web app) says about the paper itself."""

    council_name: str | None = None
    panel_name: str = "Corporate Parenting Panel"
    meeting_date: dt.date | None = None
    public: bool = False
    commentary: CommentaryFile | None = None
    trend_quarters: int = TREND_QUARTERS


@dataclass
class Shown:
    """One measure as the paper shows it, after disclosure control when public."""

    result: MeasureResult
    value: Cell
    previous: Cell
    last_year: Cell
    rag: str
    direction: str
    trend: list[tuple[dt.date, Cell]] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.result.measure.number

    @property
    def title(self) -> str:
        return titled_with_period(self.result.measure.title, self.result.period)

    @property
    def unit(self) -> str:
        return self.result.measure.unit


# ---------------------------------------------------------------------------------------
# Figures


def published(unit: str, pv: PeriodValue | Result | None, public: bool) -> Cell:
    """A period's value as the paper may show it: the number, or a symbol."""
    if pv is None or pv.value is None:
        if pv is not None and pv.denominator == 0:
            return Cell(symbol="z")
        return Cell(symbol="x")
    if getattr(pv, "suppressed", False):
        return SUPPRESSED
    if not public:
        return Cell(pv.value)
    return publish_figure({"unit": unit, "numerator": pv.numerator,
                           "denominator": pv.denominator, "value": pv.value}).value


def trend_periods(period_end: dt.date, quarters: int) -> list[dt.date]:
    """The quarter ends of the trend, oldest first, ending with the period itself."""
    return [months_back(period_end, 3 * k) for k in range(quarters - 1, -1, -1)]


def trend_values(con: duckdb.DuckDBPyConnection, config: ScorecardConfig,
                 cards: list[Scorecard], manual: ManualValues | None, quarters: int
                 ) -> dict[tuple[str, str], dict[dt.date, PeriodValue | Result]]:
    """Each measure's value at each quarter end of the trend, for every council at once.

    The scorecard already holds the period, the previous quarter and last year; the other
    quarter ends are computed here with the indicator engine (one pass per period for all
    councils). A period the warehouse does not reach, or a figure whose history it does not
    hold (``carepanel.scorecard.build.history_note``), is left out: a trend never starts
    from a figure made of part of its children.
    """
    out: dict[tuple[str, str], dict[dt.date, PeriodValue | Result]] = {}
    if not cards:
        return out
    end = cards[0].period_end
    periods = trend_periods(end, quarters)
    las = [c.la_code for c in cards]
    history = first_days(con)
    for card in cards:
        for r in card.measures:
            key = (card.la_code, r.measure.number)
            out[key] = {}
            for pv in (r.last_year, r.previous_quarter, r.current):
                if pv.period_end in periods and not _unreached(pv):
                    out[key][pv.period_end] = pv
    for back, period in zip(range(3 * (quarters - 1), -1, -3), periods, strict=True):
        # Each indicator measure over its own kind of period ending then (a measure set to
        # a quarter has a trend of quarters; a yearly figure the 12 months to each quarter
        # end), each distinct period computed once.
        spans: dict[str, Span] = {}
        for r in cards[0].measures:
            if not r.measure.indicator or period in out[(cards[0].la_code,
                                                          r.measure.number)]:
                continue
            span = Span.of(TWELVE_MONTHS, period) if r.annual else r.span()
            if span is not None:
                spans[r.measure.number] = span if r.annual else span.earlier(back)
        wanted: dict[tuple[dt.date, dt.date], list[str]] = {}
        for r in cards[0].measures:
            if r.measure.number in spans:
                sp = spans[r.measure.number]
                wanted.setdefault((sp.start, sp.end), []).append(r.measure.indicator)
        by_span = {}
        for key, ids in wanted.items():
            try:
                by_span[key] = {(x.la_code, x.id): x for x in compute(
                    con, key[1], key[0], la_codes=las, ids=list(dict.fromkeys(ids)))}
            except NoData:
                continue
        for card in cards:
            for r in card.measures:
                m = r.measure
                if m.indicator and m.number in spans:
                    sp = spans[m.number]
                    found = by_span.get((sp.start, sp.end), {}).get((card.la_code, m.indicator))
                    if found is not None and not history_note(m.indicator, sp,
                                                              history.get(card.la_code)):
                        out[(card.la_code, m.number)][period] = found
                elif not m.indicator and manual is not None:
                    v = manual.get(m.number, period, card.la_code)
                    if v is not None:
                        out[(card.la_code, m.number)][period] = PeriodValue(
                            period, v.value, v.numerator, v.denominator, v.note, v.suppressed)
    return out


def _unreached(pv: PeriodValue) -> bool:
    """True for an earlier period the warehouse does not reach (build's "no data" note)."""
    return pv.value is None and bool(pv.note) and pv.note.startswith("no data for")


def show(r: MeasureResult, trend: dict[dt.date, PeriodValue | Result], periods: list[dt.date],
         public: bool) -> Shown:
    """The measure's figures, rating and direction as shown (disclosure applied)."""
    unit = r.measure.unit
    value = published(unit, r.current, public)
    previous = published(unit, r.previous_quarter, public)
    last_year = published(unit, r.last_year, public)
    rag, direction = r.rating.rag, r.direction
    if value.symbol is not None:
        rag = NO_RATING  # a rating would hint at the hidden figure
    if value.symbol is not None or last_year.symbol is not None:
        direction = NOT_COMPARABLE
    elif public:
        direction = direction_of_travel(value.value, last_year.value, r.measure.polarity)
    points = [(d, published(unit, trend.get(d), public)) for d in periods]
    return Shown(r, value, previous, last_year, rag, direction, points)


# ---------------------------------------------------------------------------------------
# The paper


def build_papers(con: duckdb.DuckDBPyConnection, config: ScorecardConfig,
                 period_end: dt.date, options: PaperOptions, *,
                 la_codes: list[str] | None = None, manual: ManualValues | None = None
                 ) -> list[Report]:
    """One scorecard paper per council (every council in the warehouse unless
    ``la_codes``). Raises ``NoData`` when the warehouse has nothing for the period."""
    cards = build(con, config, period_end, la_codes=la_codes, manual=manual)
    trends = trend_values(con, config, cards, manual, options.trend_quarters)
    return [paper(card, trends, options) for card in cards]


def paper(card: Scorecard, trends: dict[tuple[str, str], dict[dt.date, PeriodValue | Result]],
          options: PaperOptions) -> Report:
    periods = trend_periods(card.period_end, options.trend_quarters)
    # Only the quarter ends the warehouse reaches (for any measure) appear in the trend.
    reached = sorted({d for (la, _), by in trends.items() if la == card.la_code for d in by})
    periods = [d for d in periods if d in reached] or [card.period_end]
    shown = {p.pledge.id: [show(r, trends.get((card.la_code, r.measure.number), {}), periods,
                                options.public) for r in p.measures] for p in card.pledges}
    council = options.council_name or card.la_name or f"Council {card.la_code}"
    period_words = period_phrase(card.period, card.period_start, card.period_end)
    commentary = options.commentary
    every = [s for p in card.pledges for s in shown[p.pledge.id]]
    reds = [s for s in every if s.rag == RED]
    missing = [s.number for s in reds if commentary is None or commentary.get(s.number) is None]

    warnings: list[str] = []
    if missing:
        warnings.append(f"{council}: commentary missing for Red measure(s) "
                        f"{', '.join(missing)} (listed as \"commentary missing\" in the "
                        "paper)")
    if commentary is not None:
        warnings += commentary.check([s.number for s in every], card.period_end)

    sections = [
        _summary(card, every, reds, missing, period_words),
        *_scorecard_tables(card, shown),
        *_trend_sections(card, shown, periods),
        *_exceptions(reds, every, commentary, options.public),
        data_quality.section(card, options.public, period=f"{period_words}"),
        *_about(card, every, options.public),
    ]
    cover = [
        ("Council", council),
        ("Report to", options.panel_name),
        ("Meeting date", long_date(options.meeting_date) if options.meeting_date
         else "To be confirmed"),
        ("Period", f"{quarter_label(card.period_end)}: {period_words}"),
        ("Compared with", f"the previous quarter ("
                          f"{period_to(card.period, card.previous_quarter_end)}) and the same "
                          f"period last year ({period_to(card.period, card.last_year_end)})"),
        ("Benchmarks", f"England and statistical neighbours: the DfE's latest published "
                       f"year up to {financial_year(card.period_end)}"),
        ("Version", "Public: small numbers suppressed" if options.public
         else "Not for publication: figures are not suppressed"),
    ]
    extra = [commentary_table(every, commentary, options.public),
             data_quality.measure_table(card, options.public)]
    stem = f"scorecard_{card.la_code}_{card.period_end.isoformat()}"
    return Report(
        kind="scorecard", title=card.title,
        subtitle=f"{quarter_label(card.period_end)}: "
                 f"{period_to(card.period, card.period_end)}",
        council=council, panel=options.panel_name, public=options.public, cover=cover,
        sections=sections, file_stem=stem + ("_public" if options.public else ""),
        warnings=warnings, extra_tables=extra)


def _measure_list(items: list[Shown]) -> Bullets:
    return Bullets([f"{s.number} {s.title}" for s in items])


def _summary(card: Scorecard, every: list[Shown], reds: list[Shown], missing: list[str],
             period_words: str) -> Section:
    counts = {rag: sum(1 for s in every if s.rag == rag) for rag in RAG_WORDS}
    blocks: list[Block] = [Paragraph(
        f"This paper sets out the {card.title} for {period_words}: "
        f"{len(every)} measures under {len(card.pledges)} pledges, each rated against its "
        "target and compared with the previous quarter, the same period last year, "
        "England and the council's statistical neighbours.", "lead")]
    blocks.append(Table(
        "Measures by RAG rating", ["Rating", "Measures"],
        [[text(RAG_WORDS[rag], rag=rag), Value(str(n), raw=n, numeric=True)]
         for rag, n in counts.items()]
        + [[text("Total", strong=True), Value(str(len(every)), raw=len(every), numeric=True,
                                              strong=True)]],
        sheet="Summary", widths=[3, 1], total_row=True))
    improved = [s for s in every if s.direction == IMPROVING]
    worse = [s for s in every if s.direction == WORSE]
    blocks.append(Paragraph(f"Improved on the same period last year ({len(improved)}):"
                            if improved else "No measure improved on the same period last "
                            "year."))
    if improved:
        blocks.append(_measure_list(improved))
    blocks.append(Paragraph(f"Worse than the same period last year ({len(worse)}):"
                            if worse else "No measure got worse than the same period last "
                            "year."))
    if worse:
        blocks.append(_measure_list(worse))
    if reds:
        blocks.append(Paragraph(f"Rated Red ({len(reds)}), with commentary in the "
                                "Exceptions section:"))
        blocks.append(_measure_list(reds))
    if missing:
        blocks.append(Paragraph(f"Commentary missing for {len(missing)} Red measure(s): "
                                f"{', '.join(missing)}.", "warning"))
    errors = data_quality.summary_line(card)
    if errors is not None:
        blocks.append(errors)
    return Section("Summary", blocks)


def _benchmark(r: MeasureResult, which: str) -> Value:
    b = r.benchmarks
    value = getattr(b, which) if b is not None else None
    cell = figure(value, r.measure.unit)
    if b is not None and value is not None and b.year != b.requested_year:
        cell = Value(cell.text + "*", cell.raw, numeric=True, fmt=cell.fmt)
    return cell


SCORECARD_HEADER = ["No.", "Measure", "Latest", "Target", "RAG", "Direction of travel",
                    "Previous quarter", "Last year", "England", "Statistical neighbours"]


def _scorecard_tables(card: Scorecard, shown: dict[str, list[Shown]]) -> list[Section]:
    header = list(SCORECARD_HEADER)
    header[2] = f"Latest ({month_label(card.period_end)})"
    header[6] = f"Previous quarter ({month_label(card.previous_quarter_end)})"
    header[7] = f"Last year ({month_label(card.last_year_end)})"
    intro = Section("Scorecard", [Paragraph(
        f"Each measure's figure for {PERIOD_WORDS.get(card.period, 'the period')} to the "
        "period end (unless its title says otherwise), its target and RAG "
        "rating, its direction of travel against the same period last year, and the "
        "published England and statistical-neighbour figures. A benchmark marked * is "
        "from an earlier year: the DfE has not yet published the period's own year.")],
        landscape=True, page_break=True)
    out = [intro]
    for p in card.pledges:
        rows = []
        for s in shown[p.pledge.id]:
            m = s.result.measure
            rows.append([
                text(m.number), text(s.title), figure(s.value, m.unit),
                figure(m.target, m.unit, missing="none") if m.target is not None
                else text("none"),
                text(RAG_WORDS[s.rag], rag=s.rag),
                text(DIRECTION_WORDS[s.direction]),
                figure(s.previous, m.unit), figure(s.last_year, m.unit),
                _benchmark(s.result, "england"),
                _benchmark(s.result, "statistical_neighbours"),
            ])
        table = Table(f"Scorecard measures for pledge {p.pledge.id}: {p.pledge.title}",
                      header, rows, sheet="Scorecard", sheet_prefix=[text(p.pledge.id)],
                      sheet_prefix_header=["Pledge"],
                      widths=[0.5, 4.2, 1.1, 0.9, 1.0, 1.3, 1.1, 1.1, 1.1, 1.3], small=True,
                      show_caption=False)
        out.append(Section(f"Pledge {p.pledge.id}: {p.pledge.title}", [table], level=2,
                           landscape=True))
    return out


def _trend_sections(card: Scorecard, shown: dict[str, list[Shown]], periods: list[dt.date]
                    ) -> list[Section]:
    out = [Section("Trends", [
        Paragraph(f"A chart for each pledge shows each measure's 12-month figure at the "
                  f"quarter ends from {month_label(periods[0])} to "
                  f"{month_label(periods[-1])}. How to read the charts:"),
        Bullets(["the council's figure is the solid blue line with round markers, its "
                 "latest value written beside the last point;",
                 "the target is the dashed orange line;",
                 "England's figure for the latest published year is the dotted black line "
                 "(not shown for counts: a national total is not comparable with a "
                 "council's);",
                 "each panel has its own scale, chosen to show the change: compare "
                 "panels by their numbers, not by the height of the lines;",
                 "a missing marker means there is no figure for that date (a yearly "
                 "measure, or one not yet available), and the figures themselves are in "
                 "the table below each chart."])], landscape=True, page_break=True)]
    for p in card.pledges:
        items = shown[p.pledge.id]
        series, rows, blank = [], [], []
        for s in items:
            m = s.result.measure
            england = s.result.benchmarks.england if s.result.benchmarks else None
            if m.unit == "count":
                england = None
            bench_year = s.result.benchmarks.year if s.result.benchmarks else None
            points = [(d, c.value if c.symbol is None else None) for d, c in s.trend]
            one = charts.Series(m.number, s.title, m.unit, points, m.target, england,
                                f"England {financial_year(dt.date(bench_year, 3, 31))}"
                                if bench_year else "England")
            if not one.has_values:
                blank.append(f"{m.number} ({_why_blank(s)})")
                continue
            series.append(one)
            rows.append([text(m.number), text(s.title),
                         *[figure(c, m.unit) for _, c in s.trend],
                         figure(m.target, m.unit) if m.target is not None else text("none"),
                         figure(england, m.unit) if england is not None else text("n/a")])
        title = f"Pledge {p.pledge.id}: {p.pledge.title}"
        blocks: list[Block] = []
        header = ["No.", "Measure", *[month_label(d) for d in periods], "Target", "England"]
        # A pledge with many measures gets several charts: small panels are unreadable.
        size = charts.MAX_PANELS
        parts = [(series[k:k + size], rows[k:k + size]) for k in range(0, len(series), size)]
        for k, (part_series, part_rows) in enumerate(parts, start=1):
            which = f" (part {k} of {len(parts)})" if len(parts) > 1 else ""
            table = Table(f"Figures plotted for pledge {p.pledge.id}{which}", header,
                          part_rows, sheet="Trends", sheet_prefix=[text(p.pledge.id)],
                          sheet_prefix_header=["Pledge"],
                          widths=[0.5, 5.2, *[0.9] * len(periods), 0.8, 0.8], small=True)
            chart = charts.trend_chart(title + which, part_series, table)
            if chart is not None:
                blocks.append(chart)
        if blank:
            blocks.append(Paragraph(f"Not charted, no figures: {', '.join(blank)}.", "note"))
        out.append(Section(title, blocks, level=2, landscape=True))
    return out


def _why_blank(s: Shown) -> str:
    if s.value.suppressed:
        return "suppressed"
    note = s.result.current.note
    if note and note.startswith("manual measure"):
        return "manual measure, no values given"
    return "not available" if not note else note.split(":")[0].split(" (")[0]


def _describe_figures(s: Shown) -> str:
    m = s.result.measure
    target = figure(m.target, m.unit).text if m.target is not None else "none"
    b = s.result.benchmarks
    parts = [f"{figure(s.value, m.unit).text} against a target of {target} "
             f"({POLARITY_WORDS.get(m.polarity, m.polarity)})",
             f"previous quarter {figure(s.previous, m.unit).text}",
             f"same period last year {figure(s.last_year, m.unit).text}"]
    if b is not None and b.england is not None:
        parts.append(f"England {figure(b.england, m.unit).text}")
    return "; ".join(parts) + "."


def _exceptions(reds: list[Shown], every: list[Shown], commentary: CommentaryFile | None,
                public: bool) -> list[Section]:
    intro: list[Block] = [Paragraph(
        "Every measure rated Red, with the commentary its owner has given: what lies "
        "behind the figure and what is being done about it." if reds else
        "No measure is rated Red this period.")]
    if reds:
        rows = []
        for s in reds:
            m = s.result.measure
            given = commentary is not None and commentary.get(s.number) is not None
            rows.append([text(m.number), text(s.title), figure(s.value, m.unit),
                         figure(m.target, m.unit), text(m.owner or ""),
                         text("Given" if given else "Commentary missing", strong=not given)])
        intro.append(Table("Measures rated Red", ["No.", "Measure", "Latest", "Target",
                                                   "Owner", "Commentary"], rows,
                           sheet="Red measures", widths=[0.7, 4, 1, 1, 2.4, 1.6], small=True))
    out = [Section("Exceptions: measures rated Red", intro, page_break=True)]
    for s in reds:
        blocks: list[Block] = [Paragraph(f"Red: {_describe_figures(s)}")]
        owner = s.result.measure.owner
        if owner:
            blocks.append(Paragraph(f"Owner: {owner}", "note"))
        c = commentary.get(s.number) if commentary is not None else None
        if c is None:
            blocks.append(Paragraph("Commentary missing: no commentary has been given for "
                                    "this measure.", "warning"))
        else:
            blocks += [Paragraph(part.strip()) for part in c.text.split("\n\n")
                       if part.strip()]
            by = " ".join(x for x in (f"by {c.author}" if c.author else "",
                                      f"on {long_date(c.date)}" if c.date else "") if x)
            if by:
                blocks.append(Paragraph(f"Commentary {by}.", "note"))
        out.append(Section(f"{s.number} {s.title}", blocks, level=2))
    others = [s for s in every if s.rag != RED and commentary is not None
              and commentary.get(s.number) is not None]
    if public:
        # A measure whose value is hidden keeps its commentary out of the public paper:
        # it was written about the figure, and may repeat it.
        others = [s for s in others if s.value.symbol is None]
    if others:
        assert commentary is not None
        blocks = []
        for s in others:
            c = commentary.get(s.number)
            assert c is not None
            blocks.append(Paragraph(f"{s.number} {s.title} ({RAG_WORDS[s.rag]}): {c.text}"))
        out.append(Section("Commentary on other measures", blocks, level=2))
    return out


def _definition(s: Shown) -> str:
    m = s.result.measure
    if m.definition:
        return m.definition
    return catalogue()[m.indicator].definition if m.indicator else ""


def commentary_table(every: list[Shown], commentary: CommentaryFile | None, public: bool
                     ) -> Table:
    """Every Red measure and every measure with commentary, with the commentary in full:
    for the spreadsheet, where the paper gives it as prose."""
    rows = []
    for s in every:
        c = commentary.get(s.number) if commentary is not None else None
        if s.rag != RED and (c is None or (public and s.value.symbol is not None)):
            continue
        rows.append([text(s.number), text(s.title), text(RAG_WORDS[s.rag], rag=s.rag),
                     figure(s.value, s.unit),
                     text(c.text if c else "Commentary missing"),
                     text(c.author if c and c.author else ""),
                     date_value(c.date if c else None)])
    return Table("Commentary", ["No.", "Measure", "RAG", "Latest", "Commentary", "Author",
                                "Date"], rows, sheet="Commentary")


def _about(card: Scorecard, every: list[Shown], public: bool) -> list[Section]:
    blocks: list[Block] = [
        Paragraph("RAG ratings: Green is on or better than target; Amber is worse than "
                  "target but within the measure's tolerance; Red is beyond the tolerance. "
                  "Measures with no target, no figure, or a figure that is reported for "
                  "context are not rated. Direction of travel compares the figure with the "
                  "same period last year, taking account of whether higher or lower is "
                  "better."),
        Paragraph("Figures are computed by carepanel from the council's SSDA903 returns "
                  "and local files, following the DfE's definitions, for the 12 months to "
                  "each date; manual measures come from the council's own records. "
                  "Benchmarks are the DfE's published figures: England, and the median of "
                  "the council's statistical neighbours."),
    ]
    if public:
        blocks.append(Paragraph("Symbols: " + "; ".join(SYMBOL_NOTES.values()) + ". "
                                "Measures whose figure is not shown have no RAG rating or "
                                "direction of travel.", "note"))
    else:
        blocks.append(Paragraph("Symbols: x: not available; z: not applicable; k: not zero, "
                                "but rounds to zero.", "note"))
    notes = [f"{s.number}: {s.result.current.note}" for s in every
             if s.result.current.note and s.value.symbol in ("x", "z")]
    if notes:
        blocks.append(Paragraph("Figures not available this period:"))
        blocks.append(Bullets(notes))
    rows = [[text(s.number), text(s.title), text(_definition(s)),
             text(s.result.measure.owner or "")] for s in every]
    definitions = Table("Measure definitions", ["No.", "Measure", "Definition", "Owner"], rows,
                        sheet="Definitions", widths=[0.7, 2.5, 6.0, 2.0], small=True)
    return [Section("About this paper", blocks, page_break=True),
            Section("Measure definitions", [definitions], level=2)]
