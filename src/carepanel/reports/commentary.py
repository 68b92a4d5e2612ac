"""Commentary on scorecard measures, read from a YAML file (the web app will supply it later).

Cheshire East's Panel requires commentary on every measure rated Red; the measure's owner
writes it. The file maps measure numbers to the text, who wrote it and when::

    period_end: 2025-03-31          # optional: the quarter the commentary is about
    commentary:
      "2.2":
        text: >
          What lies behind the figure, and what is being done about it.
        author: Head of the Virtual School
        date: 2025-04-22
      "3.12": Short commentary can be given as the text alone.

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

FIELDS = ("text", "author", "date")
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


@dataclass
class CommentaryFile:
    """Commentary by measure number, and the period it says it is about (if it says)."""

    entries: dict[str, Commentary]
    period_end: dt.date | None = None
    file: str = ""

    def get(self, number: str) -> Commentary | None:
        return self.entries.get(number)

    def check(self, numbers: list[str], period_end: dt.date) -> list[str]:
        """Warnings: commentary for measures not on the scorecard, or for another period."""
        out = []
        unknown = [n for n in self.entries if n not in numbers]
        if unknown:
            out.append(f"{self.file}: commentary for measure(s) not on the scorecard: "
                       f"{', '.join(unknown)}")
        if self.period_end is not None and self.period_end != period_end:
            out.append(f"{self.file}: the commentary is for the period ending "
                       f"{self.period_end.isoformat()}, not {period_end.isoformat()}")
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
    return Commentary(number, body, fields.get("author", "").strip() or None, when, line)


def load(path: Path | str) -> CommentaryFile:
    return parse(*read_text(path, CommentaryError))
