"""The strategy tracker to and from CSV and Excel.

Exports are safe to open in a spreadsheet: text that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) gets a leading apostrophe, numbers and
dates stay numbers and dates, and Excel cells are written as typed strings, never formulas
(ASVS 1.2.10). An export can be edited and imported again: rows with an Action ID change that
action, rows without one add a new action, and the apostrophes added on export are removed.

An import is all or nothing. Every row is checked first and every problem is reported with
its line (CSV) or row (Excel) number, the header being line 1; if there is any problem nothing
is changed. The changes themselves are made in one transaction. The file is read by
``reports.tracker``, the same reader as the CLI's ``report progress --strategy``.
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

from carepanel.reports import tracker
from carepanel.reports.safe import safe_text
from carepanel.reports.tracker import Column, RawRow, TrackerRefused, unsafe_text
from carepanel.web.audit.recording import record
from carepanel.web.privacy.identifiers import check_text
from carepanel.web.strategy.models import (
    STATUS_LABELS,
    Action,
    Priority,
    Status,
    tracker_order,
)

__all__ = ["COLUMNS", "Column", "ImportRefused", "import_file", "safe_text", "unsafe_text"]

# The tracker's columns (``reports.tracker``, whose reader the import shares with the CLI),
# in the order the export writes them; the web app keeps no expected outcomes.
COLUMNS: tuple[Column, ...] = tuple(c for c in tracker.COLUMNS if c.key != "expected_outcome")
# Members (councillors, young people) read who owns an action by name; usernames are the
# staff's sign-in names and stay with the staff, who import the file back.
MEMBER_COLUMNS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.key != "owner")


def columns_for(user: Any) -> tuple[Column, ...]:
    """The columns ``user`` may download: every one for staff, no usernames for members."""
    from carepanel.web.roles import MEMBER, role_of

    return MEMBER_COLUMNS if role_of(user) == MEMBER else COLUMNS


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
    note: str | None = None  # how the file was read, when the user should know (cp1252)


# Caps on what an uploaded workbook may expand to, checked from the zip directory before
# anything is decompressed (ASVS 5.2.3): a tracker sheet is tiny.
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_XLSX_ENTRIES = 200


def read_table(name: str, data: bytes) -> tuple[str, list[str], list[RawRow], str | None]:
    """Header and rows of an uploaded CSV or XLSX file: (line word, header, rows, a note on
    how a CSV's bytes were read when it was Windows-1252)."""
    limit = settings.CAREPANEL_MAX_IMPORT_BYTES
    if len(data) > limit:
        raise ImportRefused([f"The file is {len(data):,} bytes; the most it can be is "
                             f"{limit:,} bytes."])
    lower = name.lower()
    try:
        if lower.endswith(".xlsx"):
            return "Row", *_read_xlsx(data), None
        if lower.endswith(".csv") or lower.endswith(".txt"):
            text, note = tracker.decode(data)
            return "Line", *tracker.read_csv(text), note
    except TrackerRefused as e:
        raise ImportRefused(e.errors) from None
    raise ImportRefused(["The file must be a CSV file (.csv) or an Excel workbook (.xlsx)."])


def _read_xlsx(data: bytes) -> tuple[list[str], list[RawRow]]:
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
        rows: list[RawRow] = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if header is None:
                header = ["" if c is None else str(c) for c in cells]
                continue
            if any(c is not None and str(c).strip() for c in cells):
                rows.append(RawRow(number, dict(enumerate(_ooxml_text(c) for c in cells))))
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


# The order a row's problems are listed in: the file's columns, left to right.
_PROBLEM_ORDER = ("action_id", "priority", "priority_order", "what", "due_date", "owner",
                  "status", "identifiers", "measures")


def _check(word: str, header: list[str],
           rows: list[RawRow]) -> tuple[list[str], list[dict[str, Any]]]:
    """Every problem in the file, and the rows as clean values when there are none. The
    file is read by ``reports.tracker`` (as the CLI reads it); what only the web app can
    check (action ids, usernames, identifiers in free text) is added here."""
    imported = {c.key for c in COLUMNS if c.imported}
    columns, header_problems, unknown = tracker.columns_of(header, word, imported)
    errors = unknown + header_problems
    if errors:
        return errors, []
    if not rows:
        return [f"The file has a header but no actions (nothing after {word.lower()} 1)."], []

    users = {u.get_username().lower(): u for u in get_user_model().objects.filter(is_active=True)}
    existing = {a.pk: a for a in Action.objects.all()}
    seen_ids: dict[int, int] = {}
    clean: list[dict[str, Any]] = []
    for row in tracker.check_rows(columns, rows):
        bad: dict[str, Any] = dict(row.problems)
        out: dict[str, Any] = {"line": row.line, "priority": row.priority, "what": row.what,
                               "priority_order": row.priority_order,
                               "due_date": row.due_date, "owner": None, "status": None,
                               "measures": ", ".join(row.measures), "has": row.has}
        if row.action_id and "action_id" not in bad:
            number = int(row.action_id)
            if number not in existing:
                bad["action_id"] = (f"Action ID “{row.action_id}” is not an action in the "
                                    "tracker (leave it blank to add a new action).")
            elif number in seen_ids:
                bad["action_id"] = (f"Action ID {number} is also on {word.lower()} "
                                    f"{seen_ids[number]}.")
            else:
                seen_ids[number] = row.line
                out["action"] = existing[number]
        if row.owner:
            out["owner"] = users.get(row.owner.lower())
            if out["owner"] is None:
                bad["owner"] = (f"Owner {tracker.quoted(row.owner)} is not the username of "
                                "anyone who can sign in.")
        if row.status and "status" not in bad:
            out["status"] = Status(row.status.replace(" ", "_"))
        bad["identifiers"] = [f"{problem.message(label)}." for key, label in
                              (("priority", "Priority"), ("what", "What"))
                              for problem in check_text(out[key])]
        where = f"{word} {row.line}"
        for key in _PROBLEM_ORDER:
            found = bad.get(key) or []
            errors += [f"{where}: {m}" for m in ([found] if isinstance(found, str) else found)]
        clean.append(out)
    return errors, clean


def import_file(name: str, data: bytes) -> ImportResult:
    """Check the whole file, then apply it in one transaction; ``ImportRefused`` if any
    row has a problem (and then nothing has changed)."""
    word, header, rows, note = read_table(name, data)
    errors, clean = _check(word, header, rows)
    if errors:
        raise ImportRefused(errors)
    result = ImportResult(note=note)
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
