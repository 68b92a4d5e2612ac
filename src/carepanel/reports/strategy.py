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
never shows a lapsed action as "On track". Every problem names the file and line, and all
of a file's problems are reported at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, field_validator

from carepanel.config_files import (
    FileModel,
    LinedMap,
    Loc,
    check,
    escaped,
    problem,
    read_text,
    read_yaml,
)
from carepanel.dates import date_in_file
from carepanel.reports import tracker
from carepanel.reports.tracker import (
    AT_RISK,
    COMPLETE,
    NOT_STARTED,
    ON_TRACK,
    OVERDUE,
    STATUSES,
)

__all__ = ["AT_RISK", "COMPLETE", "NOT_STARTED", "ON_TRACK", "OVERDUE", "STATUSES", "Action",
           "Priority", "Strategy", "StrategyError", "Update", "YouSaid", "load",
           "parse_csv", "parse_yaml", "tracker_order"]

STATUS_WORDS = {NOT_STARTED: "Not started", ON_TRACK: "On track", AT_RISK: "At risk",
                COMPLETE: "Complete", OVERDUE: "Overdue"}
ASK_STATUSES = {"not started": "Not started", "in progress": "In progress", "done": "Done",
                "not possible": "Not possible"}



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


# ---------------------------------------------------------------------------------------
# YAML, read through pydantic models: every mistake in the file at once


def _status(raw: object) -> str:
    """A status as one of STATUSES, from the words councils use."""
    found = tracker.status_word(str(raw))
    if found == OVERDUE:
        raise problem("'overdue' is worked out from the due date; give the status itself "
                      f"({', '.join(STATUSES)})", whole=True)
    if found is None:
        raise problem(f"{escaped(raw)} is not one of {', '.join(STATUSES)}")
    return found


def _ask_status(raw: object) -> str:
    status = str(raw).strip().lower().replace("_", " ")
    if status not in ASK_STATUSES:
        raise problem(f"{escaped(status)} is not one of {', '.join(ASK_STATUSES)}")
    return status


def _date(raw: object) -> dt.date | None:
    """A date from YAML (already a date) or text (``carepanel.dates``); blank is None."""
    try:
        return date_in_file(raw)
    except ValueError as e:
        raise problem(str(e)) from None


def _text(raw: object) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dict | list):
        raise problem("must be text")
    return str(raw).strip()


def _some(raw: object) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise problem("must be a list")
    return raw


def _measure_list(raw: object) -> list[str]:
    """``measures: ["3.2", "3.13"]``, or the same written as one piece of text."""
    if raw is None:
        return []
    if isinstance(raw, str | int | float):
        return [m for m in re.split(r"[,\s]+", str(raw)) if m]
    if isinstance(raw, list):
        return [str(m) for m in raw]
    raise problem("must be a list of measure numbers")


Text = Annotated[str | None, BeforeValidator(_text)]
Date = Annotated[dt.date | None, BeforeValidator(_date)]


def _required(value: str | None) -> str:
    if value is None:
        raise problem("is missing")
    return value


Required = Annotated[Text, AfterValidator(_required), Field(validate_default=True)]


class UpdateEntry(FileModel):
    date: Date = Field(default=None, validate_default=True)
    text: Required = None
    status: Text = None  # accepted for the web app's records; the action's status is kept

    @field_validator("date")
    @classmethod
    def _dated(cls, when: dt.date | None) -> dt.date:
        if when is None:
            raise problem("the update has no date", whole=True)
        return when


class ActionEntry(FileModel):
    what: Required = None
    owner: Text = None
    due: Date = None
    status: Annotated[str, BeforeValidator(lambda v: NOT_STARTED if v is None
                                           else _status(v))] = NOT_STARTED
    measures: Annotated[list[str], BeforeValidator(_measure_list)] = Field(
        default_factory=list)
    updates: Annotated[list[UpdateEntry], BeforeValidator(_some)] = Field(
        default_factory=list)
    expected_outcome: Text = None

    def action(self) -> Action:
        return Action(self.what or "", self.owner, self.due, self.status, self.measures,
                      [Update(u.date, u.text or "") for u in self.updates if u.date],
                      expected_outcome=self.expected_outcome)


class PriorityEntry(FileModel):
    title: Required = None
    description: Text = None
    actions: Annotated[list[ActionEntry], BeforeValidator(_some)] = Field(
        default_factory=list)


class AskEntry(FileModel):
    date: Date = None
    you_said: Required = None
    we_did: Text = None
    status: Annotated[str, BeforeValidator(lambda v: _ask_status(v or NOT_STARTED))] = \
        NOT_STARTED
    owner: Text = None


class StrategyFile(FileModel):
    title: Text = None
    priorities: Annotated[list[PriorityEntry], BeforeValidator(_some)] = Field(
        default_factory=list)
    you_said_we_did: Annotated[list[AskEntry], BeforeValidator(_some)] = Field(
        default_factory=list)


def _label(loc: Loc, _node: object) -> str | None:
    """ "priority 2 action 3": where in the strategy a mapping is."""
    match loc:
        case ("priorities", int(i)):
            return f"priority {i + 1}"
        case ("priorities", int(i), "actions", int(j)):
            return f"priority {i + 1} action {j + 1}"
        case ("priorities", int(i), "actions", int(j), "updates", int(k)):
            return f"priority {i + 1} action {j + 1} update {k + 1}"
        case ("you_said_we_did", int(k)):
            return f"'you said, we did' entry {k + 1}"
    return None


def parse_yaml(content: str, name: str = "strategy.yaml") -> Strategy:
    """A strategy from YAML; every problem in the file is raised at once as
    ``StrategyError``, one line each."""
    doc = read_yaml(content, name, StrategyError)
    if not isinstance(doc, LinedMap):
        raise StrategyError(f"{name} line 1: expected a mapping with title and priorities")
    found = check(StrategyFile, doc, name, StrategyError, label=_label)
    priorities = [Priority(p.title or "", p.description, [a.action() for a in p.actions])
                  for p in found.priorities]
    asks = [YouSaid(a.date, a.you_said or "", a.we_did, a.status, a.owner)
            for a in found.you_said_we_did]
    return Strategy(found.title or "Corporate Parenting Strategy", priorities, asks, name)


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
