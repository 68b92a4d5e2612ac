"""The HTML paper: structure a screen reader can navigate, and text that can never run."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from carepanel.reports import html

from report_fixtures import HOSTILE_COMMENTARY, HOSTILE_TEXT, scorecard_paper, small_history


class Outline(HTMLParser):
    """Headings, tables (caption, header cells), images and scripts in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.tables: list[dict] = []
        self.images: list[dict[str, str | None]] = []
        self.scripts = 0
        self.lang: str | None = None
        self._in: list[str] = []
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "script":
            self.scripts += 1
        if tag == "table":
            self.tables.append({"caption": "", "th_col": 0, "thead": False})
        if tag == "thead" and self.tables:
            self.tables[-1]["thead"] = True
        if tag == "th" and a.get("scope") == "col" and self.tables:
            self.tables[-1]["th_col"] += 1
        if tag == "img":
            self.images.append(a)
        if tag in ("h1", "h2", "h3", "h4", "caption"):
            self._in.append(tag)
            self._text = ""

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag == self._in[-1]:
            self._in.pop()
            text = " ".join(self._text.split())
            if tag == "caption":
                self.tables[-1]["caption"] = text
            else:
                self.headings.append((tag, text))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_history(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def markup(warehouse: Path) -> str:
    return html.render(scorecard_paper(warehouse, commentary=HOSTILE_COMMENTARY))


def outline(markup: str) -> Outline:
    o = Outline()
    o.feed(markup)
    return o


def test_headings_follow_the_papers_outline(markup: str) -> None:
    o = outline(markup)
    assert o.lang == "en-GB"
    # the configuration's title, with the quarter
    assert o.headings[0] == ("h1", "Test Scorecard: Quarter 4 2024/25")
    h2 = [text for tag, text in o.headings if tag == "h2"]
    assert h2 == ["Contents", "1 Purpose of the report", "2 Recommendations", "3 Background",
                  "4 Key messages", "5 Children in our care", "6 The scorecard", "7 Trends",
                  "8 Measures rated Red", "9 Data quality", "10 Implications", "11 Contact",
                  "12 About this paper"]
    assert ("h3", "8.1 3.1 Children looked after in foster care") in o.headings


def test_every_table_has_a_caption_and_column_headers(markup: str) -> None:
    o = outline(markup)
    assert len(o.tables) >= 7
    for t in o.tables:
        assert t["caption"] and t["thead"] and t["th_col"] >= 2
    captions = [t["caption"] for t in o.tables]
    assert "Scorecard measures for pledge 3: Permanence, stability and safety" in captions
    assert "Figures plotted for pledge 3" in captions


def test_charts_have_text_alternatives_and_their_numbers_beside_them(markup: str) -> None:
    o = outline(markup)
    assert len(o.images) == 2  # one chart per pledge
    for img in o.images:
        assert img["alt"] and img["alt"].startswith("Line charts for Pledge")
        assert img["src"].startswith("data:image/svg+xml;base64,")  # self-contained
        svg = base64.b64decode(img["src"].split(",", 1)[1])
        assert svg.startswith(b"<?xml")
    # Each chart is followed by the table of what it plots.
    blocks = re.findall(r'<div class="chart-block">.*?</figure>\s*<div class="table-wrap[^>]*>'
                        r'\s*<table[^>]*>\s*<caption>([^<]*)</caption>', markup, re.S)
    assert blocks == ["Figures plotted for pledge 1", "Figures plotted for pledge 3"]


def test_rag_is_a_word_with_a_colour_never_a_colour_alone(markup: str) -> None:
    assert re.search(r'<span class="rag rag-red">Red</span>', markup)
    assert re.search(r'<span class="rag rag-amber">Amber</span>', markup)
    assert re.search(r'<span class="rag rag-no-rating">No rating</span>', markup)


def test_commentary_is_escaped_so_nothing_in_it_runs(markup: str) -> None:
    o = outline(markup)
    assert o.scripts == 0
    assert "<script>alert" not in markup and "<b>bold</b>" not in markup
    escaped = (HOSTILE_TEXT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .replace('"', "&#34;").replace("'", "&#39;"))
    assert escaped in markup
    assert "Commentary by @SUM(1+1) on 10 April 2025." in markup


def test_commentary_missing_is_shown_as_a_warning(warehouse: Path) -> None:
    markup = html.render(scorecard_paper(warehouse))
    assert ('<p class="warning"><strong>Commentary missing: no commentary has been given '
            'for this measure for this period.</strong></p>') in markup
    public = html.render(scorecard_paper(warehouse, public=True))
    assert 'class="warning"' not in public  # a public paper carries no warning


def test_public_page_shows_c_and_says_what_it_means(warehouse: Path) -> None:
    markup = html.render(scorecard_paper(warehouse, public=True))
    assert "Public version: small numbers suppressed" in markup
    assert "c: not shown to protect children&#39;s privacy" in markup
    assert '<td class="num">c</td>' in markup


def test_no_table_overflows_its_box_on_a_1280_pixel_screen(tmp_path: Path,
                                                          chromium: Path) -> None:
    """The synthetic council's paper in Chromium at 1280 x 900: every chart's table sits
    under its chart at full width (beside it, nine columns overflowed), and nothing is
    wider than the page."""
    from playwright.sync_api import sync_playwright

    from report_fixtures import synthetic_papers

    page_file = tmp_path / "paper.html"
    page_file.write_text(html.render(synthetic_papers(False)[0]), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_file.as_uri())
            overflowing = page.evaluate(
                "() => [...document.querySelectorAll('.table-wrap')]"
                ".filter(e => e.scrollWidth > e.clientWidth + 1)"
                ".map(e => e.getAttribute('aria-label'))")
            wide = page.evaluate("document.documentElement.scrollWidth")
        finally:
            browser.close()
    assert overflowing == []
    assert wide <= 1280
