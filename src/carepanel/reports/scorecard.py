"""The quarterly scorecard paper, a paper a Corporate Parenting Panel can table as it is.

Modelled on the seeds: Cheshire East's Quarter 1 update (numbered measures by pledge,
commentary on every Red), Durham's reports (front sheet, purpose, recommendations,
implications and contact; the health assessment table) and Thurrock's strategy (headline
figures; the Pledge's promises in children's words). In the order a Panel reads it:

* the front sheet: meeting, date, title, whose report, portfolio holder, senior officer,
  the period and what it is compared with (``front_sheet.FrontSheet``, from ``--paper``);
1. Purpose of the report, 2. Recommendations, 3. Background (from the paper file, or a
   marked place for them);
4. Key messages: the ratings at a glance, then a short paragraph per pledge written from
   the figures ("84 of 168 children (50.0%) ..., up from 44.0% a year ago, 30.0 points
   below the target of 80.0%; 4th of 11 against the statistical neighbours");
5. Children in our care: the cohort profile (``cohort_profile``);
6. The scorecard, a table per pledge under its promise: number, measure, latest value and
   the children behind it, target, RAG (word and colour), direction of travel (word; a
   change inside the noise band is "No change"), previous quarter, same period last year,
   England, region and the statistical neighbours' median and average, and why a measure
   has no comparator;
7. Trends: a chart per pledge, the numbers in a table under it;
8. Measures rated Red, each with the commentary written for this period (a paper prints
   only its own period's commentary) or, in the officers' copy, "Commentary missing";
9. Data quality (``data_quality``); 10. Implications; 11. Contact;
12. About this paper: ratings, noise band, benchmarks, symbols, and each measure's
   definition in plain English with the promise it tests.

A measure the DfE counts over a year shows its latest yearly figure with its date on a
quarter's paper, never a blank (``scorecard.build.annual_span``); a figure whose history
the warehouse does not hold is left out rather than shown made of part of its children.

A public paper (``public=True``) passes every figure through ``disclosure`` first: a count
of 1 to 5 is ``c``, a percentage, rate or mean is ``c`` when its numerator or denominator
(or the children not counted) is, and a hidden value has no RAG rating and no direction of
travel, since either would hint at it. It carries no warnings ("Commentary missing" is for
officers), and a Red measure whose figure is hidden is listed as such, not dropped. No
child-level row is ever read here: only aggregates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb

from carepanel.benchmarks.load import why_no_benchmark
from carepanel.cohorts import TWELVE_MONTHS
from carepanel.indicators.catalogue import catalogue
from carepanel.indicators.engine import NoData, Result, compute
from carepanel.reports import charts, cohort_profile, data_quality, placements
from carepanel.reports.cohort_profile import CohortProfile
from carepanel.reports.commentary import CommentaryFile
from carepanel.reports.disclosure import SUPPRESSED, Cell, publish_figure
from carepanel.reports.front_sheet import IMPLICATIONS, FrontSheet
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
    placeholder,
    quarter_label,
    text,
    titled_with_period,
)
from carepanel.scorecard.build import (
    NOT_REACHED,
    MeasureResult,
    PeriodValue,
    Scorecard,
    Span,
    build,
    first_days,
    history_note,
    latest_march,
    months_back,
)
from carepanel.scorecard.config import ScorecardConfig
from carepanel.scorecard.manual import ManualValues
from carepanel.scorecard.rating import (
    IMPROVING,
    NO_RATING,
    NOT_COMPARABLE,
    RED,
    SAME,
    WORSE,
    direction_of_travel,
)

TREND_QUARTERS = 5
TREND_YEARS = 3  # the 31 Marches the web app's measure page charts beside the quarters
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
    period: str = TWELVE_MONTHS  # the scorecard's kind of period (--period)
    front_sheet: FrontSheet | None = None  # the paper file (--paper)


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
    numerator: Cell = field(default_factory=lambda: Cell(symbol="x"))  # the children
    denominator: Cell = field(default_factory=lambda: Cell(symbol="x"))  # behind a %

    @property
    def number(self) -> str:
        return self.result.measure.number

    @property
    def title(self) -> str:
        """The measure's title, saying its period when it is not the scorecard's usual 12
        months, and the year of a yearly figure shown on a quarter's paper."""
        r = self.result
        if r.annual:
            return f"{r.measure.title} (year to {long_date(r.current.period_end, short=True)})"
        if r.measure.indicator and catalogue()[r.measure.indicator].history_months == 0:
            return r.measure.title  # a count on the last day: the same whatever the period
        return titled_with_period(r.measure.title, r.period)

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


def year_ends(period_end: dt.date, years: int) -> list[dt.date]:
    """The last ``years`` 31 Marches on or before ``period_end``, oldest first: the ends of
    the collection years the web app's measure page charts beside the quarters."""
    last = latest_march(period_end)
    return [dt.date(last.year - k, 3, 31) for k in range(years - 1, -1, -1)]


def held_points(r: MeasureResult, periods: Iterable[dt.date]) -> dict[dt.date, PeriodValue]:
    """The figures of a trend the scorecard already holds (its period, the previous quarter
    and last year) at any of ``periods``, leaving out a period the warehouse does not
    reach."""
    wanted = set(periods)
    return {pv.period_end: pv for pv in (r.last_year, r.previous_quarter, r.current)
            if pv.period_end in wanted and pv.status != NOT_REACHED}


def _months_between(later: dt.date, earlier: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def trend_values(con: duckdb.DuckDBPyConnection, config: ScorecardConfig,
                 cards: list[Scorecard], manual: ManualValues | None, quarters: int,
                 years: int = 0) -> dict[tuple[str, str], dict[dt.date, PeriodValue]]:
    """Each measure's value at each quarter end of the trend and, with ``years``, at each
    of the last ``years`` 31 Marches, for every council at once.

    The scorecard already holds the period, the previous quarter and last year; the other
    dates are computed here with the indicator engine (one pass per period for all
    councils; the results store makes a period computed before cheap). A period the
    warehouse does not reach, or a figure whose history it does not hold
    (``carepanel.scorecard.build.history_note``), is left out: a trend never starts from a
    figure made of part of its children. The papers chart the quarter ends; the web app's
    measure page charts both.
    """
    out: dict[tuple[str, str], dict[dt.date, PeriodValue]] = {}
    if not cards:
        return out
    end = cards[0].period_end
    periods = sorted(set(trend_periods(end, quarters)) | set(year_ends(end, years)))
    las = [c.la_code for c in cards]
    history = first_days(con)
    for card in cards:
        for r in card.measures:
            out[(card.la_code, r.measure.number)] = held_points(r, periods)
    for period in periods:
        back = _months_between(end, period)
        # Each indicator measure over its own kind of period ending then (a measure set to
        # a quarter has a trend of quarters; a yearly figure the 12 months to each date),
        # each distinct period computed once.
        spans: dict[str, Span] = {}
        wanted: dict[tuple[dt.date, dt.date], list[str]] = {}
        for r in cards[0].measures:
            indicator_id = r.measure.indicator
            if not indicator_id or period in out[(cards[0].la_code, r.measure.number)]:
                continue
            span = Span.of(TWELVE_MONTHS, period) if r.annual else r.span()
            if span is not None:
                sp = spans[r.measure.number] = span if r.annual else span.earlier(back)
                wanted.setdefault((sp.start, sp.end), []).append(indicator_id)
        by_span = {}
        for (start, stop), ids in wanted.items():
            try:
                by_span[(start, stop)] = {(x.la_code, x.id): x for x in compute(
                    con, stop, start, la_codes=las, ids=list(dict.fromkeys(ids)))}
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
                        out[(card.la_code, m.number)][period] = PeriodValue(
                            period, found.value, found.numerator, found.denominator,
                            found.note, period_start=sp.start)
                elif not m.indicator and manual is not None:
                    v = manual.get(m.number, period, card.la_code)
                    if v is not None:
                        out[(card.la_code, m.number)][period] = PeriodValue(
                            period, v.value, v.numerator, v.denominator, v.note, v.suppressed)
    return out


def show(r: MeasureResult, trend: dict[dt.date, PeriodValue], periods: list[dt.date],
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
        direction = direction_of_travel(value.value, last_year.value, r.measure.polarity,
                                        r.measure.noise_band)
    points = [(d, published(unit, trend.get(d), public)) for d in periods]
    numerator, denominator = counts_behind(r.current, unit, public)
    return Shown(r, value, previous, last_year, rag, direction, points, numerator,
                 denominator)


def counts_behind(pv: PeriodValue, unit: str, public: bool) -> tuple[Cell, Cell]:
    """The children behind a percentage (numerator, denominator) as the paper may show
    them; ``x`` for any other unit or a figure with no value."""
    if unit != "percent" or pv.value is None or pv.numerator is None or not pv.denominator:
        return Cell(symbol="x"), Cell(symbol="x")
    if pv.suppressed:
        return SUPPRESSED, SUPPRESSED
    if not public:
        return Cell(pv.numerator), Cell(pv.denominator)
    pub = publish_figure({"unit": unit, "numerator": pv.numerator,
                          "denominator": pv.denominator, "value": pv.value})
    return pub.numerator, pub.denominator


def children_text(s: Shown) -> str:
    """'84 of 168' (or 'c of 168'), or '' when there is nothing to show."""
    if s.numerator.symbol == "x" or s.denominator.symbol == "x":
        return ""
    return f"{figure(s.numerator, 'count').text} of {figure(s.denominator, 'count').text}"


# ---------------------------------------------------------------------------------------
# The paper


def build_papers(con: duckdb.DuckDBPyConnection, config: ScorecardConfig,
                 period_end: dt.date, options: PaperOptions, *,
                 la_codes: list[str] | None = None, manual: ManualValues | None = None
                 ) -> list[Report]:
    """One scorecard paper per council (every council in the warehouse unless
    ``la_codes``). Raises ``NoData`` when the warehouse has nothing for the period."""
    cards, trends, profiles = gather(con, config, period_end, options.period,
                                     la_codes=la_codes, manual=manual,
                                     trend_quarters=options.trend_quarters)
    return [paper(card, trends, options, profiles.get(card.la_code)) for card in cards]


def gather(con: duckdb.DuckDBPyConnection, config: ScorecardConfig, period_end: dt.date,
           period: str = TWELVE_MONTHS, *, la_codes: list[str] | None = None,
           manual: ManualValues | None = None, trend_quarters: int = TREND_QUARTERS,
           trend_years: int = 0
           ) -> tuple[list[Scorecard], dict[tuple[str, str], dict[dt.date, PeriodValue]],
                      dict[str, CohortProfile]]:
    """Everything the papers need from the warehouse, for every council at once: the
    scorecards, their trends and the cohort profiles. Built once, it makes any number of
    papers (officers' and public, every format) without reading the warehouse again.
    ``trend_years`` adds the last 31 Marches to the trends (``trend_values``)."""
    cards = build(con, config, period_end, la_codes=la_codes, manual=manual, period=period)
    trends = trend_values(con, config, cards, manual, trend_quarters, trend_years)
    profiles = cohort_profile.gather(con, period_end, [c.la_code for c in cards])
    return cards, trends, profiles


def council_name(card: Scorecard, options: PaperOptions) -> str:
    """The council's name: as given, else the paper file's, else the warehouse's; a bare
    code only when none of them has one."""
    sheet = options.front_sheet
    return (options.council_name or (sheet.council if sheet else None) or card.la_name
            or f"Council {card.la_code}")


def paper(card: Scorecard, trends: dict[tuple[str, str], dict[dt.date, PeriodValue]],
          options: PaperOptions, profile: CohortProfile | None = None) -> Report:
    """One council's scorecard paper (``profile`` None: without the cohort profile, and
    without the table of where children are placed, which comes with it)."""
    periods = trend_periods(card.period_end, options.trend_quarters)
    # Only the quarter ends the warehouse reaches (for any measure) appear in the trend.
    reached = sorted({d for (la, _), by in trends.items() if la == card.la_code for d in by})
    periods = [d for d in periods if d in reached] or [card.period_end]
    public = options.public
    shown = {p.pledge.id: [show(r, trends.get((card.la_code, r.measure.number), {}), periods,
                                public) for r in p.measures] for p in card.pledges}
    council = council_name(card, options)
    sheet = options.front_sheet or FrontSheet()
    period_words = period_phrase(card.period, card.period_start, card.period_end)
    every = [s for p in card.pledges for s in shown[p.pledge.id]]
    commentary = (options.commentary.for_period(card.period_end)
                  if options.commentary is not None else None)
    reds = [s for s in every if s.result.rating.rag == RED]
    # A public paper leaves out the commentary on a figure it hides: none is missing there.
    missing = [s.number for s in reds if (commentary is None or commentary.get(s.number) is None)
               and not (public and s.value.symbol is not None)]

    warnings: list[str] = []
    if missing:
        warnings.append(f"{council}: commentary missing for Red measure(s) "
                        f"{', '.join(missing)}"
                        + ("" if public else " (listed as \"commentary missing\" in the "
                                             "paper)"))
    if options.commentary is not None:
        warnings += options.commentary.check([s.number for s in every], card.period_end)

    label = quarter_label(card.period_end, card.period)
    meeting = sheet.meeting or options.panel_name
    sections = [
        *_covering_report(card, sheet, council, meeting, label, period_words, public),
        _key_messages(card, shown, every, sheet, label),
        cohort_profile.section(profile, public, council),
        *_scorecard_tables(card, shown),
        # After the pledges' tables: a subsection of the scorecard, beside measures 3.7, 3.16.
        *([placements.section(profile.where, public, card.period_end, level=2)]
          if profile is not None and profile.where is not None else []),
        *_trend_sections(card, shown, periods),
        *_exceptions(reds, every, commentary, public),
        data_quality.section(card, public, period=period_words),
        _implications(sheet),
        _contact(sheet),
        *_about(card, every, public),
    ]
    title = f"{sheet.title or card.title}: {label}"
    meeting_date = options.meeting_date or sheet.meeting_date
    cover = [
        ("Meeting", meeting),
        ("Date of meeting", long_date(meeting_date) if meeting_date else "To be confirmed"),
        ("Report title", title),
        ("Report of", str(sheet.report_of) if sheet.report_of else "To be confirmed"),
        ("Portfolio holder", sheet.portfolio_holder or "To be confirmed"),
        ("Senior officer", str(sheet.senior_officer) if sheet.senior_officer
         else "To be confirmed"),
        ("Period", f"{label}: {period_words}"),
        ("Compared with", f"the previous quarter ("
                          f"{period_to(card.period, card.previous_quarter_end)}) and the same "
                          f"period last year ({period_to(card.period, card.last_year_end)})"),
        ("Benchmarks", "England, the region and the statistical neighbours: the DfE's latest "
                       f"published year up to {financial_year(card.period_end)}"),
        ("Version", "Public: small numbers suppressed" if public
         else "For officers and members: figures are not suppressed"),
    ]
    if sheet.synthetic:
        cover.append(("Data", "Synthetic: made up by carepanel's generator, about no real "
                              "child"))
    extra = [commentary_table(every, commentary, public),
             data_quality.measure_table(card, public)]
    stem = f"scorecard_{card.la_code}_{card.period_end.isoformat()}"
    return Report(
        kind="scorecard", title=title, subtitle=f"{label}: {period_words}",
        council=council, panel=meeting, public=public, cover=cover,
        sections=sections, file_stem=stem + ("_public" if public else ""),
        warnings=warnings, extra_tables=extra, synthetic=sheet.synthetic)


# ---------------------------------------------------------------------------------------
# The covering report


def _covering_report(card: Scorecard, sheet: FrontSheet, council: str, meeting: str,
                     label: str, period_words: str, public: bool) -> list[Section]:
    purpose = sheet.purpose or (
        f"To give the {meeting} the corporate parenting scorecard for {label} "
        f"({period_words}): how {council} is doing for the children it looks after and its "
        "care leavers against each pledge, with commentary on every measure rated Red.")
    recommendations = list(sheet.recommendations) or [
        f"That the {meeting} notes the scorecard for {label} and the commentary on the "
        "measures rated Red.",
        "That the Panel asks the owners of measures rated Red to report on progress at its "
        "next meeting."]
    background: list[Block] = [Paragraph(p) for p in (sheet.background or "").split("\n\n")
                               if p] or [
        Paragraph(f"The scorecard follows the {len(card.pledges)} pledges of the corporate "
                  "parenting strategy. Each measure is rated against the target the Panel "
                  "set, compared with the previous quarter and the same period last year, "
                  "and with England, the region and the council's statistical neighbours. "
                  "The figures are made from the council's SSDA903 returns to the "
                  "Department for Education and its own local records, following the DfE's "
                  "definitions.")]
    if not sheet.purpose and not sheet.background and not public:
        background.append(placeholder("anything the Panel should know about this quarter: "
                                      "changes in the service, inspections, national "
                                      "developments"))
    return [Section("Purpose of the report", [Paragraph(p) for p in purpose.split("\n\n")]),
            Section("Recommendations", [Bullets(recommendations)]),
            Section("Background", background)]


def _implications(sheet: FrontSheet) -> Section:
    blocks: list[Block] = []
    for key, words in IMPLICATIONS:
        said = sheet.implications.get(key)
        blocks.append(Paragraph(f"{words}: {said}") if said else
                      placeholder(f"{words.lower()} implications"))
    return Section("Implications", blocks)


def _contact(sheet: FrontSheet) -> Section:
    c = sheet.contact or sheet.report_of
    if c is None:
        return Section("Contact", [placeholder("the report's contact: name, role, email "
                                               "and telephone")])
    lines = [x for x in (c.name, c.role, c.email and f"Email: {c.email}",
                         c.phone and f"Telephone: {c.phone}") if x]
    return Section("Contact", [Paragraph("; ".join(lines) + ".")])


# ---------------------------------------------------------------------------------------
# Key messages


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def neighbour_rank(s: Shown) -> str | None:
    """'4th of 11 against the statistical neighbours' 2023/24 figures': where the
    council's figure would stand among its neighbours' latest published ones, best first
    (by the measure's polarity); None when it cannot be ranked."""
    b = s.result.benchmarks
    m = s.result.measure
    if (b is None or not b.neighbour_values or s.value.symbol is not None
            or m.polarity not in ("high", "low") or m.unit == "count"):
        return None
    mine = float(s.value.value)  # type: ignore[arg-type]
    better = [v for v in b.neighbour_values if (v > mine if m.polarity == "high" else v < mine)]
    year = financial_year(dt.date(b.year, 3, 31))
    return (f"{_ordinal(len(better) + 1)} of {len(b.neighbour_values) + 1} against the "
            f"statistical neighbours' {year} figures")


def _value_words(s: Shown) -> str:
    """'84 of 168 children (50.0%)' for a percentage, else the figure."""
    shown = figure(s.value, s.unit).text
    counts = children_text(s)
    return f"{counts} ({shown})" if counts else shown


def message(s: Shown, card: Scorecard) -> str:
    """One sentence from a measure's figures, for the key messages."""
    m = s.result.measure
    parts = [f"{m.number} {s.title}: {_value_words(s)}"]
    if s.direction in (IMPROVING, WORSE, SAME) and s.last_year.symbol is None:
        before = figure(s.last_year, m.unit).text
        if s.direction == SAME:
            parts.append(f"about the same as a year ago ({before})")
        else:
            up = (s.value.value or 0) > (s.last_year.value or 0)
            parts.append(f"{'up' if up else 'down'} from {before} a year ago "
                         f"({DIRECTION_WORDS[s.direction].lower()})")
    if m.target is not None and s.value.symbol is None and m.polarity != "context":
        gap = float(s.value.value) - float(m.target)  # type: ignore[arg-type]
        target = figure(m.target, m.unit).text
        behind = gap < 0 if m.polarity == "high" else gap > 0
        if not behind or abs(gap) < 1e-9:
            parts.append(f"on or better than the target of {target}")
        else:
            size = figure(abs(gap), "score" if m.unit == "percent" else m.unit).text
            unit = (" points" if m.unit == "percent" else
                    {"days": " days", "count": ""}.get(m.unit, ""))
            parts.append(f"{size}{unit} {'below' if gap < 0 else 'above'} the target of "
                         f"{target}")
    rank = neighbour_rank(s)
    if rank:
        parts.append(rank)
    return ", ".join(parts[:2]) + ("; " + "; ".join(parts[2:]) if len(parts) > 2 else "") + "."


MESSAGES_PER_PLEDGE = 4


def _key_messages(card: Scorecard, shown: dict[str, list[Shown]], every: list[Shown],
                  sheet: FrontSheet, label: str) -> Section:
    counts = {rag: sum(1 for s in every if s.rag == rag) for rag in RAG_WORDS}
    blocks: list[Block] = [Paragraph(p, "lead") for p in (sheet.key_messages or "").split(
        "\n\n") if p]
    blocks.append(Paragraph(
        f"Of the {len(every)} measures for {label}, {counts['green']} are rated Green, "
        f"{counts['amber']} Amber and {counts['red']} Red; {counts['no rating']} are not "
        "rated (no target, no figure yet, or reported for context). What the figures say, "
        "pledge by pledge (a change smaller than a measure's noise band is \"no change\"):"))
    blocks.append(Table(
        "Measures by RAG rating", ["Rating", "Measures"],
        [[text(RAG_WORDS[rag], rag=rag), Value(str(n), raw=n, numeric=True)]
         for rag, n in counts.items()]
        + [[text("Total", strong=True), Value(str(len(every)), raw=len(every), numeric=True,
                                              strong=True)]],
        sheet="Summary", widths=[3, 1], total_row=True))
    for p in card.pledges:
        items = shown[p.pledge.id]
        c = {rag: sum(1 for s in items if s.rag == rag) for rag in RAG_WORDS}
        head = (f"Pledge {p.pledge.id}, {p.pledge.title}"
                + (f" (\u201c{p.pledge.promise}\u201d)" if p.pledge.promise else "")
                + f": {c['green']} Green, {c['amber']} Amber, {c['red']} Red, "
                  f"{c['no rating']} not rated.")
        chosen = _notable(items)
        blocks.append(Paragraph(head, "strong"))
        if chosen:
            blocks.append(Bullets([message(s, card) for s in chosen]))
    errors = data_quality.summary_line(card)
    if errors is not None:
        blocks.append(errors)
    return Section("Key messages", blocks)


def _notable(items: list[Shown]) -> list[Shown]:
    """The measures a pledge's paragraph speaks of: Red first, then those that improved or
    got worse, then Amber; at most MESSAGES_PER_PLEDGE, in scorecard order."""
    def rank(s: Shown) -> int:
        if s.rag == RED:
            return 0
        if s.direction in (IMPROVING, WORSE):
            return 1
        return 2 if s.rag == "amber" else 3

    picked = sorted((s for s in items if rank(s) < 3 and s.value.symbol is None),
                    key=lambda s: (rank(s), items.index(s)))[:MESSAGES_PER_PLEDGE]
    return sorted(picked, key=items.index)


# ---------------------------------------------------------------------------------------
# The scorecard


def _benchmark(s: Shown, which: str) -> Value:
    """A comparator cell: ``z`` (not applicable) beside a count, since a national or
    regional total is not comparable with a council's; ``x`` when none is published; a
    figure from an earlier year than the period's is marked *."""
    r = s.result
    b = r.benchmarks
    if r.measure.unit == "count":
        return figure(Cell(symbol="z"), "count")
    value = getattr(b, which) if b is not None else None
    cell = figure(value, r.measure.unit)
    if b is not None and value is not None and b.year != b.requested_year:
        cell = Value(cell.text + "*", cell.raw, numeric=True, fmt=cell.fmt)
    return cell


SCORECARD_HEADER = ["No.", "Measure", "Latest", "Children", "Target", "RAG",
                    "Direction of travel", "Previous quarter", "Last year", "England",
                    "Region", "Statistical neighbours (median)",
                    "Statistical neighbours (average)"]
SCORECARD_WIDTHS = [0.5, 3.4, 0.9, 1.0, 0.8, 0.9, 1.1, 0.95, 0.95, 0.85, 0.85, 1.05, 1.05]


def _scorecard_tables(card: Scorecard, shown: dict[str, list[Shown]]) -> list[Section]:
    header = list(SCORECARD_HEADER)
    header[2] = f"Latest ({month_label(card.period_end)})"
    header[7] = f"Previous quarter ({month_label(card.previous_quarter_end)})"
    header[8] = f"Last year ({month_label(card.last_year_end)})"
    intro = Section("The scorecard", [Paragraph(
        f"Each measure's figure for {PERIOD_WORDS.get(card.period, 'the period')} to the "
        "period end (unless its title gives another year), the children behind each "
        "percentage, its target and RAG rating, its direction of travel against the same "
        "period last year, and the published figures for England, the region and the "
        "council's statistical neighbours (the median and the average of those published). "
        "A comparator marked * is from an earlier year: the DfE has not yet published the "
        "period's own year. x: not available; z: not applicable (a national or regional "
        "count is not comparable with a council's).", "note")],
        landscape=True, page_break=True)
    out = [intro]
    for p in card.pledges:
        rows = []
        for s in shown[p.pledge.id]:
            m = s.result.measure
            rows.append([
                text(m.number), text(s.title), figure(s.value, m.unit),
                text(children_text(s)),
                figure(m.target, m.unit) if m.target is not None else text("none"),
                text(RAG_WORDS[s.rag], rag=s.rag),
                text(DIRECTION_WORDS[s.direction]),
                figure(s.previous, m.unit), figure(s.last_year, m.unit),
                _benchmark(s, "england"), _benchmark(s, "region"),
                _benchmark(s, "statistical_neighbours"),
                _benchmark(s, "statistical_neighbours_mean"),
            ])
        table = Table(f"Scorecard measures for pledge {p.pledge.id}: {p.pledge.title}",
                      header, rows, sheet="Scorecard", sheet_prefix=[text(p.pledge.id)],
                      sheet_prefix_header=["Pledge"], widths=SCORECARD_WIDTHS, small=True,
                      show_caption=False, split=len(rows) > 8)
        blocks: list[Block] = []
        if p.pledge.promise:
            blocks.append(Paragraph(f"Our promise: \u201c{p.pledge.promise}\u201d", "lead"))
        blocks.append(table)
        why = _no_benchmark_note(shown[p.pledge.id])
        if why:
            blocks.append(why)
        out.append(Section(f"Pledge {p.pledge.id}: {p.pledge.title}", blocks, level=2,
                           landscape=True))
    return out


def _no_benchmark_note(items: list[Shown]) -> Paragraph | None:
    """Why the measures with no England figure have none, grouped by reason."""
    reasons: dict[str, list[str]] = {}
    for s in items:
        r = s.result
        if r.measure.unit == "count":
            continue
        if r.benchmarks is not None and r.benchmarks.england is not None:
            continue
        reasons.setdefault(why_no_benchmark(r.measure.indicator), []).append(r.measure.number)
    if not reasons:
        return None
    said = "; ".join(f"{', '.join(numbers)}: {why}" for why, numbers in reasons.items())
    return Paragraph(f"No published comparator for {said}.", "note")


def _trend_sections(card: Scorecard, shown: dict[str, list[Shown]], periods: list[dt.date]
                    ) -> list[Section]:
    words = PERIOD_WORDS.get(card.period, "the period")
    out = [Section("Trends", [
        Paragraph(f"A chart for each pledge shows each measure's figure for {words} to each "
                  f"quarter end from {month_label(periods[0])} to "
                  f"{month_label(periods[-1])} (a yearly figure for the year to each "
                  "date): the council's figure as a solid line, the target dashed and "
                  "England dotted, every scale from zero. The figures are in the table "
                  "under each chart; About this paper says how to read them.", "note")],
        landscape=True, page_break=True)]
    council_label = (f"Council ({words} to each date)" if card.period != TWELVE_MONTHS
                     else "Council (12 months to each date)")
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
                         figure(england, m.unit) if england is not None
                         else figure(Cell(symbol="z" if m.unit == "count" else "x"),
                                     m.unit)])
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
            chart = charts.trend_chart(title + which, part_series, table,
                                       council_label=council_label)
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
    if note and note.startswith("not enough history"):
        return "not enough history loaded"
    return "not available" if not note else note.split(":")[0].split(" (")[0]


# ---------------------------------------------------------------------------------------
# Measures rated Red


def _describe_figures(s: Shown) -> str:
    m = s.result.measure
    target = figure(m.target, m.unit).text if m.target is not None else "none"
    b = s.result.benchmarks
    counts = children_text(s)
    parts = [f"{figure(s.value, m.unit).text}" + (f" ({counts})" if counts else "")
             + f" against a target of {target} ({POLARITY_WORDS.get(m.polarity, m.polarity)})",
             f"previous quarter {figure(s.previous, m.unit).text}",
             f"same period last year {figure(s.last_year, m.unit).text}"]
    if b is not None and b.england is not None and m.unit != "count":
        parts.append(f"England {figure(b.england, m.unit).text}")
    return "; ".join(parts) + "."


def _exceptions(reds: list[Shown], every: list[Shown], commentary: CommentaryFile | None,
                public: bool) -> list[Section]:
    """Every measure rated Red with its owner's commentary for this period. A Red measure
    whose figure a public paper hides is listed as suppressed, not dropped; only the
    officers' copy says "Commentary missing"."""
    intro: list[Block] = [Paragraph(
        "Every measure rated Red, with the commentary its owner has given for this period: "
        "what lies behind the figure and what is being done about it." if reds else
        "No measure is rated Red this period.")]
    if reds:
        rows = []
        for s in reds:
            m = s.result.measure
            given = commentary is not None and commentary.get(s.number) is not None
            status = ("Given" if given else "Commentary missing") if not public else (
                "Given" if given else "None for this period")
            rows.append([text(m.number), text(s.title),
                         figure(s.value, m.unit) if s.value.symbol is None
                         else text("suppressed (c)"),
                         figure(m.target, m.unit), text(m.owner or ""),
                         text(status, strong=not given and not public)])
        intro.append(Table("Measures rated Red", ["No.", "Measure", "Latest", "Target",
                                                   "Owner", "Commentary"], rows,
                           sheet="Red measures", widths=[0.7, 4, 1.1, 1, 2.4, 1.6],
                           small=True))
    out = [Section("Measures rated Red", intro, page_break=True)]
    for s in reds:
        hidden = s.value.symbol is not None
        blocks: list[Block] = [Paragraph(
            "Red: the figure is suppressed in this public version to protect children's "
            "privacy (a small number)." if hidden else f"Red: {_describe_figures(s)}")]
        owner = s.result.measure.owner
        if owner:
            blocks.append(Paragraph(f"Owner: {owner}", "note"))
        c = commentary.get(s.number) if commentary is not None else None
        if c is None:
            blocks.append(Paragraph("No commentary has been given for this period.", "note")
                          if public else
                          Paragraph("Commentary missing: no commentary has been given for "
                                    "this measure for this period.", "warning"))
        elif hidden:
            blocks.append(Paragraph("The commentary is left out of this public version: it "
                                    "was written about the suppressed figure.", "note"))
        else:
            blocks += [Paragraph(part.strip()) for part in c.text.split("\n\n")
                       if part.strip()]
            by = " ".join(x for x in (f"by {c.author}" if c.author else "",
                                      f"on {long_date(c.date)}" if c.date else "") if x)
            if by:
                blocks.append(Paragraph(f"Commentary {by}.", "note"))
        out.append(Section(f"{s.number} {s.title}", blocks, level=2))
    others = [s for s in every if s.result.rating.rag != RED and commentary is not None
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


def commentary_table(every: list[Shown], commentary: CommentaryFile | None, public: bool
                     ) -> Table:
    """Every Red measure and every measure with commentary, with the commentary in full:
    for the spreadsheet, where the paper gives it as prose."""
    rows = []
    for s in every:
        c = commentary.get(s.number) if commentary is not None else None
        red = s.result.rating.rag == RED
        if not red and (c is None or (public and s.value.symbol is not None)):
            continue
        if c is not None and public and s.value.symbol is not None:
            said = "Left out: written about a suppressed figure"
        else:
            said = c.text if c else ("None for this period" if public
                                     else "Commentary missing")
        rows.append([text(s.number), text(s.title),
                     text("Red" if red else RAG_WORDS[s.rag], rag="red" if red else s.rag),
                     figure(s.value, s.unit), text(said),
                     text(c.author if c and c.author else ""),
                     date_value(c.date if c else None)])
    return Table("Commentary", ["No.", "Measure", "RAG", "Latest", "Commentary", "Author",
                                "Date"], rows, sheet="Commentary")


# ---------------------------------------------------------------------------------------
# About this paper


def _definition(s: Shown) -> str:
    m = s.result.measure
    if m.definition:
        return m.definition
    if not m.indicator:
        return ""
    ind = catalogue()[m.indicator]
    return ind.plain or ind.definition


def _promise(s: Shown, card: Scorecard) -> str:
    m = s.result.measure
    if m.promise:
        return m.promise
    if m.polarity == "context":
        return "Reported for context: who the council looks after"
    pledge = next((p.pledge for p in card.pledges if p.pledge.id == m.pledge), None)
    return pledge.promise if pledge is not None and pledge.promise else ""


def _about(card: Scorecard, every: list[Shown], public: bool) -> list[Section]:
    bands = sorted({s.result.measure.noise_band.describe(s.unit) for s in every})
    blocks: list[Block] = [
        Paragraph("RAG ratings: Green is on or better than target; Amber is worse than "
                  "target but within the measure's tolerance; Red is beyond the tolerance. "
                  "Measures with no target, no figure, or a figure that is reported for "
                  "context are not rated. Direction of travel compares the figure with the "
                  "same period last year, taking account of whether higher or lower is "
                  "better; a change within the measure's noise band (" + "; ".join(bands)
                  + ") is \"No change\": in a few hundred children, a change that small is "
                  "ordinary variation."),
        Paragraph("Figures are computed by carepanel from the council's SSDA903 returns "
                  "and local files, following the DfE's definitions; manual measures come "
                  "from the council's own records. A measure the DfE counts over a year "
                  "shows its latest yearly figure, with the year in its title. A figure "
                  "whose history the loaded returns do not reach is left out. Benchmarks "
                  "are the DfE's published figures: England, the council's region, and the "
                  "median and the average of its statistical neighbours' published figures; "
                  "a rank among the neighbours sets the council's latest figure against "
                  "their latest published year."),
    ]
    if public:
        blocks.append(Paragraph("Symbols: " + "; ".join(SYMBOL_NOTES.values()) + ". "
                                "Measures whose figure is not shown have no RAG rating or "
                                "direction of travel.", "note"))
    else:
        blocks.append(Paragraph("Symbols: x: not available; z: not applicable; k: not zero, "
                                "but rounds to zero.", "note"))
    blocks.append(Paragraph("How to read the charts:"))
    blocks.append(Bullets([
        "the council's figure is the solid blue line with round markers, its latest value "
        "written beside the last point;",
        "the target is the dashed orange line;",
        "England's figure for the latest published year is the dotted black line (not "
        "shown for counts: a national total is not comparable with a council's);",
        "every scale starts at zero, so a small change is not drawn as a cliff; each panel "
        "has its own top;",
        "a missing marker means there is no figure for that date (a yearly measure, not "
        "enough history, or not yet available); a panel with one figure says so."]))
    notes = [f"{s.number}: {s.result.current.note}" for s in every
             if s.result.current.note and s.value.symbol in ("x", "z")]
    if notes:
        blocks.append(Paragraph("Figures not available this period:"))
        blocks.append(Bullets(notes))
    rows = [[text(s.number), text(s.title), text(_definition(s)), text(_promise(s, card)),
             text(s.result.measure.owner or "")] for s in every]
    definitions = Table("Measure definitions", ["No.", "Measure", "Definition",
                                                "Promise it tests", "Owner"], rows,
                        sheet="Definitions", widths=[0.6, 2.6, 6.4, 3.4, 1.9], small=True,
                        split=True)
    return [Section("About this paper", blocks, page_break=True, landscape=True),
            Section("Measure definitions", [definitions], level=2, landscape=True)]
