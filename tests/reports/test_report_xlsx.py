"""The Excel workbook: a real table on every sheet, numbers that stay numbers, and no cell
that a spreadsheet could run. Read back with openpyxl, as Excel would open it."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from carepanel.reports import xlsx
from carepanel.reports.model import Report, Section, Table, Value, text
from carepanel.reports.safe import TRIGGERS

from report_fixtures import HOSTILE_COMMENTARY, HOSTILE_TEXT, scorecard_paper, small_history


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_history(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def book(warehouse: Path) -> openpyxl.Workbook:
    report = scorecard_paper(warehouse, commentary=HOSTILE_COMMENTARY)
    return openpyxl.load_workbook(io.BytesIO(xlsx.render(report)))


def rows_of(ws: object) -> list[tuple]:
    """The sheet's table as header + rows (the title row above it left out)."""
    (_name, ref), = ws.tables.items()
    lo_col, lo_row, hi_col, hi_row = range_boundaries(ref)
    return [tuple(c.value for c in row)
            for row in ws.iter_rows(min_row=lo_row, max_row=hi_row, min_col=lo_col,
                                    max_col=hi_col)]


def test_every_sheet_is_one_real_table_covering_its_data(book: openpyxl.Workbook) -> None:
    # (no health assessments file in the small history: no table of them by quarter)
    assert book.sheetnames == ["About", "Summary", "Cohort profile", "Distance from home",
                               "Scorecard", "Where children are placed", "Trends",
                               "Red measures", "Definitions", "Commentary",
                               "Data quality by measure"]
    for ws in book.worksheets:
        assert len(ws.tables) == 1, ws.title
        (_, ref), = ws.tables.items()
        lo_col, lo_row, hi_col, hi_row = range_boundaries(ref)
        assert (lo_col, lo_row) == (1, 2)  # under the title row
        assert hi_row == ws.max_row and hi_col == ws.max_column  # nothing outside it


def test_scorecard_sheet_stacks_the_pledges_and_keeps_numbers_numeric(
        book: openpyxl.Workbook) -> None:
    ws = book["Scorecard"]
    header, *body = rows_of(ws)
    assert header[:7] == ("Pledge", "No.", "Measure", "Latest (Mar 2025)", "Children",
                          "Target", "RAG")
    assert [r[:8] for r in body] == [
        ("1", "1.1", "Children looked after at the end of the period", 4, None, "none",
         "No rating", "Not comparable"),
        ("3", "3.1", "Children looked after in foster care", 0.5, "2 of 4", 0.75, "Red",
         "Worse"),
        ("3", "3.13", "Foster households recruited", 17, None, 20, "Amber", "Improving")]
    # A percentage is a number formatted as a percentage (0.5 shown as 50.0%), not 50.
    value = ws.cell(row=4, column=4)  # 3.1's latest value
    assert value.data_type == "n" and value.number_format == "0.0%"
    assert ws.cell(row=4, column=7).fill.fgColor.rgb.endswith("F4CDC6")  # Red, tinted


def test_commentary_that_looks_like_a_formula_is_inert(book: openpyxl.Workbook) -> None:
    header, *body = rows_of(book["Commentary"])
    assert header == ("No.", "Measure", "RAG", "Latest", "Commentary", "Author", "Date")
    (row,) = body
    assert row[4] == "'" + HOSTILE_TEXT
    assert row[5] == "'@SUM(1+1)"
    for ws in book.worksheets:
        for cells in ws.iter_rows():
            for cell in cells:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert cell.value[0] not in TRIGGERS, (ws.title, cell.coordinate)


def test_trend_sheet_has_each_quarter_and_the_chart_picture(book: openpyxl.Workbook) -> None:
    ws = book["Trends"]
    header, *body = rows_of(ws)
    assert header[3:8] == ("Mar 2024", "Jun 2024", "Sep 2024", "Dec 2024", "Mar 2025")
    assert body[0][:8] == ("1", "1.1", "Children looked after at the end of the period",
                           2, 3, 3, 3, 4)
    assert len(ws._images) == 2  # one chart per pledge, beside the table


def test_public_workbook_writes_c_as_text_not_a_number(warehouse: Path) -> None:
    report = scorecard_paper(warehouse, public=True)
    book = openpyxl.load_workbook(io.BytesIO(xlsx.render(report)))
    _header, *body = rows_of(book["Scorecard"])
    assert body[0][3] == "c" and body[1][3] == "c"
    assert body[2][3] == 17
    about = dict(rows_of(book["About"])[1:])
    assert about["Marking"] == "Public version: small numbers suppressed"


def test_sheet_names_are_made_acceptable_to_excel() -> None:
    """No []:*?/\\, at most 31 characters, unique ignoring case."""
    taken: set[str] = set()
    first = xlsx.sheet_name("Pledge 3: Permanence/stability [and] safety?", taken)
    assert first == "Pledge 3 Permanence stability a"  # 31 characters
    again = xlsx.sheet_name("PLEDGE 3: Permanence/stability [and] safety?", taken)
    assert again == "PLEDGE 3 Permanence stabili (2)"
    assert xlsx.sheet_name("'quoted'", taken) == "quoted"


def test_a_value_that_is_not_finite_is_refused() -> None:
    from carepanel.reports.safe import ExportError

    report = Report("scorecard", "T", "S", "C", "P", False, [], [Section("S", [
        Table("Bad", ["a", "b"], [[text("x"), Value("nan", raw=float("nan"), numeric=True)]])
    ])], "t")
    with pytest.raises(ExportError, match="not a number a spreadsheet can hold"):
        xlsx.render(report)
