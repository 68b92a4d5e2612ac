"""Streaming an XLSX workbook's sheets: cells as a council sees them, and every workbook a
return cannot be (bombs, damage, formulas never calculated) refused with one clear line."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from carepanel.ssda903.findings import Finding, Unreadable
from carepanel.ssda903.sheets import Sheet, read_sheets

from corpus import Formula, letters, replace_in, xlsx_bytes, zip_bytes

HEADER = ["CHILD", "DOB", "SDQ_SCORE"]


def write(tmp_path: Path, data: bytes, name: str = "ssda903.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read(path: Path) -> list[tuple[Sheet, list[tuple[int, list[str]]]]]:
    out = []
    for sheet in read_sheets(path, lambda finding: None):
        out.append((sheet, list(sheet.rows)))
    return out


def refused(path: Path) -> Finding:
    with pytest.raises(Unreadable) as e:
        read(path)
    message = str(e.value)
    assert "\n" not in message and message.isprintable() and message.startswith(str(path))
    return e.value.finding


def test_cells_print_as_a_council_sees_them(tmp_path: Path) -> None:
    path = write(tmp_path, xlsx_bytes([("OC2", [
        HEADER,
        [101, dt.date(2015, 6, 1), 12.0],
        ["0102", dt.date(1900, 3, 1), 2.5],
        [True, "_x000D_x", Formula("A2+1", "102")],
    ])]))
    [(sheet, rows)] = read(path)
    assert (sheet.source, sheet.header, sheet.header_row) == (f"{path}[OC2]", HEADER, 1)
    assert rows == [(2, ["101", "01/06/2015", "12"]), (3, ["0102", "01/03/1900", "2.5"]),
                    (4, ["TRUE", "\rx", "102"])]


def test_dates_in_the_1904_system_and_numbers_with_leading_zeros(tmp_path: Path) -> None:
    def zero_padded(parts: dict[str, bytes]) -> None:
        replace_in("xl/styles.xml", "</numFmts>",
                   '<numFmt numFmtId="165" formatCode="00000000"/></numFmts>')(parts)
        replace_in("xl/styles.xml", "</cellXfs>", '<xf numFmtId="165"/></cellXfs>')(parts)
        replace_in("xl/worksheets/sheet1.xml", '<c r="A2">', '<c r="A2" s="2">')(parts)
    path = write(tmp_path, xlsx_bytes([("Header", [["CHILD", "DOB"],
                                                   [1234, dt.date(2015, 6, 1)]])],
                                      date1904=True, change=zero_padded))
    [(_, rows)] = read(path)
    assert rows == [(2, ["00001234", "01/06/2015"])]


def test_inline_strings_rich_text_and_sheets_without_references(tmp_path: Path) -> None:
    rows = [["CHILD", "DOB"], ["A1", None], [None, "x"]]
    for options in ({"shared": False}, {"refs": False}, {"prefix": "x"}):
        path = write(tmp_path, xlsx_bytes([("T", rows)], **options))
        assert read(path)[0][1] == [(2, ["A1", ""]), (3, ["", "x"])], options
    rich = replace_in("xl/sharedStrings.xml", '<si><t xml:space="preserve">CHILD</t></si>',
                      "<si><r><t>CH</t></r><r><t>ILD</t></r><rPh><t>x</t></rPh></si>")
    path = write(tmp_path, xlsx_bytes([("T", rows)], change=rich))
    assert read(path)[0][0].header == ["CHILD", "DOB"]


def test_one_sheet_per_non_empty_worksheet_blank_rows_counted(tmp_path: Path) -> None:
    path = write(tmp_path, xlsx_bytes([
        ("Empty", []),
        ("Header", [[], ["CHILD", "SEX", None], ["101", "1"], [], ["102", None, None], [],
                    [None, None]]),
        ("Blank cells", [[None, "", None]]),
        ("Episodes", [["CHILD", "DECOM"], ["101", dt.date(2023, 5, 1)]]),
    ]))
    sheets = read(path)
    assert [s.source for s, _ in sheets] == [f"{path}[Header]", f"{path}[Episodes]"]
    header, rows = sheets[0]
    assert (header.header, header.header_row) == (["CHILD", "SEX"], 2)
    assert rows == [(3, ["101", "1"]), (5, ["102", ""])]  # short rows padded


def test_a_workbook_with_nothing_in_it_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, xlsx_bytes([("Sheet1", []), ("Sheet2", [[None, ""]])]))
    assert str(refused(path)) == f"{path}: the workbook is empty: none of its sheets holds a value"


def test_the_declared_size_of_a_sheet_is_never_used(tmp_path: Path) -> None:
    # A 1.6 kB workbook declaring A1:XFD3000 once exhausted memory: a reader that pads every
    # row to the declared width makes 49 million cells.
    path = write(tmp_path, xlsx_bytes([("T", [["CHILD", "DOB"], ["1", "2"]])],
                                      dimension="A1:XFD1048576"))
    assert read(path)[0][1] == [(2, ["1", "2"])]


def test_a_formula_never_calculated_is_refused_naming_the_cell(tmp_path: Path) -> None:
    path = write(tmp_path, xlsx_bytes([("Header", [["CHILD", "DOB"],
                                                   ["101", Formula("TODAY()", None)]])]))
    assert str(refused(path)) == (f"{path}[Header], row 2, column B: cell B2 holds a formula "
                                  "with no saved value: open the workbook in Excel and save it")


def test_a_bad_shared_string_is_refused_naming_the_cell(tmp_path: Path) -> None:
    bad = replace_in("xl/worksheets/sheet1.xml", '<c r="A2" t="s"><v>2</v>',
                     '<c r="A2" t="s"><v>70000</v>')
    path = write(tmp_path, xlsx_bytes([("Header", [["CHILD", "DOB"], ["101", "x"]])],
                                      change=bad))
    assert str(refused(path)) == (
        f"{path}[Header], row 2, column A: cell A2 refers to shared string 70000, but the "
        "workbook holds 4: the workbook is damaged; open it in Excel and save it again")


def test_a_malformed_sheet_names_the_sheet(tmp_path: Path) -> None:
    broken = replace_in("xl/worksheets/sheet1.xml", "</row>", "")
    path = write(tmp_path, xlsx_bytes([("Header", [["CHILD"], ["101"]])], change=broken))
    assert str(refused(path)) == (f"{path}[Header]: the sheet is damaged: its XML is broken "
                                  "near line 2 (mismatched tag); open it in Excel and save it "
                                  "again")


def test_values_beyond_the_header_and_headers_too_wide_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, xlsx_bytes([("T", [["CHILD", "DOB"], ["1", "2", None, "note"]])]))
    assert str(refused(path)) == (f"{path}[T], row 2, column D: cell D2 holds a value beyond "
                                  "the 2 columns the header names")
    wide = write(tmp_path, xlsx_bytes([("T", [[f"C{i}" for i in range(70)]])]), "wide.xlsx")
    assert str(refused(wide)) == (f"{wide}[T], row 1, column {letters(69)}: the header runs to "
                                  f"column {letters(69)} (70 columns): no table of a return "
                                  "has more than 64")


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
                                  "xl/workbook.xml", "xl/styles.xml"])
def test_xml_entities_are_refused_in_every_part(tmp_path: Path, part: str) -> None:
    def laughs(parts: dict[str, bytes]) -> None:
        declaration, body = parts[part].decode().split("\n", 1)
        parts[part] = (f'{declaration}\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                       f'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n{body}').encode()
    path = write(tmp_path, xlsx_bytes([("T", [["CHILD"], ["1"]])], change=laughs))
    assert refused(path).message.endswith("declares XML entities (a DTD), which Excel never "
                                          "writes: refused as unsafe")


def test_zip_bombs_are_refused_from_the_zip_directory(tmp_path: Path) -> None:
    rows = "<row><c><v>1</v></c></row>" * 200_000
    bomb = replace_in("xl/worksheets/sheet1.xml", "</sheetData>", rows + "</sheetData>")
    path = write(tmp_path, xlsx_bytes([("T", [["CHILD"]])], change=bomb))
    finding = refused(path)
    assert finding.message.startswith("the part xl/worksheets/sheet1.xml unpacks from ")
    assert finding.message.endswith("more than 100 times: a zip bomb, not a return")
    many = write(tmp_path, zip_bytes({f"x{i}.xml": b"" for i in range(1001)}), "many.xlsx")
    assert refused(many).message.startswith("the workbook holds 1001 parts")
    packed = write(tmp_path, xlsx_bytes([("T", [["CHILD"]])], compression=zipfile.ZIP_BZIP2),
                   "bz2.xlsx")
    assert "is compressed in a way Excel never uses" in refused(packed).message


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"CHILD,DOB\n101,01/01/2015\n", "a CSV text file named .xlsx: name it .csv"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "EncryptionInfo".encode("utf-16-le"),
     "the workbook is password-protected: remove the password (File, Info, Protect Workbook) "
     "and save it again"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
     "an Excel 97-2003 workbook (.xls) named .xlsx: save it as Excel Workbook (.xlsx)"),
    (b"PK\x03\x04" + bytes(40), "the workbook is damaged (not a complete zip archive; was it "
     "cut short?): open it in Excel and save it again"),
    (zip_bytes({"word/document.xml": b"<w/>"}), "a zip file but not an XLSX workbook: it holds "
     "no workbook (a Word or other file renamed?)"),
])
def test_files_that_are_not_workbooks_say_what_they_are(tmp_path: Path, data: bytes,
                                                         message: str) -> None:
    assert refused(write(tmp_path, data)).message == message


def test_a_damaged_part_is_refused_not_unpacked_past_its_size(tmp_path: Path) -> None:
    data = bytearray(xlsx_bytes([("T", [["CHILD"], *[[str(i)] for i in range(2000)]])]))
    start = data.index(b"xl/worksheets/sheet1.xml") + 40
    data[start:start + 32] = bytes(b ^ 0x5A for b in data[start:start + 32])
    assert refused(write(tmp_path, bytes(data))).message == (
        "the sheet cannot be unpacked: the workbook is damaged; open it in Excel and save it "
        "again")


def test_memory_does_not_grow_with_the_sheet(tmp_path: Path) -> None:
    def workbook(rows: int) -> Path:
        body = [["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE"]] + [
            [str(10_000_000 + i), dt.date(2024, 1, 1) + dt.timedelta(days=i % 300), "S", "C2",
             "N1", f"U{i % 6 + 1}"] for i in range(rows)]
        return write(tmp_path, xlsx_bytes([("Episodes", body)], shared=False), f"{rows}.xlsx")

    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from carepanel.ssda903.sheets import read_sheets\n"
        "rows = sum(1 for s in read_sheets(Path(sys.argv[1]), print) for _ in s.rows)\n"
        "peak = int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])\n"
        "print(json.dumps([rows, peak]))\n")

    def peak(path: Path) -> tuple[int, int]:
        out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                             text=True, check=True).stdout
        return tuple(json.loads(out))  # type: ignore[return-value]

    small, large = peak(workbook(10)), peak(workbook(60_000))  # VmHWM: the child's own
    assert (small[0], large[0]) == (10, 60_000)
    assert large[1] - small[1] < 10_000  # kB, for a sheet of about 10 MB unpacked
