"""A paper's figures as an Excel workbook (XlsxWriter), safe to open and ready to filter.

Every sheet holds one real Excel table (header row, filter buttons, a name screen readers
announce) under a title row: an "About" sheet with the cover details, then a sheet per
table of the paper. Tables that belong together in a spreadsheet (the scorecard's table
per pledge, the trend tables) are stacked into one sheet with a leading column saying
which part each row came from. Each chart's picture, with its alternative text, sits
beside the table of its numbers.

The rules of ``carepanel.reports.safe`` apply to every cell: numbers are written as
numbers (``write_number``) and dates as dates, never as text; text is written with
``write_string`` after ``safe.safe_text``, so nothing a spreadsheet would run as a formula
(text starting with =, +, -, @, a tab or a carriage return) is ever active; and the
workbook is opened with every string conversion turned off.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from typing import Any

from carepanel.reports.model import SYMBOL_NOTES, Chart, Report, Value, long_date
from carepanel.reports.safe import ExportError, safe_text

RAG_FILL = {"green": "#CCE2D8", "amber": "#FFF7BF", "red": "#F4CDC6", "no rating": "#E5E6E7"}
RAG_FONT = {"green": "#005A30", "amber": "#594D00", "red": "#942514", "no rating": "#383F43"}
MAX_WIDTH = 60
IMAGE_SCALE = 0.5
ROW_PIXELS = 20


@dataclass
class _Sheet:
    name: str
    header: list[str]
    rows: list[list[Value]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    title: str = ""


def sheet_name(raw: str, taken: set[str]) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\, not starting or
    ending with an apostrophe, unique ignoring case."""
    base = re.sub(r"[\[\]:*?/\\]", " ", raw).strip().strip("'") or "Sheet"
    base = re.sub(r"\s+", " ", base)[:31].rstrip()
    name, k = base, 1
    while name.casefold() in taken:
        k += 1
        suffix = f" ({k})"
        name = base[:31 - len(suffix)].rstrip() + suffix
    taken.add(name.casefold())
    return name


def _unique_headers(header: list[str]) -> list[str]:
    """Excel refuses a table whose headers are blank or repeated (ignoring case)."""
    out: list[str] = []
    seen: set[str] = set()
    for j, h in enumerate(header):
        base = safe_text(str(h)).strip() or f"Column {j + 1}"
        name, k = base, 1
        while name.casefold() in seen:
            k += 1
            name = f"{base} ({k})"
        seen.add(name.casefold())
        out.append(name)
    return out


def sheets(report: Report) -> list[_Sheet]:
    """The workbook's sheets, in the paper's order (the About sheet first)."""
    about_rows = [[Value("Paper"), Value(report.title)],
                  [Value("Period"), Value(report.subtitle)]]
    about_rows += [[Value(label), Value(value)] for label, value in report.cover]
    about_rows += [[Value("Marking"), Value(report.marking)],
                   [Value("Produced"), Value(long_date(report.generated),
                                             raw=report.generated, fmt="dd/mm/yyyy")],
                   [Value("Figures"), Value("Rounded as in the paper. Symbols: "
                                            + "; ".join(SYMBOL_NOTES.values()))]]
    if not report.public:  # warnings are for the officers preparing the paper
        about_rows += [[Value("Warning"), Value(w)] for w in report.warnings]
    notice = f"{report.notice}. " if report.notice else ""
    if report.notice:
        about_rows.insert(0, [Value("Data"), Value(report.notice)])
    out = [_Sheet("About", ["Item", "Detail"], about_rows,
                  title=f"{notice}{report.title}: {report.council}")]
    taken = {"about"}
    by_key: dict[tuple[str, tuple[str, ...]], _Sheet] = {}
    chart_of = {id(c.table): c for c in report.charts()}
    for t in report.spreadsheet_tables():
        header = [*t.sheet_prefix_header, *t.header]
        wanted = t.sheet or t.caption
        key = (wanted, tuple(header))
        sheet = by_key.get(key)
        if sheet is None:
            sheet = _Sheet(sheet_name(wanted, taken), header,
                           title=f"{notice}{wanted}: {report.council}, {report.subtitle}")
            by_key[key] = sheet
            out.append(sheet)
        sheet.rows += [[*t.sheet_prefix, *row] for row in t.rows]
        if id(t) in chart_of:
            sheet.charts.append(chart_of[id(t)])
    return out


class _Formats:
    """XlsxWriter formats, made once per distinct look."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.cache: dict[tuple[object, ...], Any] = {}

    def get(self, *, num: str | None = None, rag: str | None = None, wrap: bool = False,
            bold: bool = False, size: int | None = None) -> Any:
        key = (num, rag, wrap, bold, size)
        if key not in self.cache:
            spec: dict[str, object] = {"valign": "top"}
            if num:
                spec["num_format"] = num
            if rag:
                spec.update(bg_color=RAG_FILL.get(rag, RAG_FILL["no rating"]),
                            font_color=RAG_FONT.get(rag, RAG_FONT["no rating"]),
                            bold=rag != "no rating")
            if wrap:
                spec["text_wrap"] = True
            if bold:
                spec["bold"] = True
            if size:
                spec["font_size"] = size
            self.cache[key] = self.workbook.add_format(spec)
        return self.cache[key]


def _write_cell(ws: Any, row: int, col: int, v: Value, formats: _Formats, wrap: bool,
                where: str) -> int:
    """Write one cell by its type; returns its width in characters."""
    raw = v.raw
    if isinstance(raw, float) and not math.isfinite(raw):
        raise ExportError(f"{where}: {raw!r} is not a number a spreadsheet can hold")
    if isinstance(raw, bool):
        raw = None
    if isinstance(raw, dt.date):
        value = dt.datetime.combine(raw, dt.time()) if not isinstance(raw, dt.datetime) else raw
        ws.write_datetime(row, col, value, formats.get(num=v.fmt or "dd/mm/yyyy", rag=v.rag))
        return 11
    if isinstance(raw, int | float):
        ws.write_number(row, col, float(raw), formats.get(num=v.fmt, rag=v.rag,
                                                          bold=v.strong))
        return len(v.text) + 1
    if not v.text:
        ws.write_blank(row, col, None, formats.get(rag=v.rag))
        return 0
    content = safe_text(v.text)
    ws.write_string(row, col, content, formats.get(rag=v.rag, wrap=wrap, bold=v.strong))
    return len(content)


def _write_sheet(workbook: Any, formats: _Formats, sheet: _Sheet, number: int) -> None:
    ws = workbook.add_worksheet(sheet.name)
    ws.write_string(0, 0, safe_text(sheet.title), formats.get(bold=True, size=13))
    first = 1
    long_text = [any(len(r[j].text) > MAX_WIDTH for r in sheet.rows)
                 for j in range(len(sheet.header))]
    widths = [len(h) for h in sheet.header]
    last = first
    for i, row in enumerate(sheet.rows):
        last = first + 1 + i
        for j, v in enumerate(row):
            where = f"sheet {sheet.name!r} row {last + 1} column {sheet.header[j]!r}"
            widths[j] = max(widths[j], _write_cell(ws, last, j, v, formats, long_text[j],
                                                   where))
    if last == first:
        last += 1  # an Excel table needs a data row
    ws.add_table(first, 0, last, len(sheet.header) - 1, {
        "columns": [{"header": h} for h in _unique_headers(sheet.header)],
        "style": "Table Style Light 9",
        # Table names must be unique in the workbook and made of letters, digits and _.
        "name": f"T{number}_" + re.sub(r"[^A-Za-z0-9_]", "_", sheet.name),
    })
    for j, w in enumerate(widths):
        ws.set_column(j, j, min(max(w, 6) + 2, MAX_WIDTH))
    ws.freeze_panes(first + 1, 0)
    # Pictures of the charts go beside the table, one under the other.
    anchor_row, anchor_col = first, len(sheet.header) + 1
    for chart in sheet.charts:
        ws.insert_image(anchor_row, anchor_col, f"{chart.title}.png", {
            "image_data": io.BytesIO(chart.png), "x_scale": IMAGE_SCALE,
            "y_scale": IMAGE_SCALE, "description": chart.alt, "object_position": 1})
        height = chart.png_size[1] * IMAGE_SCALE if chart.png_size[1] else 400
        anchor_row += math.ceil(height / ROW_PIXELS) + 2


def render(report: Report) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False})
    try:
        workbook.set_properties({"title": f"{report.title}: {report.council}",
                                 "subject": report.subtitle, "author": report.council,
                                 "comments": report.marking, "keywords": "corporate parenting"})
        formats = _Formats(workbook)
        for k, sheet in enumerate(sheets(report), start=1):
            _write_sheet(workbook, formats, sheet, k)
    finally:
        workbook.close()
    return buffer.getvalue()
