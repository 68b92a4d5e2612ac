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
line and field, and nothing is used until the whole file is right.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from carepanel.config_files import LinedMap, read_text, read_yaml

TOP_FIELDS = ("council", "meeting", "meeting_date", "title", "report_of", "portfolio_holder",
              "senior_officer", "purpose", "recommendations", "background", "key_messages",
              "implications", "contact", "synthetic")
PERSON_FIELDS = ("name", "role", "email", "phone")
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


def _text(m: LinedMap, key: str, where: str) -> str | None:
    value = m.get(key)
    if value is None:
        return None
    if isinstance(value, dict | list | bool):
        raise FrontSheetError(f"{where} line {m.line_of(key)}: {key} must be text")
    return _words(value) or None


def _person(m: LinedMap, key: str, where: str) -> Person | None:
    value = m.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return Person(name=_words(value))
    if not isinstance(value, LinedMap):
        raise FrontSheetError(f"{where} line {m.line_of(key)}: {key} must be a name, or "
                              "name, role, email and phone")
    _fields(value, PERSON_FIELDS, where, key)
    return Person(*(_text(value, f, where) for f in PERSON_FIELDS))


def _fields(m: LinedMap, allowed: tuple[str, ...], where: str, inside: str = "") -> None:
    for key in m:
        if key not in allowed:
            what = f"{inside}: " if inside else ""
            raise FrontSheetError(f"{where} line {m.line_of(key)}: {what}unknown field "
                                  f"{key!r}; the fields are {', '.join(allowed)}")


def parse(content: str, name: str = "paper.yaml") -> FrontSheet:
    """Read and check a paper file; any problem raises ``FrontSheetError``."""
    doc = read_yaml(content, name, FrontSheetError)
    if doc is None:
        return FrontSheet(file=name)
    if not isinstance(doc, LinedMap):
        raise FrontSheetError(f"{name} line 1: expected a mapping such as 'meeting: "
                              "Corporate Parenting Panel'")
    _fields(doc, TOP_FIELDS, name)
    when = doc.get("meeting_date")
    if when is not None and not isinstance(when, dt.date):
        try:
            when = dt.date.fromisoformat(str(when).strip())
        except ValueError:
            raise FrontSheetError(f"{name} line {doc.line_of('meeting_date')}: meeting_date "
                                  f"{when!r} is not a date (YYYY-MM-DD)") from None
    if isinstance(when, dt.datetime):
        when = when.date()
    recommendations = doc.get("recommendations") or []
    if isinstance(recommendations, str):
        recommendations = [recommendations]
    if not isinstance(recommendations, list) or not all(
            isinstance(r, str | int | float) and not isinstance(r, bool)
            for r in recommendations):
        raise FrontSheetError(f"{name} line {doc.line_of('recommendations')}: "
                              "recommendations must be a list of sentences")
    implications = doc.get("implications") or LinedMap()
    if not isinstance(implications, LinedMap):
        raise FrontSheetError(f"{name} line {doc.line_of('implications')}: implications "
                              "must map legal, financial, human_resources, equality and "
                              "risk to text")
    _fields(implications, tuple(k for k, _ in IMPLICATIONS), name, "implications")
    synthetic = doc.get("synthetic", False)
    if not isinstance(synthetic, bool):
        raise FrontSheetError(f"{name} line {doc.line_of('synthetic')}: synthetic must be "
                              "true or false")
    return FrontSheet(
        council=_text(doc, "council", name), meeting=_text(doc, "meeting", name),
        meeting_date=when, title=_text(doc, "title", name),
        report_of=_person(doc, "report_of", name),
        portfolio_holder=_text(doc, "portfolio_holder", name),
        senior_officer=_person(doc, "senior_officer", name),
        purpose=_text(doc, "purpose", name),
        recommendations=tuple(_words(r) for r in recommendations if _words(r)),
        background=_text(doc, "background", name),
        key_messages=_text(doc, "key_messages", name),
        implications={k: t for k in implications
                      if (t := _text(implications, k, name)) is not None},
        contact=_person(doc, "contact", name), synthetic=synthetic, file=name)


def load(path: Path | str) -> FrontSheet:
    return parse(*read_text(path, FrontSheetError))
