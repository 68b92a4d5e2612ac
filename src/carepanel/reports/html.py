"""A paper as one self-contained HTML file (styles and charts inside it), and the HTML the
PDF is printed from.

Jinja2 with autoescaping renders ``templates/report.html.j2``: every piece of text that
came from a file or the warehouse (commentary, measure titles, council names, strategy
actions) is escaped, so a commentary containing ``<script>`` shows as text and runs
nothing. Charts are embedded as SVG data URIs in ``<img>`` elements with their text
alternative in ``alt``; each is followed by the table of its numbers.
"""

from __future__ import annotations

import base64
from functools import cache
from importlib import resources

from carepanel.reports.model import Report, Section, Table, long_date

TARGETS = ("screen", "pdf")


@cache
def _environment() -> object:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("carepanel.reports", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=False,
        lstrip_blocks=False)


@cache
def stylesheet() -> str:
    return (resources.files("carepanel.reports") / "templates" / "report.css").read_text(
        encoding="utf-8")


def _percentages(widths: list[float]) -> list[str]:
    total = sum(widths)
    return [f"{100 * w / total:.1f}" for w in widths]


def _numeric_columns(t: Table) -> list[bool]:
    """A column is right-aligned when every non-empty cell in it is a figure."""
    out = []
    for j in range(len(t.header)):
        cells = [row[j] for row in t.rows if row[j].text]
        out.append(bool(cells) and all(c.numeric for c in cells))
    return out


def anchor(number: str, s: Section) -> str:
    """A unique id per section ("s2-3-pledge-3-permanence..."): headings repeat across
    sections (each pledge has a scorecard table and a chart)."""
    return f"s{number.replace('.', '-')}-{s.anchor}"[:80]


def render(report: Report, target: str = "screen", *, inline_css: bool = True,
           part: object = None) -> str:
    """The paper as HTML. ``target`` "pdf" adds the print layout (page size, running
    heads, page numbers, landscape pages for wide tables) that WeasyPrint uses.
    ``inline_css`` False leaves the stylesheet out, for a printer given it already.
    ``part`` (a ``pdf_parts.Part``) makes the HTML of one part of a PDF printed in parts."""
    if target not in TARGETS:
        raise ValueError(f"target must be one of {', '.join(TARGETS)}")
    template = _environment().get_template("report.html.j2")  # type: ignore[attr-defined]
    return template.render(
        r=report, target=target, css=stylesheet() if inline_css else "", part=part,
        generated=long_date(report.generated),
        kind=lambda b: type(b).__name__, b64=lambda data: base64.b64encode(data).decode(),
        percentages=_percentages, numeric_columns=_numeric_columns, anchor=anchor)
