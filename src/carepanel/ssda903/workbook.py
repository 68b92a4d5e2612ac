"""Stream the worksheets of an XLSX workbook, refusing what a return cannot be.

An XLSX file is a zip archive of XML parts. Everything that could make reading one blow up
is checked before a byte is unpacked, from the zip's own directory: the number of parts,
each part's declared unpacked size and compression ratio (a zip bomb of 1 MB can unpack to
gigabytes), the compression method (only the deflate Excel writes: others unpack without a
bound on output), encryption, and duplicated part names. Python's zipfile stops at the
declared size and checks the CRC, so a part cannot unpack to more than it declared.

The XML is parsed by expat with defusedxml's guards (a DTD, an entity declaration or an
external reference stops the parse: no entity bomb, no external file), streamed from the
zip part a chunk at a time. The sheet's declared dimension is never used: a 1.6 KB file
declaring ``A1:XFD3000`` costs nothing, and cells are placed by their own references.

Why our own reader rather than openpyxl or python-calamine: measured with
``bench/xlsx_readers.py``, each reader in its own process, on 2 cores at load average 1.7.
``episodes_100k`` is an Episodes sheet of 100,000 rows as Excel writes one (4.9 MB on disk,
38 MB unpacked); ``far_cell`` a 2 kB workbook declaring ``A1:XFD3000`` with an empty cell
at XFD3000; ``zip_bomb`` a sheet of 300,000 rows unpacking from 43 kB to 14 MB.

==================  ===================  ===============  ================================
reader              episodes_100k        far_cell         zip_bomb
==================  ===================  ===============  ================================
this module         2.9 s, 18 MB         0.03 s, 17 MB    refused before unpacking, 17 MB
openpyxl read_only  5.7 s, 63 MB         0.15 s, 44 MB    3 of 300,003 rows, silently
                                         (3,000 rows      (rows written without a number
                                         padded to 16k    after numbered ones are lost)
                                         columns)
python-calamine     0.6 s, 98 MB         0.0 s, 13 MB     read whole: 152 MB
==================  ===================  ===============  ================================

python-calamine is fastest but reads a whole sheet into memory (its peak grows with the
sheet) and has no guard against bombs; openpyxl is slower, pads rows to the declared width
and says only "KeyError" or "BadZipFile" when a workbook is damaged. This reader streams at
constant memory (17 MB whatever the sheet's size), refuses what a return cannot be, and
runs at about half openpyxl's time: expat does the parsing in C, and only the handful of
element kinds a sheet's values live in reach Python.

Our own reader also names every problem precisely: the cell holding a formula with no
saved value, the cell pointing past the shared strings, the sheet whose XML is broken.
Cells print as the values a council sees: whole numbers without ".0", dates as dd/mm/YYYY,
numbers formatted with leading zeros ("00123") with them.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import re
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, fromstring

from carepanel.ssda903.findings import Finding, Unreadable
from carepanel.ssda903.sheets import MAX_COLUMNS, Sheet
from carepanel.ssda903.sources import shown

# What a workbook holding a return can be. A sheet of 100,000 rows of 13 columns unpacks
# to about 38 MB; Excel's own limit of 1,048,576 rows to about 400 MB.
MAX_PARTS = 1000
MAX_PART_SIZE = 512 << 20
MAX_TOTAL_SIZE = 1 << 30
MAX_RATIO = 100  # unpacked / packed, for parts over 1 MiB (real sheets are about 8)
MAX_SMALL_PART = 32 << 20  # workbook, relationships, styles: read whole
MAX_SHARED_STRINGS = 64 << 20
EXCEL_COLUMNS = 16384
CHUNK = 1 << 16

_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
         "http://purl.oclc.org/ooxml/spreadsheetml/main")  # transitional, and strict
_DAMAGED = "open it in Excel and save it again"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def read_workbook(path: Path, head: bytes, source: str) -> Iterator[Sheet]:
    """One Sheet per non-empty worksheet of the workbook at ``path`` (``head``: its start)."""
    if not head.startswith(b"PK\x03\x04"):
        raise Unreadable(Finding(source, None, None, _not_a_workbook(path, head)))
    book = _open(path, source)
    try:
        found = 0
        for sheet in _Workbook(book, source).sheets():
            found += 1
            yield sheet
        if not found:
            raise Unreadable(Finding(source, None, None,
                                     "the workbook is empty: none of its sheets holds a value"))
    finally:
        book.close()  # open sheet parts keep the file open until they are read


def _not_a_workbook(path: Path, head: bytes) -> str:
    if not head:
        return "the file is empty"
    if head.startswith(_OLE_MAGIC):
        if _holds(path, _ENCRYPTED):
            return ("the workbook is password-protected: remove the password (File, Info, "
                    "Protect Workbook) and save it again")
        return ("an Excel 97-2003 workbook (.xls) named .xlsx: save it as Excel Workbook "
                "(.xlsx)")
    if b"\x00" not in head:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if "," in text or ";" in text:
            return "a CSV text file named .xlsx: name it .csv"
        if text:
            return "a text file named .xlsx, not a workbook"
    return "not an XLSX workbook: it does not start like one (damaged, or another file renamed)"


def _holds(path: Path, needle: bytes) -> bool:
    """Whether the file holds ``needle``, read in chunks (an OLE file's streams can be far in)."""
    tail = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


def _open(path: Path, source: str) -> zipfile.ZipFile:
    """The zip archive, once its directory shows nothing a return cannot be."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        raise Unreadable(Finding(source, None, None,
                                 "the workbook is damaged (not a complete zip archive; was "
                                 f"it cut short?): {_DAMAGED}")) from None
    except OSError as e:
        raise Unreadable(Finding(source, None, None,
                                 f"the file cannot be read: {e.strerror}")) from None
    try:
        _check_directory(book, source)
    except BaseException:
        book.close()
        raise
    return book


def _check_directory(book: zipfile.ZipFile, source: str) -> None:
    parts = book.infolist()
    if len(parts) > MAX_PARTS:
        raise Unreadable(Finding(source, None, None,
                                 f"the workbook holds {len(parts)} parts; a return's workbook "
                                 f"has a few dozen at most (over {MAX_PARTS} is refused)"))
    names: set[str] = set()
    total = 0
    for part in parts:
        name = shown(part.filename)
        if part.filename in names:
            raise Unreadable(Finding(source, None, None,
                                     f"the workbook holds two parts named {name}: it is "
                                     f"damaged or crafted; {_DAMAGED}"))
        names.add(part.filename)
        if part.flag_bits & 0x41:  # encrypted, or strongly encrypted
            raise Unreadable(Finding(source, None, None,
                                     "the workbook's parts are encrypted: remove the password "
                                     "and save it again"))
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Unreadable(Finding(source, None, None,
                                     f"the part {name} is compressed in a way Excel never "
                                     f"uses: {_DAMAGED}"))
        size = part.file_size
        total += size
        if size > MAX_PART_SIZE or total > MAX_TOTAL_SIZE:
            declared = _mb(size if size > MAX_PART_SIZE else total)
            raise Unreadable(Finding(source, None, None,
                                     f"the workbook declares {declared} unpacked, far more "
                                     "than a return can be (a zip bomb?)"))
        if size > 1 << 20 and size > MAX_RATIO * max(part.compress_size, 1):
            raise Unreadable(Finding(source, None, None,
                                     f"the part {name} unpacks from {_mb(part.compress_size)} "
                                     f"to {_mb(size)}, more than {MAX_RATIO} times: a zip "
                                     "bomb, not a return"))
    if "xl/vbaProject.bin" in names:
        raise Unreadable(Finding(source, None, None,
                                 "the workbook holds macros (an .xlsm renamed .xlsx): save "
                                 "it as Excel Workbook (.xlsx)"))


def _mb(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MB" if size >= 1 << 20 else f"{size:,} bytes"


class _Workbook:
    """The parts of an open workbook that say where its sheets are and how to print cells."""

    def __init__(self, book: zipfile.ZipFile, source: str):
        self.book = book
        self.source = source
        self.names = {n.lower(): n for n in book.namelist()}
        workbook = self._workbook_part()
        root = self._xml(workbook, "the workbook part")
        rels = self._relationships(workbook)
        self.date1904 = any(_local(e.tag) == "workbookPr"
                            and e.get("date1904", "").lower() in ("1", "true")
                            for e in root)
        self.sheet_parts: list[tuple[str, str]] = []
        for e in root.iter():
            if _local(e.tag) != "sheet":
                continue
            kind, target = rels.get(_attr(e, "id") or "", ("", ""))
            if kind == "worksheet":
                self.sheet_parts.append((e.get("name", "?"), target))
        styles = _rels_target(rels, "styles")
        self.styles = _Styles(self._xml(styles, "the styles part") if styles else None)
        strings = _rels_target(rels, "sharedStrings")
        self.strings = self._shared_strings(strings) if strings else _SharedStrings()

    def sheets(self) -> Iterator[Sheet]:
        for title, part in self.sheet_parts:
            source = f"{self.source}[{shown(title)}]"
            sheet = _SheetReader(self, part, source).sheet()
            if sheet is not None:
                yield sheet

    # --- parts ---

    def _workbook_part(self) -> str:
        if self._find("_rels/.rels"):
            root = self._xml("_rels/.rels", "the package's relationships part")
            for e in root:
                if e.get("Type", "").endswith("/officeDocument"):
                    return _resolve("", e.get("Target", ""))
        if self._find("xl/workbook.xml"):
            return "xl/workbook.xml"
        raise Unreadable(Finding(self.source, None, None,
                                 "a zip file but not an XLSX workbook: it holds no workbook "
                                 "(a Word or other file renamed?)"))

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (kind, part name) of ``part``: its sheets, styles, strings."""
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if not self._find(rels_part):
            raise Unreadable(Finding(self.source, None, None,
                                     f"the workbook does not say where its sheets are: "
                                     f"{_DAMAGED}"))
        out = {}
        for e in self._xml(rels_part, "the workbook's relationships part"):
            if e.get("TargetMode", "").lower() == "external":
                continue
            kind = e.get("Type", "").rpartition("/")[2]
            out[e.get("Id", "")] = (kind, _resolve(folder, e.get("Target", "")))
        return out

    def _find(self, name: str) -> str | None:
        return self.names.get(name.lower())

    def open(self, name: str, what: str) -> IO[bytes]:
        found = self._find(name)
        if found is None:
            raise Unreadable(Finding(self.source, None, None,
                                     f"the workbook names {what} ({shown(name)}) but does not "
                                     f"hold it: {_DAMAGED}"))
        return self.book.open(found)

    def _xml(self, name: str, what: str) -> Element:
        found = self._find(name)
        if found is not None and self.book.getinfo(found).file_size > MAX_SMALL_PART:
            raise Unreadable(Finding(self.source, None, None,
                                     f"{what} declares {_mb(self.book.getinfo(found).file_size)}"
                                     f"; a workbook's is a few kB: {_DAMAGED}"))
        with _damage(self.source, what):
            with self.open(name, what) as fh:
                data = fh.read()
            return fromstring(data, forbid_dtd=True)

    def _shared_strings(self, name: str) -> _SharedStrings:
        found = self._find(name)
        if found is not None and self.book.getinfo(found).file_size > MAX_SHARED_STRINGS:
            raise Unreadable(Finding(self.source, None, None,
                                     f"the workbook's shared strings declare "
                                     f"{_mb(self.book.getinfo(found).file_size)}, more than a "
                                     "return can hold"))
        strings = _SharedStrings()
        handler = _StringsHandler(strings)
        with _damage(self.source, "the shared strings part"), self.open(name, "its strings") as fh:
            _parse(fh, handler)
        return strings


def _rels_target(rels: dict[str, tuple[str, str]], kind: str) -> str | None:
    return next((target for k, target in rels.values() if k == kind), None)


def _resolve(folder: str, target: str) -> str:
    """A relationship's target as a part name: relative to ``folder`` unless absolute."""
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(path).lstrip("/")


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _attr(e: Element, local: str) -> str | None:
    return next((v for k, v in e.attrib.items() if k.rpartition("}")[2] == local), None)


@contextmanager
def _damage(source: str, what: str) -> Iterator[None]:
    """Turn what a damaged part raises into one line naming the part and the cause."""
    try:
        yield
    except DefusedXmlException:
        raise Unreadable(Finding(source, None, None,
                                 f"{what} declares XML entities (a DTD), which Excel never "
                                 "writes: refused as unsafe")) from None
    except (ExpatError, ParseError) as error:
        where = getattr(error, "lineno", None) or getattr(error, "position", ("?",))[0]
        raise Unreadable(Finding(source, None, None,
                                 f"{what} is damaged: its XML is broken near line {where} "
                                 f"({_expat_reason(error)}); {_DAMAGED}")) from None
    except LookupError as error:
        if type(error) is not LookupError:  # KeyError, IndexError: ours, not the file's
            raise
        raise Unreadable(Finding(source, None, None,  # an XML declaration's encoding
                                 f"{what} is damaged: its XML declares an encoding that does "
                                 f"not exist; {_DAMAGED}")) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        raise Unreadable(Finding(source, None, None,
                                 f"{what} cannot be unpacked: the workbook is damaged; "
                                 f"{_DAMAGED}")) from None
    except OSError as error:
        raise Unreadable(Finding(source, None, None,
                                 f"the file cannot be read: {error.strerror or 'read error'}")
                         ) from None


def _expat_reason(error: BaseException) -> str:
    text = str(error).split(":")[0]
    return shown(text)


def _guarded_expat() -> Any:
    """An expat parser with defusedxml's guards and no tree building.

    defusedxml's parser refuses a DTD, an entity declaration and an external reference;
    its element handlers build an ElementTree, which we replace with our own: about 40%
    faster on a large sheet, with the guards unchanged (a test checks they hold).
    """
    parser = DefusedXMLParser(forbid_dtd=True).parser
    parser.ordered_attributes = 0
    parser.buffer_text = 1
    return parser


def _parse(fh: IO[bytes], handler: Any) -> None:
    """Feed ``fh`` to a guarded parser calling ``handler``'s start, end and data."""
    parser = _guarded_expat()
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.data
    while chunk := fh.read(CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _feed(fh: IO[bytes], handler: Any) -> Iterator[None]:
    """Like ``_parse``, pausing after each chunk so rows can be handed on as they come."""
    parser = _guarded_expat()
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.data
    while chunk := fh.read(CHUNK):
        parser.Parse(chunk, False)
        yield
    parser.Parse(b"", True)
    yield


def _names(*locals_: str) -> dict[str, str]:
    return {f"{ns}}}{local}": local for ns in _MAIN for local in locals_}


# --- shared strings -------------------------------------------------------------------


class _SharedStrings:
    """The workbook's shared strings, packed: one str per block of 4,096 and their offsets.

    A list of a million small str objects would cost about 60 bytes each; packed, a string
    costs its characters and 4 bytes.
    """

    BLOCK = 4096

    def __init__(self) -> None:
        self._texts: list[str] = []
        self._offsets: list[array] = []
        self._pending: list[str] = []
        self.count = 0

    def append(self, text: str) -> None:
        self._pending.append(text)
        self.count += 1
        if len(self._pending) == self.BLOCK:
            self._pack()

    def _pack(self) -> None:
        offsets = array("I", [0])
        for text in self._pending:
            offsets.append(offsets[-1] + len(text))
        self._texts.append("".join(self._pending))
        self._offsets.append(offsets)
        self._pending = []

    def __getitem__(self, index: int) -> str:
        """The string at ``index``, which must be between 0 and ``count``."""
        block, k = divmod(index, self.BLOCK)
        if block < len(self._texts):
            offsets = self._offsets[block]
            return self._texts[block][offsets[k]:offsets[k + 1]]
        return self._pending[k]


class _StringsHandler:
    """Collects each <si>'s text: its <t> runs, leaving out phonetic guides (<rPh>)."""

    _TAGS = _names("si", "t", "rPh")

    def __init__(self, strings: _SharedStrings):
        self.strings = strings
        self.parts: list[str] | None = None
        self.collect = False
        self.phonetic = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = self._TAGS.get(name)
        if tag == "si":
            self.parts = []
        elif tag == "t" and self.parts is not None and not self.phonetic:
            self.collect = True
        elif tag == "rPh":
            self.phonetic = True

    def end(self, name: str) -> None:
        tag = self._TAGS.get(name)
        if tag == "t":
            self.collect = False
        elif tag == "rPh":
            self.phonetic = False
        elif tag == "si" and self.parts is not None:
            self.strings.append(_unescape("".join(self.parts)))
            self.parts = None

    def data(self, text: str) -> None:
        if self.collect and self.parts is not None:
            self.parts.append(text)


def _unescape(text: str) -> str:
    """Excel writes characters XML cannot hold as ``_x000D_``: show them as Excel does."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


# --- styles: which cells are dates ----------------------------------------------------


_DATE_FORMATS = {14, 15, 16, 17, 22, *range(27, 32), *range(34, 37), *range(50, 59)}
_TIME_FORMATS = {18, 19, 20, 21, 32, 33, 45, 46, 47}
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


class _Styles:
    """How each cell style prints a number: as a date, a time, zero-padded, or plain."""

    def __init__(self, root: Element | None):
        self.dates: set[int] = set()
        self.times: set[int] = set()
        self.padded: dict[int, int] = {}
        if root is None:
            return
        formats: dict[int, str] = {}
        for e in root.iter():
            if _local(e.tag) == "numFmt":
                formats[_int(e.get("numFmtId"))] = e.get("formatCode", "")
        xfs = next((e for e in root.iter() if _local(e.tag) == "cellXfs"), None)
        for i, xf in enumerate(xfs if xfs is not None else ()):
            fmt = _int(xf.get("numFmtId"))
            code = _QUOTED.sub("", formats.get(fmt, "")).lower()
            if fmt in _DATE_FORMATS or (fmt in formats and re.search(r"[dy]", code)):
                self.dates.add(i)
            elif fmt in _TIME_FORMATS or (fmt in formats and re.search(r"[hs]", code)):
                self.times.add(i)
            elif fmt in formats and re.fullmatch(r"0+", code):
                self.padded[i] = len(code)


def _int(text: str | None) -> int:
    try:
        return int(text or "0")
    except ValueError:
        return -1


# --- sheets ---------------------------------------------------------------------------


class _CellProblem(Exception):
    pass


class _SheetReader:
    """One worksheet's rows, streamed; the header is the first row holding a value."""

    def __init__(self, book: _Workbook, part: str, source: str):
        self.book = book
        self.part = part
        self.source = source

    def sheet(self) -> Sheet | None:
        with _damage(self.source, "the sheet"):
            fh = self.book.open(self.part, "a sheet")
        rows = self._rows(fh)
        try:
            found = next(rows, None)
        except BaseException:
            fh.close()
            raise
        if found is None:
            return None  # an empty sheet: no table
        row, cells = found
        width = max(cells) + 1
        if width > MAX_COLUMNS:
            raise Unreadable(Finding(
                self.source, row, _letters(width - 1),
                f"the header runs to column {_letters(width - 1)} ({width} columns): no table "
                f"of a return has more than {MAX_COLUMNS}"))
        header = [""] * width
        for c, v in cells.items():
            header[c] = v
        return Sheet(self.source, header, self._padded(rows, header, fh), row)

    def _padded(self, rows: Iterator[tuple[int, dict[int, str]]], header: list[str],
                fh: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
        width = len(header)
        try:
            for row, cells in rows:
                values = [""] * width
                for c, v in cells.items():
                    if c >= width:
                        raise Unreadable(Finding(
                            self.source, row, _letters(c),
                            f"cell {_letters(c)}{row} holds a value beyond the {width} columns "
                            "the header names"))
                    values[c] = v
                yield row, values
        finally:
            fh.close()

    def _rows(self, fh: IO[bytes]) -> Iterator[tuple[int, dict[int, str]]]:
        """Each row holding a value: its number and its non-empty values by column."""
        handler = _SheetHandler(self.book, self.source)
        with _damage(self.source, "the sheet"):
            for _ in _feed(fh, handler):
                done, handler.done = handler.done, []
                yield from done


class _SheetHandler:
    """expat callbacks for a worksheet: each finished row goes to ``done``.

    Called for every element of the sheet, so the common path (a cell and its value) is
    kept short: plain comparisons of element names, most frequent first.
    """

    def __init__(self, book: _Workbook, source: str):
        self.book = book
        self.source = source
        self.strings = book.strings
        self.styles = book.styles
        self.dated = book.styles.dates | book.styles.times
        self.done: list[tuple[int, dict[int, str]]] = []
        self.row = 0
        self.cells: dict[int, str] = {}
        self.column = -1
        self.ref = ""
        self.kind = "n"
        self.style = 0
        self.formula = False
        self.value: str | None = None  # the <v> text, once the cell has one
        self.inline: str | None = None  # the <is> text of an inline string
        self.collect = ""  # "v" or "t" while character data belongs to the cell
        self.phonetic = False
        self._namespace(_MAIN[0])

    def _namespace(self, ns: str) -> None:
        self.C, self.V, self.ROW, self.F, self.IS, self.T, self.RPH = (
            f"{ns}}}{local}" for local in ("c", "v", "row", "f", "is", "t", "rPh"))

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == self.C:
            ref = attrs.get("r")
            column = _column(ref) if ref else self.column + 1
            if column <= self.column or column >= EXCEL_COLUMNS:
                raise self._problem(f"cell {shown(ref or '?')} is out of order or out of "
                                    f"range: the sheet is damaged; {_DAMAGED}")
            self.column = column
            self.ref = ref or f"{_letters(column)}{self.row}"
            self.kind = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style and style.isdigit() else 0
            self.formula = False
            self.value = self.inline = None
            self.collect = ""
        elif name == self.V:
            self.value = ""
            self.collect = "v"
        elif name == self.ROW:
            number = attrs.get("r")
            row = int(number) if number and number.isdigit() else self.row + 1
            if row <= self.row:
                raise self._problem(f"rows out of order (row {row} after row {self.row}): the "
                                    f"sheet is damaged; {_DAMAGED}")
            self.row, self.cells, self.column = row, {}, -1
        elif name == self.F:
            self.formula = True
        elif name == self.IS:
            self.inline = ""
        elif name == self.T and self.inline is not None and not self.phonetic:
            self.collect = "t"
        elif name == self.RPH:
            self.phonetic = True
        elif name.endswith("}worksheet"):
            self._namespace(name.rpartition("}")[0])

    def end(self, name: str) -> None:
        if name == self.V:
            self.collect = ""
        elif name == self.C:
            text = self._text()
            if text:
                self.cells[self.column] = text
        elif name == self.ROW:
            cells = self.cells
            if cells and "".join(cells.values()).strip():
                self.done.append((self.row, cells))
        elif name == self.T:
            self.collect = ""
        elif name == self.RPH:
            self.phonetic = False

    def data(self, text: str) -> None:
        if self.collect:
            if self.collect == "v" and self.value is not None:
                self.value += text
            elif self.collect == "t" and self.inline is not None:
                self.inline += text

    def _text(self) -> str:
        """The cell as a council sees it."""
        kind, raw = self.kind, self.value
        if raw is None:
            if self.formula:
                raise self._problem(
                    f"cell {shown(self.ref)} holds a formula with no saved value: open the "
                    "workbook in Excel and save it", column=True)
            return _unescape(self.inline) if self.inline is not None else ""
        if kind == "s":
            if raw.isdigit() and int(raw) < self.strings.count:
                return self.strings[int(raw)]
            raise self._problem(
                f"cell {shown(self.ref)} refers to shared string {shown(raw)}, but the "
                f"workbook holds {self.strings.count:,}: the workbook is damaged; {_DAMAGED}",
                column=True)
        if kind == "n":
            return self._number(raw)
        if kind == "b":
            return {"1": "TRUE", "0": "FALSE"}.get(raw, raw)
        if kind == "d":
            return _iso_date(raw)
        return _unescape(raw) if kind == "inlineStr" else raw  # str and e: the text shown

    def _number(self, raw: str) -> str:
        if not raw:
            return ""
        style = self.style
        if style in self.dated:
            return _serial(raw, self.book.date1904, style in self.styles.dates)
        if _WHOLE.fullmatch(raw):
            width = self.styles.padded.get(style)
            return raw.zfill(width) if width else raw
        try:
            number = float(raw)
        except ValueError:
            return raw  # not a number: handed on as written, for the value checks
        if number.is_integer():
            return str(int(number))
        return str(number)

    def _problem(self, message: str, column: bool = False) -> Unreadable:
        col = _letters(self.column) if column and self.column >= 0 else None
        return Unreadable(Finding(self.source, self.row or None, col, message))


_WHOLE = re.compile(r"-?\d{1,15}")
_COLUMNS: dict[str, int] = {}


def _column(ref: str) -> int:
    """The 0-based column of a cell reference such as ``AB12``."""
    letters = ref.rstrip("0123456789")
    column = _COLUMNS.get(letters)
    if column is None:
        column = 0
        for c in letters.upper():
            if not "A" <= c <= "Z":
                return EXCEL_COLUMNS
            column = column * 26 + ord(c) - 64
        column -= 1
        if len(_COLUMNS) < 1024:
            _COLUMNS[letters] = column
    return column


def _letters(column: int) -> str:
    out = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def _serial(raw: str, date1904: bool, is_date: bool) -> str:
    """A date cell's serial number as dd/mm/YYYY (a time as HH:MM:SS), as Excel shows it."""
    try:
        serial = float(raw)
    except ValueError:
        return raw
    if not math.isfinite(serial):
        return raw
    if not is_date:
        seconds = round((serial % 1) * 86400)
        return f"{seconds // 3600 % 24:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    days = int(serial)
    if date1904:
        start = dt.date(1904, 1, 1)
    elif days == 60:
        return "29/02/1900"  # Excel's 1900 leap-year bug: a day that never was
    else:
        start = dt.date(1899, 12, 31) if days < 60 else dt.date(1899, 12, 30)
    if not 1 <= days <= 2958465:  # Excel shows ##### outside 1900 to 9999
        return raw
    try:
        day = start + dt.timedelta(days=days)
    except OverflowError:  # past 9999 in the 1904 system
        return raw
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _iso_date(raw: str) -> str:
    try:
        day = dt.datetime.fromisoformat(raw.strip().rstrip("Z")).date()
    except ValueError:
        return raw
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"

