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

from carepanel.reports import html
from carepanel.reports.model import Report

PDF_VARIANT = "pdf/ua-1"


def _fetcher() -> object:
    """A URL fetcher that resolves ``data:`` URLs (the embedded charts) and nothing else."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


@cache
def _printing() -> tuple[object, object]:
    """The font configuration and the paper's stylesheet, made once per process and shared
    by every paper it prints (a national run prints one per council: a tenth of each
    paper's time went on parsing the same stylesheet and fonts again)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return fonts, CSS(string=html.stylesheet(), font_config=fonts)


def render(report: Report) -> bytes:
    """The paper as PDF bytes."""
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every CSS property it does not support at WARNING; the paper's
    # stylesheet is known, so only errors are worth showing to a council officer.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fonts, css = _printing()
    document = HTML(string=html.render(report, "pdf", inline_css=False),
                    url_fetcher=_fetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT, stylesheets=[css], font_config=fonts)
