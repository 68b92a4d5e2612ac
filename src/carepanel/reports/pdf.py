"""A paper as a tagged PDF (PDF/UA-1), printed by WeasyPrint from the paper's HTML.

The PDF variant ``pdf/ua-1`` makes WeasyPrint write a structure tree (headings, tables
with header cells, figures with their alternative text, the document language and title),
so a screen reader can read the paper as it reads the HTML. Text is set in Liberation Sans
(install ``fonts-liberation``), which has Arial's metrics: the same paper breaks across
pages the same way on every machine.

WeasyPrint is given a URL fetcher that refuses everything except the ``data:`` URLs of
the embedded charts: a paper never reaches out to the network or the file system while it
is printed, whatever text ends up in it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from carepanel.reports import html
from carepanel.reports.model import Report

PDF_VARIANT = "pdf/ua-1"


def fetcher() -> object:
    """A URL fetcher that resolves ``data:`` URLs (the embedded charts) and nothing else."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


@cache
def printing() -> tuple[object, object]:
    """The font configuration and the paper's stylesheet, made once per process and shared
    by every paper it prints (a national run prints one per council: a tenth of each
    paper's time went on parsing the same stylesheet and fonts again)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return fonts, CSS(string=html.stylesheet(), font_config=fonts)


def lay_out(source: str, css: str | None = None) -> Any:
    """HTML laid out as pages (WeasyPrint's ``Document``) with the paper's stylesheet
    (and ``css`` after it), fetching nothing but ``data:`` URLs."""
    from weasyprint import CSS, HTML

    fonts, stylesheet = printing()
    extra = [] if css is None else [CSS(string=css, font_config=fonts)]
    return HTML(string=source, url_fetcher=fetcher()).render(
        stylesheets=[stylesheet, *extra], font_config=fonts, pdf_variant=PDF_VARIANT)


def write(document: Any) -> bytes:
    """Laid-out pages as a tagged PDF."""
    return bytes(document.write_pdf(pdf_variant=PDF_VARIANT))


def render(report: Report, *, in_parts: bool = False) -> bytes:
    """The paper as PDF bytes. ``in_parts``: printed in two halves on two processors at
    once where the paper is long enough (``pdf_parts``; the same paper, sooner), for a
    printer that has the machine to itself."""
    import logging

    # WeasyPrint logs every CSS property it does not support at WARNING; the paper's
    # stylesheet is known, so only errors are worth showing to a council officer.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    if in_parts:
        from carepanel.reports import pdf_parts

        try:
            bound = pdf_parts.render(report)
        except Exception as e:  # whatever went wrong there, the paper is printed whole:
            # the same paper, a second later. Only the kind of failure is logged (its
            # message could quote the paper).
            logging.getLogger(__name__).info("paper printed whole after %s",
                                             type(e).__name__)
            bound = None
        if bound is not None:
            return bound
    return write(lay_out(html.render(report, "pdf", inline_css=False)))


WARM_UP = """<!DOCTYPE html><html lang="en-GB"><body class="pdf"><h1>Warm</h1>
<p>Bold <strong>and</strong> plain, 12.3%</p>
<table class="data small"><thead><tr><th>No.</th></tr></thead><tbody><tr><td>1.1</td></tr>
</tbody></table><img alt="" src="data:image/svg+xml;base64,{svg}"></body></html>"""


def warm_up() -> None:
    """Print a one-page paper and throw it away: the fonts, the stylesheet and the
    printer's own first-use set-up (about half a second) are then ready for the real
    paper. A printer process does it while the figures are being computed."""
    import base64

    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text x="1" '
           b'y="8" font-size="8" font-weight="bold">1</text><polyline points="0,0 5,5" '
           b'stroke="#000"/></svg>')
    write(lay_out(WARM_UP.format(svg=base64.b64encode(svg).decode())))
