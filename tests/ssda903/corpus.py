"""A corpus of malformed returns: one small valid return, and hundreds of ways it goes wrong.

``variants(base)`` writes each variant into its own folder ``base/<id>`` (laid out as a
council saves a return: ``883/ssda903_2025/*.csv`` or ``883/ssda903_2025.xlsx``) and says
what must become of it:

- ``"loads"``: read and stored as the valid return is, with the same rows;
- ``"loads with errors"``: well-formed, with bad values that are stored as errors;
- ``"refused"``: refused whole, by the stage ``stage`` names: ``"read"`` (finding the files
  and reading them: ``sources`` and ``sheets``), ``"tables"`` (recognising the tables:
  unknown or doubled columns, two files for one table, a table from the wrong year) or
  ``"load"`` (a return whose tables are empty).

``at`` is the (row, column) a refusal must name where there is one: the column as the
header names it, or its number (a CSV) or letter (a workbook) beyond the header. The valid
return comes from ``carepanel.ssda903.synth`` (a council of about 20 children); the same
``base`` always gets the same bytes. Variants that depend on the machine say so: a file
without read permission is still readable by root, so under root it is expected to load.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
import random
import re
import socket
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from carepanel.ssda903 import schema

LA = "883"
YEAR = 2025
RETURN = f"ssda903_{YEAR}"
LOADS, ERRORS, REFUSED = "loads", "loads with errors", "refused"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
MARK = "\ue000"  # stands for raw bytes to put in a file after encoding


@dataclass(frozen=True)
class Variant:
    id: str
    kind: str
    description: str
    path: Path  # the variant's folder: what a user would give to validate or load
    expect: str  # LOADS, ERRORS or REFUSED
    stage: str = ""  # for REFUSED: "read", "tables" or "load"
    at: tuple[int, str | None] | None = None  # (row, column) a refusal names, where one


@dataclass(frozen=True)
class Table:
    name: str  # the DfE's name: Header, Episodes, ...
    file: str  # header.csv, episodes.csv, ...
    header: list[str]
    rows: list[list[str]]

    def column(self, name: str) -> int:
        return self.header.index(name)


@functools.cache
def valid_return() -> tuple[Table, ...]:
    """The valid return every variant starts from: one synthetic council's 2024/25."""
    from carepanel.ssda903.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        result = generate(Path(tmp), children=20, years=1, seed=7, la_code=LA,
                          last_year=YEAR)
        folder = result.returns[0]
        tables = []
        for t in schema.tables_for_year(YEAR):
            path = folder / f"{t.sql_name}.csv"
            if path.exists():
                with open(path, newline="", encoding="utf-8") as fh:
                    header, *rows = list(csv.reader(fh))
                tables.append(Table(t.name, path.name, header, rows))
    return tuple(tables)


def table(name: str) -> Table:
    return next(t for t in valid_return() if t.name == name)


def with_rows() -> list[Table]:
    """The tables with at least three rows: the ones a row can be broken in."""
    return [t for t in valid_return() if len(t.rows) >= 3]


# --- writing CSV ----------------------------------------------------------------------


def csv_text(header: list[str], rows: list[list[str]], eol: str = "\n",
             quote_all: bool = False, delimiter: str = ",") -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator=eol, delimiter=delimiter,
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def encoded(text: str, raw: bytes = b"", encoding: str = "utf-8") -> bytes:
    """``text`` encoded, with each MARK replaced by ``raw`` (bytes no encoding produces)."""
    return text.encode(encoding).replace(MARK.encode(encoding), raw)


def files_of(tables: tuple[Table, ...] | list[Table] | None = None, **kw) -> dict[str, bytes]:
    return {t.file: encoded(csv_text(t.header, t.rows, **kw))
            for t in (tables or valid_return())}


def changed(t: Table, header: list[str] | None = None,
            rows: list[list[str]] | None = None) -> Table:
    return Table(t.name, t.file, list(header or t.header),
                 [list(r) for r in (rows if rows is not None else t.rows)])


def set_cell(t: Table, row: int, column: str, value: str) -> Table:
    """``t`` with one value changed; ``row`` counts from 0 (spreadsheet row ``row + 2``)."""
    rows = [list(r) for r in t.rows]
    rows[row][t.column(column)] = value
    return changed(t, rows=rows)


# --- writing XLSX ---------------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    text: str
    cached: str | None  # the saved value, or None when the workbook was never recalculated
    kind: str = "n"


def cell_value(t: Table, column: str, value: str) -> object:
    """A value as a council's workbook holds it: dates as dates, whole numbers as numbers."""
    if not value:
        return None
    if column in schema.TABLES[t.name].dates and re.fullmatch(r"\d\d/\d\d/\d{4}", value):
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    if column in schema.TABLES[t.name].integers and re.fullmatch(r"-?\d+", value):
        return int(value)
    return value


def sheet_of(t: Table) -> tuple[str, list[list[object]]]:
    return t.name, [list(t.header)] + [[cell_value(t, c, v) for c, v in zip(t.header, r,
                                                                         strict=True)]
                                        for r in t.rows]


def letters(column: int) -> str:
    out = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def xlsx_bytes(sheets: list[tuple[str, list[list[object]]]], *, shared: bool = True,
               dimension: str | None = None, refs: bool = True, ns: str = MAIN,
               prefix: str = "", date1904: bool = False,
               change: Callable[[dict[str, bytes]], None] | None = None,
               compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A workbook written part by part, so that any part can be broken on purpose."""
    strings: dict[str, int] = {}
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns{":" + prefix if prefix else ""}="{ns}"'

    def cell(ref: str, value: object) -> str:
        r = f' r="{ref}"' if refs else ""
        if isinstance(value, Formula):
            kind = f' t="{value.kind}"' if value.kind != "n" else ""
            v = f"<{p}v>{escape(value.cached)}</{p}v>" if value.cached is not None else ""
            return f"<{p}c{r}{kind}><{p}f>{escape(value.text)}</{p}f>{v}</{p}c>"
        if isinstance(value, dt.date):
            start = dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30)
            return f'<{p}c{r} s="1"><{p}v>{(value - start).days}</{p}v></{p}c>'
        if isinstance(value, bool):
            return f'<{p}c{r} t="b"><{p}v>{int(value)}</{p}v></{p}c>'
        if isinstance(value, int | float):
            return f"<{p}c{r}><{p}v>{value!r}</{p}v></{p}c>"
        text = str(value)
        if shared:
            index = strings.setdefault(text, len(strings))
            return f'<{p}c{r} t="s"><{p}v>{index}</{p}v></{p}c>'
        return (f'<{p}c{r} t="inlineStr"><{p}is><{p}t xml:space="preserve">{escape(text)}'
                f"</{p}t></{p}is></{p}c>")

    parts: dict[str, bytes] = {}
    for n, (_, rows) in enumerate(sheets, start=1):
        body = []
        for i, row in enumerate(rows, start=1):
            # Without references a cell's place is its position, so gaps are empty cells.
            cells = "".join(cell(f"{letters(j)}{i}", v) if v is not None and v != "" else
                            ("" if refs else f"<{p}c/>") for j, v in enumerate(row))
            body.append(f'<{p}row r="{i}">{cells}</{p}row>' if refs else
                        f"<{p}row>{cells}</{p}row>")
        width = max((len(r) for r in rows), default=1)
        dim = dimension or f"A1:{letters(width - 1)}{max(len(rows), 1)}"
        parts[f"xl/worksheets/sheet{n}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<{p}worksheet {xmlns} xmlns:r="{RELS}"><{p}dimension ref="{dim}"/>'
            f"<{p}sheetData>{''.join(body)}</{p}sheetData></{p}worksheet>").encode()
    sheet_list = "".join(f'<sheet name="{escape(title)}" sheetId="{n}" r:id="rId{n}"/>'
                         for n, (title, _) in enumerate(sheets, start=1))
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="{ns}" '
        f'xmlns:r="{RELS}">{pr}<sheets>{sheet_list}</sheets></workbook>').encode()
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" '
        f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, len(sheets) + 1))
    k = len(sheets)
    rels += (f'<Relationship Id="rId{k + 1}" Type="{RELS}/styles" Target="styles.xml"/>'
             f'<Relationship Id="rId{k + 2}" Type="{RELS}/sharedStrings" '
             f'Target="sharedStrings.xml"/>')
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG}">{rels}'
        "</Relationships>").encode()
    parts["xl/styles.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="{ns}"><numFmts count="1">'
        '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
        'patternType="gray125"/></fill></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" '
        'borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" '
        'xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle '
        'name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>').encode()
    items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{ns}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">{items}</sst>').encode()
    parts["_rels/.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>").encode()
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = [("/xl/workbook.xml", f"{ct}.sheet.main+xml"),
                 ("/xl/styles.xml", f"{ct}.styles+xml"),
                 ("/xl/sharedStrings.xml", f"{ct}.sharedStrings+xml")] + [
        (f"/xl/worksheets/sheet{n}.xml", f"{ct}.worksheet+xml")
        for n in range(1, len(sheets) + 1)]
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>'
                  for name, kind in overrides) + "</Types>").encode()
    if change is not None:
        change(parts)
    return zip_bytes(parts, compression)


def zip_bytes(parts: dict[str, bytes] | list[tuple[str, bytes]],
              compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in (parts.items() if isinstance(parts, dict) else parts):
            info = zipfile.ZipInfo(name, date_time=(2025, 4, 1, 0, 0, 0))
            info.compress_type = compression
            z.writestr(info, data)
    return out.getvalue()


def workbook(tables: list[Table] | tuple[Table, ...] | None = None, **kw) -> bytes:
    return xlsx_bytes([sheet_of(t) for t in (tables or valid_return())], **kw)


def replace_in(part: str, old: str, new: str) -> Callable[[dict[str, bytes]], None]:
    def change(parts: dict[str, bytes]) -> None:
        text = parts[part].decode()
        assert old in text, (part, old)
        parts[part] = text.replace(old, new, 1).encode()
    return change


def sheet_number(name: str) -> int:
    return [t.name for t in valid_return()].index(name) + 1


# --- the corpus -----------------------------------------------------------------------


class Corpus:
    """Collects the variants as they are written."""

    def __init__(self, base: Path):
        self.base = base
        self.out: list[Variant] = []
        self.root = os.geteuid() == 0 if hasattr(os, "geteuid") else False

    def add(self, id: str, kind: str, description: str, expect: str, stage: str = "", *,
            files: dict[str, bytes] | None = None, xlsx: bytes | None = None,
            at: tuple[int, str | None] | None = None,
            then: Callable[[Path], None] | None = None) -> Path:
        """Write one variant: CSV ``files`` in the return folder, or one workbook."""
        assert not any(v.id == id for v in self.out), id
        assert (expect == REFUSED) == bool(stage), id
        top = self.base / id
        council = top / LA
        council.mkdir(parents=True)
        folder = council / RETURN
        if xlsx is not None:
            (council / f"{RETURN}.xlsx").write_bytes(xlsx)
        else:
            folder.mkdir()
            for name, data in (files if files is not None else files_of()).items():
                with open(os.path.join(os.fsencode(folder), os.fsencode(name)), "wb") as fh:
                    fh.write(data)
        if then is not None:
            then(council / RETURN if xlsx is None else council)
        self.out.append(Variant(id, kind, description, top, expect, stage, at))
        return top


def variants(base: Path) -> list[Variant]:
    """Write every variant under ``base`` (which must exist) and list them."""
    c = Corpus(Path(base))
    for add in (_valid, _csv_rows, _csv_bytes, _csv_shapes, _xlsx_valid, _xlsx_broken,
                _bombs, _filesystem, _tables, _values):
        add(c)
    return c.out


def _files(*tables: Table, **kw) -> dict[str, bytes]:
    """The valid return's files with ``tables`` (by name) put in instead."""
    files = files_of(**kw)
    for t in tables:
        files[t.file] = encoded(csv_text(t.header, t.rows, **kw))
    return files


def _raw(t: Table, data: bytes) -> dict[str, bytes]:
    files = files_of()
    files[t.file] = data
    return files


def _valid(c: Corpus) -> None:
    c.add("csv-valid", "valid", "the valid return as CSV files", LOADS)
    c.add("csv-crlf", "line endings", "Windows line endings (CR LF)", LOADS,
          files=files_of(eol="\r\n"))
    c.add("csv-cr", "line endings", "old Mac line endings (CR alone)", LOADS,
          files=files_of(eol="\r"))
    mixed = {t.file: encoded("".join(line.rstrip("\n") + ("\r\n", "\r", "\n")[i % 3]
                                     for i, line in enumerate(
                                         csv_text(t.header, t.rows).splitlines(True))))
             for t in valid_return()}
    c.add("csv-mixed-endings", "line endings", "LF, CR LF and CR mixed in one file", LOADS,
          files=mixed)
    c.add("csv-bom", "BOM", "each file starts with a UTF-8 BOM (as Excel's CSV UTF-8)",
          LOADS, files={k: b"\xef\xbb\xbf" + v for k, v in files_of(eol="\r\n").items()})
    c.add("csv-no-final-newline", "line endings", "no line break after the last row", LOADS,
          files={k: v.rstrip(b"\n") for k, v in files_of().items()})
    c.add("csv-all-quoted", "quoting", "every value in quotes", LOADS,
          files=files_of(quote_all=True))
    blank = {t.file: encoded(csv_text(t.header, t.rows).replace("\n", "\n\n", 3))
             for t in valid_return()}
    c.add("csv-blank-lines", "blank lines", "blank lines between rows", LOADS, files=blank)
    c.add("csv-leading-blank-lines", "blank lines", "two blank lines before the header",
          LOADS, files={k: b"\n\n" + v for k, v in files_of().items()})
    trailing = {t.file: encoded(csv_text([*t.header, "", ""], [[*r, "", ""] for r in t.rows]))
                for t in valid_return()}
    c.add("csv-excel-trailing-commas", "trailing empty values",
          "two empty values after the last column in every row, the header too (as Excel "
          "leaves after a column was cleared)", LOADS, files=trailing)
    odd = [changed(t, header=[f" {h.lower()} " for h in t.header]) for t in valid_return()]
    c.add("csv-header-case-spaces", "header spelling", "lower-case headers with spaces",
          LOADS, files=_files(*odd))
    flipped = [changed(t, header=t.header[::-1], rows=[r[::-1] for r in t.rows])
               for t in valid_return()]
    c.add("csv-columns-reversed", "column order", "every table's columns in reverse order",
          LOADS, files=_files(*flipped))
    c.add("csv-other-file-names", "file names", "files named as another system names them",
          LOADS, files={f"903_{k.removesuffix('.csv')}_export.csv": v
                        for k, v in files_of().items()})


def _csv_rows(c: Corpus) -> None:
    """Each row-structure fault, in each table that has rows."""
    for t in with_rows():
        slug = t.file.removesuffix(".csv").replace("_", "-")
        last = t.header[-1]
        rows = [list(r) for r in t.rows]
        rows[1] = rows[1][:-1]
        c.add(f"csv-short-row-{slug}", "short row",
              f"{t.name}: row 3 has one value too few (the last is missing)", REFUSED, "read",
              files=_files(changed(t, rows=rows)), at=(3, None))
        rows = [list(r) for r in t.rows]
        del rows[2][1]
        c.add(f"csv-short-row-middle-{slug}", "short row",
              f"{t.name}: row 4 lost its second value (everything after shifts left)",
              REFUSED, "read", files=_files(changed(t, rows=rows)), at=(4, None))
        rows = [list(r) for r in t.rows]
        rows[1] = rows[1] + ["X"]
        c.add(f"csv-long-row-{slug}", "long row",
              f"{t.name}: row 3 has an extra value after {last}", REFUSED, "read",
              files=_files(changed(t, rows=rows)), at=(3, str(len(t.header) + 1)))
        rows = [list(r) for r in t.rows]
        rows[1] = [*rows[1][:1], "", *rows[1][1:-1], rows[1][-1], ""]
        c.add(f"csv-shifted-row-{slug}", "long row",
              f"{t.name}: row 3 has an extra empty value after the first, shifting the rest "
              "right (the header has no trailing empty cells)", REFUSED, "read",
              files=_files(changed(t, rows=rows)), at=(3, str(len(t.header) + 1)))
        text = csv_text(t.header, t.rows)
        lines = text.splitlines(True)
        cells = lines[2].rstrip("\n").split(",")
        cells[1] = '"' + cells[1]
        lines[2] = ",".join(cells) + "\n"
        c.add(f"csv-unterminated-quote-{slug}", "unterminated quote",
              f"{t.name}: a quote opens the second value of row 3 and is never closed",
              REFUSED, "read", files=_raw(t, encoded("".join(lines))), at=(3, t.header[1]))
        lines = text.splitlines(True)
        cells = lines[2].rstrip("\n").split(",")
        cells[1] = f'"{cells[1]}"x'
        lines[2] = ",".join(cells) + "\n"
        c.add(f"csv-text-after-quote-{slug}", "stray quote",
              f"{t.name}: row 3's second value is a quoted value followed by more text",
              REFUSED, "read", files=_raw(t, encoded("".join(lines))), at=(3, t.header[1]))
        c.add(f"csv-nul-{slug}", "NUL byte", f"{t.name}: a NUL byte inside row 4's first value",
              REFUSED, "read", files=_raw(t, encoded(csv_text(
                  t.header, set_cell(t, 2, t.header[0], t.rows[2][0] + MARK).rows), b"\x00")),
              at=(4, t.header[0]))
        joined = (csv_text(t.header, t.rows[:2]) + "\ufeff"
                  + csv_text(t.header, t.rows[2:]).split("\n", 1)[1])
        c.add(f"csv-mid-bom-{slug}", "BOM in the middle",
              f"{t.name}: two exports joined, the second's BOM at the start of row 4",
              REFUSED, "read", files=_raw(t, encoded(joined)), at=(4, t.header[0]))
        c.add(f"csv-bad-utf8-{slug}", "invalid UTF-8",
              f"{t.name}: a UTF-8 file (with a BOM) with a byte 0xFF after row 3's first value",
              REFUSED, "read", files=_raw(t, b"\xef\xbb\xbf" + encoded(csv_text(
                  t.header, set_cell(t, 1, t.header[0], t.rows[1][0] + MARK).rows), b"\xff")),
              at=(3, t.header[0]))
        for delimiter, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            c.add(f"csv-{name}-{slug}", "delimiter", f"{t.name}: separated by {name}",
                  REFUSED, "read",
                  files=_raw(t, encoded(csv_text(t.header, t.rows, delimiter=delimiter))),
                  at=(1, None))
        for encoding, label in (("utf-16", "utf16-bom"), ("utf-16-be", "utf16be"),
                                ("utf-32", "utf32-bom"), ("utf-32-le", "utf32le")):
            c.add(f"csv-{label}-{slug}", "UTF-16 or UTF-32",
                  f"{t.name}: saved as {encoding.upper()}", REFUSED, "read",
                  files=_raw(t, csv_text(t.header, t.rows).encode(encoding)))
        c.add(f"csv-empty-{slug}", "empty file", f"{t.name}: the file is empty (0 bytes)",
              REFUSED, "read", files=_raw(t, b""))
        c.add(f"csv-huge-value-{slug}", "huge value",
              f"{t.name}: row 3's last value is 200 KiB long", REFUSED, "read",
              files=_files(set_cell(t, 1, last, "A" * 200_000)), at=(3, last))


def _csv_bytes(c: Corpus) -> None:
    """Encodings and bytes that are not text, in one table or another."""
    ep, hd = table("Episodes"), table("Header")
    for encoding, label in (("utf-16-le", "utf16le"), ("utf-32-be", "utf32be"),
                            ("utf-16", "utf16-bom-crlf")):
        c.add(f"csv-{label}-all", "UTF-16 or UTF-32",
              f"every file saved as {encoding.upper()}", REFUSED, "read",
              files={t.file: csv_text(t.header, t.rows, eol="\r\n").encode(encoding)
                     for t in valid_return()})
    c.add("csv-cp1252", "Windows-1252",
          "Episodes saved as Windows-1252 with an \u00e9 in row 3's PL_POST (read with a "
          "warning; the value is an error)", ERRORS,
          files=_raw(ep, csv_text(ep.header, set_cell(ep, 1, "PL_POST", "CAF\u00c9").rows)
                     .encode("cp1252")))
    c.add("csv-ff-ascii", "byte 0xFF",
          "Header: a byte 0xFF after row 5's CHILD in an otherwise ASCII file: read as "
          "Windows-1252 (with a warning), so the child is 'ÿ'-suffixed and an error", ERRORS,
          files=_raw(hd, encoded(csv_text(
              hd.header, set_cell(hd, 3, "CHILD", hd.rows[3][0] + MARK).rows), b"\xff")))
    bom = b"\xef\xbb\xbf"
    for raw, label, why in ((b"\x81", "cp1252-undefined", "byte 0x81, undefined in "
                             "Windows-1252 too"),
                            (b"\xc0\x80", "overlong", "an overlong UTF-8 sequence"),
                            (b"\xe2\x82", "truncated", "a UTF-8 sequence cut short"),
                            (b"\x80", "lone-continuation", "a lone continuation byte"),
                            (b"\xed\xa0\x80", "surrogate", "an encoded surrogate")):
        prefix = b"" if label == "cp1252-undefined" else bom
        c.add(f"csv-{label}", "invalid UTF-8", f"Episodes: {why} in row 6's PLACE",
              REFUSED, "read", files=_raw(ep, prefix + encoded(csv_text(
                  ep.header, set_cell(ep, 4, "PLACE", "U" + MARK).rows), raw)),
              at=(6, "PLACE"))
    mixed = csv_text(ep.header, set_cell(set_cell(ep, 1, "PL_POST", MARK), 5, "HOME_POST",
                                         "\u00e9").rows)
    c.add("csv-mixed-encodings", "mixed encodings",
          "Episodes: Windows-1252 \u00e9 on row 3 and UTF-8 \u00e9 on row 7", REFUSED, "read",
          files=_raw(ep, encoded(mixed, b"\xe9")), at=(7, "HOME_POST"))
    c.add("csv-double-bom", "BOM in the middle", "Header: two BOMs at the start", REFUSED,
          "read", files=_raw(hd, bom * 2 + encoded(csv_text(hd.header, hd.rows))),
          at=(1, "1"))
    rng = random.Random(903)
    for i in range(6):
        junk = bytes(rng.randrange(256) for _ in range(2000 + 500 * i))
        c.add(f"csv-binary-junk-{i}", "binary junk", f"Episodes: 2-5 KB of random bytes "
              f"(seed 903, draw {i})", REFUSED, "read", files=_raw(ep, junk))
    magic = {"png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
             "gzip": b"\x1f\x8b\x08\x00" + bytes(64), "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
             + b"1 0 obj\n<< /Length 5 >>\nstream\n\x00\x01\x02\nendstream\n",
             "xlsx": workbook([ep]), "ole": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)}
    for name, data in magic.items():
        c.add(f"csv-is-{name}", "wrong file type", f"Episodes: a {name.upper()} file "
              "named episodes.csv", REFUSED, "read", files=_raw(ep, data))
    c.add("csv-terminal-escape-value", "escape bytes",
          "Episodes: row 3's PLACE holds a terminal escape sequence (ESC [2J)", ERRORS,
          files=_files(set_cell(ep, 1, "PLACE", "\x1b[2J\x1b[31mU4")))


def _csv_shapes(c: Corpus) -> None:
    """Files whose whole shape is wrong, and quotes that swallow rows."""
    ep, hd = table("Episodes"), table("Header")
    c.add("csv-only-blank-lines", "empty file", "Header: only blank lines", REFUSED, "read",
          files=_raw(hd, b"\n\r\n\n"))
    c.add("csv-whitespace-only", "empty file", "Header: spaces and commas only", REFUSED,
          "read", files=_raw(hd, b"  ,  ,\n , ,\n"))
    c.add("csv-wide-header", "huge header", "Episodes: a header of 100,000 columns",
          REFUSED, "read", files=_raw(ep, ",".join(f"C{i}" for i in range(100_000)).encode()
                                      + b"\n"), at=(1, None))
    c.add("csv-huge-line", "huge row", "Episodes: row 3 is 1.5 MiB of short values", REFUSED,
          "read", files=_raw(ep, encoded(csv_text(ep.header, ep.rows[:1]))
                             + b"1," * 750_000 + b"\n"), at=(3, None))
    middle = set_cell(ep, 1, "LS", "B" * 300_000)
    c.add("csv-huge-value-middle", "huge value", "Episodes: row 3's LS is 300 KB long (the "
          "row is too)", REFUSED, "read", files=_files(middle), at=(3, "LS"))
    text = csv_text(ep.header, ep.rows)
    lines = text.splitlines(True)
    lines[3] = lines[3].replace(",", ',"', 10).replace(',"', ",", 9)  # one quote, 10th value
    c.add("csv-stray-quote-swallows-rest", "stray quote",
          "Episodes: a stray quote opens a value on row 4; no quote follows, so the rest of "
          "the file would be one value", REFUSED, "read", files=_raw(ep, encoded("".join(lines))),
          at=(4, ep.header[10]))
    lines = text.splitlines(True)
    opened = lines[3].split(",")
    opened[9] = '"' + opened[9]
    lines[3] = ",".join(opened)
    closed = lines[9].split(",")
    closed[9] = closed[9] + '"'
    lines[9] = ",".join(closed)
    c.add("csv-stray-quotes-swallow-rows", "stray quote",
          "Episodes: a stray quote on row 4 and another on row 10 make rows 5 to 9 one value "
          "with the right number of columns", REFUSED, "read",
          files=_raw(ep, encoded("".join(lines))), at=(4, "REASON_PLACE_CHANGE"))
    lines = text.splitlines(True)
    many = "".join(lines[:3]) + ",".join(opened) + "".join(lines[4:]) * 400
    c.add("csv-quote-runs-past-limit", "stray quote",
          "Episodes: a quote opened on row 4 runs over thousands of lines", REFUSED, "read",
          files=_raw(ep, encoded(many)), at=(4, "REASON_PLACE_CHANGE"))
    c.add("csv-newline-in-code", "line break in a value",
          "Episodes: row 3's RNE is quoted and holds a line break (one row, a bad code)",
          ERRORS, files=_files(set_cell(ep, 1, "RNE", "S\nP")))
    c.add("csv-quote-inside-value", "stray quote",
          "Episodes: row 3's PLACE is U\"4 (a quote inside an unquoted value is a character)",
          ERRORS, files=_raw(ep, encoded(csv_text(
              ep.header, set_cell(ep, 1, "PLACE", "U" + MARK + "4").rows), b'"')))
    header_only = {t.file: encoded(csv_text(t.header, [])) for t in valid_return()}
    c.add("csv-headers-only", "headers only", "every table has its header and no rows",
          REFUSED, "load", files=header_only)
    c.add("csv-header-only-ad1", "headers only", "AD1 has its header and no rows (as often)",
          LOADS, files=_files(changed(table("AD1"), rows=[])))


def _xlsx_valid(c: Corpus) -> None:
    c.add("xlsx-valid", "valid", "the valid return as one workbook, a sheet per table", LOADS,
          xlsx=workbook())
    c.add("xlsx-inline-strings", "valid", "text as inline strings, not shared", LOADS,
          xlsx=workbook(shared=False))
    c.add("xlsx-no-cell-references", "valid", "rows and cells without r= references", LOADS,
          xlsx=workbook(refs=False))
    c.add("xlsx-strict", "valid", "saved as Strict Open XML (the ISO namespace)", LOADS,
          xlsx=workbook(ns=STRICT))
    c.add("xlsx-prefixed", "valid", "elements written with a namespace prefix (x:c)", LOADS,
          xlsx=workbook(prefix="x"))
    c.add("xlsx-1904", "valid", "dates in the 1904 date system (old Mac Excel)", LOADS,
          xlsx=workbook(date1904=True))
    c.add("xlsx-stored", "valid", "parts stored without compression", LOADS,
          xlsx=workbook(compression=zipfile.ZIP_STORED))
    c.add("xlsx-far-dimension", "declared size",
          "every sheet declares A1:XFD3000 (the 1.6 KB file that exhausted memory)", LOADS,
          xlsx=workbook(dimension="A1:XFD3000"))
    c.add("xlsx-far-dimension-million", "declared size",
          "every sheet declares A1:XFD1048576", LOADS, xlsx=workbook(dimension="A1:XFD1048576"))
    far = replace_in("xl/worksheets/sheet1.xml", "</sheetData>",
                     '<row r="3000"><c r="XFD3000"/></row></sheetData>')
    c.add("xlsx-far-empty-cell", "declared size", "an empty cell at XFD3000 in the first sheet",
          LOADS, xlsx=workbook(change=far))
    ep = table("Episodes")

    def floats(t: Table) -> tuple[str, list[list[object]]]:
        title, rows = sheet_of(t)
        return title, [rows[0]] + [[float(v) if isinstance(v, int) else v for v in r]
                                   for r in rows[1:]]
    c.add("xlsx-whole-floats", "numbers", "whole numbers stored as 5.0", LOADS,
          xlsx=xlsx_bytes([floats(t) for t in valid_return()]))

    def formulas(t: Table) -> tuple[str, list[list[object]]]:
        title, rows = sheet_of(t)
        return title, [rows[0]] + [[Formula(f'"{v}"', v, "str") if isinstance(v, str) else v
                                    for v in r] for r in rows[1:]]
    c.add("xlsx-formulas-cached", "formulas", "every text value a formula with its saved value",
          LOADS, xlsx=xlsx_bytes([formulas(t) for t in valid_return()]))
    rich = replace_in("xl/sharedStrings.xml", '<si><t xml:space="preserve">CHILD</t></si>',
                      "<si><r><t>CH</t></r><r><rPr><b/></rPr><t>ILD</t></r>"
                      "<rPh><t>\u30c1</t></rPh></si>")
    c.add("xlsx-rich-text", "valid", "a header in rich text runs with a phonetic guide", LOADS,
          xlsx=workbook(change=rich))

    def zip_slip(parts: dict[str, bytes]) -> None:
        parts["../../evil.txt"] = b"not extracted"
        parts["/etc/evil.txt"] = b"not extracted"
    c.add("xlsx-zip-slip-names", "zip paths", "extra parts named ../../evil.txt and "
          "/etc/evil.txt (never extracted: nothing is written)", LOADS,
          xlsx=workbook(change=zip_slip))

    def empty_sheet(parts: dict[str, bytes]) -> None:
        parts["xl/worksheets/sheet99.xml"] = (
            f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>').encode()
        replace_in("xl/workbook.xml", "</sheets>",
                   '<sheet name="Notes" sheetId="99" state="hidden" r:id="rId99"/></sheets>'
                   )(parts)
        replace_in("xl/_rels/workbook.xml.rels", "</Relationships>",
                   f'<Relationship Id="rId99" Type="{RELS}/worksheet" '
                   'Target="worksheets/sheet99.xml"/></Relationships>')(parts)
    c.add("xlsx-empty-hidden-sheet", "valid", "an extra hidden, empty sheet", LOADS,
          xlsx=workbook(change=empty_sheet))

    def leading(t: Table) -> tuple[str, list[list[object]]]:
        title, rows = sheet_of(t)
        return title, [[], [], *rows]
    c.add("xlsx-leading-blank-rows", "blank lines", "two empty rows above each header", LOADS,
          xlsx=xlsx_bytes([leading(t) for t in valid_return()]))

    def dates_as_text(t: Table) -> tuple[str, list[list[object]]]:
        return t.name, [list(t.header)] + [list(r) for r in t.rows]
    c.add("xlsx-all-text", "valid", "every cell text, dates typed as dd/mm/YYYY", LOADS,
          xlsx=xlsx_bytes([dates_as_text(t) for t in valid_return()]))
    c.add("xlsx-openpyxl", "valid", "written by openpyxl", LOADS, xlsx=_by_openpyxl())
    c.add("xlsx-xlsxwriter", "valid", "written by xlsxwriter (as many systems export)", LOADS,
          xlsx=_by_xlsxwriter())
    c.add("csv-and-xlsx-agree", "CSV and XLSX", "Episodes as a CSV file and, identical, as a "
          "workbook in the same folder: two files for one table", REFUSED, "tables",
          files={**files_of(), "episodes.xlsx": workbook([ep])})


def _by_openpyxl() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for t in valid_return():
        sheet = book.create_sheet(t.name)
        _title, rows = sheet_of(t)
        for r in rows:
            sheet.append(r)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
    out = io.BytesIO()
    book.save(out)
    return _fixed_dates(out.getvalue())


def _by_xlsxwriter() -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": dt.datetime(2025, 4, 1)})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    for t in valid_return():
        sheet = book.add_worksheet(t.name)
        for i, row in enumerate(sheet_of(t)[1]):
            for j, v in enumerate(row):
                if isinstance(v, dt.date):
                    sheet.write_datetime(i, j, dt.datetime.combine(v, dt.time()), date)
                elif v is not None:
                    sheet.write(i, j, v)
    book.close()
    return out.getvalue()


def _fixed_dates(data: bytes) -> bytes:
    """The workbook rewritten with fixed timestamps, so the corpus's bytes never change."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    stamp = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
    return zip_bytes([(n, stamp.sub(b"2025-04-01T00:00:00Z", d)) for n, d in parts])


def _xlsx_broken(c: Corpus) -> None:
    ep = table("Episodes")
    n = sheet_number("Episodes")
    sheet = f"xl/worksheets/sheet{n}.xml"
    decom = letters(ep.column("DECOM"))

    def no_value(parts: dict[str, bytes]) -> None:
        _edit_cell(parts, sheet, f"{decom}5", f'<c r="{decom}5" s="1"><f>TODAY()</f></c>')
    c.add("xlsx-formula-no-value", "formula without a value",
          f"Episodes: cell {decom}5 holds =TODAY() with no saved value (never recalculated)",
          REFUSED, "read", xlsx=workbook(change=no_value), at=(5, decom))

    def formula_sheet(t: Table) -> tuple[str, list[list[object]]]:
        title, rows = sheet_of(t)
        rows[1][0] = Formula("A3", None, "str")
        return title, rows
    c.add("xlsx-formula-no-value-child", "formula without a value",
          "Header: cell A2 holds =A3 with no saved value", REFUSED, "read",
          xlsx=xlsx_bytes([formula_sheet(t) if t.name == "Header" else sheet_of(t)
                           for t in valid_return()]), at=(2, "A"))
    c.add("xlsx-bad-shared-string", "bad shared string",
          "Episodes: cell A3 refers to shared string 99999", REFUSED, "read",
          xlsx=workbook(change=lambda p: _edit_cell(p, sheet, "A3", '<c r="A3" t="s"><v>99999'
                                                    "</v></c>")), at=(3, "A"))
    c.add("xlsx-shared-string-not-number", "bad shared string",
          "Episodes: cell A3's shared string index is 'x'", REFUSED, "read",
          xlsx=workbook(change=lambda p: _edit_cell(p, sheet, "A3",
                                                    '<c r="A3" t="s"><v>x</v></c>')), at=(3, "A"))
    for part, label in ((sheet, "sheet"), ("xl/sharedStrings.xml", "shared-strings"),
                        ("xl/workbook.xml", "workbook"), ("xl/styles.xml", "styles"),
                        ("xl/_rels/workbook.xml.rels", "relationships")):
        def cut(parts: dict[str, bytes], part: str = part) -> None:
            parts[part] = parts[part][: len(parts[part]) * 2 // 3]
        c.add(f"xlsx-truncated-{label}", "malformed XML", f"the {label} part's XML is cut "
              "off two thirds through", REFUSED, "read", xlsx=workbook(change=cut))

        def garbled(parts: dict[str, bytes], part: str = part) -> None:
            data = parts[part]
            parts[part] = data[:60] + b"<<\x01&;>" + data[60:]
        c.add(f"xlsx-garbled-{label}", "malformed XML", f"the {label} part's XML has junk "
              "bytes in it", REFUSED, "read", xlsx=workbook(change=garbled))
    c.add("xlsx-unclosed-row", "malformed XML", "Episodes: a row element never closed",
          REFUSED, "read", xlsx=workbook(change=replace_in(sheet, "</row>", "", )))
    c.add("xlsx-cell-out-of-order", "damaged sheet", "Episodes: cell A3 written twice",
          REFUSED, "read", xlsx=workbook(change=lambda p: _edit_cell(
              p, sheet, "B3", '<c r="A3" t="s"><v>0</v></c>')), at=(3, None))
    c.add("xlsx-row-out-of-order", "damaged sheet", "Episodes: row 2 written after row 3",
          REFUSED, "read", xlsx=workbook(change=replace_in(sheet, '<row r="3">',
                                                            '<row r="2">')), at=(2, None))
    c.add("xlsx-bad-cell-reference", "damaged sheet", "Episodes: a cell referenced as 1A3",
          REFUSED, "read", xlsx=workbook(change=replace_in(sheet, '<c r="A3"', '<c r="1A3"')),
          at=(3, None))
    c.add("xlsx-value-beyond-header", "long row",
          "Episodes: a value in cell P9, beyond the 13 columns of the header", REFUSED, "read",
          xlsx=workbook(change=lambda p: _append_cell(p, sheet, 9, "P9", "note")),
          at=(9, "P"))
    c.add("xlsx-far-header-cell", "huge header",
          "Episodes: a header cell at XFD1 (column 16,384)", REFUSED, "read",
          xlsx=workbook(change=lambda p: _append_cell(p, sheet, 1, "XFD1", "NOTES")),
          at=(1, "XFD"))
    c.add("xlsx-missing-sheet-part", "damaged workbook", "Episodes' sheet part is missing",
          REFUSED, "read", xlsx=workbook(change=lambda p: p.pop(sheet)))
    c.add("xlsx-missing-workbook-rels", "damaged workbook",
          "the workbook's relationships part is missing", REFUSED, "read",
          xlsx=workbook(change=lambda p: p.pop("xl/_rels/workbook.xml.rels")))
    c.add("xlsx-missing-shared-strings", "damaged workbook",
          "the shared strings part is missing", REFUSED, "read",
          xlsx=workbook(change=lambda p: p.pop("xl/sharedStrings.xml")))
    c.add("xlsx-no-workbook", "wrong file type", "a zip of CSV files named .xlsx", REFUSED,
          "read", xlsx=zip_bytes(files_of()))
    c.add("xlsx-docx", "wrong file type", "a Word document's parts named .xlsx", REFUSED,
          "read", xlsx=zip_bytes({"word/document.xml": b"<w:document/>",
                                  "[Content_Types].xml": b"<Types/>"}))
    c.add("xlsx-macros", "macro workbook", "an .xlsm (with vbaProject.bin) named .xlsx",
          REFUSED, "read", xlsx=workbook(change=lambda p: p.update(
              {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(60)})))
    data = workbook()
    c.add("xlsx-truncated-file", "corrupt zip", "the workbook cut off half way (a broken "
          "download)", REFUSED, "read", xlsx=data[: len(data) // 2])
    c.add("xlsx-zip-header-only", "corrupt zip", "the zip signature and nothing else",
          REFUSED, "read", xlsx=b"PK\x03\x04" + bytes(26))
    flipped = bytearray(data)
    start = data.index(b"xl/worksheets/sheet2.xml") + 40
    for i in range(start, start + 64):
        flipped[i] ^= 0x55
    c.add("xlsx-corrupt-data", "corrupt zip", "bytes of a sheet's compressed data flipped",
          REFUSED, "read", xlsx=bytes(flipped))
    c.add("xlsx-is-csv", "wrong file type", "a CSV file named .xlsx", REFUSED, "read",
          xlsx=files_of()["episodes.csv"])
    c.add("xlsx-empty", "empty file", "an empty file named .xlsx", REFUSED, "read", xlsx=b"")
    c.add("xlsx-is-png", "wrong file type", "a PNG image named .xlsx", REFUSED, "read",
          xlsx=b"\x89PNG\r\n\x1a\n" + bytes(100))
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(3000))
    ole[1200:1200 + 28] = "EncryptionInfo".encode("utf-16-le")
    c.add("xlsx-encrypted", "encrypted workbook", "a password-protected workbook (an OLE file "
          "holding EncryptionInfo)", REFUSED, "read", xlsx=bytes(ole))
    c.add("xlsx-xls", "wrong file type", "an Excel 97-2003 (.xls) file named .xlsx", REFUSED,
          "read", xlsx=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(3000))

    def encrypted_member(data: bytes) -> bytes:
        out = bytearray(data)
        i = out.index(b"PK\x01\x02")
        while i >= 0:  # set the "encrypted" flag in every central directory entry
            out[i + 8] |= 1
            i = out.find(b"PK\x01\x02", i + 4)
        return bytes(out)
    c.add("xlsx-encrypted-parts", "encrypted workbook", "zip parts flagged as encrypted",
          REFUSED, "read", xlsx=encrypted_member(workbook()))
    c.add("xlsx-bzip2", "corrupt zip", "parts compressed with bzip2 (unbounded to unpack)",
          REFUSED, "read", xlsx=workbook(compression=zipfile.ZIP_BZIP2))
    c.add("xlsx-lzma", "corrupt zip", "parts compressed with LZMA", REFUSED, "read",
          xlsx=workbook(compression=zipfile.ZIP_LZMA))
    c.add("xlsx-duplicate-part", "corrupt zip", "two parts with one name (zip confusion)",
          REFUSED, "read", xlsx=_duplicate_part(workbook(), sheet))
    c.add("xlsx-all-sheets-empty", "empty file", "a workbook whose sheets are all empty",
          REFUSED, "read", xlsx=xlsx_bytes([("Sheet1", []), ("Sheet2", [])]))
    headers_only = xlsx_bytes([(t.name, [list(t.header)]) for t in valid_return()])
    c.add("xlsx-headers-only", "headers only", "a workbook of headers and no rows (closed every "
          "open episode when loaded with --reference-date)", REFUSED, "load", xlsx=headers_only)
    # XML cannot hold ESC, not even as &#27;, so a sheet's name carries invisible and
    # direction-changing characters instead; cells carry ESC the way Excel writes it.
    c.add("xlsx-odd-sheet-name", "escape bytes", "the Episodes sheet's name ends with a "
          "right-to-left override and a zero-width space (shown escaped)", LOADS,
          xlsx=workbook(change=replace_in("xl/workbook.xml", 'name="Episodes"',
                                          'name="Episodes\u202e\u200b"')))
    c.add("xlsx-escape-in-value", "escape bytes", "Episodes: row 3's PLACE holds "
          "_x001B_[2J, Excel's way of writing the escape character", ERRORS,
          xlsx=workbook([set_cell(ep, 1, "PLACE", "_x001B_[2JU4") if t.name == "Episodes"
                         else t for t in valid_return()]))


def _edit_cell(parts: dict[str, bytes], sheet: str, ref: str, new: str) -> None:
    text = parts[sheet].decode()
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)')
    assert pattern.search(text), ref
    parts[sheet] = pattern.sub(new, text, count=1).encode()


def _append_cell(parts: dict[str, bytes], sheet: str, row: int, ref: str, text: str) -> None:
    data = parts[sheet].decode()
    start = data.index(f'<row r="{row}">')
    end = data.index("</row>", start)
    cell = f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
    parts[sheet] = (data[:end] + cell + data[end:]).encode()


def _duplicate_part(data: bytes, name: str) -> bytes:
    """The workbook with a second part named ``name`` (zipfile warns but writes it)."""
    import warnings

    out = io.BytesIO(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(out, "a") as z:
            info = zipfile.ZipInfo(name, date_time=(2025, 4, 1, 0, 0, 0))
            z.writestr(info, f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>')
    return out.getvalue()


def _bombs(c: Corpus) -> None:
    """Files built to exhaust memory or time, disguised as workbooks."""
    for part, label in (("xl/sharedStrings.xml", "shared-strings"),
                        (f"xl/worksheets/sheet{sheet_number('Episodes')}.xml", "sheet"),
                        ("xl/workbook.xml", "workbook"), ("xl/styles.xml", "styles"),
                        ("xl/_rels/workbook.xml.rels", "relationships")):
        c.add(f"xlsx-billion-laughs-{label}", "XML bomb",
              f"the {label} part declares nested entities that expand to 3 GB",
              REFUSED, "read", xlsx=workbook(change=functools.partial(_laughs, part)))
    xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f'<sst xmlns="{MAIN}"><si><t>&x;</t></si></sst>')
    c.add("xlsx-external-entity", "XML bomb", "the shared strings read /etc/passwd through an "
          "external entity", REFUSED, "read",
          xlsx=workbook(change=lambda p: p.update({"xl/sharedStrings.xml": xxe.encode()})))
    quadratic = ('<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY a "' + "A" * 50_000 + '">]>'
                 f'<sst xmlns="{MAIN}"><si><t>' + "&a;" * 2000 + "</t></si></sst>")
    c.add("xlsx-quadratic-blowup", "XML bomb", "one large entity used thousands of times",
          REFUSED, "read", xlsx=workbook(change=lambda p: p.update(
              {"xl/sharedStrings.xml": quadratic.encode()})))
    plain_dtd = (f'<?xml version="1.0"?>\n<!DOCTYPE sst><sst xmlns="{MAIN}"><si><t>CHILD</t>'
                 "</si></sst>")
    c.add("xlsx-doctype", "XML bomb", "a DOCTYPE (no entities) in the shared strings",
          REFUSED, "read", xlsx=workbook(change=lambda p: p.update(
              {"xl/sharedStrings.xml": plain_dtd.encode()})))
    sheet = f"xl/worksheets/sheet{sheet_number('Episodes')}.xml"
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'

    def bomb(parts: dict[str, bytes]) -> None:
        body = parts[sheet].decode()
        parts[sheet] = body.replace("</sheetData>", row * 300_000 + "</sheetData>").encode()
    c.add("xlsx-zip-bomb-ratio", "zip bomb",
          "a sheet of 300,000 identical rows: 15 MB unpacked from about 40 kB",
          REFUSED, "read", xlsx=workbook(change=bomb))
    c.add("xlsx-zip-bomb-declared", "zip bomb",
          "a sheet whose declared unpacked size is 3 GB", REFUSED, "read",
          xlsx=_declared_size(workbook(), sheet, 3 << 30))
    c.add("xlsx-declared-too-small", "corrupt zip",
          "a sheet that unpacks to more than its declared size (the CRC check fails)",
          REFUSED, "read", xlsx=_declared_size(workbook(), sheet, 100))
    many = workbook(change=lambda p: p.update({f"xl/media/image{i}.png": b"x"
                                               for i in range(2000)}))
    c.add("xlsx-too-many-parts", "zip bomb", "a workbook of 2,000 parts", REFUSED, "read",
          xlsx=many)
    wide = "".join(f'<c r="{letters(j)}1" t="inlineStr"><is><t>C{j}</t></is></c>'
                   for j in range(100))
    c.add("xlsx-wide-header", "huge header", "Episodes: a header of 100 columns", REFUSED,
          "read", xlsx=workbook(change=lambda p: _header_row(p, sheet, wide)),
          at=(1, "CV"))


def _laughs(part: str, parts: dict[str, bytes]) -> None:
    """Put a billion laughs in ``part``: nine levels of entities, each ten of the last."""
    declaration, body = parts[part].decode().split("\n", 1)
    root = re.match(r"<([\w:]+)", body).group(1)  # type: ignore[union-attr]
    entities = '<!ENTITY lol0 "lollollol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    start = body.index(">") + 1
    parts[part] = (f"{declaration}\n<!DOCTYPE {root} [{entities}]>\n"
                   f"{body[:start]}&lol9;{body[start:]}").encode()


def _header_row(parts: dict[str, bytes], sheet: str, cells: str) -> None:
    text = parts[sheet].decode()
    parts[sheet] = re.sub(r'<row r="1">.*?</row>', f'<row r="1">{cells}</row>', text,
                          count=1).encode()


def _declared_size(data: bytes, name: str, size: int) -> bytes:
    """``data`` with part ``name``'s unpacked size changed in the zip's headers."""
    out = bytearray(data)
    wanted = name.encode()
    # (signature, where the unpacked size is, where the name's length is, where the name is)
    for signature, size_at, length_at, name_at in ((b"PK\x03\x04", 22, 26, 30),
                                                    (b"PK\x01\x02", 24, 28, 46)):
        i = out.find(signature)
        while i >= 0:
            length = int.from_bytes(out[i + length_at:i + length_at + 2], "little")
            if out[i + name_at:i + name_at + length] == wanted:
                out[i + size_at:i + size_at + 4] = min(size, 0xFFFFFFFF).to_bytes(4, "little")
            i = out.find(signature, i + 4)
    return bytes(out)


def _filesystem(c: Corpus) -> None:
    """What is on disk rather than in the files: links, pipes, folders, permissions, names."""
    ep = table("Episodes")

    def without_episodes() -> dict[str, bytes]:
        files = files_of()
        del files[ep.file]
        return files
    c.add("fs-dangling-symlink", "dangling symlink",
          "episodes.csv is a link to a file that does not exist", REFUSED, "read",
          files=without_episodes(),
          then=lambda f: os.symlink("exports/episodes_final.csv", f / "episodes.csv"))
    c.add("fs-dangling-symlink-folder", "dangling symlink",
          "beside the tables, a link named 2024 to a folder that does not exist", REFUSED,
          "read", then=lambda f: os.symlink("../archive/2024", f / "2024"))
    c.add("fs-symlink-loop", "dangling symlink", "episodes.csv is a link to itself", REFUSED,
          "read", files=without_episodes(),
          then=lambda f: os.symlink("episodes.csv", f / "episodes.csv"))
    c.add("fs-fifo", "FIFO", "episodes.csv is a named pipe (opening it would block)", REFUSED,
          "read", files=without_episodes(), then=lambda f: os.mkfifo(f / "episodes.csv"))
    c.add("fs-socket", "socket", "episodes.csv is a Unix socket", REFUSED, "read",
          files=without_episodes(), then=_socket)
    c.add("fs-device", "device", "episodes.csv is a link to /dev/zero (endless bytes)",
          REFUSED, "read", files=without_episodes(),
          then=lambda f: os.symlink("/dev/zero", f / "episodes.csv"))
    c.add("fs-folder-named-csv", "folder named like a file",
          "episodes.csv is a folder holding the real file", REFUSED, "read",
          files=without_episodes(), then=lambda f: (
              (f / "episodes.csv").mkdir(),
              (f / "episodes.csv" / "episodes.csv").write_bytes(files_of()[ep.file])))
    c.add("fs-folder-named-xlsx", "folder named like a file", "an empty folder named "
          "extra.xlsx beside the tables", REFUSED, "read",
          then=lambda f: (f / "extra.xlsx").mkdir())
    c.add("fs-xls-beside", "wrong file type", "an old .xls workbook beside the CSV files",
          REFUSED, "read", then=lambda f: (f / "ad1.xls").write_bytes(
              b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)))
    c.add("fs-empty-folder", "nothing found", "the return folder is empty", REFUSED, "read",
          files={})
    c.add("fs-no-data-files", "nothing found", "the return folder holds only a README",
          REFUSED, "read", files={"README.txt": b"exported 1 April 2025\n"})
    enforced = _permissions_enforced(c.base)
    why = ("" if enforced else " (this run is root, which permissions do not stop: the file is "
           "read, so it loads; as any other user it is refused)")
    c.add("fs-unreadable-file", "no read permission",
          f"episodes.csv has no read permission (chmod 000){why}",
          REFUSED if enforced else LOADS, "read" if enforced else "",
          then=lambda f: os.chmod(f / "episodes.csv", 0))
    c.add("fs-unreadable-folder", "no read permission",
          f"the return folder has no permissions (chmod 000){why}",
          REFUSED if enforced else LOADS, "read" if enforced else "",
          then=lambda f: os.chmod(f, 0))
    c.add("fs-hidden-and-lock-files", "ignored files", "hidden files, an Excel lock file "
          "(~$episodes.xlsx) and a macOS ._ file beside the tables", LOADS,
          then=lambda f: [(f / n).write_bytes(b"\x00junk") for n in
                          ("~$episodes.xlsx", ".DS_Store", "._episodes.csv", ".~lock.x#")])
    c.add("fs-readme-beside", "ignored files", "a README.txt and notes.docx beside the tables",
          LOADS, then=lambda f: [(f / n).write_bytes(b"notes") for n in
                                 ("README.txt", "notes.docx")])
    c.add("fs-upper-case-names", "file names", "files named EPISODES.CSV and so on", LOADS,
          files={k.upper(): v for k, v in files_of().items()})
    c.add("fs-name-not-utf8", "file names",
          "episodes.csv is named with a byte that is not UTF-8 (episodes\\xff.csv)", LOADS,
          files={(os.fsdecode(b"episodes\xff.csv") if k == ep.file else k): v
                 for k, v in files_of().items()})
    c.add("fs-name-escape", "file names", "a file name holding terminal escapes and a line "
          "break", LOADS, files={("\x1b[31mepisodes\n.csv" if k == ep.file else k): v
                                 for k, v in files_of().items()})
    c.add("fs-name-trailing-space", "file names", "episodes.csv saved as 'episodes.csv '",
          LOADS, files={(k + " " if k == ep.file else k): v for k, v in files_of().items()})

    def odd_folder(f: Path) -> None:
        os.rename(f, os.path.join(os.fsencode(f.parent), b"ssda903_2025_\xe9"))
    c.add("fs-folder-not-utf8", "file names", "the return folder's name holds byte 0xE9",
          LOADS, then=odd_folder)

    def linked(f: Path) -> None:
        real = f.parent / "exports"
        os.rename(f, real)
        os.symlink("exports", f)
    c.add("fs-symlinked-folder", "links", "the return folder is a link to the real one", LOADS,
          then=linked)

    def loop(f: Path) -> None:
        os.symlink("..", f / "up")
    c.add("fs-folder-link-loop", "links", "a link inside the return folder back to its parent",
          LOADS, then=loop)


def _socket(folder: Path) -> None:
    here = os.getcwd()
    os.chdir(folder)  # a relative name: socket paths are limited to about 100 bytes
    try:
        s = socket.socket(socket.AF_UNIX)
        s.bind("episodes.csv")
        s.close()
    finally:
        os.chdir(here)


def _permissions_enforced(base: Path) -> bool:
    """Whether a file without read permission is unreadable here (not so for root)."""
    probe = base / ".permission-probe"
    probe.write_bytes(b"x")
    os.chmod(probe, 0)
    try:
        with open(probe, "rb"):
            return False
    except PermissionError:
        return True
    finally:
        os.chmod(probe, 0o600)
        probe.unlink()


def _tables(c: Corpus) -> None:
    """Well-formed files whose tables cannot be recognised or do not belong together."""
    for t in with_rows():
        slug = t.file.removesuffix(".csv").replace("_", "-")
        typo = [("CHLID" if h == "CHILD" else h) for h in t.header]
        c.add(f"tables-typo-{slug}", "unrecognised header", f"{t.name}: CHILD spelt CHLID",
              REFUSED, "tables", files=_files(changed(t, header=typo)))
        c.add(f"tables-missing-column-{slug}", "missing column",
              f"{t.name}: the last column ({t.header[-1]}) left out", REFUSED, "tables",
              files=_files(changed(t, header=t.header[:-1], rows=[r[:-1] for r in t.rows])))
        c.add(f"tables-extra-column-{slug}", "extra column", f"{t.name}: an extra NOTES column",
              REFUSED, "tables", files=_files(changed(t, header=[*t.header, "NOTES"],
                                                       rows=[[*r, ""] for r in t.rows])))
        lookalike = ["\u0421HILD" if h == "CHILD" else h for h in t.header]
        c.add(f"tables-cyrillic-{slug}", "look-alike header",
              f"{t.name}: CHILD spelt with a Cyrillic \u0421", REFUSED, "tables",
              files=_files(changed(t, header=lookalike)))
        hidden = ["CHILD\u200b" if h == "CHILD" else h for h in t.header]
        c.add(f"tables-zero-width-{slug}", "invisible header character",
              f"{t.name}: a zero-width space after CHILD", REFUSED, "tables",
              files=_files(changed(t, header=hidden)))
    ep = table("Episodes")
    dup = [*ep.header[:-1], "CHILD"]
    c.add("tables-duplicate-column", "duplicate column", "Episodes: CHILD named twice",
          REFUSED, "tables", files=_files(changed(ep, header=dup)))
    files = files_of()
    files["episodes_copy.csv"] = files[ep.file]
    c.add("tables-two-files", "two files for one table", "episodes.csv and a copy of it",
          REFUSED, "tables", files=files)
    other = set_cell(ep, 1, "PLACE", "K2" if ep.rows[1][5] != "K2" else "U1")
    c.add("tables-csv-xlsx-disagree", "CSV and XLSX",
          "Episodes as CSV and as a workbook that disagree on row 3's PLACE", REFUSED,
          "tables", files={**files_of(), "episodes.xlsx": workbook([other])})
    c.add("tables-csv-xlsx-disagree-rows", "CSV and XLSX",
          "Episodes as CSV and as a workbook missing the last five rows", REFUSED, "tables",
          files={**files_of(), "Episodes.xlsx": workbook([changed(ep, rows=ep.rows[:-5])])})
    dolo = schema.TABLES["DoLo"]
    files = files_of()
    files["dolo.csv"] = encoded(csv_text(list(dolo.columns), [[ep.rows[0][0], "01/01/2010",
                                                                "01/05/2024", ""]]))
    c.add("tables-dolo-too-early", "table from the wrong year",
          "a DoLo table (collected from 2026/27) in the 2024/25 return", REFUSED, "tables",
          files=files)
    c.add("tables-html", "wrong file type", "Episodes: an HTML error page saved as CSV",
          REFUSED, "tables", files=_raw(ep, b"<html><body><h1>Session expired</h1>"
                                           b"</body></html>\n"))
    c.add("tables-one-column", "unrecognised header", "Episodes: a single column, no commas",
          REFUSED, "tables", files=_raw(ep, b"CHILD\n123\n456\n"))


def _values(c: Corpus) -> None:
    """Well-formed returns with bad values: stored as errors, never refusing the return."""
    cells = [("Episodes", 1, "DECOM"), ("Header", 2, "DOB"), ("Reviews", 1, "REVIEW"),
             ("Missing", 1, "MIS_START")]
    dates = {"31-02-2025": "31/02/2025", "2200": "01/01/2200", "iso": "2025-01-31",
             "short": "1/2/2025", "32nd": "32/01/2025", "zeros": "00/00/0000",
             "two-digit-year": "31/12/24", "words": "March 2025"}
    for name, row, column in cells:
        t = table(name)
        for label, value in dates.items():
            c.add(f"value-date-{label}-{name.lower()}-{column.lower().replace('_', '-')}",
                  "bad date", f"{name}: row {row + 2}'s {column} is {value!r}", ERRORS,
                  files=_files(set_cell(t, row, column, value)))
    whole = {"double-minus": "--5", "superscript": "\u00b2", "arabic-indic": "\u0663",
             "too-big": "2147483648", "too-small": "-2147483649", "decimal": "1.5",
             "exponent": "1e3", "spaced": "1 0", "fullwidth": "\uff15"}
    oc2, hd = table("OC2"), table("Header")
    for label, value in whole.items():
        c.add(f"value-whole-{label}-oc2", "bad whole number",
              f"OC2: row 3's SDQ_SCORE is {value!r}", ERRORS,
              files=_files(set_cell(oc2, 1, "SDQ_SCORE", value)))
        c.add(f"value-whole-{label}-header", "bad whole number",
              f"Header: row 4's MOTHER is {value!r}", ERRORS,
              files=_files(set_cell(hd, 2, "MOTHER", value)))
    ep = table("Episodes")
    codes = [("Header", 1, "ETHNIC", "XXXX"), ("Header", 1, "SEX", "9"),
             ("Episodes", 2, "LS", "Z9"), ("Episodes", 2, "PLACE", "U9"),
             ("Episodes", 3, "RNE", " "), ("Reviews", 1, "REVIEW_CODE", "PN9")]
    for name, row, column, value in codes:
        c.add(f"value-code-{name.lower()}-{column.lower().replace('_', '-')}", "bad code",
              f"{name}: row {row + 2}'s {column} is {value!r}", ERRORS,
              files=_files(set_cell(table(name), row, column, value)))
    c.add("value-required-blank", "missing value", "Episodes: row 3's DECOM is blank", ERRORS,
          files=_files(set_cell(ep, 1, "DECOM", "")))
    odd_children = {"escape": "\x1b[31m1234", "zero-width": ep.rows[1][0] + "\u200b",
                    "rtl-override": "\u202e" + ep.rows[1][0], "nbsp": ep.rows[1][0] + "\u00a0"}
    for label, value in odd_children.items():
        c.add(f"value-child-{label}", "odd characters",
              f"Episodes: row 3's CHILD is {value!r}", ERRORS,
              files=_files(set_cell(ep, 1, "CHILD", value)))
    c.add("value-date-after-year", "date after the year",
          "Episodes: row 3's DECOM is 15/04/2025, after the return's 31 March", ERRORS,
          files=_files(set_cell(ep, 1, "DECOM", "15/04/2025")))

    def xlsx_with(name: str, row: int, column: str, value: object) -> bytes:
        sheets = []
        for t in valid_return():
            title, rows = sheet_of(t)
            if t.name == name:
                rows[row + 1][t.column(column)] = value
            sheets.append((title, rows))
        return xlsx_bytes(sheets)
    xlsx_values = [("text-date", "Episodes", 1, "DECOM", "31/02/2025"),
                   ("far-future", "Episodes", 1, "DECOM", dt.date(2200, 1, 1)),
                   ("number-as-date", "Episodes", 1, "DECOM", Formula("1E9", "3000000")),
                   ("error-value", "Episodes", 1, "DEC", Formula("NA()", "#N/A", "e")),
                   ("boolean", "Header", 1, "MOTHER", True),
                   ("decimal", "OC2", 1, "SDQ_SCORE", 12.5),
                   ("huge-number", "OC2", 1, "SDQ_SCORE", 2147483648)]
    for label, name, row, column, value in xlsx_values:
        c.add(f"xlsx-value-{label}", "bad value in a workbook",
              f"{name}: row {row + 2}'s {column} holds {value!r}", ERRORS,
              xlsx=xlsx_with(name, row, column, value))
