"""Streaming a CSV file's rows: numbered as Excel numbers them, every value as written, and
every structural fault refused with one line naming the file, row and column."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from carepanel.ssda903.findings import Finding, Unreadable
from carepanel.ssda903.sheets import Sheet, read_sheets, shown_header_name
from carepanel.ssda903.sources import shown

EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE," \
           "HOME_POST,PL_POST,URN"
ROW = "101,01/05/2023,S,C2,N1,U4,PR1,,,,,,"


def write(tmp_path: Path, data: bytes | str, name: str = "episodes.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def read(path: Path) -> tuple[Sheet, list[tuple[int, list[str]]], list[Finding]]:
    """The file's one sheet, all its rows, and the warnings given while reading."""
    warnings: list[Finding] = []
    [sheet] = list(read_sheets(path, warnings.append))
    return sheet, list(sheet.rows), warnings


def refused(path: Path) -> Finding:
    """The refusal reading ``path`` gives, before or during its rows."""
    with pytest.raises(Unreadable) as e:
        for sheet in read_sheets(path, lambda finding: None):
            list(sheet.rows)
    message = str(e.value)
    assert "\n" not in message and message.isprintable()
    assert message.startswith(shown(path))
    return e.value.finding


def test_rows_are_numbered_as_excel_shows_them(tmp_path: Path) -> None:
    # A blank line is a row; a quoted value holding a line break is one row; LF, CR LF and
    # CR alone all end a row.
    path = write(tmp_path, 'A,B,C\n1,2,3\n\n4,"five\nlines",6\r\n7,8,9\r10,11,12')
    sheet, rows, warnings = read(path)
    assert (sheet.source, sheet.header, sheet.header_row) == (str(path), ["A", "B", "C"], 1)
    assert rows == [(2, ["1", "2", "3"]), (4, ["4", "five\nlines", "6"]), (5, ["7", "8", "9"]),
                    (6, ["10", "11", "12"])]
    assert warnings == []


def test_values_are_handed_on_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, '\ufeff CHILD ,B\n" 101 ",  \n"say ""hi""",\x1b[31m\n')
    sheet, rows, _ = read(path)
    assert sheet.header == [" CHILD ", "B"]  # the BOM that marks UTF-8 is not part of it
    assert rows == [(2, [" 101 ", "  "]), (3, ['say "hi"', "\x1b[31m"])]


def test_blank_rows_are_skipped_and_leading_blank_lines_move_the_header(tmp_path: Path) -> None:
    sheet, rows, _ = read(write(tmp_path, "\n\nA,B\n,\n  , \n1,2\n"))
    assert (sheet.header, sheet.header_row) == (["A", "B"], 3)
    assert rows == [(6, ["1", "2"])]


def test_a_header_alone_is_a_table_with_no_rows(tmp_path: Path) -> None:
    sheet, rows, _ = read(write(tmp_path, EPISODES + "\n"))
    assert len(sheet.header) == 13 and rows == []


def test_a_row_with_too_few_values_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, f"{EPISODES}\n{ROW}\n{ROW}\n101,01/06/2023,P,C2,N1,U4,PR1,,,,,\n")
    assert str(refused(path)) == (f"{path}, row 4: the row has 12 values but the header names "
                                  "13 columns")


def test_a_row_with_too_many_values_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "A,B,C\n1,2,3\n4,5,6,7\n")
    assert str(refused(path)) == (f"{path}, row 3, column 4: the row has 4 values but the "
                                  "header names 3 columns")


def test_empty_values_after_the_last_column_are_dropped_only_as_excel_leaves_them(
        tmp_path: Path) -> None:
    # Excel leaves as many empty values in every row as in the header.
    _, rows, _ = read(write(tmp_path, "A,B,C,,\n1,2,3,,\n4,5,6,\n7,8,9\n"))
    assert rows == [(2, ["1", "2", "3"]), (3, ["4", "5", "6"]), (4, ["7", "8", "9"])]
    # An empty value the header does not have may be a value shifted right: refused.
    path = write(tmp_path, "A,B,C\n1,,2,3\n", "shifted.csv")
    assert str(refused(path)) == (f"{path}, row 2, column 4: the row has 4 values but the "
                                  "header names 3 columns")
    path = write(tmp_path, "A,B,C,,\n1,2,3,,note\n", "note.csv")
    assert refused(path).column == "5"


def test_a_quote_never_closed_names_the_row_where_it_opened(tmp_path: Path) -> None:
    path = write(tmp_path, 'A,B,C\n1,2,3\n4,"5,6\n7,8,9\n')
    assert str(refused(path)) == (f"{path}, row 3, column B: a quote opened on row 3 is never "
                                  "closed: the rest of the file would be one value")


def test_text_after_a_closing_quote_is_refused_where_it_is(tmp_path: Path) -> None:
    path = write(tmp_path, 'A,B,C\n1,"2"x,3\n')
    finding = refused(path)
    assert (finding.row, finding.column) == (2, "B")
    assert finding.message.startswith("text follows a closing quote: a stray quote")


def test_a_stray_quote_that_takes_in_whole_rows_is_refused(tmp_path: Path) -> None:
    # The quotes on rows 3 and 6 pair up: rows 4 and 5 vanish into one value, and the row
    # still has three values. Once, 765 of 865 episodes were lost this way.
    path = write(tmp_path, 'A,B,C\n1,2,3\n4,"Smith,6\n7,8,9\n10,11,12\n13,Jones",15\n')
    assert str(refused(path)) == (f"{path}, row 3, column B: a quote opened on row 3 takes in "
                                  "3 more lines that look like rows: is a quote stray or "
                                  "missing?")


def test_a_value_over_128_kib_names_its_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "A,B,C\n1,2,3\n4," + "x" * 140_000 + ",6\n")
    assert str(refused(path)) == f"{path}, row 3, column B: a value longer than 128 KiB"
    path = write(tmp_path, 'A,B,C\n1,2,"' + "y\n" * 70_000 + '"\n', "quoted.csv")
    assert str(refused(path)) == (f"{path}, row 2, column C: a quote opened on row 2 runs on "
                                  "over 65537 lines and past 128 KiB: is a closing quote "
                                  "missing?")


def test_a_row_longer_than_a_return_can_have_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "A,B\n" + "1," * 600_000 + "\n")
    finding = refused(path)
    assert (finding.row, finding.column) == (2, None)
    assert finding.message.startswith("the row is longer than 1 MiB")
    path = write(tmp_path, "A," + ",".join(f"C{i}" for i in range(100)) + "\n", "wide.csv")
    assert str(refused(path)) == (f"{path}, row 1: the header has 101 columns: no table of a "
                                  "return has more than 64")


def test_a_nul_byte_is_refused_where_it_is(tmp_path: Path) -> None:
    path = write(tmp_path, b"A,B,C\n1,2,3\n4,5\x00,6\n")
    assert str(refused(path)) == (f"{path}, row 3, column B: a NUL byte (0x00): the file is "
                                  "not a text CSV file")


def test_a_bom_in_the_middle_of_the_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, b"A,B\n1,2\n\xef\xbb\xbfA,B\n3,4\n")
    finding = refused(path)
    assert (finding.row, finding.column) == (3, "A")
    assert finding.message.startswith("a byte order mark (BOM, bytes 0xEF 0xBB 0xBF) in the "
                                      "middle of the file")


def test_a_byte_that_is_not_utf8_in_a_utf8_file_is_refused(tmp_path: Path) -> None:
    # A BOM says the file is UTF-8: the 0xFF once made a new child "10793464ÿ".
    path = write(tmp_path, b"\xef\xbb\xbfCHILD,SEX\n10793464\xff,1\n")
    assert str(refused(path)) == (
        f"{path}, row 2, column CHILD: byte 0xFF is not valid UTF-8, though the rest of the "
        "file is: the file is damaged or joined from files saved differently; save it as CSV "
        "UTF-8")


def test_a_windows_1252_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "CHILD,NAME\n101,Zo\u00eb \u2013 \u20ac5\n".encode("cp1252"))
    _, rows, warnings = read(path)
    assert rows == [(2, ["101", "Zo\u00eb \u2013 \u20ac5"])]
    assert [str(w) for w in warnings] == [
        f"{path}: the file is not UTF-8 (byte 0xEB, '\u00eb' in Windows-1252): read as "
        "Windows-1252, as older Excel saves CSV; save it as CSV UTF-8 to be sure of every "
        "character"]
    assert warnings[0].severity == "warning"


def test_bytes_neither_utf8_nor_windows_1252_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, b"A,B\n1,\xe9\n2,\x81\n")
    assert str(refused(path)) == (f"{path}, row 3, column B: byte 0x81 is neither UTF-8 nor "
                                  "Windows-1252 text; save it as CSV UTF-8")
    path = write(tmp_path, b"A,B\n1,\xe9\n2,\xc3\xa9\n", "mixed.csv")
    assert str(refused(path)) == (f"{path}, row 3, column B: bytes 0xC3 0xA9 are UTF-8, but "
                                  "byte 0xE9 earlier in the file is not: the file mixes two "
                                  "encodings; save it as CSV UTF-8")


@pytest.mark.parametrize("encoding, name", [
    ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
    ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32")])
def test_utf16_and_utf32_files_name_their_encoding(tmp_path: Path, encoding: str,
                                                   name: str) -> None:
    path = write(tmp_path, f"{EPISODES}\r\n{ROW}\r\n".encode(encoding))
    assert str(refused(path)) == f"{path}: the file is {name}: save it as CSV UTF-8"


@pytest.mark.parametrize("delimiter, name", [(";", "semicolons"), ("\t", "tabs"),
                                             ("|", "pipes (|)")])
def test_other_delimiters_are_named(tmp_path: Path, delimiter: str, name: str) -> None:
    path = write(tmp_path, f"{EPISODES}\n{ROW}\n".replace(",", delimiter))
    assert str(refused(path)) == (f"{path}, row 1: the file is separated by {name}, not "
                                  "commas: save it as CSV (comma delimited)")


def test_empty_files_and_workbooks_named_csv_are_refused(tmp_path: Path) -> None:
    assert str(refused(write(tmp_path, b"", "a.csv"))).endswith(": the file is empty")
    assert str(refused(write(tmp_path, b"\r\n\n", "b.csv"))).endswith(
        ": the file is empty: it has no header row")
    assert str(refused(write(tmp_path, b"PK\x03\x04...", "c.csv"))).endswith(
        ": the file is an XLSX workbook (or another zip file) named .csv: name it .xlsx, or "
        "open it in Excel and save it as CSV UTF-8")


def test_a_named_pipe_handed_to_read_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "episodes.csv")
    signal.alarm(10)  # fail rather than hang if it were opened for reading
    try:
        finding = refused(tmp_path / "episodes.csv")
    finally:
        signal.alarm(0)
    assert finding.message == "not a regular file"


def test_names_and_values_from_files_are_shown_escaped_in_messages(tmp_path: Path) -> None:
    path = write(tmp_path, "A,B\n1\n", "\x1b[2Jepisodes.csv")
    assert str(refused(path)) == (f"{tmp_path}/\\x1b[2Jepisodes.csv, row 2: the row has 1 "
                                  "values but the header names 2 columns")


def test_header_names_that_look_alike_are_shown_apart() -> None:
    assert shown_header_name("CHILD") == "CHILD"
    assert shown_header_name("CHILD\u200b") == "CHILD\\u200b (U+200B ZERO WIDTH SPACE)"
    assert shown_header_name("\u0421HILD") == "\\u0421HILD (U+0421 CYRILLIC CAPITAL LETTER ES)"
    assert shown_header_name("\x1b[31mDOB") == "\\x1b[31mDOB (U+001B with no name)"


# --- memory -----------------------------------------------------------------------------


def peak_memory_reading(path: Path) -> tuple[int, int]:
    """Rows read and peak memory (kB) of a fresh process that reads ``path`` whole.

    The peak is the process's own (VmHWM): ru_maxrss would carry over the parent's peak.
    """
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from carepanel.ssda903.sheets import read_sheets\n"
        "rows = sum(1 for s in read_sheets(Path(sys.argv[1]), print) for _ in s.rows)\n"
        "peak = int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])\n"
        "print(json.dumps([rows, peak]))\n")
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                         text=True, check=True).stdout
    rows, peak = json.loads(out.splitlines()[-1])
    return rows, peak


def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    small = write(tmp_path, f"{EPISODES}\n{ROW}\n", "small.csv")
    large = tmp_path / "large.csv"
    with open(large, "w") as fh:
        fh.write(EPISODES + "\n")
        for i in range(300_000):
            fh.write(f"{100000 + i},01/05/2023,S,C2,N1,U4,PR1,02/06/2024,E11,,AB1 2CD,,\n")
    assert large.stat().st_size > 15_000_000
    rows_small, peak_small = peak_memory_reading(small)
    rows_large, peak_large = peak_memory_reading(large)
    assert (rows_small, rows_large) == (1, 300_000)
    assert peak_large - peak_small < 10_000  # kB: a few chunks, not the file's 17 MB
