"""INTERIM (replaced by the readers branch): streaming one file's tables."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from carepanel.ssda903.findings import Finding, Unreadable
from carepanel.ssda903.sources import shown


@dataclass
class Sheet:
    source: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]


def shown_header_name(name: str) -> str:
    return name if name.isprintable() and name.isascii() else ascii(name)


def read_sheets(path: Path, warn: Callable[[Finding], None]) -> Iterator[Sheet]:
    if path.suffix.lower() == ".xlsx":
        yield from _xlsx(path)
        return
    source = shown(path)
    fh = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115
    reader = csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        fh.close()
        raise Unreadable(Finding(source, None, None, "the file is empty")) from None
    except (csv.Error, UnicodeDecodeError) as e:
        fh.close()
        raise Unreadable(Finding(source, 1, None, f"not readable as CSV: {e}")) from None
    while header and not header[-1].strip():
        header.pop()
    yield Sheet(source, header, _csv_rows(fh, reader, len(header), source))


def _csv_rows(fh, reader, width: int, source: str) -> Iterator[tuple[int, list[str]]]:
    with fh:
        n = 1
        try:
            for row in reader:
                n = reader.line_num
                if not any(c.strip() for c in row):
                    continue
                if len(row) > width and not any(c.strip() for c in row[width:]):
                    row = row[:width]
                if len(row) != width:
                    raise Unreadable(Finding(source, n, None,
                                             f"the row has {len(row)} values but the header "
                                             f"names {width} columns"))
                yield n, row
        except (csv.Error, UnicodeDecodeError) as e:
            raise Unreadable(Finding(source, n, None, f"not readable as CSV: {e}")) from None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx(path: Path) -> Iterator[Sheet]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise Unreadable(Finding(shown(path), None, None,
                                 "not a readable XLSX workbook")) from None
    try:
        for sheet in book.worksheets:
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            while rows and not any(c.strip() for c in rows[-1]):
                rows.pop()
            if not rows:
                continue
            header = rows[0]
            while header and not header[-1].strip():
                header.pop()
            width = len(header)
            body = [(n, (r + [""] * width)[:width]) for n, r in enumerate(rows[1:], start=2)
                    if any(c.strip() for c in r)]
            yield Sheet(f"{shown(path)}[{sheet.title}]", header, iter(body))
    finally:
        book.close()
