"""A Panel paper as plain data: built once, then rendered to HTML, PDF, Word and Excel.

Each paper (``scorecard``, ``progress``, ``annual``) is assembled into a :class:`Report`:
a cover, then numbered sections of headings, paragraphs, tables, charts and marked places
for text still to be written. The renderers (``html``, ``pdf``, ``docx``, ``xlsx``) only lay
this out; none of them computes, rounds or suppresses anything. That keeps the four files
of one paper saying exactly the same thing, and means disclosure control is applied in one
place (the builders, through ``carepanel.reports.disclosure``) before any renderer sees a
figure.

A table cell is a :class:`Value`: the text every document shows, plus the typed value a
spreadsheet stores (a number stays a number, a date a date; a suppressed figure is the text
``c`` and has no number at all).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from carepanel.reports.disclosure import Cell, rounded

RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "no rating": "No rating"}
DIRECTION_WORDS = {"improving": "Improving", "worse": "Worse", "same": "No change",
                   "not comparable": "Not comparable"}
SYMBOL_NOTES = {
    "c": "c: not shown to protect children's privacy (a number from 1 to 5, or a figure "
         "from which one could be worked out)",
    "x": "x: not available",
    "z": "z: not applicable (nobody to count)",
    "k": "k: not zero, but rounds to zero",
}


@dataclass(frozen=True)
class Value:
    """One table cell: ``text`` for documents, ``raw`` for spreadsheets.

    ``raw`` is a number or date (written as such in Excel) or None (the text is written).
    ``rag`` names a rating (green, amber, red, no rating) whose colour goes with the word;
    ``numeric`` right-aligns the cell; ``fmt`` is the Excel number format for ``raw``.
    """

    text: str
    raw: float | int | dt.date | None = None
    rag: str | None = None
    numeric: bool = False
    fmt: str | None = None
    strong: bool = False


def text(s: object, *, rag: str | None = None, strong: bool = False) -> Value:
    """A text cell (None shows as an empty cell)."""
    return Value("" if s is None else str(s), rag=rag, strong=strong)


def date_value(d: dt.date | None, empty: str = "") -> Value:
    """A date cell: '31 Mar 2025' in documents, a real date in spreadsheets."""
    if d is None:
        return Value(empty)
    return Value(long_date(d, short=True), raw=d, fmt="dd/mm/yyyy")


SYNTHETIC = "SYNTHETIC DATA: made up by carepanel, about no real child"

DECIMALS = {"percent": 1, "rate_per_10k": 1, "score": 1, "days": 0, "count": 0}
EXCEL_FORMATS = {0: "#,##0", 1: "#,##0.0"}
PERCENT_FORMATS = {0: "0%", 1: "0.0%"}


def figure(cell: Cell | float | int | None, unit: str, *, rag: str | None = None,
           missing: str | None = None) -> Value:
    """A figure rounded for reading (1 decimal place for percentages, rates and scores;
    whole numbers for counts and days), with its unit, and as a number for spreadsheets.

    A symbol (``c``, ``x``, ``z``, ``k``) is shown as itself and has no number. Rounding
    is done here, at the end, as the DfE does: values are carried unrounded until now.
    """
    decimals = DECIMALS.get(unit, 1)
    if not isinstance(cell, Cell):
        cell = Cell.of(cell)
    shown = rounded(cell, decimals)
    if shown.symbol is not None:
        word = missing if (shown.symbol == "x" and missing) else shown.symbol
        return Value(word, rag=rag, numeric=True)
    number = shown.value
    assert number is not None
    body = f"{number:,.{decimals}f}"
    if unit == "percent":
        # A spreadsheet holds a percentage as a share (26.1% is 0.261) with a % format, so
        # that it reads, sorts and adds up as a percentage.
        return Value(body + "%", raw=number / 100, rag=rag, numeric=True,
                     fmt=PERCENT_FORMATS[decimals])
    return Value(body, raw=number, rag=rag, numeric=True, fmt=EXCEL_FORMATS[decimals])


def count(n: Cell | int | None) -> Value:
    """A count of children (already suppressed when it is a Cell)."""
    return figure(n, "count")


def long_date(d: dt.date, *, short: bool = False) -> str:
    """31 March 2025 (or 31 Mar 2025), without a leading zero."""
    return f"{d.day} {d:%b %Y}" if short else f"{d.day} {d:%B %Y}"


def month_label(d: dt.date) -> str:
    """Mar 2025: how a period end heads a column."""
    return f"{d:%b %Y}"


def financial_year(d: dt.date) -> str:
    """The financial (and collection) year a date falls in: 31 March 2025 -> 2024/25."""
    start = d.year if d.month >= 4 else d.year - 1
    return f"{start}/{str(start + 1)[2:]}"


# How a paper names each kind of period (carepanel.cohorts.PERIODS, and "custom" for a
# period given by its first day).
PERIOD_WORDS = {"12-months": "the 12 months", "quarter": "the quarter",
                 "year-to-date": "the year to date"}


def period_phrase(kind: str, start: dt.date, end: dt.date) -> str:
    """'the 12 months 1 April 2024 to 31 March 2025', 'the quarter 1 April 2025 to 30 June
    2025', ...: what a figure covers, in the paper's words."""
    words = PERIOD_WORDS.get(kind)
    span = f"{long_date(start)} to {long_date(end)}"
    return f"{words} {span}" if words else f"the period {span}"


def period_to(kind: str, end: dt.date) -> str:
    """'the 12 months to 31 December 2024', 'the quarter to 31 December 2024', ...: a
    period named by its last day (the comparisons a scorecard makes)."""
    return f"{PERIOD_WORDS.get(kind, 'the period')} to {long_date(end)}"


def titled_with_period(title: str, kind: str) -> str:
    """A measure's title, saying its period when it is not the usual 12 months and the
    title does not already say so: readers compare every row as a rolling year otherwise."""
    says = {"quarter": ("quarter", " (in the quarter)"),
            "year-to-date": ("year to date", " (year to date)"),
            "custom": ("period", " (in the period)")}
    if kind not in says or says[kind][0] in title.lower():
        return title
    return title + says[kind][1]


def quarter_label(period_end: dt.date, kind: str = "12-months") -> str:
    """How a paper names its period: 'Quarter 1 2024/25' for a period ending on a quarter
    end (the quarter itself, the 12 months or the year to date to it: a Panel's papers
    are named by the quarter they report), else '12 months to 15 May 2025'."""
    quarters = {6: 1, 9: 2, 12: 3, 3: 4}
    next_day = period_end + dt.timedelta(days=1)
    if period_end.month in quarters and next_day.day == 1:
        return f"Quarter {quarters[period_end.month]} {financial_year(period_end)}"
    words = {"quarter": "Quarter", "year-to-date": "Year to date"}.get(kind, "12 months")
    return f"{words} to {long_date(period_end)}"


# ---------------------------------------------------------------------------------------
# Blocks


@dataclass
class Paragraph:
    """Running text. ``kind``: text, lead (larger), strong (bold: the head of a list),
    note (small print), warning (a problem the reader must see, e.g. commentary missing),
    placeholder (text still to be written: shown as ``[To be written: ...]`` and
    highlighted)."""

    text: str
    kind: str = "text"

    def __post_init__(self) -> None:
        if self.kind not in ("text", "lead", "note", "warning", "placeholder", "strong"):
            raise ValueError(f"unknown paragraph kind {self.kind!r}")


def placeholder(what: str) -> Paragraph:
    """A clearly marked place for text the council still has to write."""
    return Paragraph(f"[To be written: {what}]", "placeholder")


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    """A table with one header row. ``caption`` says what it shows (and is read out by
    screen readers); the first column holds row headers when ``row_headers``.

    ``sheet`` names the spreadsheet sheet it goes to: tables with the same sheet name and
    the same header are stacked into one sheet, each row starting with ``sheet_prefix``
    (e.g. the pledge a block of measures belongs to), under ``sheet_prefix_header``.
    ``widths`` are relative column widths for paged formats; ``total_row`` marks the last
    row as a total. A short table is kept on one page; ``split`` lets one break.
    """

    caption: str
    header: list[str]
    rows: list[list[Value]]
    sheet: str | None = None
    sheet_prefix: list[Value] = field(default_factory=list)
    sheet_prefix_header: list[str] = field(default_factory=list)
    row_headers: bool = True
    widths: list[float] | None = None
    total_row: bool = False
    small: bool = False
    show_caption: bool = True  # False: the caption is for screen readers only (it would
    # repeat the heading just above the table)
    split: bool = False  # may break across pages (its header repeats): a long table that
    # kept whole would leave half a page empty before it

    def __post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.header):
                raise ValueError(f"table {self.caption!r} row {i + 1} has {len(row)} cells "
                                 f"for {len(self.header)} columns")
        if self.widths is not None and len(self.widths) != len(self.header):
            raise ValueError(f"table {self.caption!r}: {len(self.widths)} widths for "
                             f"{len(self.header)} columns")


@dataclass(eq=False)
class Chart:
    """A chart with its text alternative and the numbers it plots in ``table``, shown
    beside it. ``draw(fmt)`` makes the picture, as SVG (for HTML and PDF) or PNG (for
    Word and Excel), the first time a renderer asks for that format."""

    title: str
    alt: str
    table: Table
    png_size: tuple[int, int]  # pixels, for placing it in a document or spreadsheet
    draw: Callable[[str], bytes]

    @cached_property
    def svg(self) -> bytes:
        return self.draw("svg")

    @cached_property
    def png(self) -> bytes:
        return self.draw("png")


@dataclass
class Group:
    """Small tables read side by side (two to a row in the paper; one after another in
    Word; each on its own sheet in Excel): a cohort profile's breakdowns."""

    tables: list[Table]


Block = Paragraph | Bullets | Table | Chart | Group


@dataclass
class Section:
    """A heading and what follows it. Level 1 sections are numbered; level 2 and 3 are
    subsections. ``landscape`` puts the section on landscape pages (wide tables)."""

    heading: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 1
    landscape: bool = False
    page_break: bool = False
    anchor: str = ""

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError("a section's level is 1, 2 or 3")
        if not self.anchor:
            self.anchor = slug(self.heading)


@dataclass
class Report:
    """A whole paper. ``cover`` is the list of (label, value) lines under the title;
    ``warnings`` are said on the command line as well as in the paper; ``extra_tables``
    go to the spreadsheet only; ``marking_text`` replaces the default protective marking.
    """

    kind: str
    title: str
    subtitle: str
    council: str
    panel: str
    public: bool
    cover: list[tuple[str, str]]
    sections: list[Section]
    file_stem: str
    generated: dt.date = field(default_factory=dt.date.today)
    warnings: list[str] = field(default_factory=list)
    language: str = "en-GB"
    extra_tables: list[Table] = field(default_factory=list)
    marking_text: str | None = None
    synthetic: bool = False  # made from synthetic data (the demo): every page says so

    @property
    def marking(self) -> str:
        """The protective marking printed on every page."""
        if self.marking_text:
            return self.marking_text
        if self.public:
            return "Public version: small numbers suppressed"
        return "OFFICIAL-SENSITIVE: not for publication (small numbers are not suppressed)"

    @property
    def notice(self) -> str:
        """What every page says above the marking: that the paper is made from synthetic
        data, when it is (else nothing)."""
        return SYNTHETIC if self.synthetic else ""

    def tables(self) -> list[Table]:
        """Every table in the paper, each chart's data table included, in order."""
        out: list[Table] = []
        for s in self.sections:
            for b in s.blocks:
                if isinstance(b, Table):
                    out.append(b)
                elif isinstance(b, Chart):
                    out.append(b.table)
                elif isinstance(b, Group):
                    out.extend(b.tables)
        return out

    def spreadsheet_tables(self) -> list[Table]:
        """The tables a spreadsheet carries: the paper's, then ``extra_tables`` (data the
        paper gives as prose, such as commentary in full)."""
        return self.tables() + list(self.extra_tables)

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def numbered(self) -> list[tuple[str, Section]]:
        """Sections with their numbers ("1", "1.2", ...) as the contents list shows them."""
        out: list[tuple[str, Section]] = []
        counters = [0, 0, 0]
        for s in self.sections:
            counters[s.level - 1] += 1
            for k in range(s.level, 3):
                counters[k] = 0
            out.append((".".join(str(c) for c in counters[:s.level]), s))
        return out


def slug(s: str) -> str:
    """An anchor for a heading: lower case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "section"


def join_words(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
