"""Who the council looks after: the cohort profile every quarterly paper opens its figures with.

Durham's strategy asks for regular reports on who is in care and where; Thurrock's opens
with its headline figures (293 looked after, 68.4 per 10,000, UASC 8%). The profile gives,
for the children looked after on the period's last day: their age, sex and ethnicity, their
legal status, where they live (placement type), how long they have been in care, how many
are unaccompanied asylum-seeking children, and, once placement postcodes are located,
how far from home and whether outside the council's area. Beside it, Durham's table of
initial health assessments: for each of the last four quarters, how many children came
into care and how many had their assessment within 20 working days.

Counts only, read from the cohort views (``carepanel.cohorts``) for every council at once;
no child is ever listed. In a public paper each breakdown is suppressed as a table (counts
of 1 to 5 and whatever would give them away: ``disclosure.suppress_table``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb

from carepanel import cohorts
from carepanel.indicators.catalogue import catalogue
from carepanel.indicators.engine import NoData, compute
from carepanel.indicators.results import ResultStore
from carepanel.reports import placements
from carepanel.reports.disclosure import Cell, publish_figure, suppress_count, suppress_table
from carepanel.reports.model import (
    Block,
    Group,
    Paragraph,
    Section,
    Table,
    Value,
    figure,
    long_date,
    text,
)
from carepanel.reports.placements import Grid

# The DfE's placement groups (indicator_methodology.md 1.8), in the order it publishes them.
PLACEMENT_GROUPS = (
    ("Foster placements", ("U1", "U2", "U3", "U4", "U5", "U6")),
    ("Placed for adoption", ("A3", "A4", "A5", "A6")),
    ("Placed with parents or others with parental responsibility", ("P1",)),
    ("Independent and semi-independent living, supported accommodation", ("P2", "H5", "K3")),
    ("Secure homes and children's homes", ("K1", "K2")),
    ("Other residential settings", ("R1", "R2", "R3", "R5", "P3")),
    ("Residential schools", ("S1",)),
    ("Other placements", ("T0", "T1", "T2", "T3", "T4", "Z1", "Z11", "Z12", "Z13", "Z14")),
)
AGE_GROUPS = (("Under 1", 0, 0), ("1 to 4", 1, 4), ("5 to 9", 5, 9), ("10 to 15", 10, 15),
              ("16 and over", 16, 200))
LEGAL_GROUPS = (
    ("Care orders", ("C1", "C2")),
    ("Placement orders (freed for adoption)", ("E1", "D1")),
    ("Voluntary agreements under section 20", ("V2",)),
    ("Detained for child protection", ("L1", "L2", "L3")),
    ("Youth justice legal statuses", ("J1", "J2", "J3")),
)
SEX_GROUPS = (("Boys", ("M",)), ("Girls", ("F",)))
# The DfE's ethnicity codes in the groups it publishes (2021 census groups: Chinese is
# Asian or Asian British).
ETHNIC_GROUPS = (
    ("White", ("WBRI", "WIRI", "WIRT", "WOTH", "WROM")),
    ("Mixed or multiple ethnic groups", ("MWBC", "MWBA", "MWAS", "MOTH")),
    ("Asian or Asian British", ("AIND", "APKN", "ABAN", "CHNE", "AOTH")),
    ("Black, Black British, Caribbean or African", ("BCRB", "BAFR", "BOTH")),
    ("Other ethnic group", ("OOTH",)),
    ("Refused or not yet obtained", ("REFU", "NOBT")),
)
TIME_IN_CARE = (("Less than 1 year", 0, 365), ("1 year to less than 2", 365, 730),
                ("2 years to less than 5", 730, 1826), ("5 years or more", 1826, 10 ** 6))
DISTANCE_IDS = ("placed_over_20_miles_pct", "placed_outside_la_pct")
DISTANCE_WORDS = {"placed_over_20_miles_pct": "Placed more than 20 miles from home",
                  "placed_outside_la_pct": "Placed outside the council's area"}
IHA = "iha_within_20wd_pct"
PROFILE = "Cohort profile"  # the spreadsheet sheet its breakdowns are stacked in
QUARTERS = 4


@dataclass
class CohortProfile:
    """One council's children looked after on ``period_end``, counted every way."""

    la_code: str
    period_end: dt.date
    looked_after: int = 0
    uasc: int = 0
    rate_per_10k: float | None = None
    ages: dict[str, int] = field(default_factory=dict)
    sex: dict[str, int] = field(default_factory=dict)
    ethnicity: dict[str, int] = field(default_factory=dict)
    legal: dict[str, int] = field(default_factory=dict)
    placements: dict[str, int] = field(default_factory=dict)
    time_in_care: dict[str, int] = field(default_factory=dict)
    # (label, children counted, of how many) for each distance measure with a figure
    distance: list[tuple[str, int, int]] = field(default_factory=list)
    distance_note: str | None = None  # why there is none yet
    # children by distance band and location (``placements.grids``), when postcodes are read
    where: Grid | None = None
    # (quarter start, quarter end, had the IHA within 20 working days, came into care)
    iha: list[tuple[dt.date, dt.date, int | None, int | None]] = field(default_factory=list)
    iha_note: str | None = None


def group(codes: dict[str | None, int], groups: tuple[tuple[str, tuple[str, ...]], ...],
          other: str = "Other") -> dict[str, int]:
    """Counts by code added up into the DfE's groups; codes in no group go to ``other``
    (shown only when it is not empty)."""
    out = {label: 0 for label, _ in groups}
    for code, n in codes.items():
        label = next((g for g, members in groups if code in members), other)
        out[label] = out.get(label, 0) + n
    if out.get(other) == 0 and other not in dict(groups):
        del out[other]
    return out


def _by(rows: list[Any]) -> dict[str, dict[Any, int]]:
    """{la_code: {key: count}} from the rows of a query returning la_code, key, count. The
    key is what the query groups by: a number (an age, days) or a code, or None where it
    is missing."""
    out: dict[str, dict[Any, int]] = {}
    for la, key, n in rows:
        out.setdefault(la, {})[key] = n
    return out


PROFILE_SQL = {
    "age": "SELECT la_code, age_at_end, count(*) FROM cla_at_end GROUP BY ALL",
    "sex": "SELECT la_code, sex, count(*) FROM cla_at_end GROUP BY ALL",
    "legal": "SELECT la_code, ls, count(*) FROM cla_at_end GROUP BY ALL",
    "place": "SELECT la_code, place, count(*) FROM cla_at_end GROUP BY ALL",
    # Each child's ethnicity as their latest Header row records it.
    "ethnic": """
        SELECT c.la_code, h.ethnic, count(*)
        FROM cla_at_end AS c
        LEFT JOIN (SELECT la_code, "child" AS child, "ethnic" AS ethnic FROM header
                   QUALIFY row_number() OVER (PARTITION BY la_code, "child"
                                              ORDER BY reference_date DESC) = 1) AS h
          ON h.la_code = c.la_code AND h.child = c.child
        GROUP BY ALL""",
    # Days since the current period of care began (its first episode's start).
    "days": """
        SELECT c.la_code, c.period_end - poc.period_start AS days, count(*)
        FROM cla_at_end AS c
        JOIN period_of_care AS poc ON poc.la_code = c.la_code AND poc.child = c.child
         AND poc.period_no = c.period_no
        GROUP BY ALL""",
}


PLACEMENTS = "placements"  # the placements by distance and location (``placements``)


def _profile_rows(con: duckdb.DuckDBPyConnection, period_end: dt.date, la_codes: list[str],
                  queries: dict[str, str]) -> dict[str, list[Any]]:
    """Each query's rows: from the results store when this version of the data has them
    (a paper written again after the cycle), else from the cohort views of the 12 months
    to ``period_end``, made here (the engine may have read its own figures from the store
    without making any), and then kept in the store."""
    store = ResultStore.of(con)
    stored = store.read_rows(queries, la_codes, period_end) if store else None
    if stored is not None:
        return stored
    cohorts.register(con, period_end, la_codes, queries=list(queries.values()))
    rows = {name: con.execute(sql).fetchall() for name, sql in queries.items()}
    if store is not None:
        store.write_rows(queries, rows, la_codes, period_end)
    return rows


def gather(con: duckdb.DuckDBPyConnection, period_end: dt.date, la_codes: list[str]
           ) -> dict[str, CohortProfile]:
    """Every council's profile on ``period_end`` (aggregates only)."""
    known = catalogue()
    wanted = [i for i in ("cla_at_end", "uasc_at_end", "cla_rate_per_10k", *DISTANCE_IDS)
              if i in known]
    results = {(r.la_code, r.id): r for r in compute(con, period_end, la_codes=la_codes,
                                                     ids=wanted)}
    located = any(i in known for i in DISTANCE_IDS)
    rows = _profile_rows(con, period_end, la_codes, {
        **PROFILE_SQL, **({PLACEMENTS: placements.COUNTS} if located else {})})
    parts = {name: _by(rows[name]) for name in PROFILE_SQL}
    where = placements.grids(rows[PLACEMENTS], la_codes) if located else {}
    profiles = {}
    for la in la_codes:
        p = CohortProfile(la, period_end)
        cla, uasc, rate = (results.get((la, i)) for i in wanted[:3])
        p.looked_after = int(cla.value or 0) if cla else 0
        p.uasc = int(uasc.value or 0) if uasc else 0
        p.rate_per_10k = rate.value if rate else None
        ages = parts["age"].get(la, {})
        p.ages = {label: sum(n for age, n in ages.items() if age is not None and lo <= age <= hi)
                  for label, lo, hi in AGE_GROUPS}
        unknown_age = sum(n for age, n in ages.items() if age is None)
        if unknown_age:
            p.ages["Not known"] = unknown_age
        p.sex = group(parts["sex"].get(la, {}), SEX_GROUPS, "Not known")
        p.ethnicity = group(parts["ethnic"].get(la, {}), ETHNIC_GROUPS, "Not recorded")
        p.legal = group(parts["legal"].get(la, {}), LEGAL_GROUPS)
        p.placements = group(parts["place"].get(la, {}), PLACEMENT_GROUPS)
        days = parts["days"].get(la, {})
        p.time_in_care = {label: sum(n for d, n in days.items() if lo <= d < hi)
                          for label, lo, hi in TIME_IN_CARE}
        notes = []
        for ind in DISTANCE_IDS:
            r = results.get((la, ind))
            if r is not None and r.value is not None and r.denominator:
                p.distance.append((DISTANCE_WORDS[ind], int(r.numerator or 0),
                                   int(r.denominator)))
            elif r is not None and r.note:
                notes.append(r.note)
        p.where = where.get(la)
        if not p.distance:
            p.distance_note = notes[0] if notes else "no placement distance measure is defined"
        profiles[la] = p
    _iha_by_quarter(con, period_end, la_codes, profiles)
    return profiles


def _iha_by_quarter(con: duckdb.DuckDBPyConnection, period_end: dt.date, la_codes: list[str],
                    profiles: dict[str, CohortProfile]) -> None:
    """Durham's table: the last four quarters (ending at the last quarter end on or before
    ``period_end``), each computed as the indicator is for a quarter."""
    if IHA not in catalogue():
        return
    end = period_end
    while (end.month, end.day) not in cohorts.QUARTER_ENDS:
        end = end.replace(day=1) - dt.timedelta(days=1)
    ends = [end]
    for _ in range(QUARTERS - 1):
        start = cohorts.period_start(ends[-1], cohorts.QUARTER)
        ends.append(start - dt.timedelta(days=1))
    for q_end in reversed(ends):
        start = cohorts.period_start(q_end, cohorts.QUARTER)
        try:
            found = compute(con, q_end, start, la_codes=la_codes, ids=[IHA])
        except NoData:
            continue
        for r in found:
            if r.note and r.value is None and r.denominator is None:
                profiles[r.la_code].iha_note = r.note
                continue
            profiles[r.la_code].iha.append((start, q_end, _count(r.numerator),
                                            _count(r.denominator)))


def _count(n: int | float | None) -> int | None:
    """A count of children as the engine gives it (a whole number, or None)."""
    return None if n is None else int(n)


# ---------------------------------------------------------------------------------------
# The paper's section


def breakdown(caption: str, counts: dict[str, int], what: str, public: bool, sheet: str,
              part: str | None = None) -> Table:
    """A one-column table of counts with its total and each row's share of it.

    Public: the counts are suppressed as a table (primary and secondary suppression), and
    a share is shown only beside a count that is shown.
    """
    labels = list(counts)
    if public:
        st = suppress_table({label: [counts[label]] for label in labels}, [what],
                            row_total=None, column_total="Total")
        cells = [row[0] for row in st.cells]
    else:
        total = sum(counts.values())
        cells = [Cell(counts[label]) for label in labels] + [Cell(total)]
    total_cell = cells[-1]
    rows = []
    for label, cell in zip([*labels, "Total"], cells, strict=True):
        # A cell has a value exactly when it has no symbol (suppressed or not available).
        if cell.value is not None and total_cell.value:
            share = figure(100 * cell.value / total_cell.value, "percent")
        else:
            share = figure(Cell(symbol="c") if cell.suppressed or total_cell.suppressed
                           else Cell(symbol="z"), "percent")
        rows.append([text(label, strong=label == "Total"), figure(cell, "count"), share])
    return Table(caption, ["", what, "Share"], rows, sheet=sheet,
                 sheet_prefix=[text(part)] if part else [],
                 sheet_prefix_header=["Breakdown"] if part else [],
                 widths=[3.4, 1.2, 1.0], total_row=True, small=True)


def _share(n: int, d: int, public: bool) -> tuple[Value, Value, Value]:
    """(numerator, denominator, percentage) as cells, suppressed when public."""
    value = 100 * n / d if d else None
    if public:
        pub = publish_figure({"unit": "percent", "numerator": n, "denominator": d,
                              "value": value})
        return (figure(pub.numerator, "count"), figure(pub.denominator, "count"),
                figure(pub.value, "percent"))
    return (figure(n, "count"), figure(d, "count"),
            figure(value if d else Cell(symbol="z"), "percent"))


def section(profile: CohortProfile | None, public: bool, council: str) -> Section:
    """"Children in our care": the headline, the breakdowns, the distance and the
    initial health assessments by quarter."""
    if profile is None:
        return Section("Children in our care", [Paragraph(
            "The profile of the children looked after is not part of this copy of the paper "
            "(it is made from the warehouse, with carepanel report scorecard).", "note")],
            page_break=True)
    when = long_date(profile.period_end)
    n = suppress_count(profile.looked_after) if public else Cell(profile.looked_after)
    shown = figure(n, "count").text
    lead = f"On {when} {council} looked after {shown} children"
    if profile.rate_per_10k is not None and not n.suppressed:
        lead += f", {figure(profile.rate_per_10k, 'rate_per_10k').text} for every 10,000 " \
                "children in its area"
    uasc_n, _, uasc_share = _share(profile.uasc, profile.looked_after, public)
    lead += (f". {uasc_n.text} of them ({uasc_share.text}) were unaccompanied children "
             "seeking asylum.")
    blocks: list[Block] = [Paragraph(lead, "lead")]
    on = f"on {when}"
    tables = [
        breakdown(f"Age {on}", profile.ages, "Children", public, PROFILE, "Age"),
        breakdown("Sex", profile.sex, "Children", public, PROFILE, "Sex"),
        breakdown("Ethnicity", profile.ethnicity, "Children", public, PROFILE, "Ethnicity"),
        breakdown("Legal status", profile.legal, "Children", public, PROFILE,
                  "Legal status"),
        breakdown("Where they live (placement type)", profile.placements, "Children",
                  public, PROFILE, "Placement type"),
        breakdown("Time in care (this period of care)", profile.time_in_care, "Children",
                  public, PROFILE, "Time in care"),
    ]
    notes: list[Block] = []
    for block in [*_distance(profile, public), *_iha_table(profile, public)]:
        if isinstance(block, Table):
            tables.append(block)
        else:
            notes.append(block)
    blocks.append(Group(tables))
    return Section("Children in our care", blocks + notes, page_break=True)


def _distance(profile: CohortProfile, public: bool) -> list[Block]:
    caption = "Distance from home and location"
    header = ["", "Children", "Of", "Share"]
    widths = [3.4, 1.0, 1.0, 1.0]
    if not profile.distance:
        why = profile.distance_note or "placement postcodes are not located yet"
        rows = [[text(label), text("Not yet available"), text(""), text("")]
                for label in DISTANCE_WORDS.values()]
        return [Table(caption, header, rows, sheet="Distance from home", widths=widths,
                      small=True),
                Paragraph(f"Not yet available: {why}.", "note")]
    rows = [[text(label), *_share(num, den, public)] for label, num, den in profile.distance]
    return [Table(caption, header, rows, sheet="Distance from home", widths=widths,
                  small=True)]


def _iha_table(profile: CohortProfile, public: bool) -> list[Block]:
    if not profile.iha:
        return [Paragraph("Initial health assessments by quarter: not available ("
                          f"{profile.iha_note or 'no health assessments file loaded'}).",
                          "note")]
    rows = []
    for start, end, on_time, started in profile.iha:
        if started is None:
            continue
        a, b, share = _share(on_time or 0, started, public)
        rows.append([text(f"{start:%b} to {end:%b %Y}"), b, a, share])
    return [Table("Initial health assessments within 20 working days, by quarter",
                  ["Quarter", "Came into care", "Assessed in 20 working days", "Share"], rows,
                  sheet="Health assessments", widths=[1.6, 1.4, 1.6, 0.8],
                  small=True)]
