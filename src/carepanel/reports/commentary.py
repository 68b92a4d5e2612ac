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
quotes. Every problem names the file and line, and nothing is used until the whole file is
right. Commentary for a number that is not on the scorecard is reported as a warning (a
typing slip would otherwise leave a Red measure looking as if nobody had commented).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from carepanel.config_files import compose, read_text
from carepanel.dates import TYPED_HINT, typed_date

FIELDS = ("text", "author", "date", "period_end")
TOP_FIELDS = ("period_end", "commentary")


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


def parse_date(raw: str, where: str) -> dt.date:
    """A date as council officers write it (``carepanel.dates``)."""
    when = typed_date(raw)
    if when is None:
        raise CommentaryError(f"{where}: {raw!r} is not a date ({TYPED_HINT})")
    return when


def _scalar(node: yaml.Node, where: str, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise CommentaryError(f"{where}: {what} must be text, not a list or mapping")
    return str(node.value)


def parse(text: str, name: str = "commentary.yaml") -> CommentaryFile:
    """Read commentary from YAML text; any problem raises ``CommentaryError``.

    The YAML is read as a node tree (no Python objects are built from it), which keeps the
    measure numbers exactly as typed and every line number at hand.
    """
    root = compose(text, name, CommentaryError)
    if root is None:
        return CommentaryFile({}, None, name)
    if not isinstance(root, yaml.MappingNode):
        raise CommentaryError(f"{name} line 1: expected a mapping with 'commentary:'")

    period_end = None
    body: yaml.MappingNode | None = None
    for key_node, value_node in root.value:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key == "period_end":
            period_end = parse_date(_scalar(value_node, f"{name} line {line}", "period_end"),
                                    f"{name} line {line}, period_end")
        elif key == "commentary":
            if isinstance(value_node, yaml.ScalarNode) and value_node.value in ("", "~",
                                                                                 "null"):
                continue
            if not isinstance(value_node, yaml.MappingNode):
                raise CommentaryError(f"{name} line {line}: commentary must map measure "
                                      "numbers to commentary")
            body = value_node
        else:
            raise CommentaryError(f"{name} line {line}: unknown field {key!r}; the fields "
                                  f"are {', '.join(TOP_FIELDS)}")
    entries: dict[str, Commentary] = {}
    for key_node, value_node in body.value if body is not None else []:
        number, line = str(key_node.value).strip(), key_node.start_mark.line + 1
        where = f"{name} line {line}, measure {number}"
        if not number:
            raise CommentaryError(f"{name} line {line}: a measure number is empty")
        if number in entries:
            raise CommentaryError(f"{where}: commentary is given twice (first on line "
                                  f"{entries[number].line})")
        entries[number] = _entry(number, value_node, where, name)
    return CommentaryFile(entries, period_end, name)


def _entry(number: str, node: yaml.Node, where: str, name: str) -> Commentary:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        body = node.value.strip()
        if not body:
            raise CommentaryError(f"{where}: the commentary is empty")
        return Commentary(number, body, line=line)
    if not isinstance(node, yaml.MappingNode):
        raise CommentaryError(f"{where}: give the text, or text, author and date")
    fields: dict[str, str] = {}
    for k, v in node.value:
        key, at = str(k.value), f"{name} line {k.start_mark.line + 1}, measure {number}"
        if key not in FIELDS:
            raise CommentaryError(f"{at}: unknown field {key!r}; the fields are "
                                  f"{', '.join(FIELDS)}")
        fields[key] = _scalar(v, at, key)
    body = fields.get("text", "").strip()
    if not body:
        raise CommentaryError(f"{where}: the commentary has no text")
    when = parse_date(fields["date"], f"{where}, date") if fields.get("date") else None
    period = (parse_date(fields["period_end"], f"{where}, period_end")
              if fields.get("period_end") else None)
    return Commentary(number, body, fields.get("author", "").strip() or None, when, line,
                      period)


def load(path: Path | str) -> CommentaryFile:
    return parse(*read_text(path, CommentaryError))
