"""A draft of the Corporate Parenting Panel's annual report, with Durham's sections.

Durham's strategy lists what its Panel's annual report holds: messages from the Chair and
the Children in Care Council, what a corporate parent is, why and where children are in
care, the Panel's role, key performance data, achievements, the Care Leavers Challenge,
the Children in Care Council, "You said, we did", subgroup updates and the priorities for
the next year. carepanel fills in what the data can say:

- why children are in care (the category of need of the children who started to be
  looked after in the year) and where they are (placement type, age and legal status of
  the children looked after at 31 March), with the number looked after, starting and
  leaving over the years the warehouse holds;
- key performance data: every scorecard measure for the year, against last year, England
  and the statistical neighbours, and how far the figures rest on rows with data errors
  (``carepanel.reports.data_quality``);
- care leavers by status and age at 31 March, and the scorecard's care-leaver measures;
- achievements (actions completed in the year), "You said, we did" and next year's
  priorities, from the strategy file when one is given;

and leaves a clearly marked place, ``[To be written: ...]``, for everything people must
write. In a public draft every count goes through disclosure control (1 to 5 shown as
``c``), and each breakdown with a total is suppressed as a table, so no hidden count can be
worked out by subtraction. Only aggregates are read: the queries count children, they
never list them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from carepanel import care_leaver, cohorts
from carepanel.indicators.engine import NoData, compute
from carepanel.reports import charts, data_quality
from carepanel.reports.cohort_profile import (
    AGE_GROUPS,
    LEGAL_GROUPS,
    PLACEMENT_GROUPS,
    breakdown,
    group,
)
from carepanel.reports.disclosure import Cell, suppress_count, suppress_table
from carepanel.reports.model import (
    RAG_WORDS,
    Block,
    Bullets,
    Paragraph,
    Report,
    Section,
    Table,
    Value,
    figure,
    financial_year,
    long_date,
    month_label,
    placeholder,
    text,
)
from carepanel.reports.progress import you_said_table
from carepanel.reports.scorecard import PaperOptions, Shown, council_name, show
from carepanel.reports.strategy import COMPLETE, Strategy
from carepanel.scorecard.build import Scorecard, build
from carepanel.scorecard.config import ScorecardConfig
from carepanel.scorecard.manual import ManualValues

YEARS_OF_TREND = 5

CATEGORY_OF_NEED = {
    "N1": "Abuse or neglect", "N2": "Child's disability", "N3": "Parental illness or disability",
    "N4": "Family in acute stress", "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour", "N7": "Low income", "N8": "Absent parenting",
}

CARE_LEAVER_AGES = (("16 to 17", 16, 17), ("18 to 20", 18, 20), ("21 to 24", 21, 24))
CARE_LEAVER_STATUS = {"eligible": "Eligible (still looked after)",
                      "relevant": "Relevant (left care)",
                      "former_relevant": "Former relevant"}
CARE_LEAVER_PLEDGE_WORDS = ("care leaver",)

PRINCIPLES = [
    "to act in their best interests, and promote their physical and mental health and "
    "well-being;",
    "to encourage them to express their views, wishes and feelings;",
    "to take into account their views, wishes and feelings;",
    "to help them gain access to, and make the best use of, services provided by the "
    "council and its partners;",
    "to promote high aspirations, and seek to secure the best outcomes, for them;",
    "for them to be safe, and for stability in their home lives, relationships and "
    "education or work;",
    "to prepare them for adulthood and independent living.",
]


@dataclass
class AnnualData:
    """Everything the draft needs from the warehouse for one council and year: counts only."""

    la_code: str
    period_end: dt.date
    card: Scorecard
    by_year: list[tuple[dt.date, dict[str, int | None]]] = field(default_factory=list)
    placements: dict[str, int] = field(default_factory=dict)
    ages: dict[str, int] = field(default_factory=dict)
    legal: dict[str, int] = field(default_factory=dict)
    needs: dict[str, int] = field(default_factory=dict)
    care_leavers: dict[tuple[str, str], int] = field(default_factory=dict)


# The year's breakdowns, read from the cohort views of the 12 months to 31 March (only the
# views these read are made).
YEAR_SQL = {
    "places": "SELECT place, count(*) FROM cla_at_end WHERE la_code = ? GROUP BY place",
    "ages": "SELECT age_at_end, count(*) FROM cla_at_end WHERE la_code = ? GROUP BY age_at_end",
    "legal": "SELECT ls, count(*) FROM cla_at_end WHERE la_code = ? GROUP BY ls",
    # Why: the category of need of each child who started to be looked after in the year,
    # on the first occasion they started (as the DfE counts starters).
    "needs": """
        SELECT cin, count(*) FROM (
            SELECT e.cin, row_number() OVER (PARTITION BY e.la_code, e.child
                                             ORDER BY e.decom) AS occasion
            FROM episode AS e JOIN period AS p ON p.la_code = e.la_code
            WHERE e.rne = 'S' AND e.decom BETWEEN p.period_start AND p.period_end
              AND e.la_code = ?
        ) AS starts
        WHERE occasion = 1
        GROUP BY cin""",
}

def gather(con: duckdb.DuckDBPyConnection, config: ScorecardConfig, year: int, la_code: str,
           manual: ManualValues | None = None) -> AnnualData:
    """Read the year's aggregates for one council. Raises NoData when the warehouse holds
    nothing for the year to 31 March ``year``."""
    end = dt.date(year, 3, 31)
    card = build(con, config, end, la_codes=[la_code], manual=manual)[0]
    data = AnnualData(la_code, end, card)
    for k in range(YEARS_OF_TREND - 1, -1, -1):
        when = dt.date(year - k, 3, 31)
        try:
            results = compute(con, when, la_codes=[la_code],
                              ids=["cla_at_end", "cla_started", "cla_ceased"])
        except NoData:
            continue
        # These three are counts of children: whole numbers.
        data.by_year.append((when, {r.id: None if r.value is None else int(r.value)
                                    for r in results}))

    cohorts.register(con, end, [la_code], queries=list(YEAR_SQL.values()))
    places = dict(con.execute(YEAR_SQL["places"], [la_code]).fetchall())
    data.placements = group(places, PLACEMENT_GROUPS)
    ages = con.execute(YEAR_SQL["ages"], [la_code]).fetchall()
    data.ages = {label: sum(n for age, n in ages if age is not None and lo <= age <= hi)
                 for label, lo, hi in AGE_GROUPS}
    legal = dict(con.execute(YEAR_SQL["legal"], [la_code]).fetchall())
    data.legal = group(legal, LEGAL_GROUPS)
    needs = dict(con.execute(YEAR_SQL["needs"], [la_code]).fetchall())
    data.needs = {label: needs.get(code, 0) for code, label in CATEGORY_OF_NEED.items()}
    if sum(needs.values()) > sum(data.needs.values()):
        data.needs["Not recorded"] = sum(needs.values()) - sum(data.needs.values())

    for row in care_leaver.counts(con, end, [la_code]):
        band = next((label for label, lo, hi in CARE_LEAVER_AGES if lo <= row.age <= hi),
                    None)
        if band is not None:
            data.care_leavers[(band, row.status)] = (
                data.care_leavers.get((band, row.status), 0) + row.young_people)
    return data


# ---------------------------------------------------------------------------------------
# Tables (suppressed as tables when public)


def care_leaver_table(data: AnnualData, public: bool) -> Table:
    statuses = list(CARE_LEAVER_STATUS)
    bands = [label for label, _, _ in CARE_LEAVER_AGES]
    grid = {band: [data.care_leavers.get((band, s), 0) for s in statuses] for band in bands}
    columns = [CARE_LEAVER_STATUS[s] for s in statuses]
    if public:
        st = suppress_table(grid, columns, row_total="Total", column_total="Total")
        cells = [list(r) for r in st.cells]
    else:
        cells = [[Cell(n) for n in [*grid[b], sum(grid[b])]] for b in bands]
        cells.append([Cell(sum(col)) for col in zip(*[[c.value for c in r] for r in cells],
                                                    strict=True)])
    rows = [[text(label, strong=label == "Total"), *[figure(c, "count") for c in row]]
            for label, row in zip([*bands, "Total"], cells, strict=True)]
    return Table(f"Care leavers on {long_date(data.period_end)}, by age and status",
                 ["Age", *columns, "Total"], rows, sheet="Care leavers",
                 widths=[1.5, 2, 2, 2, 1.2], total_row=True)


def _kpi_rows(shown: list[Shown]) -> list[list[Value]]:
    rows = []
    for s in shown:
        m = s.result.measure
        b = s.result.benchmarks
        rows.append([text(m.number), text(m.title), figure(s.value, m.unit),
                     figure(s.last_year, m.unit),
                     figure(m.target, m.unit) if m.target is not None else text("none"),
                     text(RAG_WORDS[s.rag], rag=s.rag),
                     figure(b.england if b else None, m.unit),
                     figure(b.statistical_neighbours if b else None, m.unit)])
    return rows


KPI_HEADER = ["No.", "Measure", "This year", "Last year", "Target", "RAG", "England",
              "Statistical neighbours"]
KPI_WIDTHS = [0.5, 4.4, 1, 1, 0.9, 1, 1, 1.3]


# ---------------------------------------------------------------------------------------
# The draft


def build_report(data: AnnualData, options: PaperOptions, strategy: Strategy | None = None
                 ) -> Report:
    end, public = data.period_end, options.public
    year_words = f"{financial_year(end)} (1 April {end.year - 1} to 31 March {end.year})"
    card = data.card
    council = council_name(card, options)
    sheet = options.front_sheet
    panel = (sheet.meeting if sheet and sheet.meeting else None) or options.panel_name
    shown = [show(r, {}, [end], public) for r in card.measures]

    def counted(n: int | None) -> str:
        cell = suppress_count(n) if public else Cell.of(n)
        return figure(cell, "count").text

    sections: list[Section] = [
        Section("Message from the Chair of the Corporate Parenting Panel",
                [placeholder("a message from the Chair: the year in brief, what the Panel "
                             "is proud of and what it will press for next year")]),
        Section("Message from the Children in Care Council",
                [placeholder("a message from the co-opted members of the Children in Care "
                             "Council, in their own words")]),
        Section("What a corporate parent is", [
            Paragraph("When a child comes into the council's care, the council becomes their "
                      "corporate parent: every councillor and officer shares the duty to "
                      "look after them as a good parent would. The Children and Social Work "
                      "Act 2017 sets out seven corporate parenting principles. The council "
                      "must have regard to the need:"),
            Bullets(PRINCIPLES),
            placeholder("what being a corporate parent means in this council, and the "
                        "Pledge or Promise made to children in care and care leavers")]),
        *_why_and_where(data, public, counted, year_words),
        Section("The role of the Corporate Parenting Panel", [
            placeholder("the Panel's role and responsibilities, its membership and how "
                        "often it met this year"),
            placeholder("the Panel's terms of reference (or a link to them)")]),
        *_key_performance(data, shown, public, year_words),
        *_care_leavers(data, shown, public),
        *_achievements(strategy, end),
        Section("Care Leavers Challenge", [placeholder(
            "what care leavers challenged the council to do this year, and the response")]),
        Section("Children in Care Council", [placeholder(
            "the Children in Care Council's work this year: meetings, projects, "
            "consultations and who took part")]),
        _you_said(strategy, end),
        Section("Subgroup updates", [
            placeholder("update from the Virtual School subgroup"),
            placeholder("updates from the Panel's other subgroups")]),
        _priorities(strategy, end),
    ]
    meeting_date = options.meeting_date or (sheet.meeting_date if sheet else None)
    cover = [("Council", council), ("Report to", f"{panel}, and Cabinet, "
                                                 "Council and Overview and Scrutiny"),
             ("Meeting date", long_date(meeting_date) if meeting_date else "To be confirmed"),
             ("Year", year_words),
             ("Status", "Draft: the places marked [To be written: ...] need text"),
             ("Version", "Public: small numbers suppressed" if public
              else "Not for publication: figures are not suppressed")]
    return Report(
        kind="annual", title=f"{panel} Annual Report {financial_year(end)}",
        subtitle=f"Draft for the year {year_words}", council=council,
        panel=panel, public=public, cover=cover, sections=sections,
        file_stem=f"annual_report_{card.la_code}_{end.year}" + ("_public" if public else ""),
        extra_tables=[data_quality.measure_table(card, public)],
        synthetic=bool(sheet and sheet.synthetic))


def _why_and_where(data: AnnualData, public: bool, counted: Callable[[int | None], str],
                   year_words: str) -> list[Section]:
    end = data.period_end
    latest = dict(data.by_year).get(end, {})
    blocks: list[Block] = [Paragraph(
        f"On {long_date(end)} the council looked after {counted(latest.get('cla_at_end'))} "
        f"children. During {financial_year(end)}, {counted(latest.get('cla_started'))} "
        f"children started to be looked after and {counted(latest.get('cla_ceased'))} "
        "stopped being looked after."),
        placeholder("the story behind these numbers: what has changed and why")]
    if data.by_year:
        series, rows = [], []
        ids = (("cla_at_end", "Children looked after at 31 March"),
               ("cla_started", "Children who started to be looked after in the year"),
               ("cla_ceased", "Children who stopped being looked after in the year"))
        for ind, title in ids:
            cells = [(d, suppress_count(v.get(ind)) if public else Cell.of(v.get(ind)))
                     for d, v in data.by_year]
            series.append(charts.Series("", title, "count",
                                        [(d, c.value) for d, c in cells]))
            rows.append([text(title), *[figure(c, "count") for _, c in cells]])
        table = Table("Children looked after, starting and leaving, by year",
                      ["", *[f"Year to {month_label(d)}" for d, _ in data.by_year]], rows,
                      sheet="By year", widths=[4, *[1.1] * len(data.by_year)])
        chart = charts.trend_chart("Children looked after, starting and leaving care",
                                   series, table, every="31 March",
                                   council_label="Council (the year to each 31 March)")
        blocks.append(chart if chart is not None else table)
    why = Section("Why children are in care", [
        Paragraph("The main reason each child who started to be looked after in the year "
                  "needed care, as recorded when they started (the category of need)."),
        breakdown(f"Children who started to be looked after in {financial_year(end)}, by "
                  "category of need", data.needs, "Children", public, "Why"),
        placeholder("what lies behind these reasons, and the help given to families so "
                    "that children can stay at home safely")], level=2)
    where = Section("Where children live", [
        breakdown(f"Children looked after on {long_date(end)}, by placement type",
                  data.placements, "Children", public, "Placement type"),
        breakdown(f"Children looked after on {long_date(end)}, by age",
                  data.ages, "Children", public, "Age"),
        breakdown(f"Children looked after on {long_date(end)}, by legal status",
                  data.legal, "Children", public, "Legal status"),
        placeholder("sufficiency: homes close to where children grew up, and what the "
                    "council is doing to find more")], level=2)
    return [Section("Why and where children are in care", blocks, page_break=True), why,
            where]


def _key_performance(data: AnnualData, shown: list[Shown], public: bool, year_words: str
                     ) -> list[Section]:
    card = data.card
    header = list(KPI_HEADER)
    header[2] = f"Year to {month_label(card.period_end)}"
    header[3] = f"Year to {month_label(card.last_year_end)}"
    out = [Section("Key performance data", [
        Paragraph(f"Every measure of the council's scorecard for {year_words}, against "
                  "the year before, its target, England and the council's statistical "
                  "neighbours. Ratings: Green on or better than target, Amber within the "
                  "tolerance, Red beyond it."),
        placeholder("what the Panel wants readers to take from these figures")],
        landscape=True, page_break=True)]
    by_pledge: dict[str, list[Shown]] = defaultdict(list)
    for s in shown:
        by_pledge[s.result.measure.pledge].append(s)
    for p in card.pledges:
        table = Table(f"Key performance data for pledge {p.pledge.id}: {p.pledge.title}",
                      header, _kpi_rows(by_pledge[p.pledge.id]), sheet="Key performance",
                      sheet_prefix=[text(p.pledge.id)], sheet_prefix_header=["Pledge"],
                      widths=KPI_WIDTHS, small=True, show_caption=False)
        out.append(Section(f"Pledge {p.pledge.id}: {p.pledge.title}", [table], level=2,
                           landscape=True))
    out.append(data_quality.section(card, public, level=2,
                                    period=f"the year to {long_date(card.period_end)}"))
    return out


def _care_leavers(data: AnnualData, shown: list[Shown], public: bool) -> list[Section]:
    ones = [s for s in shown if any(w in s.title.lower() for w in CARE_LEAVER_PLEDGE_WORDS)]
    blocks: list[Block] = [
        Paragraph("Young people the council has looked after keep a claim on its help as "
                  "care leavers: eligible and relevant young people aged 16 and 17, and "
                  "former relevant young people aged 18 up to 25."),
        care_leaver_table(data, public)]
    if ones:
        header = list(KPI_HEADER)
        header[2], header[3] = "This year", "Last year"
        blocks.append(Table("Care leavers: key measures", header, _kpi_rows(ones),
                            sheet="Care leaver measures", widths=KPI_WIDTHS, small=True))
    blocks.append(placeholder("the local offer to care leavers and what changed this year"))
    return [Section("Care leavers", blocks, page_break=True)]


def _achievements(strategy: Strategy | None, end: dt.date) -> list[Section]:
    start = cohorts.period_start(end)
    blocks: list[Block] = [placeholder("the year's achievements, in words young people "
                                       "will understand")]
    if strategy is not None:
        done = []
        for a in strategy.actions:
            last = a.latest_update(end)
            if a.status == COMPLETE and (last is None or start <= last.date <= end
                                         or last.date == dt.date.min):
                done.append(f"{a.what}" + (f" ({last.text})" if last else ""))
        if done:
            blocks.insert(0, Paragraph("Actions of the strategy completed this year:"))
            blocks.insert(1, Bullets(done))
    return [Section("Achievements", blocks, page_break=True)]


def _you_said(strategy: Strategy | None, end: dt.date) -> Section:
    entries = [e for e in (strategy.you_said_we_did if strategy else [])
               if e.date is None or e.date <= end]
    if not entries:
        return Section("You said, we did", [placeholder(
            "what children and young people asked for this year, and what the council did "
            "(give a strategy file with you_said_we_did entries to fill this in)")])
    return Section("You said, we did", [
        Paragraph("What children and young people told us, and what we did about it."),
        you_said_table(entries),
        placeholder("anything more to say about the year's asks")])


def _priorities(strategy: Strategy | None, end: dt.date) -> Section:
    nxt = financial_year(dt.date(end.year + 1, 3, 31))
    blocks: list[Block] = []
    if strategy is not None and strategy.priorities:
        blocks.append(Paragraph(f"The strategy's priorities carried into {nxt}, with the "
                                "actions still open:"))
        for i, p in enumerate(strategy.priorities, start=1):
            open_actions = [a for a in p.actions if a.status != COMPLETE]
            blocks.append(Paragraph(f"{i}. {p.title}" + ("" if open_actions
                                                         else ": no open actions.")))
            if open_actions:
                blocks.append(Bullets([f"{a.what} (due {long_date(a.due)})" if a.due
                                       else a.what for a in open_actions]))
    blocks.append(placeholder(f"the Panel's priorities for {nxt}, agreed with the Children "
                              "in Care Council"))
    return Section(f"Priorities for {nxt}", blocks)
