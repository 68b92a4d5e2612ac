"""The strategy tracker as a table: the one reader of its CSV (and of the rows of its Excel
form) that both ``carepanel report progress --strategy tracker.csv`` and the web app's
import use, so the two accept the same files and say the same things about them.

The columns are the web app's export (``web/strategy/exchange.py`` writes them); a
council's own sheet may name them in other words ("Action", "Due date", "Progress"),
matched ignoring case, spaces and punctuation. Every problem in the file is found, each
with its line (the header is line 1; a quoted cell over two lines counts two), before
anything is read into a strategy or a database. Text an export made safe for a spreadsheet
('-5% ...) reads back as it was.

The bytes are decoded by ``ssda903.decoding.Decoder``: UTF-8, or Windows-1252 (as older
Excel saves CSV) with a note saying so; no byte is ever replaced.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from carepanel.dates import typed_date
from carepanel.reports.safe import TRIGGERS
from carepanel.ssda903.decoding import BadText, Decoder

# The statuses a person chooses, the words councils use for them, and the one worked out.
NOT_STARTED, ON_TRACK, AT_RISK, COMPLETE, OVERDUE = (
    "not started", "on track", "at risk", "complete", "overdue")
STATUSES = (NOT_STARTED, ON_TRACK, AT_RISK, COMPLETE)
# Rotherham: "Completed", "Ongoing"; the web app's codes: "not_started", "on_track", ...
STATUS_SYNONYMS = {"completed": COMPLETE, "done": COMPLETE, "ongoing": ON_TRACK,
                   "in progress": ON_TRACK, "started": ON_TRACK,
                   "further action needed": AT_RISK, "delayed": AT_RISK}
MEASURE_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3}){0,2}$")
DATE_HINT = "write it like 31/03/2026 or 2026-03-31"


class TrackerRefused(ValueError):
    """The file cannot be read as a tracker at all; ``errors`` says why, one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    imported: bool  # False: export only (worked out by the web app, ignored on import)
    other_names: tuple[str, ...] = ()  # the words councils' own sheets use


COLUMNS: tuple[Column, ...] = (
    Column("action_id", "Action ID", True),
    Column("priority_order", "Priority order", True),
    Column("priority", "Priority", True),
    Column("what", "What", True, ("action",)),
    Column("due_date", "When (due date)", True, ("due date", "due", "when")),
    Column("owner", "Owner (username)", True, ("owner",)),
    Column("owner_name", "Owner name", False),
    Column("status", "Status", True),
    Column("shown_status", "Shown status", False),
    Column("measures", "Linked measures", True, ("measures",)),
    Column("latest_progress_date", "Latest progress date", False,
           ("progress date", "update date")),
    Column("latest_progress", "Latest progress", False,
           ("latest progress update", "progress", "progress update")),
    Column("expected_outcome", "Expected outcome", False, ("expected outcomes", "outcome")),
)
REQUIRED = ("priority", "what")


def norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


_BY_NAME = {norm(name): c for c in COLUMNS for name in (c.header, c.key, *c.other_names)}


def unsafe_text(text: str) -> str:
    """Undo ``reports.safe.safe_text``, so an exported file imports back unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1] in TRIGGERS:
        return text[1:]
    return text


def quoted(text: str) -> str:
    """A cell as a message quotes it: no control character reaches a terminal or page."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return f"“{shown}”"


def status_word(raw: str) -> str | None:
    """A status as one of STATUSES, from the words councils use; None when it is none
    (``OVERDUE`` is recognised so the caller can say it is worked out, not chosen)."""
    s = re.sub(r"[\s_-]+", " ", raw.strip().lower())
    if s in STATUSES or s == OVERDUE:
        return s
    return STATUS_SYNONYMS.get(s)


def split_measures(text: str) -> list[str]:
    """``"2.15, 3.1; 4.2"`` -> ``["2.15", "3.1", "4.2"]`` (commas, semicolons or spaces)."""
    return [part for part in re.split(r"[,;\s]+", text.strip()) if part]


# --- the table ----------------------------------------------------------------------------


@dataclass
class RawRow:
    """A row as the file holds it: its line (or row) number and its cells by position."""

    line: int
    cells: dict[int, Any]


def decode(data: bytes) -> tuple[str, str | None]:
    """The file's text and, when it was read as Windows-1252, a note saying so."""
    if b"\0" in data:
        raise TrackerRefused(["The file is not a CSV text file (it contains NUL bytes)."])
    notes: list[str] = []
    try:
        text = "".join(Decoder(io.BytesIO(data), notes.append))
    except BadText as e:
        raise TrackerRefused([f"The file cannot be read: {e.message}."]) from None
    return text, (notes[0] if notes else None)


def read_csv(text: str) -> tuple[list[str], list[RawRow]]:
    """The header and the non-blank rows, each with the physical line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[RawRow] = []
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
                rows.append(RawRow(line, dict(enumerate(cells))))
    except csv.Error as exc:
        raise TrackerRefused([f"Line {reader.line_num}: the CSV cannot be read ({exc})."]) \
            from None
    if header is None:
        raise TrackerRefused(["The file is empty."])
    return header, rows


@dataclass
class TrackerRow:
    """One action as the file gives it, checked; ``problems`` holds what is wrong, by
    column key, in the words the user reads ("Priority is blank.")."""

    line: int
    has: set[str]
    action_id: str = ""
    priority: str = ""
    priority_order: int | None = None
    what: str = ""
    due_date: dt.date | None = None
    owner: str = ""
    owner_name: str = ""
    status: str | None = None  # one of STATUSES
    measures: list[str] = field(default_factory=list)
    latest_progress_date: dt.date | None = None
    latest_progress: str = ""
    expected_outcome: str = ""
    problems: dict[str, str] = field(default_factory=dict)


def cell_text(value: Any, free_text: bool = False) -> str:
    """A cell as trimmed text. Free text is trimmed of spaces only, so a leading tab or
    carriage return it was exported with survives the round trip."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unsafe_text(str(value))
    return text.strip(" ") if free_text else text.strip()


def columns_of(header: Sequence[str], word: str = "Line",
               wanted: Collection[str] | None = None) -> tuple[dict[str, int], list[str],
                                                             list[str]]:
    """Where each column is, the header's problems, and the problems of columns that are
    not the tracker's (a caller that keeps a council's extra columns ignores these)."""
    wanted = set(wanted) if wanted is not None else {c.key for c in COLUMNS}
    columns: dict[str, int] = {}
    problems: list[str] = []
    unknown: list[str] = []
    for index, raw in enumerate(header):
        name = unsafe_text(raw).strip()
        if not name:
            continue
        column = _BY_NAME.get(norm(name))
        if column is None:
            unknown.append(f"{word} 1: {quoted(name)} is not a column of the strategy "
                           "tracker. The columns are: "
                           f"{', '.join(c.header for c in COLUMNS if c.key in wanted)}.")
        elif column.key in columns:
            problems.append(f"{word} 1: the column “{column.header}” appears twice.")
        elif column.key in wanted:
            columns[column.key] = index
    missing = [c.header for c in COLUMNS if c.key in REQUIRED and c.key not in columns]
    if missing:
        problems.append(f"{word} 1: missing the column(s) {', '.join(missing)}.")
    return columns, problems, unknown


def check_rows(columns: dict[str, int], rows: list[RawRow]) -> list[TrackerRow]:
    """Each row read and checked against the tracker's columns."""
    return [_row(columns, row) for row in rows]


def _row(columns: dict[str, int], raw: RawRow) -> TrackerRow:
    def cell(key: str) -> Any:
        return raw.cells.get(columns[key]) if key in columns else None

    row = TrackerRow(raw.line, set(columns))
    bad = row.problems
    row.action_id = cell_text(cell("action_id"))
    if row.action_id and not row.action_id.isdigit():
        bad["action_id"] = (f"Action ID {quoted(row.action_id)} is not an action in the "
                            "tracker (leave it blank to add a new action).")
    row.priority = cell_text(cell("priority"), free_text=True)
    if not row.priority:
        bad["priority"] = "Priority is blank."
    order = cell_text(cell("priority_order"))
    if order and not order.isdigit():
        bad["priority_order"] = f"Priority order {quoted(order)} is not a whole number."
    row.priority_order = int(order) if order.isdigit() else None
    row.what = cell_text(cell("what"), free_text=True)
    if not row.what:
        bad["what"] = "What is blank: say what will be done."
    row.due_date = _date(cell("due_date"), "When (due date)", "due_date", bad)
    row.owner = cell_text(cell("owner"))
    row.owner_name = cell_text(cell("owner_name"))
    status = cell_text(cell("status"))
    if status:
        row.status = status_word(status)
        if row.status == OVERDUE:
            bad["status"] = (f"Status {quoted(status)} cannot be chosen: overdue is worked out "
                             "from the due date. Give Not started, On track, At risk or "
                             "Complete.")
        elif row.status is None:
            bad["status"] = (f"Status {quoted(status)} is not one of Not started, On track, "
                             "At risk, Complete.")
    measures = cell_text(cell("measures"))
    row.measures = split_measures(measures)
    wrong = [m for m in row.measures if not MEASURE_NUMBER.match(m)]
    if wrong:
        bad["measures"] = (f"Linked measures {quoted(', '.join(wrong))} are not measure "
                           "numbers (like 2.15).")
    row.latest_progress_date = _date(cell("latest_progress_date"), "Latest progress date",
                                     "latest_progress_date", bad)
    row.latest_progress = cell_text(cell("latest_progress"), free_text=True).strip()
    row.expected_outcome = cell_text(cell("expected_outcome"), free_text=True).strip()
    return row


def _date(value: Any, header: str, key: str, bad: dict[str, str]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    found = typed_date(text)
    if found is None:
        bad[key] = f"{header} {quoted(text)} is not a date; {DATE_HINT}."
    return found
