"""The Word paper: real headings, header rows that repeat, pictures with alt text, and
commentary that stays text. Read back with python-docx and the document's XML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from carepanel.reports import docx as docx_report

from report_fixtures import HOSTILE_COMMENTARY, HOSTILE_TEXT, scorecard_paper, small_history


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    warehouse = small_history(tmp_path_factory.mktemp("history"))
    return docx_report.render(scorecard_paper(warehouse, commentary=HOSTILE_COMMENTARY))


@pytest.fixture(scope="module")
def document(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_headings_use_words_heading_styles(document: docx.document.Document) -> None:
    styled = [(p.style.name, p.text) for p in document.paragraphs
              if p.style.name.startswith(("Heading", "Title"))]
    assert styled[0] == ("Title", "Test Scorecard: Quarter 4 2024/25")
    assert [text for style, text in styled if style == "Heading 1"] == [
        "1 Purpose of the report", "2 Recommendations", "3 Background", "4 Key messages",
        "5 Children in our care", "6 The scorecard", "7 Trends", "8 Measures rated Red",
        "9 Data quality", "10 Implications", "11 Contact", "12 About this paper"]
    assert ("Heading 2", "6.2 Pledge 3: Permanence, stability and safety") in styled
    assert document.core_properties.title == "Test Scorecard: Quarter 4 2024/25: Council 883"
    assert document.core_properties.language == "en-GB"


def test_every_data_table_has_a_repeating_header_row_and_a_title(
        document: docx.document.Document) -> None:
    data_tables = document.tables[1:]  # the first is the cover's list of facts
    assert len(data_tables) >= 7
    for table in data_tables:
        first_row = table.rows[0]._tr
        assert first_row.trPr is not None
        header = first_row.trPr.find(qn("w:tblHeader"))
        assert header is not None and header.get(qn("w:val")) == "true"
        assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
        assert all(run.bold for cell in table.rows[0].cells
                   for run in cell.paragraphs[0].runs)
    scorecard = next(t for t in data_tables if t.cell(1, 0).text == "3.1")
    assert [c.text for c in scorecard.rows[0].cells][:6] == [
        "No.", "Measure", "Latest (Mar 2025)", "Children", "Target", "RAG"]
    assert [c.text for c in scorecard.rows[1].cells][:6] == [
        "3.1", "Children looked after in foster care", "50.0%", "2 of 4", "75.0%", "Red"]


def test_charts_are_pictures_with_alt_text(document: docx.document.Document) -> None:
    shapes = list(document.inline_shapes)
    assert len(shapes) == 2
    for shape in shapes:
        described = shape._inline.docPr.get("descr")
        assert described.startswith("Line charts for Pledge")
        assert shape._inline.docPr.get("title").startswith("Chart: Pledge")


def test_wide_sections_are_on_landscape_pages(document: docx.document.Document) -> None:
    from docx.enum.section import WD_ORIENT

    orientations = [s.orientation for s in document.sections]
    assert orientations[0] == WD_ORIENT.PORTRAIT
    assert WD_ORIENT.LANDSCAPE in orientations


def test_commentary_stays_literal_text(data: bytes, document: docx.document.Document) -> None:
    assert any(p.text == HOSTILE_TEXT for p in document.paragraphs)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    assert "w:fldSimple" not in xml and "w:instrText" not in xml  # no field codes


def test_placeholders_are_highlighted(tmp_path: Path) -> None:
    from carepanel.reports.model import Report, Section, placeholder

    report = Report("annual", "Annual report", "Draft", "Council", "Panel", False, [],
                    [Section("Message from the Chair", [placeholder("a message")])], "x")
    document = docx.Document(io.BytesIO(docx_report.render(report)))
    run = next(p for p in document.paragraphs
               if p.text == "[To be written: a message]").runs[0]
    assert run.font.highlight_color is not None and run.italic


def test_every_page_is_numbered_and_the_paper_is_dated_today(
        document: docx.document.Document) -> None:
    """Word fills in PAGE and NUMPAGES fields in the footer; the document's dates are the
    day it was made, not the template's (2013)."""
    import datetime as dt

    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert document.core_properties.created.date() == dt.date.today()
    assert document.core_properties.modified.date() == dt.date.today()
