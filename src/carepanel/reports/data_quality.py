"""The papers' "Data quality" section: how far the figures rest on rows with data errors.

A return is loaded even when some of its values are bad (each is null in the history, and
a finding of severity ``error``), so that the Panel gets its figures every quarter. The
section tells the Panel what that means for reading them: how many errors the returns that
cover the period hold and how many children they touch, which measures rest most on rows
with errors, and how to read those measures. The counts come from the scorecard
(``carepanel.scorecard.build``, through ``carepanel.indicators.data_quality``); none names
a child. In a public paper every count of children (and the errors and rows, which bound
it) goes through disclosure control: 1 to 5 is ``c``, and a share is ``c`` when the
children with errors, the children in the measure or the children without errors are.
"""

from __future__ import annotations

import warnings

from carepanel.indicators.data_quality import MeasureDataQuality, PeriodDataQuality
from carepanel.reports.disclosure import (
    Cell,
    LowThresholdWarning,
    publish_figure,
    suppress_count,
)
from carepanel.reports.model import (
    Block,
    Paragraph,
    Section,
    Table,
    Value,
    figure,
    join_words,
    long_date,
    text,
    titled_with_period,
)
from carepanel.scorecard.build import MeasureResult, Scorecard

MOST = 10
"""How many measures the paper's table lists (the spreadsheet lists every one)."""

HEADER = ["No.", "Measure", "Children in the measure", "With data errors",
          "Share with errors"]
WIDTHS = [0.7, 5.0, 1.4, 1.4, 1.4]

MEANING = (
    "What this means for reading the figures: a value with an error is treated as not "
    "recorded until the council corrects it. A child with a bad placement code, for "
    "example, is still counted as looked after but in no placement type, and a row whose "
    "key is bad (the child's identifier, an episode's start date) cannot be used at all, "
    "so a figure may count a child in the wrong group or miss them. The more of a "
    "measure's children have errors, the more its figure could move once they are "
    "corrected: read such figures with care. Figures entered by hand (manual measures) are "
    "not covered. The performance team lists every error with carepanel findings, and a "
    "corrected return replaces these figures when it is loaded.")


def _count(n: int, public: bool) -> Cell:
    return suppress_count(n) if public else Cell(n)


def _words(n: Cell, one: str, many: str) -> str:
    """'80 data errors', '1 data error', 'c data errors' (a hidden number reads as many)."""
    shown = figure(n, "count").text
    return f"{shown} {one if n.value == 1 else many}"


def _returns_words(q: PeriodDataQuality) -> str:
    """'the SSDA903 return to 31 March 2025 and the local files to 31 March 2025'."""
    names = []
    for r in q.returns:
        if r.kind == "ssda903":
            what = ("the SSDA903 return" if (r.reference_date.month, r.reference_date.day)
                    == (3, 31) else "the SSDA903 extract")
        else:
            what = "the local files"
        names.append(f"{what} to {long_date(r.reference_date)}")
    return join_words(names) or "no return"


def _row(r: MeasureResult, dq: MeasureDataQuality, public: bool) -> list[Value]:
    share = dq.share
    if public:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LowThresholdWarning)
            pub = publish_figure({"unit": "percent", "numerator": dq.children_with_errors,
                                  "denominator": dq.children, "value": share})
        children, with_errors, share_cell = pub.denominator, pub.numerator, pub.value
    else:
        children, with_errors = Cell(dq.children), Cell(dq.children_with_errors)
        share_cell = Cell.of(share)
    return [text(r.measure.number), text(titled_with_period(r.measure.title, r.period)),
            figure(children, "count"),
            figure(with_errors, "count"), figure(share_cell, "percent")]


def _ranked(card: Scorecard) -> list[tuple[MeasureResult, MeasureDataQuality]]:
    """Measures whose children have data errors, the largest share first (then in
    scorecard order)."""
    order = {r.measure.number: k for k, r in enumerate(card.measures)}
    found = [(r, r.data_quality) for r in card.measures
             if r.data_quality is not None and r.data_quality.children_with_errors]
    return sorted(found, key=lambda x: (-(x[1].share or 0), order[x[0].measure.number]))


def measure_table(card: Scorecard, public: bool) -> Table:
    """Every measure computed from the returns, with its children and those with data
    errors: for the spreadsheet."""
    rows = [_row(r, r.data_quality, public) for r in card.measures
            if r.data_quality is not None]
    return Table("Data quality by measure", HEADER, rows, sheet="Data quality by measure",
                 widths=WIDTHS, small=True)


def section(card: Scorecard, public: bool, *, level: int = 1,
            period: str = "this period") -> Section:
    """The short "Data quality" section (``level`` 2 inside another section)."""
    q = card.data_quality
    if q is None:
        return Section("Data quality", [Paragraph(
            "How far these figures rest on rows with data errors was not recorded when they "
            "were computed: compute them again to see it.", "note")], level=level)
    if not q.errors:
        return Section("Data quality", [Paragraph(
            f"The returns that cover {period} ({_returns_words(q)}) hold no data errors: "
            "every value was valid for its year.")], level=level)
    errors, rows, children = (_count(n, public) for n in (q.errors, q.rows, q.children))
    blocks: list[Block] = [Paragraph(
        f"The returns that cover {period} ({_returns_words(q)}) hold "
        f"{_words(errors, 'data error', 'data errors')} in {_words(rows, 'row', 'rows')}, "
        f"for {_words(children, 'child', 'children')}: values that were not valid for "
        "their year, such as a code not in the year's list or a date that is not a date. "
        "The returns were loaded all the same, so that the Panel has its figures.")]
    ranked = _ranked(card)
    if ranked:
        shown = ranked[:MOST]
        more = len(ranked) - len(shown)
        blocks.append(Paragraph(
            "The measures resting most on rows with errors: of the children each figure "
            "counts, how many have at least one data error." +
            (f" {more} more measure{'s' if more != 1 else ''} rest on fewer; the "
             "spreadsheet version lists every measure." if more else "")))
        blocks.append(Table("Measures resting most on rows with data errors", HEADER,
                            [_row(r, dq, public) for r, dq in shown],
                            sheet="Data quality", widths=WIDTHS, small=True))
    else:
        blocks.append(Paragraph("None of the children counted in the scorecard's measures "
                                "has a data error."))
    blocks.append(Paragraph(MEANING))
    return Section("Data quality", blocks, level=level)


def summary_line(card: Scorecard) -> Paragraph | None:
    """One line for a paper's summary when any measure rests on rows with errors."""
    n = len(_ranked(card))
    if not n:
        return None
    return Paragraph(f"{n} measure{'s' if n != 1 else ''} rest{'s' if n == 1 else ''} partly "
                     "on rows with data errors: see Data quality.")
