"""Spreadsheet-safe exports: text a spreadsheet could run as a formula is made inert.

A council officer opens every export in Excel. A cell whose text starts with ``=``, ``+``,
``-`` or ``@`` (or a tab, carriage return or NUL, which some programs skip before looking)
is read as a formula, so a child's placement name or a free-text note could run one
(OWASP "CSV injection", ASVS 1.2.10). Such text gets a leading apostrophe, kept as a
literal character so it stays safe when a cell is copied on into another CSV. Only text is
touched: a negative number stays a number.

XLSX files are written with XlsxWriter cell by cell with an explicit type
(``write_string``, ``write_number``), so nothing is ever stored as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import numbers
import os
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import IO, Any

from carepanel.reports.disclosure import Cell

TRIGGERS = frozenset("=+-@\t\r\0" + "＝＋－＠")
"""First characters that make a spreadsheet treat text as a formula. The full-width forms
are an extra precaution: some spreadsheet programs normalise them."""

Header = Sequence[str]
Rows = Iterable[Sequence[Any]]


class ExportError(ValueError):
    """A value cannot be exported faithfully (a NaN or infinity, which would show as an
    error cell or "nan")."""


def safe_text(value: Any) -> Any:
    """``value`` with a leading apostrophe if it is text a spreadsheet would run.

    Anything that is not a string (numbers above all) is returned unchanged.
    """
    if isinstance(value, str) and value and value[0] in TRIGGERS:
        return "'" + value
    return value


def _plain(value: Any, where: str) -> Any:
    """A disclosure Cell becomes its number or symbol; NaN and infinity are refused."""
    if isinstance(value, Cell):
        value = value.output
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise ExportError(f"{where}: {value!r} is not a number a spreadsheet can hold")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real | Decimal) and not isinstance(value, bool)


def _csv_value(value: Any, where: str) -> Any:
    value = _plain(value, where)
    if value is None:
        return ""
    if _is_number(value):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return safe_text(str(value))


def write_csv(path_or_file: str | os.PathLike[str] | IO[str], header: Header,
              rows: Rows) -> None:
    """Write a CSV whose every text cell is safe to open in a spreadsheet.

    A path is written as UTF-8 with a byte-order mark, so Excel reads accents and the
    pound sign correctly; an open text file is written as it is (open it with
    ``newline=""``). None is an empty cell; a disclosure Cell shows its number or symbol.
    """
    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "w", newline="", encoding="utf-8-sig") as fh:
            _write_csv(fh, header, rows)
    else:
        _write_csv(path_or_file, header, rows)


def _write_csv(fh: IO[str], header: Header, rows: Rows) -> None:
    writer = csv.writer(fh)
    writer.writerow([_csv_value(h, f"header column {j + 1}") for j, h in enumerate(header)])
    for i, row in enumerate(rows, start=2):
        writer.writerow([_csv_value(v, f"row {i} column {j + 1}") for j, v in enumerate(row)])


def csv_text(header: Header, rows: Rows) -> str:
    """The CSV as a string (for a web download), with the same protection."""
    buffer = io.StringIO(newline="")
    _write_csv(buffer, header, rows)
    return buffer.getvalue()


def write_xlsx(path: str | os.PathLike[str] | IO[bytes],
               sheets: Mapping[str, tuple[Header, Rows]], *,
               titles: Mapping[str, str] | None = None,
               number_formats: Mapping[str, Mapping[str, str]] | None = None) -> None:
    """Write a workbook with one sheet per entry of ``sheets`` (name -> (header, rows)).

    Each sheet holds one real Excel table (filters, header row, readable by screen
    readers), under a bold title row when ``titles`` gives one for the sheet.
    ``number_formats`` maps a sheet name to {column header: Excel number format}, e.g.
    ``{"Scorecard": {"Value": "0.0", "Rate": "#,##0"}}``; it applies to that column's
    numbers. Text goes through :func:`safe_text` and ``write_string``, numbers through
    ``write_number``, dates through ``write_datetime`` (dd/mm/yyyy), None is blank.
    """
    import xlsxwriter  # only the exports need it

    titles = titles or {}
    number_formats = number_formats or {}
    unknown = (set(titles) | set(number_formats)) - set(sheets)
    if unknown:
        raise ValueError(f"titles or number formats for sheets that are not written: "
                         f"{sorted(unknown)}")
    workbook = xlsxwriter.Workbook(path, {
        # Belt and braces: we always call write_string, but no string is ever converted.
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })
    try:
        bold = workbook.add_format({"bold": True, "font_size": 14})
        date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
        for name, (header, rows) in sheets.items():
            formats = {column: workbook.add_format({"num_format": fmt})
                       for column, fmt in number_formats.get(name, {}).items()}
            missing = set(formats) - set(header)
            if missing:
                raise ValueError(f"sheet {name!r}: number formats for columns it does not "
                                 f"have: {sorted(missing)}")
            _write_sheet(workbook.add_worksheet(name), name, list(header), rows,
                         titles.get(name), bold, date_format, formats)
    finally:
        workbook.close()


def _write_sheet(ws: Any, name: str, header: list[str], rows: Rows, title: str | None,
                 bold: Any, date_format: Any, formats: Mapping[str, Any]) -> None:
    if not header:
        raise ValueError(f"sheet {name!r} has no columns")
    first = 0
    if title is not None:
        ws.write_string(0, 0, safe_text(title), bold)
        first = 1
    column_formats = [formats.get(h) for h in header]
    widths = [len(str(h)) for h in header]
    last = first
    for last, row in enumerate(rows, start=first + 1):
        if len(row) != len(header):
            raise ValueError(f"sheet {name!r} row {last + 1} has {len(row)} cells "
                             f"for {len(header)} columns")
        for j, raw in enumerate(row):
            where = f"sheet {name!r} row {last + 1} column {header[j]!r}"
            value = _plain(raw, where)
            if value is None:
                ws.write_blank(last, j, None, column_formats[j])
            elif _is_number(value):
                ws.write_number(last, j, float(value), column_formats[j])
                widths[j] = max(widths[j], len(str(value)))
            elif isinstance(value, dt.date):
                ws.write_datetime(last, j, value, date_format)
                widths[j] = max(widths[j], 10)
            else:
                text = safe_text(str(value))
                ws.write_string(last, j, text)
                widths[j] = max(widths[j], len(text))
    if last == first:
        last += 1  # Excel tables need a data row: leave one empty
    ws.add_table(first, 0, last, len(header) - 1, {
        "columns": [{"header": h} for h in _table_headers(header)],
        "style": "Table Style Light 9",
    })
    for j, width in enumerate(widths):
        ws.set_column(j, j, min(max(width, 6) + 2, 60))


def _table_headers(header: Sequence[Any]) -> list[str]:
    """Header names an Excel table accepts: none blank, none repeated (ignoring case).

    A blank becomes "Column N" and a repeat gets " (2)", " (3)"...: Excel would refuse
    the table (XlsxWriter drops it with only a warning) rather than show them.
    """
    out: list[str] = []
    seen: set[str] = set()
    for j, h in enumerate(header):
        base = safe_text(str(h if h is not None else "")) or f"Column {j + 1}"
        name, k = base, 1
        while name.casefold() in seen:
            k += 1
            name = f"{base} ({k})"
        seen.add(name.casefold())
        out.append(name)
    return out
