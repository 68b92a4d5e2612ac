"""The corporate parenting strategy as data: priorities, actions, progress, "You said, we did".

Rotherham's and Durham's progress reports list each priority, the actions under it, who
owns them, when they are due, and the latest progress. Until the web app holds the
tracker, carepanel reads it from a YAML file::

    title: Corporate Parenting Strategy 2024 to 2026
    priorities:
      - title: Enough good homes close to where children grew up
        description: Optional, a sentence on why this matters.
        actions:
          - what: Recruit 20 new fostering households
            owner: Head of Fostering
            due: 2025-03-31
            status: on track          # not started, on track, at risk, complete
            measures: ["3.2", "3.13"] # scorecard measures the action should move
            expected_outcome: More children live with the council's own carers.
            updates:                  # dated progress notes, each reported with its date
              - date: 2025-01-10
                text: Twelve households approved so far.
    you_said_we_did:
      - date: 2024-10-01
        you_said: What young people asked for.
        we_did: What the council did.
        status: done                  # not started, in progress, done, not possible

or from a CSV file with the columns of the web app's tracker export (Priority, What, When
(due date), Owner, Status, Latest progress date, Latest progress, Linked measures, and
Expected outcome if there is one; the names are matched ignoring case, spaces and
punctuation). An action is *overdue* when its
due date has passed and it is not complete, whatever its recorded status: a Panel paper
never shows a lapsed action as "On track". Every problem names the file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carepanel.config_files import LinedMap, read_text, read_yaml
from carepanel.dates import date_in_file

NOT_STARTED, ON_TRACK, AT_RISK, COMPLETE, OVERDUE = (
    "not started", "on track", "at risk", "complete", "overdue")
STATUSES = (NOT_STARTED, ON_TRACK, AT_RISK, COMPLETE)
STATUS_WORDS = {NOT_STARTED: "Not started", ON_TRACK: "On track", AT_RISK: "At risk",
                COMPLETE: "Complete", OVERDUE: "Overdue"}
# Words councils use in their papers for the same statuses (Rotherham: "Completed",
# "Ongoing"; the web app's export: "Not started", "On track", ...).
STATUS_SYNONYMS = {"completed": COMPLETE, "done": COMPLETE, "ongoing": ON_TRACK,
                   "in progress": ON_TRACK, "started": ON_TRACK,
                   "further action needed": AT_RISK, "delayed": AT_RISK}
ASK_STATUSES = {"not started": "Not started", "in progress": "In progress", "done": "Done",
                "not possible": "Not possible"}

PRIORITY_FIELDS = ("title", "description", "actions")
ACTION_FIELDS = ("what", "owner", "due", "status", "measures", "updates",
                 "expected_outcome")
UPDATE_FIELDS = ("date", "text", "status")
ASK_FIELDS = ("date", "you_said", "we_did", "status", "owner")
TOP_FIELDS = ("title", "priorities", "you_said_we_did")


class StrategyError(ValueError):
    """The strategy file is malformed: the message names the file and line."""


@dataclass(frozen=True)
class Update:
    date: dt.date
    text: str


@dataclass
class Action:
    what: str
    owner: str | None
    due: dt.date | None
    status: str
    measures: list[str] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    priority: int = 0  # the index of its priority, set by the Strategy
    expected_outcome: str | None = None  # what should change for children if it works

    def is_overdue(self, on: dt.date) -> bool:
        """Due before ``on`` and not complete (an action due today is not yet overdue)."""
        return self.due is not None and self.due < on and self.status != COMPLETE

    def shown_status(self, on: dt.date) -> str:
        return OVERDUE if self.is_overdue(on) else self.status

    def days_overdue(self, on: dt.date) -> int:
        return (on - self.due).days if self.is_overdue(on) and self.due else 0

    def latest_update(self, on: dt.date | None = None) -> Update | None:
        """The most recent progress note (on or before ``on``, when given)."""
        dated = [u for u in self.updates if on is None or u.date <= on]
        return max(dated, key=lambda u: u.date, default=None)

    def history(self, on: dt.date | None = None) -> list[Update]:
        """Every progress note on or before ``on``, oldest first."""
        return sorted((u for u in self.updates if on is None or u.date <= on),
                      key=lambda u: u.date)


@dataclass
class Priority:
    title: str
    description: str | None
    actions: list[Action]


@dataclass(frozen=True)
class YouSaid:
    date: dt.date | None
    you_said: str
    we_did: str | None
    status: str  # one of ASK_STATUSES
    owner: str | None = None


@dataclass
class Strategy:
    title: str
    priorities: list[Priority]
    you_said_we_did: list[YouSaid] = field(default_factory=list)
    file: str = ""

    def __post_init__(self) -> None:
        for i, p in enumerate(self.priorities):
            for a in p.actions:
                a.priority = i

    @property
    def actions(self) -> list[Action]:
        return [a for p in self.priorities for a in p.actions]


def tracker_order(actions: list[Action], on: dt.date) -> list[Action]:
    """Overdue first (the longest overdue at the top), then by due date (undated last),
    then in priority order: the order the web app's tracker uses."""
    far = dt.date.max
    return sorted(actions, key=lambda a: (0 if a.is_overdue(on) else 1, a.due or far,
                                          a.priority))


def status_of(raw: object, where: str) -> str:
    """A status as one of STATUSES, from the words councils use."""
    s = re.sub(r"[\s_-]+", " ", str(raw).strip().lower())
    if s in STATUSES:
        return s
    if s in STATUS_SYNONYMS:
        return STATUS_SYNONYMS[s]
    if s == OVERDUE:
        raise StrategyError(f"{where}: 'overdue' is worked out from the due date; give the "
                            f"status itself ({', '.join(STATUSES)})")
    raise StrategyError(f"{where}: status {raw!r} is not one of {', '.join(STATUSES)}")


def date_of(raw: object, where: str) -> dt.date | None:
    """A date from YAML (already a date) or text (``carepanel.dates``); blank is None."""
    try:
        return date_in_file(raw)
    except ValueError as e:
        raise StrategyError(f"{where}: {e}") from None


# ---------------------------------------------------------------------------------------
# YAML


def _fields(m: LinedMap, allowed: tuple[str, ...], where: str) -> None:
    for key in m:
        if key not in allowed:
            raise StrategyError(f"{where} line {m.line_of(key)}: unknown field {key!r}; the "
                                f"fields are {', '.join(allowed)}")


def _text(m: LinedMap, key: str, where: str, *, required: bool = False) -> str | None:
    value = m.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise StrategyError(f"{where} line {m.line}: {key} is missing")
        return None
    if isinstance(value, dict | list):
        raise StrategyError(f"{where} line {m.line_of(key)}: {key} must be text")
    return str(value).strip()


def _list(m: LinedMap, key: str, where: str) -> list[Any]:
    value = m.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise StrategyError(f"{where} line {m.line_of(key)}: {key} must be a list")
    return value


def parse_yaml(content: str, name: str = "strategy.yaml") -> Strategy:
    doc = read_yaml(content, name, StrategyError)
    if not isinstance(doc, LinedMap):
        raise StrategyError(f"{name} line 1: expected a mapping with title and priorities")
    _fields(doc, TOP_FIELDS, name)
    priorities = []
    for i, raw in enumerate(_list(doc, "priorities", name), start=1):
        where = f"{name}, priority {i}"
        if not isinstance(raw, LinedMap):
            raise StrategyError(f"{where}: each priority must be a mapping with a title")
        _fields(raw, PRIORITY_FIELDS, name)
        actions = []
        for j, a in enumerate(_list(raw, "actions", name), start=1):
            actions.append(_action(a, f"{name}, priority {i} action {j}", name))
        priorities.append(Priority(_text(raw, "title", where, required=True) or "",
                                   _text(raw, "description", where), actions))
    asks = []
    for k, raw in enumerate(_list(doc, "you_said_we_did", name), start=1):
        where = f"{name}, 'you said, we did' entry {k}"
        if not isinstance(raw, LinedMap):
            raise StrategyError(f"{where}: each entry must be a mapping with you_said")
        _fields(raw, ASK_FIELDS, name)
        status = str(raw.get("status") or "not started").strip().lower().replace("_", " ")
        if status not in ASK_STATUSES:
            raise StrategyError(f"{where} line {raw.line_of('status')}: status {status!r} "
                                f"is not one of {', '.join(ASK_STATUSES)}")
        asks.append(YouSaid(date_of(raw.get("date"), f"{where} line {raw.line_of('date')}"),
                            _text(raw, "you_said", where, required=True) or "",
                            _text(raw, "we_did", where), status, _text(raw, "owner", where)))
    title = _text(doc, "title", name) or "Corporate Parenting Strategy"
    return Strategy(title, priorities, asks, name)


def _action(raw: object, where: str, name: str) -> Action:
    if not isinstance(raw, LinedMap):
        raise StrategyError(f"{where}: each action must be a mapping with what, owner, due "
                            "and status")
    _fields(raw, ACTION_FIELDS, name)
    updates = []
    for k, u in enumerate(_list(raw, "updates", name), start=1):
        uw = f"{where} update {k}"
        if not isinstance(u, LinedMap):
            raise StrategyError(f"{uw}: each update must be a mapping with date and text")
        _fields(u, UPDATE_FIELDS, name)
        when = date_of(u.get("date"), f"{uw} line {u.line_of('date')}")
        if when is None:
            raise StrategyError(f"{uw} line {u.line}: the update has no date")
        updates.append(Update(when, _text(u, "text", uw, required=True) or ""))
    measures = raw.get("measures") or []
    if isinstance(measures, str | int | float):
        measures = [m for m in re.split(r"[,\s]+", str(measures)) if m]
    status = status_of(raw["status"], f"{where} line {raw.line_of('status')}") \
        if raw.get("status") is not None else NOT_STARTED
    return Action(_text(raw, "what", where, required=True) or "", _text(raw, "owner", where),
                  date_of(raw.get("due"), f"{where} line {raw.line_of('due')}"), status,
                  [str(m) for m in measures], updates,
                  expected_outcome=_text(raw, "expected_outcome", where))


# ---------------------------------------------------------------------------------------
# CSV (the web app's tracker export, or a council's own sheet with those columns)

CSV_COLUMNS = {
    "priority": ("priority",),
    "priority_order": ("priorityorder",),
    "what": ("what", "action"),
    "due": ("whenduedate", "duedate", "due", "when"),
    "owner": ("ownername", "owner", "ownerusername"),
    "status": ("status",),
    "progress_date": ("latestprogressdate", "progressdate", "updatedate"),
    "progress": ("latestprogress", "latestprogressupdate", "progress", "progressupdate"),
    "measures": ("linkedmeasures", "measures"),
    "expected_outcome": ("expectedoutcome", "expectedoutcomes", "outcome"),
}


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def parse_csv(content: str, name: str = "strategy.csv") -> Strategy:
    rows = list(csv.reader(io.StringIO(content)))
    if not rows:
        raise StrategyError(f"{name}: the file is empty")
    header = [_norm(h) for h in rows[0]]
    where_col: dict[str, int] = {}
    for key, names in CSV_COLUMNS.items():
        for n in names:  # the first name found wins: "Owner name" before "Owner (username)"
            if n in header:
                where_col[key] = header.index(n)
                break
    for key in ("priority", "what"):
        if key not in where_col:
            raise StrategyError(f"{name} line 1: no {key!r} column (the columns are "
                                f"{', '.join(rows[0])})")
    priorities: dict[str, Priority] = {}
    order: dict[str, float] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            j = where_col.get(key)
            return _unquote(row[j].strip()) if j is not None and j < len(row) else ""

        where = f"{name} line {line}"
        title, what = cell("priority"), cell("what")
        if not title or not what:
            raise StrategyError(f"{where}: priority and what are required")
        status = status_of(cell("status"), f"{where}, column Status") if cell("status") \
            else NOT_STARTED
        updates = []
        if cell("progress"):
            when = date_of(cell("progress_date"), f"{where}, column Latest progress date")
            updates.append(Update(when or dt.date.min, cell("progress")))
        action = Action(what, cell("owner") or None,
                        date_of(cell("due"), f"{where}, column When (due date)"), status,
                        [m for m in re.split(r"[,\s]+", cell("measures")) if m], updates,
                        expected_outcome=cell("expected_outcome") or None)
        if title not in priorities:
            priorities[title] = Priority(title, None, [])
            try:
                order[title] = float(cell("priority_order") or len(order) + 1)
            except ValueError:
                raise StrategyError(f"{where}, column Priority order: "
                                    f"{cell('priority_order')!r} is not a number") from None
        priorities[title].actions.append(action)
    ranked = sorted(priorities.values(), key=lambda p: order[p.title])
    return Strategy("Corporate Parenting Strategy", ranked, [], name)


def _unquote(s: str) -> str:
    """Undo the apostrophe a safe export puts before text such as '-5% ...'."""
    if len(s) > 1 and s[0] == "'" and s[1] in "=+-@\t\r":
        return s[1:]
    return s


def load(path: Path | str) -> Strategy:
    """A strategy from a .yaml/.yml or .csv file."""
    p = Path(path)
    content, name = read_text(p, StrategyError)
    if p.suffix.lower() == ".csv":
        return parse_csv(content, name)
    if p.suffix.lower() in (".yaml", ".yml"):
        return parse_yaml(content, name)
    raise StrategyError(f"{name}: give a .yaml or .csv file")
