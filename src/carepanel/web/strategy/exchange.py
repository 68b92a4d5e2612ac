"""The strategy tracker to and from CSV and Excel.

Exports are safe to open in a spreadsheet: text that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) gets a leading apostrophe, numbers and
dates stay numbers and dates, and Excel cells are written as typed strings, never formulas
(ASVS 1.2.10). An export can be edited and imported again: rows with an Action ID change that
action, rows without one add a new action, and the apostrophes added on export are removed.

An import is all or nothing. Every row is checked first and every problem is reported with
its line (CSV) or row (Excel) number, the header being line 1; if there is any problem nothing
is changed. The changes themselves are made in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max

from carepanel.dates import typed_date
from carepanel.reports.safe import TRIGGERS, safe_text
from carepanel.web.audit.recording import record
from carepanel.web.privacy.identifiers import check_text
from carepanel.web.strategy.models import (
    OVERDUE,
    STATUS_LABELS,
    Action,
    Priority,
    Status,
    tracker_order,
)
from carepanel.web.validators import MEASURE_NUMBER, split_measures


def unsafe_text(text: str) -> str:
    """Undo ``safe_text`` on import, so an exported file imports back unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1] in TRIGGERS:
        return text[1:]
    return text


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    imported: bool  # False: export only (worked out, ignored on import)


COLUMNS: tuple[Column, ...] = (
    Column("action_id", "Action ID", True),
    Column("priority_order", "Priority order", True),
    Column("priority", "Priority", True),
    Column("what", "What", True),
    Column("due_date", "When (due date)", True),
    Column("owner", "Owner (username)", True),
    Column("owner_name", "Owner name", False),
    Column("status", "Status", True),
    Column("shown_status", "Shown status", False),
    Column("measures", "Linked measures", True),
    Column("latest_progress_date", "Latest progress date", False),
    Column("latest_progress", "Latest progress", False),
)
REQUIRED = ("priority", "what")
# Members (councillors, young people) read who owns an action by name; usernames are the
# staff's sign-in names and stay with the staff, who import the file back.
MEMBER_COLUMNS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.key != "owner")


def columns_for(user: Any) -> tuple[Column, ...]:
    """The columns ``user`` may download: every one for staff, no usernames for members."""
    from carepanel.web.roles import MEMBER, role_of

    return MEMBER_COLUMNS if role_of(user) == MEMBER else COLUMNS


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


_BY_HEADER = {_norm(c.header): c for c in COLUMNS} | {_norm(c.key): c for c in COLUMNS}


# --- export -------------------------------------------------------------------------------------

def export_rows(on: dt.date | None = None,
                columns: Sequence[Column] = COLUMNS) -> list[list[Any]]:
    """One row per action, priorities in order, overdue actions first within each priority,
    with ``columns`` in order. Values are typed: ints, dates, text (None for blank)."""
    keys = [c.key for c in COLUMNS]
    wanted = [keys.index(c.key) for c in columns]
    return [[row[i] for i in wanted] for row in _all_rows(on)]


def _all_rows(on: dt.date | None) -> list[list[Any]]:
    actions = list(Action.objects.select_related("priority", "owner")
                   .prefetch_related("updates"))
    rows = []
    for priority in Priority.objects.all():
        mine = [a for a in actions if a.priority_id == priority.pk]
        for a in tracker_order(mine, on):
            latest = max(a.updates.all(), key=lambda u: (u.date, u.pk), default=None)
            rows.append([
                a.pk, priority.order, priority.title, a.what, a.due_date,
                a.owner.get_username() if a.owner else None,
                (a.owner.get_full_name() or a.owner.get_username()) if a.owner else None,
                STATUS_LABELS[a.status], STATUS_LABELS[a.shown_status(on)],
                ", ".join(a.measure_list) or None,
                latest.date if latest else None, latest.text if latest else None,
            ])
    return rows


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return safe_text(str(value))


def write_csv(rows: Iterable[Sequence[Any]], columns: Sequence[Column] = COLUMNS) -> bytes:
    """CSV in UTF-8 with a byte-order mark (so Excel reads the accents right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_text(c.header) for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(rows: Iterable[Sequence[Any]], columns: Sequence[Column] = COLUMNS) -> bytes:
    """An Excel workbook with one sheet, "Actions": text written as strings (never formulas),
    numbers as numbers and dates as dates."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False})
    sheet = book.add_worksheet("Actions")
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
    widths = {"what": 60, "priority": 40, "latest_progress": 60, "owner_name": 24}
    for col, column in enumerate(columns):
        sheet.write_string(0, col, safe_text(column.header), bold)
        sheet.set_column(col, col, widths.get(column.key, 16))
    count = 0
    for r, row in enumerate(rows, start=1):
        count = r
        for col, value in enumerate(row):
            if value is None:
                sheet.write_blank(r, col, None, wrap)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime.combine(value, dt.time()), date)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, col, value, wrap)
            else:
                sheet.write_string(r, col, safe_text(str(value)), wrap)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    book.close()
    return buffer.getvalue()


# --- import -------------------------------------------------------------------------------------

class ImportRefused(Exception):
    """The file was not imported; ``errors`` says why, line by line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} problem(s): " + "; ".join(errors[:3]))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    priorities_created: list[str] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    values: dict[str, Any]


# Caps on what an uploaded workbook may expand to, checked from the zip directory before
# anything is decompressed (ASVS 5.2.3): a tracker sheet is tiny.
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_XLSX_ENTRIES = 200


def read_table(name: str, data: bytes) -> tuple[str, list[str], list[_Row]]:
    """Header and rows of an uploaded CSV or XLSX file. Returns (line word, header, rows)."""
    limit = settings.CAREPANEL_MAX_IMPORT_BYTES
    if len(data) > limit:
        raise ImportRefused([f"The file is {len(data):,} bytes; the most it can be is "
                             f"{limit:,} bytes."])
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return "Row", *_read_xlsx(data)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return "Line", *_read_csv(data)
    raise ImportRefused(["The file must be a CSV file (.csv) or an Excel workbook (.xlsx)."])


def _read_csv(data: bytes) -> tuple[list[str], list[_Row]]:
    if b"\0" in data:
        raise ImportRefused(["The file is not a CSV text file (it contains NUL bytes)."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[_Row] = []
    try:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if header is None:
                header = cells
            elif any(c.strip() for c in cells):
                rows.append(_Row(line, dict(enumerate(cells))))
    except csv.Error as exc:
        raise ImportRefused([f"Line {reader.line_num}: the CSV cannot be read ({exc})."]) from None
    if header is None:
        raise ImportRefused(["The file is empty."])
    return header, rows


def _read_xlsx(data: bytes) -> tuple[list[str], list[_Row]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise ImportRefused(["The file is not an Excel workbook (.xlsx)."]) from None
    if len(entries) > MAX_XLSX_ENTRIES or sum(e.file_size for e in entries) > (
            MAX_XLSX_UNCOMPRESSED):
        raise ImportRefused(["The workbook expands to more than a strategy tracker could need; "
                             "save just the tracker sheet and try again."])
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportRefused([f"The workbook cannot be read ({type(exc).__name__})."]) from None
    try:
        sheet = book["Actions"] if "Actions" in book.sheetnames else book.worksheets[0]
        header: list[str] | None = None
        rows: list[_Row] = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if header is None:
                header = ["" if c is None else str(c) for c in cells]
                continue
            if any(c is not None and str(c).strip() for c in cells):
                rows.append(_Row(number, dict(enumerate(_ooxml_text(c) for c in cells))))
    finally:
        book.close()
    if header is None:
        raise ImportRefused(["The workbook's first sheet is empty."])
    return header, rows


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _ooxml_text(value: Any) -> Any:
    """Excel stores control characters in text as ``_x000D_`` and the like; openpyxl hands
    them over as written, so decode them here (a carriage return stays a carriage return)."""
    if isinstance(value, str):
        return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def _status(text: str) -> str | None:
    wanted = _norm(text)
    for code, label in Status.choices:
        if wanted in (_norm(code), _norm(label)):
            return code
    return None


def _text(value: Any, free_text: bool = False) -> str:
    """A cell as trimmed text. Free text is trimmed of spaces only, so a leading tab or
    carriage return it was exported with survives the round trip."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unsafe_text(str(value))
    return text.strip(" ") if free_text else text.strip()


def _check(word: str, header: list[str],
           rows: list[_Row]) -> tuple[list[str], list[dict[str, Any]]]:
    """Every problem in the file, and the rows as clean values when there are none."""
    errors: list[str] = []
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        name = unsafe_text(name).strip()
        if not name:
            continue
        column = _BY_HEADER.get(_norm(name))
        if column is None:
            errors.append(f"{word} 1: “{name}” is not a column of the strategy tracker. The "
                          f"columns are: {', '.join(c.header for c in COLUMNS if c.imported)}.")
        elif column.key in columns:
            errors.append(f"{word} 1: the column “{column.header}” appears twice.")
        elif column.imported:
            columns[column.key] = index
    missing = [c.header for c in COLUMNS if c.key in REQUIRED and c.key not in columns]
    if missing:
        errors.append(f"{word} 1: missing the column(s) {', '.join(missing)}.")
    if errors:
        return errors, []
    if not rows:
        return [f"The file has a header but no actions (nothing after {word.lower()} 1)."], []

    users = {u.get_username().lower(): u for u in get_user_model().objects.filter(is_active=True)}
    existing = {a.pk: a for a in Action.objects.all()}
    seen_ids: dict[int, int] = {}
    clean: list[dict[str, Any]] = []
    for row in rows:
        where = f"{word} {row.line}"

        def cell(key: str, row: _Row = row) -> Any:
            return row.values.get(columns[key]) if key in columns else None

        out: dict[str, Any] = {"line": row.line}
        raw_id = _text(cell("action_id"))
        if raw_id:
            if not raw_id.isdigit() or int(raw_id) not in existing:
                errors.append(f"{where}: Action ID “{raw_id}” is not an action in the tracker "
                              "(leave it blank to add a new action).")
            elif int(raw_id) in seen_ids:
                errors.append(f"{where}: Action ID {raw_id} is also on {word.lower()} "
                              f"{seen_ids[int(raw_id)]}.")
            else:
                seen_ids[int(raw_id)] = row.line
                out["action"] = existing[int(raw_id)]
        out["priority"] = _text(cell("priority"), free_text=True)
        if not out["priority"]:
            errors.append(f"{where}: Priority is blank.")
        order = _text(cell("priority_order"))
        if order and not order.isdigit():
            errors.append(f"{where}: Priority order “{order}” is not a whole number.")
        out["priority_order"] = int(order) if order.isdigit() else None
        out["what"] = _text(cell("what"), free_text=True)
        if not out["what"]:
            errors.append(f"{where}: What is blank: say what will be done.")
        due = cell("due_date")
        if isinstance(due, dt.datetime):
            out["due_date"] = due.date()
        elif isinstance(due, dt.date):
            out["due_date"] = due
        elif _text(due):
            out["due_date"] = typed_date(_text(due))
            if out["due_date"] is None:
                errors.append(f"{where}: When (due date) “{_text(due)}” is not a date; write it "
                              "like 31/03/2026 or 2026-03-31.")
        else:
            out["due_date"] = None
        owner = _text(cell("owner"))
        out["owner"] = None
        if owner:
            out["owner"] = users.get(owner.lower())
            if out["owner"] is None:
                errors.append(f"{where}: Owner “{owner}” is not the username of anyone who "
                              "can sign in.")
        status = _text(cell("status"))
        out["status"] = None
        if status:
            out["status"] = _status(status)
            if _norm(status) == OVERDUE:
                errors.append(f"{where}: Status “{status}” cannot be chosen: overdue is worked "
                              "out from the due date. Give Not started, On track, At risk or "
                              "Complete.")
            elif out["status"] is None:
                errors.append(f"{where}: Status “{status}” is not one of Not started, On track, "
                              "At risk, Complete.")
        for key, label in (("priority", "Priority"), ("what", "What")):
            errors += [f"{where}: {problem.message(label)}."
                       for problem in check_text(out[key])]
        measures = _text(cell("measures"))
        bad = [m for m in split_measures(measures) if not MEASURE_NUMBER.match(m)]
        if bad:
            errors.append(f"{where}: Linked measures “{', '.join(bad)}” are not measure "
                          "numbers (like 2.15).")
        out["measures"] = ", ".join(split_measures(measures))
        out["has"] = set(columns)
        clean.append(out)
    return errors, clean


def import_file(name: str, data: bytes) -> ImportResult:
    """Check the whole file, then apply it in one transaction; ``ImportRefused`` if any
    row has a problem (and then nothing has changed)."""
    word, header, rows = read_table(name, data)
    errors, clean = _check(word, header, rows)
    if errors:
        raise ImportRefused(errors)
    result = ImportResult()
    with transaction.atomic():
        priorities = {p.title.strip().lower(): p for p in Priority.objects.all()}
        next_order = (Priority.objects.aggregate(m=Max("order"))["m"] or 0) + 1
        for row in clean:
            key = row["priority"].lower()
            priority = priorities.get(key)
            if priority is None:
                priority = Priority.objects.create(
                    title=row["priority"], order=row["priority_order"] or next_order)
                next_order = max(next_order, priority.order) + 1
                priorities[key] = priority
                result.priorities_created.append(priority.title)
            elif row["priority_order"] is not None and priority.order != row["priority_order"]:
                priority.order = row["priority_order"]
                priority.save()
            action: Action = row.get("action") or Action(status=Status.NOT_STARTED)
            adding = action.pk is None
            before = (action.priority_id, action.what, action.due_date, action.owner_id,
                      action.status, action.measures)
            action.priority = priority
            action.what = row["what"]
            if "due_date" in row["has"]:
                action.due_date = row["due_date"]
            if "owner" in row["has"]:
                action.owner = row["owner"]
            if row["status"] is not None:
                action.status = row["status"]
            if "measures" in row["has"]:
                action.measures = row["measures"]
            after = (action.priority_id, action.what, action.due_date, action.owner_id,
                     action.status, action.measures)
            if adding:
                action.save()
                result.created += 1
            elif before != after:
                action.save()
                result.updated += 1
            else:
                result.unchanged += 1
        record("import", f"Imported the strategy tracker from “{name[:100]}”: "
               f"{result.created} added, {result.updated} changed, "
               f"{result.unchanged} unchanged", object_type_name="strategy.action",
               changes={"file": name[:200], "created": result.created,
                        "updated": result.updated, "unchanged": result.unchanged,
                        "priorities_created": result.priorities_created})
    return result
