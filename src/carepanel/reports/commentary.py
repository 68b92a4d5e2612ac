"""Commentary on scorecard measures, read from a YAML file (the web app will supply it later).

Cheshire East's Panel requires commentary on every measure rated Red; the measure's owner
writes it. Commentary belongs to a period and a measure: it explains one quarter's figure,
and printed beside another quarter's it can cite figures the paper contradicts. The file
says the period (``period_end``, for every entry, or an entry's own) and maps measure
numbers to the text, who wrote it and when::

    period_end: 2025-03-31          # the quarter the commentary is about
    commentary:
      "2.2":
        text: >
          What lies behind the figure, and what is being done about it.
        author: Head of the Virtual School
        date: 2025-04-22
      "3.12": Short commentary can be given as the text alone.
      "4.1":
        text: Commentary written for another quarter, kept in the same file.
        period_end: 2025-06-30

A paper prints only the commentary for its own period end (``CommentaryFile.for_period``);
commentary for another period, or with no period at all, is left out and the command says
so.

Measure numbers are read exactly as written (``2.10`` is "2.10", not 2.1), so they need no
quotes. Every problem names the file and line, all of them at once, and nothing is used
until the whole file is right. Commentary for a number that is not on the scorecard is
reported as a warning (a typing slip would otherwise leave a Red measure looking as if
nobody had commented).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field, field_validator

from carepanel.config_files import (
    FileModel,
    LinedMap,
    Loc,
    check,
    problem,
    read_as_typed,
    read_text,
)
from carepanel.dates import TYPED_HINT, typed_date


class CommentaryError(ValueError):
    """The commentary file is malformed: the message names the file and line."""


@dataclass(frozen=True)
class Commentary:
    measure: str
    text: str
    author: str | None = None
    date: dt.date | None = None
    line: int = 0
    period_end: dt.date | None = None  # the entry's own period (else the file's)


@dataclass
class CommentaryFile:
    """Commentary by measure number, and the period it says it is about (if it says)."""

    entries: dict[str, Commentary]
    period_end: dt.date | None = None
    file: str = ""

    def get(self, number: str) -> Commentary | None:
        return self.entries.get(number)

    def period_of(self, c: Commentary) -> dt.date | None:
        """The period a piece of commentary is about: its own, else the file's."""
        return c.period_end or self.period_end

    def for_period(self, period_end: dt.date) -> CommentaryFile:
        """Only the commentary about the period ending ``period_end``."""
        return CommentaryFile({n: c for n, c in self.entries.items()
                               if self.period_of(c) == period_end}, period_end, self.file)

    def check(self, numbers: list[str], period_end: dt.date) -> list[str]:
        """Warnings: commentary for measures not on the scorecard, and commentary left out
        of the paper because it is about another period (or says none)."""
        out = []
        unknown = [n for n in self.entries if n not in numbers]
        if unknown:
            out.append(f"{self.file}: commentary for measure(s) not on the scorecard: "
                       f"{', '.join(unknown)}")
        other: dict[dt.date | None, list[str]] = {}
        for n, c in self.entries.items():
            when = self.period_of(c)
            if when != period_end:
                other.setdefault(when, []).append(n)
        for when, found in sorted(other.items(), key=lambda x: x[0] or dt.date.min):
            about = (f"is for the period ending {when.isoformat()}" if when else
                     "says no period (give period_end)")
            out.append(f"{self.file}: commentary on {', '.join(found)} {about}, not "
                       f"{period_end.isoformat()}: left out of the paper")
        return out


def _typed_date(raw: object) -> dt.date | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise problem("must be a date, not a list or mapping")
    when = typed_date(raw)
    if when is None:
        raise problem(f"{raw!r} is not a date ({TYPED_HINT})")
    return when


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise problem("must be text, not a list or mapping")
    return raw.strip()


Date = Annotated[dt.date | None, BeforeValidator(_typed_date)]
Text = Annotated[str, BeforeValidator(_text)]


def _text_alone(raw: object) -> object:
    """``"3.12": Short commentary`` is the text alone."""
    if raw is None or isinstance(raw, str):
        if not (raw or "").strip():
            raise problem("the commentary is empty", whole=True)
        return {"text": raw}
    if not isinstance(raw, dict):
        raise problem("give the text, or text, author and date", whole=True)
    return raw


class EntryModel(FileModel):
    text: Text = Field(default="", validate_default=True)
    author: Text = ""
    date: Date = None
    period_end: Date = None

    @field_validator("text")
    @classmethod
    def _some_text(cls, text: str) -> str:
        if not text:
            raise problem("the commentary has no text", whole=True)
        return text


def _measure_numbers(raw: object) -> object:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise problem("must map measure numbers to commentary")
    return raw


class CommentaryModel(FileModel):
    period_end: Date = None
    commentary: Annotated[dict[str, Annotated[EntryModel, BeforeValidator(_text_alone)]],
                          BeforeValidator(_measure_numbers)] = Field(default_factory=dict)


def _label(loc: Loc, _node: object) -> str | None:
    return f"measure {loc[1]}" if len(loc) == 2 and loc[0] == "commentary" else None


def parse(text: str, name: str = "commentary.yaml") -> CommentaryFile:
    """Read commentary from YAML text; every problem in the file is raised at once as
    ``CommentaryError``, one line each.

    The YAML is read as text exactly as typed (``read_as_typed``), which keeps the measure
    numbers as written and every line number at hand.
    """
    root = read_as_typed(text, name, CommentaryError)
    if root is None:
        return CommentaryFile({}, None, name)
    if not isinstance(root, LinedMap):
        raise CommentaryError(f"{name} line 1: expected a mapping with 'commentary:'")
    for number in root.get("commentary") or {}:
        if not number:
            raise CommentaryError(f"{name} line {root['commentary'].line_of(number)}: a "
                                  "measure number is empty")
    found = check(CommentaryModel, root, name, CommentaryError, label=_label)
    lines = root.get("commentary") or LinedMap()
    entries = {number: Commentary(number, e.text, e.author or None, e.date,
                                  lines.line_of(number), e.period_end)
               for number, e in found.commentary.items()}
    return CommentaryFile(entries, found.period_end, name)


def load(path: Path | str) -> CommentaryFile:
    return parse(*read_text(path, CommentaryError))
