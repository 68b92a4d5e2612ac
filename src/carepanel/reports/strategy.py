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

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carepanel.config_files import LinedMap, read_text, read_yaml
from carepanel.dates import date_in_file
from carepanel.reports import tracker
from carepanel.reports.tracker import (
    AT_RISK,
    COMPLETE,
    NOT_STARTED,
    ON_TRACK,
    OVERDUE,
    STATUS_SYNONYMS,
    STATUSES,
)

STATUS_WORDS = {NOT_STARTED: "Not started", ON_TRACK: "On track", AT_RISK: "At risk",
                COMPLETE: "Complete", OVERDUE: "Overdue"}
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
    notes: list[str] = field(default_factory=list)  # for the user: how the file was read

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

def parse_csv(content: str, name: str = "strategy.csv", note: str | None = None) -> Strategy:
    """The tracker's rows (``reports.tracker``, the reader the web import uses too) as a
    strategy: priorities in their order, each with its actions. Every problem in the file
    is raised at once, one line each. Columns that are not the tracker's are a council's
    own (RAG, notes) and are passed over."""
    try:
        header, raw_rows = tracker.read_csv(content)
    except tracker.TrackerRefused as e:
        raise StrategyError("\n".join(f"{name}: {m}" for m in e.errors)) from None
    columns, problems, _ = tracker.columns_of(header, f"{name} line")
    if problems:
        raise StrategyError("\n".join(problems))
    rows = tracker.check_rows(columns, raw_rows)
    wrong = [f"{name} line {r.line}: {m}" for r in rows for m in r.problems.values()]
    if wrong:
        raise StrategyError("\n".join(wrong))
    priorities: dict[str, Priority] = {}
    order: dict[str, int] = {}
    for row in rows:
        updates = [Update(row.latest_progress_date or dt.date.min, row.latest_progress)] \
            if row.latest_progress else []
        action = Action(row.what, row.owner_name or row.owner or None, row.due_date,
                        row.status or NOT_STARTED, row.measures, updates,
                        expected_outcome=row.expected_outcome or None)
        if row.priority not in priorities:
            priorities[row.priority] = Priority(row.priority, None, [])
            order[row.priority] = row.priority_order or len(order) + 1
        priorities[row.priority].actions.append(action)
    ranked = sorted(priorities.values(), key=lambda p: order[p.title])
    return Strategy("Corporate Parenting Strategy", ranked, [], name,
                    [f"{name}: {note}"] if note else [])


def read_tracker(path: Path) -> tuple[str, str, str | None]:
    """A tracker CSV's text, its name, and a note when it was read as Windows-1252 (as
    older Excel saves CSV): the same decoding as the web import, never replacing a byte."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise StrategyError(f"{path}: no such file") from None
    try:
        text, note = tracker.decode(data)
    except tracker.TrackerRefused as e:
        raise StrategyError("\n".join(f"{path.name}: {m}" for m in e.errors)) from None
    return text, path.name, note


def load(path: Path | str) -> Strategy:
    """A strategy from a .yaml/.yml or .csv file."""
    p = Path(path)
    if p.suffix.lower() == ".csv":
        return parse_csv(*read_tracker(p))
    content, name = read_text(p, StrategyError)
    if p.suffix.lower() in (".yaml", ".yml"):
        return parse_yaml(content, name)
    raise StrategyError(f"{name}: give a .yaml or .csv file")
