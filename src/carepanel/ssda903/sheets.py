"""Stream the tables of one file of a return, refusing what cannot be read safely.

A CSV file holds one table; a workbook one per non-empty worksheet. ``read_sheets`` gives
each as a ``Sheet``: its header row as written, and its rows one at a time, each with the
row number a council sees when it opens the file in Excel (the header is row 1, blank rows
count, a quoted value holding a line break is one row). No return is held in memory and
nothing is written anywhere: the rows go straight on to whoever stores them.

A file whose structure is broken raises ``Unreadable`` with one line naming the file, the
row and the column and the cause, whether that is found before the first row or half way
through (a caller storing rows refuses the whole return either way). Broken structure is
what would otherwise lose or shift data silently: a row with too few or too many values,
a quote never closed or taking in whole rows, bytes that are not text, a BOM in the middle
of the file, a delimiter that is not a comma. Bad *values* are not this module's business:
every value is handed on as written, for the checks that follow.

CSV is read with the standard library's C parser, one physical line at a time, from a
decoder that reads the file in chunks (``decoding``), so memory stays flat however long
the file is. Workbooks are read by ``workbook`` (see there for why not openpyxl).
"""

from __future__ import annotations

import csv
import io
import os
import stat
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from carepanel.ssda903.decoding import BadText, Decoder, wide_encoding, wide_encoding_message
from carepanel.ssda903.findings import Finding, Unreadable
from carepanel.ssda903.sources import shown

# The largest value a return can hold: far more than any field of any table needs, and the
# standard library's own default limit for a CSV field.
FIELD_LIMIT = 128 * 1024
FIELD_LIMIT_TEXT = "128 KiB"
# No table of a return has more than 13 columns; a header wider than this is no table.
MAX_COLUMNS = 64
# A physical line longer than this cannot be a row of a return (64 full-size values would be
# 8 MiB, but no row holds more than a few hundred bytes); reading stops there.
MAX_LINE = 1 << 20
_OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "pipes (|)"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Warn = Callable[[Finding], None]


@dataclass
class Sheet:
    """One table as read from a CSV file or one worksheet, its rows still to be read."""

    source: str  # shown(path), or f"{shown(path)}[{sheet title}]" for a worksheet
    header: list[str]  # the header row as written (trailing empty cells removed)
    rows: Iterator[tuple[int, list[str]]]  # (spreadsheet row, exactly len(header) values)
    header_row: int = 1  # the spreadsheet row the header is on (1 unless blank rows lead)


def read_sheets(path: Path, warn: Warn) -> Iterator[Sheet]:
    """Every table in the file at ``path``: one for a CSV, one per non-empty worksheet.

    ``warn`` receives findings of severity "warning" that do not stop the read (a CSV read
    as Windows-1252). ``Unreadable`` may be raised before the first Sheet or while its rows
    are read. Read each sheet's rows to the end: that closes the file.
    """
    path = Path(path)
    source = shown(path)
    fh = _open(path, source)
    try:
        head = fh.read(4096)
        fh.seek(0)
    except OSError as e:
        fh.close()
        raise Unreadable(Finding(source, None, None,
                                 f"the file cannot be read: {e.strerror}")) from None
    suffix = path.suffix.strip().lower()
    if suffix == ".xlsx" or (suffix != ".csv" and head.startswith(_ZIP_MAGIC)):
        fh.close()
        from carepanel.ssda903.workbook import read_workbook  # CSV returns do not need it

        yield from read_workbook(path, head, source)
        return
    problem = _not_csv(head)
    if problem is not None:
        fh.close()
        raise Unreadable(Finding(source, None, None, problem))
    yield _csv_sheet(fh, source, warn)


def shown_header_name(name: str) -> str:
    """A header cell as a message must show it, so that look-alikes can be told apart.

    Column names of a return are plain ASCII. Any other character is escaped and named, so
    "CHILD" with a zero-width space or a Cyrillic "С" never looks like the real thing:
    ``CHILD\\u200b (U+200B ZERO WIDTH SPACE)``.
    """
    if name.isascii() and name.isprintable():
        return name
    odd = [c for c in dict.fromkeys(name) if not (c.isascii() and c.isprintable())]
    escaped = "".join(c if c not in odd else ascii(c)[1:-1] for c in name)
    named = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'with no name')}" for c in odd[:3])
    more = f" and {len(odd) - 3} more" if len(odd) > 3 else ""
    return f"{escaped} ({named}{more})"


# --- Opening --------------------------------------------------------------------------


def _open(path: Path, source: str) -> BinaryIO:
    """The file opened for reading, if it is a regular file this user may read.

    Opened without blocking and checked after opening, so a named pipe put where a file was
    can neither hang the read nor be read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise Unreadable(Finding(source, None, None, "no such file")) from None
    except PermissionError:
        raise Unreadable(Finding(source, None, None,
                                 "no permission to read this file")) from None
    except OSError as e:
        raise Unreadable(Finding(source, None, None,
                                 f"the file cannot be opened: {e.strerror}")) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise Unreadable(Finding(source, None, None, "not a regular file"))
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _not_csv(head: bytes) -> str | None:
    """Why a file named .csv cannot be read as CSV text, from its first bytes."""
    if not head:
        return "the file is empty"
    if head.startswith(_ZIP_MAGIC):
        return ("the file is an XLSX workbook (or another zip file) named .csv: name it "
                ".xlsx, or open it in Excel and save it as CSV UTF-8")
    if head.startswith(_OLE_MAGIC):
        return ("the file is an Excel 97-2003 or password-protected workbook named .csv: "
                "open it in Excel and save it as CSV UTF-8")
    encoding = wide_encoding(head)
    return wide_encoding_message(encoding) if encoding else None


# --- CSV ------------------------------------------------------------------------------


class _Broken(Exception):
    """Reading stopped inside a record; ``tail`` is the part of its line read so far."""

    def __init__(self, message: str, tail: str):
        super().__init__(message)
        self.message = message
        self.tail = tail


class _CsvFile:
    """The records of a CSV file, each with its spreadsheet row, and where reading stopped.

    csv.reader is fed one physical line at a time; the lines of the record being read are
    kept (``record``) so that a problem can be placed in its row and column.
    """

    def __init__(self, fh: BinaryIO, source: str, warn: Warn):
        self.source = source
        self.header: list[str] = []
        self.record: list[str] = []  # the physical lines of the record being read
        self.chars = 0  # and how long they are
        self.row = 0  # the spreadsheet row of the record being read
        self._fh = fh
        self._decoder = Decoder(fh, lambda message: warn(
            Finding(source, None, None, message, severity="warning")))
        self._reader = csv.reader(self._lines(), strict=True)

    def close(self) -> None:
        self._fh.close()

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """Every record, blank ones included, as the spreadsheet numbers them."""
        while True:
            self.record.clear()
            self.chars = 0
            self.row += 1
            try:
                values = next(self._reader)
            except StopIteration:
                return
            except csv.Error as e:
                raise self._refusal(_csv_problem(str(e)), "") from None
            except _Broken as e:
                raise self._refusal(e.message, e.tail) from None
            yield self.row, values

    def _lines(self) -> Iterator[str]:
        carry = ""
        record = self.record
        try:
            for piece in self._decoder:
                lines = io.StringIO(carry + piece, newline="").readlines()
                carry = "" if lines[-1].endswith("\n") else lines.pop()
                for line in lines:
                    record.append(line)
                    self.chars += len(line)
                    yield line
                if len(carry) > MAX_LINE:
                    raise _Broken(_TOO_LONG_LINE, carry)
        except BadText as e:
            raise _Broken(e.message, carry) from None
        if carry:
            record.append(carry)
            self.chars += len(carry)
            yield carry

    def _refusal(self, problem: str, tail: str) -> Unreadable:
        """``problem`` as one line naming the row, and the column where reading stopped."""
        text = "".join(self.record) + tail
        field, quoted, _ = _locate(text, problem)
        column: str | None = self.column(field)
        if problem == _TOO_LONG_FIELD and quoted and len(self.record) > 1:
            problem = (f"a quote opened on row {self.row} runs on over {_lines_in(text)} lines "
                       f"and past {FIELD_LIMIT_TEXT}: is a closing quote missing?")
        elif problem == _NEVER_CLOSED:
            problem = f"a quote opened on row {self.row} is never closed: " + problem
        elif problem == _TOO_LONG_LINE:
            long_field, _, found = _locate(text, _TOO_LONG_FIELD)
            if found:
                column, problem = self.column(long_field), _TOO_LONG_FIELD
            else:
                column = None
                problem += f" ({field + 1} values so far): no row of a return is"
        return Unreadable(Finding(self.source, self.row, column, problem))

    def column(self, index: int) -> str:
        """How a finding names the column at ``index``: its header, else its number."""
        if index < len(self.header) and self.header[index].strip():
            return shown_header_name(self.header[index])
        return str(index + 1)


_TOO_LONG_FIELD = f"a value longer than {FIELD_LIMIT_TEXT}"
_NEVER_CLOSED = "the rest of the file would be one value"
_TOO_LONG_LINE = f"the row is longer than {MAX_LINE >> 20} MiB"
_TEXT_AFTER_QUOTE = ("text follows a closing quote: a stray quote in the value? A value "
                     "holding quotes must be quoted whole, with each quote doubled")


def _csv_problem(message: str) -> str:
    """What the csv module's message means for the person who saved the file."""
    if message.startswith("field larger than field limit"):
        return _TOO_LONG_FIELD
    if message == "unexpected end of data":
        return _NEVER_CLOSED
    if message.startswith("',' expected after '\"'"):
        return _TEXT_AFTER_QUOTE
    return f"not readable as CSV: {shown(message)}"


def _locate(text: str, problem: str) -> tuple[int, bool, bool]:
    """Which value of a record ``problem`` is in, whether inside quotes, and whether found.

    The csv module says what went wrong but not where: this walks the record's text as it
    does, stopping at text after a closing quote or at the first value past the size
    limit, else at the end. Only run when a record cannot be read, on at most a few MiB.
    """
    field, state, length = 0, "start", 0
    stray = problem == _TEXT_AFTER_QUOTE
    long = problem == _TOO_LONG_FIELD
    for c in text:
        if state == "quoted":
            if c == '"':
                state = "closed"
        elif c == ",":
            field, state, length = field + 1, "start", -1
        elif c == '"' and state in ("start", "closed"):
            state = "quoted"
        elif state == "closed" and stray and c not in "\r\n":
            return field, False, True
        else:
            state = "plain"
        length += 1
        if long and length > FIELD_LIMIT:
            return field, state == "quoted", True
    return field, state == "quoted", False


def _lines_in(text: str) -> int:
    return len(io.StringIO(text, newline="").readlines())


def _csv_sheet(fh: BinaryIO, source: str, warn: Warn) -> Sheet:
    f = _CsvFile(fh, source, warn)
    try:
        records = f.records()
        row, values = next(((r, v) for r, v in records if not _blank(v)), (0, []))
        if not row:
            raise Unreadable(Finding(source, None, None,
                                     "the file is empty: it has no header row"))
        f.header = values
        _check_header(f, values)
    except BaseException:
        f.close()
        raise
    header = _trimmed(values)
    return Sheet(source, header, _csv_rows(f, records, len(header), len(values)), row)


def _check_header(f: _CsvFile, values: list[str]) -> None:
    named = [v for v in values if v.strip()]
    if len(named) == 1:
        for delimiter, plural in _OTHER_DELIMITERS.items():
            if delimiter in named[0]:
                raise Unreadable(Finding(
                    f.source, f.row, None, f"the file is separated by {plural}, not commas: "
                    "save it as CSV (comma delimited)"))
    width = len(_trimmed(values))
    if width > MAX_COLUMNS:
        raise Unreadable(Finding(
            f.source, f.row, None, f"the header has {width:,} columns: no table of a return "
            f"has more than {MAX_COLUMNS}"))
    _check_record(f, values)


def _csv_rows(f: _CsvFile, records: Iterator[tuple[int, list[str]]], width: int,
              written: int) -> Iterator[tuple[int, list[str]]]:
    """The rows after the header, each exactly ``width`` values, blank rows left out.

    Excel leaves empty values after the last column when a column to the right was once
    used, in every row, the header too: so as many empty trailing values as the header has
    are dropped, and any more refused. A row with fewer values than the header is always
    refused: padding it would, for example, store an ended episode as open.
    """
    try:
        for row, values in records:
            if len(values) == width and f.chars < FIELD_LIMIT and len(f.record) == 1:
                if any(values) and "".join(values).strip():
                    yield row, values
                continue
            if _blank(values):
                continue
            _check_record(f, values)
            if len(values) < width:
                raise Unreadable(Finding(
                    f.source, row, None,
                    f"the row has {len(values)} values but the header names {width} "
                    "columns"))
            extra = values[width:]
            if len(values) > written or any(v.strip() for v in extra):
                at = width + next((i for i, v in enumerate(extra) if v.strip()), 0)
                raise Unreadable(Finding(
                    f.source, row, str(at + 1),
                    f"the row has {len(values)} values but the header names {width} "
                    "columns"))
            yield row, values[:width]
    finally:
        f.close()


def _check_record(f: _CsvFile, values: list[str]) -> None:
    """Refuse a value past the size limit, or a quoted value that took in whole rows.

    A stray quote at the start of a value opens a quoted value that runs on, line breaks
    and commas included, to the next quote in the file: rows vanish into one value (765 of
    865 episodes once did). A value holding a line break is allowed, but not one holding
    what looks like a whole row.
    """
    if f.chars >= FIELD_LIMIT:
        for i, v in enumerate(values):
            if len(v) > FIELD_LIMIT:
                raise Unreadable(Finding(f.source, f.row, f.column(i), _TOO_LONG_FIELD))
    if len(f.record) < 2:
        return
    commas = max(len(_trimmed(f.header)) - 1, 2)
    for i, v in enumerate(values):
        lines = io.StringIO(v, newline="").readlines()
        if any(line.count(",") >= commas for line in lines[1:]):
            raise Unreadable(Finding(
                f.source, f.row, f.column(i),
                f"a quote opened on row {f.row} takes in {len(lines) - 1} more lines that look "
                "like rows: is a quote stray or missing?"))


def _blank(values: list[str]) -> bool:
    return not "".join(values).strip()


def _trimmed(values: list[str]) -> list[str]:
    end = len(values)
    while end and not values[end - 1].strip():
        end -= 1
    return values[:end]
