"""The paper file: what makes a set of figures a paper a Panel can put on its agenda.

Every paper in the seeds (Durham, Rotherham, Cheshire East) opens with a front sheet (the
meeting, its date, the report's title, whose report it is, the portfolio holder and the
senior officer) and a covering report (purpose, recommendations, background, key
messages), and closes with the implications (legal, financial, human resources, equality,
risk) and a contact. None of that is in the data, so it comes from a file the report's
author writes once a quarter (``carepanel report scorecard --paper paper.yaml``;
``examples/paper.yaml`` is the demo's)::

    council: Thurrock Council                 # else the name the warehouse holds
    meeting: Corporate Parenting Committee
    meeting_date: 2025-07-22
    title: Corporate Parenting Update Report  # the paper's title (default: the scorecard's)
    report_of: {name: A. Officer, role: Head of Service, Children in Care}
    portfolio_holder: Cllr B. Member, Cabinet Member for Children's Services
    senior_officer: {name: C. Director, role: Director of Children's Services}
    purpose: To give the Committee the Quarter 1 scorecard ...
    recommendations:
      - That the Committee notes the scorecard and the commentary on measures rated Red.
    background: The scorecard follows the five pledges of the Corporate Parenting Strategy.
    key_messages: Words that go before the messages carepanel writes from the figures.
    implications:
      legal: None arising directly from this report.
      financial: ...
      human_resources: ...
      equality: ...
      risk: ...
    contact: {name: A. Officer, role: Head of Service, email: a.officer@example.gov.uk,
              phone: 01234 567890}
    synthetic: true    # the demo only: every page then says "synthetic data"

Every field is optional: whatever is missing becomes a clearly marked place for text
("[To be written: ...]") in the paper, never an invented sentence. Problems name the file,
line and field, all of them at once, and nothing is used until the whole file is right.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field

from carepanel.config_files import (
    FileModel,
    LinedMap,
    check,
    escaped,
    problem,
    read_text,
    read_yaml,
)

IMPLICATIONS = (("legal", "Legal"), ("financial", "Financial"),
                ("human_resources", "Human resources"), ("equality", "Equality"),
                ("risk", "Risk"))


class FrontSheetError(ValueError):
    """The paper file is malformed: the message names the file, line and field."""


@dataclass(frozen=True)
class Person:
    name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None

    def __str__(self) -> str:
        return ", ".join(x for x in (self.name, self.role) if x)


@dataclass(frozen=True)
class FrontSheet:
    """The paper file's contents (every field may be empty)."""

    council: str | None = None
    meeting: str | None = None
    meeting_date: dt.date | None = None
    title: str | None = None
    report_of: Person | None = None
    portfolio_holder: str | None = None
    senior_officer: Person | None = None
    purpose: str | None = None
    recommendations: tuple[str, ...] = ()
    background: str | None = None
    key_messages: str | None = None
    implications: dict[str, str] = field(default_factory=dict)
    contact: Person | None = None
    synthetic: bool = False
    file: str = ""


def _words(value: object) -> str:
    """Text on one line (YAML's > folds long ones; blank lines mark paragraphs)."""
    paragraphs = [" ".join(p.split()) for p in str(value).split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _text(raw: object) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, dict | list | bool):
        raise problem("must be text")
    return _words(raw) or None


def _person(raw: object) -> object:
    """A person is a name alone, or name, role, email and phone."""
    if isinstance(raw, str):
        return {"name": raw}
    if raw is not None and not isinstance(raw, dict):
        raise problem("must be a name, or name, role, email and phone")
    return raw


def _meeting_date(raw: object) -> dt.date | None:
    if raw is None or isinstance(raw, dt.date):
        return raw.date() if isinstance(raw, dt.datetime) else raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise problem(f"{escaped(raw)} is not a date (YYYY-MM-DD)") from None


def _sentences(raw: object) -> list[str]:
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(
            isinstance(r, str | int | float) and not isinstance(r, bool) for r in items):
        raise problem("must be a list of sentences")
    return [w for r in items if (w := _words(r))]


def _implications(raw: object) -> object:
    if raw is not None and not isinstance(raw, dict):
        raise problem("must map legal, financial, human_resources, equality and risk to text")
    return raw or {}


def _true_or_false(raw: object) -> bool:
    if raw is None:
        return False
    if not isinstance(raw, bool):
        raise problem("must be true or false")
    return raw


Text = Annotated[str | None, BeforeValidator(_text)]


class PersonEntry(FileModel):
    as_written = ("phone",)
    name: Text = None
    role: Text = None
    email: Text = None
    phone: Text = None


class ImplicationsEntry(FileModel):
    legal: Text = None
    financial: Text = None
    human_resources: Text = None
    equality: Text = None
    risk: Text = None


PersonField = Annotated[PersonEntry | None, BeforeValidator(_person)]


class PaperFile(FileModel):
    council: Text = None
    meeting: Text = None
    meeting_date: Annotated[dt.date | None, BeforeValidator(_meeting_date)] = None
    title: Text = None
    report_of: PersonField = None
    portfolio_holder: Text = None
    senior_officer: PersonField = None
    purpose: Text = None
    recommendations: Annotated[list[str], BeforeValidator(_sentences)] = Field(
        default_factory=list)
    background: Text = None
    key_messages: Text = None
    implications: Annotated[ImplicationsEntry, BeforeValidator(_implications)] = Field(
        default_factory=ImplicationsEntry)
    contact: PersonField = None
    synthetic: Annotated[bool, BeforeValidator(_true_or_false)] = False


def _person_of(entry: PersonEntry | None) -> Person | None:
    return Person(entry.name, entry.role, entry.email, entry.phone) if entry else None


def parse(content: str, name: str = "paper.yaml") -> FrontSheet:
    """Read and check a paper file; every problem in it is raised at once as
    ``FrontSheetError``, one line each."""
    doc = read_yaml(content, name, FrontSheetError)
    if doc is None:
        return FrontSheet(file=name)
    if not isinstance(doc, LinedMap):
        raise FrontSheetError(f"{name} line 1: expected a mapping such as 'meeting: "
                              "Corporate Parenting Panel'")
    found = check(PaperFile, doc, name, FrontSheetError)
    # in the order the file gives them, as the paper prints them
    given = doc.get("implications") or {}
    implications = {k: t for k in given if (t := getattr(found.implications, k)) is not None}
    return FrontSheet(
        council=found.council, meeting=found.meeting, meeting_date=found.meeting_date,
        title=found.title, report_of=_person_of(found.report_of),
        portfolio_holder=found.portfolio_holder,
        senior_officer=_person_of(found.senior_officer), purpose=found.purpose,
        recommendations=tuple(found.recommendations), background=found.background,
        key_messages=found.key_messages, implications=implications,
        contact=_person_of(found.contact), synthetic=found.synthetic, file=name)


def load(path: Path | str) -> FrontSheet:
    return parse(*read_text(path, FrontSheetError))
