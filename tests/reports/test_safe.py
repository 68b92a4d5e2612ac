"""Exports are safe to open: no text becomes a formula, and numbers stay numbers.

Every trigger character is tried in CSV and XLSX; the XLSX is read back with openpyxl,
which reports a formula cell as data_type 'f'.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carepanel.reports.disclosure import SUPPRESSED, Cell, suppress_table
from carepanel.reports.safe import (
    TRIGGERS,
    ExportError,
    csv_text,
    safe_text,
    write_csv,
    write_xlsx,
)

# The characters the security standard names (= + - @ tab CR NUL), each starting a payload.
NAMED = ["=", "+", "-", "@", "\t", "\r", "\0"]
PAYLOADS = [f"{c}HYPERLINK(\"http://evil.example\",\"click\")" for c in NAMED]


def read_xlsx(path: Path) -> dict[str, list[list[openpyxl.cell.Cell]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows()] for ws in wb}


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_safe_text_prefixes_every_trigger(payload: str) -> None:
    assert safe_text(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Foster care", "'=already quoted", "", " =x", "5", "a=b",
                                   -3, -2.5, 0, None, True])
def test_safe_text_leaves_everything_else_alone(value: object) -> None:
    """Numbers are never touched (a negative number stays a number), nor harmless text."""
    assert safe_text(value) is value


def test_full_width_look_alikes_are_prefixed_too() -> None:
    assert safe_text("＝1+1") == "'＝1+1"
    assert set(NAMED) <= TRIGGERS


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_round_trip_neutralises_every_trigger(tmp_path: Path, payload: str) -> None:
    path = tmp_path / "out.csv"
    write_csv(path, ["note", "change"], [[payload, -3], ["Foster care", -2.5]])
    # Excel reads a UTF-8 CSV correctly only with a byte-order mark.
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_csv(path) == [["note", "change"], ["'" + payload, "-3"],
                              ["Foster care", "-2.5"]]


def test_csv_header_cells_and_open_files_are_protected_too() -> None:
    text = csv_text(["=cmd", "ok"], [[None, SUPPRESSED], [Cell(4), dt.date(2025, 3, 31)]])
    assert list(csv.reader(io.StringIO(text))) == [["'=cmd", "ok"], ["", "c"],
                                                   ["4", "2025-03-31"]]
    buffer = io.StringIO(newline="")
    write_csv(buffer, ["a"], [["@SUM(A1)"]])
    assert buffer.getvalue().splitlines()[1] == "'@SUM(A1)"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xlsx_round_trip_neutralises_every_trigger(tmp_path: Path, payload: str) -> None:
    path = tmp_path / "out.xlsx"
    write_xlsx(path, {"Notes": (["note", "change"], [[payload, -3], ["Foster care", -2.5]])})
    cells = read_xlsx(path)["Notes"]
    assert [[c.data_type for c in row] for row in cells] == [["s", "s"], ["s", "n"],
                                                              ["s", "n"]]
    text = cells[1][0].value
    # XlsxWriter stores a carriage return or NUL in the escaped form Excel uses
    # (_x000D_, _x0000_); what matters is the leading apostrophe.
    assert text.startswith("'")
    assert text.endswith(payload[1:])
    assert (cells[1][1].value, cells[2][1].value) == (-3, -2.5)


def test_xlsx_sheets_are_real_tables_with_titles_and_number_formats(tmp_path: Path) -> None:
    path = tmp_path / "paper.xlsx"
    write_xlsx(path, {
        "Scorecard": (["Measure", "Value", "Date"],
                      [["+ new placements", 12.345, dt.date(2025, 3, 31)],
                       ["Adopted", SUPPRESSED, None]]),
        "Empty": (["Measure"], []),
    }, titles={"Scorecard": "=Scorecard to 31 March 2025"},
        number_formats={"Scorecard": {"Value": "0.0"}})
    wb = openpyxl.load_workbook(path)
    ws = wb["Scorecard"]
    assert (ws["A1"].value, ws["A1"].font.b) == ("'=Scorecard to 31 March 2025", True)
    # The table starts under the title: header row 2, data rows 3 and 4.
    assert {name: ref for name, ref in ws.tables.items()} == {"Table1": "A2:C4"}
    assert [c.value for c in ws[2]] == ["Measure", "Value", "Date"]
    assert (ws["A3"].value, ws["B3"].value, ws["B3"].number_format) == \
        ("'+ new placements", 12.345, "0.0")
    assert ws["C3"].value == dt.datetime(2025, 3, 31)
    assert ws["C3"].number_format == "dd/mm/yyyy"
    assert (ws["B4"].value, ws["B4"].data_type, ws["C4"].value) == ("c", "s", None)
    # An empty sheet is still a table: Excel needs one (empty) data row.
    assert dict(wb["Empty"].tables.items()) == {"Table2": "A1:A2"}


def test_xlsx_table_headers_are_made_acceptable_to_excel(tmp_path: Path) -> None:
    """Excel refuses a table with a blank or repeated header; XlsxWriter would drop the
    whole table with only a warning. A suppressed table's corner is blank by default."""
    t = suppress_table({"boys": [3, 10], "girls": [12, 20]}, ["foster", "home"])
    header, rows = t.header_and_rows()
    path = tmp_path / "t.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_xlsx(path, {"T": (header, rows), "D": (["a", "A", "-1"], [[1, 2, 3]])})
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["T"][1]] == ["Column 1", "foster", "home", "Total"]
    assert [c.value for c in wb["T"][2]] == ["boys", "c", "c", 13]
    assert [c.value for c in wb["D"][1]] == ["a", "A (2)", "'-1"]
    assert len(wb["D"].tables) == 1


def test_exports_refuse_values_they_cannot_hold_faithfully(tmp_path: Path) -> None:
    """NaN would become an error formula in XLSX and the text 'nan' in CSV."""
    with pytest.raises(ExportError, match="row 2 column 1"):
        csv_text(["x"], [[float("nan")]])
    with pytest.raises(ExportError, match="sheet 'S' row 2 column 'x'"):
        write_xlsx(tmp_path / "n.xlsx", {"S": (["x"], [[float("inf")]])})
    with pytest.raises(ValueError, match="2 cells for 1 columns"):
        write_xlsx(tmp_path / "r.xlsx", {"S": (["x"], [[1, 2]])})
    with pytest.raises(ValueError, match="columns it does not have"):
        write_xlsx(tmp_path / "f.xlsx", {"S": (["x"], [[1]])},
                   number_formats={"S": {"y": "0"}})
    with pytest.raises(ValueError, match="not written"):
        write_xlsx(tmp_path / "t.xlsx", {"S": (["x"], [[1]])}, titles={"Other": "t"})


# Any text a user could type (no lone surrogates, which no file can hold).
texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
starting_with_trigger = st.builds(lambda c, t: c + t, st.sampled_from(sorted(TRIGGERS)), texts)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(texts, starting_with_trigger), min_size=1, max_size=8),
       st.integers(-10**6, 10**6))
def test_no_text_ever_becomes_a_formula(tmp_path_factory: pytest.TempPathFactory,
                                        values: list[str], number: int) -> None:
    folder = tmp_path_factory.mktemp("h")
    rows = [[v, number] for v in values]
    write_xlsx(folder / "h.xlsx", {"S": (["text", "number"], rows)})
    write_csv(folder / "h.csv", ["text", "number"], rows)
    cells = read_xlsx(folder / "h.xlsx")["S"][1:]
    read_back = read_csv(folder / "h.csv")[1:]
    for value, (text_cell, number_cell), (csv_value, csv_number) in zip(
            values, cells, read_back, strict=True):
        assert text_cell.data_type != "f"
        assert number_cell.data_type == "n"
        assert number_cell.value == number
        assert csv_number == str(number)
        if value:
            assert text_cell.data_type == "s"
            if value[0] in TRIGGERS:
                assert text_cell.value.startswith("'")
                assert csv_value.startswith("'")
        # CSV keeps the text exactly (a lone \r inside a quoted field included).
        assert csv_value == safe_text(value)
