"""Which collection year a return is for, and how carepanel knows.

The year decides everything downstream: which code lists a value is checked against, which
DfE rules run, and which return is "last year's". Guessing it from the latest date in the
files let one mistyped date (01/01/2200) move a whole return to another year, so the year is
taken, in this order, from what the user says (``--year``, ``--reference-date``), from the
folder or file names when they say (``ssda903_2025``, ``2024-25``, ``903_2025``, ``2025``),
and only then from the bulk of the return's own activity dates, never moved by a few out of
range. Every return carries the reason with it, so every command can say which year it used
and why ("2024/25, from the folder name ssda903_2025").
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from carepanel.ssda903 import schema

# Dates that say when the return was taken: an episode starting or ending, a review, a
# missing incident. Dates of birth and the like say nothing about the year.
ACTIVITY_COLUMNS = {"DECOM", "DEC", "REVIEW", "MIS_START", "MIS_END"}
# A collection year counts as "the bulk" when it holds at least this share of the activity
# dates: a full year's return has most of its reviews and endings in its own year, while a
# few corrupted dates beyond it hold far less.
BULK_SHARE = 0.05

# A year stands alone in a name (``ssda903_2025``, ``2024-25``): "a3f2025b" is no year.
_SPAN = re.compile(r"(?<![0-9A-Za-z])(20\d{2})\s*[-_/]\s*(\d{2}|20\d{2})(?![0-9A-Za-z])")
_SINGLE = re.compile(r"(?<![0-9A-Za-z])(20\d{2})(?![0-9A-Za-z])")
_GIVEN = re.compile(r"^\s*(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?\s*$")


class YearError(ValueError):
    """A year the user gave that carepanel cannot use (named in the message)."""


@dataclass(frozen=True)
class CollectionYear:
    """A return's collection year (named by its 31 March), its reference date, and why."""

    year: int
    reference_date: dt.date
    reason: str

    @property
    def label(self) -> str:
        return schema.collection_year_label(self.year)

    def describe(self) -> str:
        """"2024/25, from the folder name ssda903_2025": what every command prints."""
        text = f"{self.label}, {self.reason}"
        if self.reference_date != schema.year_end(self.year):
            text += f" (an in-year extract to {self.reference_date:%d %B %Y})"
        return text


def parse_year(text: str) -> int:
    """``2024/25``, ``2024-25``, ``2024/2025`` or ``2025`` -> 2025 (the year of its 31 March).

    A lone year names the 31 March it ends on, as the DfE's file names do (``ssda903_2025``
    is 2024/25).
    """
    m = _GIVEN.match(text)
    if not m:
        raise YearError(f"{text!r} is not a collection year: write it like 2024/25")
    first, second = int(m.group(1)), m.group(2)
    year = first if second is None else _span_end(first, second)
    if year is None:
        raise YearError(f"{text!r} is not a collection year: the second year must follow "
                        "the first, as in 2024/25")
    _check_known(year, f"{text!r}")
    return year


def _span_end(first: int, second: str) -> int | None:
    """The year a ``first``-``second`` span ends in, or None when they are not consecutive."""
    end = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    return end if end == first + 1 else None


def _check_known(year: int, what: str) -> None:
    if not schema.FIRST_YEAR <= year <= schema.LAST_YEAR:
        raise YearError(
            f"{what} is the {schema.collection_year_label(year)} collection; carepanel knows "
            f"the return from {schema.collection_year_label(schema.FIRST_YEAR)} to "
            f"{schema.collection_year_label(schema.LAST_YEAR)}")


def year_in_name(name: str) -> int | None:
    """The collection year a folder or file name states, or None when it states none or two."""
    spans = {end for a, b in _SPAN.findall(name) if (end := _span_end(int(a), b)) is not None}
    if spans:
        return spans.pop() if len(spans) == 1 else None
    singles = {int(y) for y in _SINGLE.findall(name)}
    return singles.pop() if len(singles) == 1 else None


def names_to_read(group: list[Path]) -> list[tuple[str, list[str]]]:
    """The names that may state a return's year, most specific first, each with its kind.

    The return's own name (its folder, or the workbook), then its files' names (they must
    all agree), then the folder above it (``883/2025/episodes.csv``).
    """
    first = group[0]
    if first.suffix.lower() == ".xlsx":
        return [("the workbook name", [first.stem]), ("the folder name", [first.parent.name])]
    return [("the folder name", [first.parent.name]),
            ("the file names", [p.stem for p in group]),
            ("the folder name", [first.parent.parent.name])]


def from_names(group: list[Path]) -> CollectionYear | None:
    """The year the return's names state, or None. Raises YearError for an unknown year."""
    for kind, names in names_to_read(group):
        years = {year_in_name(n) for n in names}
        if len(years) != 1 or None in years:
            continue
        year = years.pop()
        assert year is not None
        shown = names[0] if len(names) == 1 else ", ".join(names)
        _check_known(year, f"{kind} {_printable(shown)}")
        return CollectionYear(year, schema.year_end(year), f"from {kind} {_printable(shown)}")
    return None


def from_dates(dates: Iterable[dt.date]) -> CollectionYear | None:
    """The latest collection year holding the bulk of the return's activity dates.

    A year qualifies when it holds at least ``BULK_SHARE`` of the dates (and at least one):
    a tiny return is decided by its latest date, as before, while in a real one a handful of
    dates typed into the future move nothing. Those dates are still findings of the DfE
    rules that compare dates with the year's end.
    """
    return from_counts(Counter(schema.year_of(d) for d in dates))


def from_counts(per_year: Mapping[int, int]) -> CollectionYear | None:
    """``from_dates`` given how many activity dates fall in each collection year (the
    staging database counts them in SQL, so no date ever comes into Python)."""
    per_year = {y: n for y, n in per_year.items() if n > 0}
    if not per_year:
        return None
    needed = max(1, math.ceil(BULK_SHARE * sum(per_year.values())))
    year = max(y for y, n in per_year.items() if n >= needed)
    _check_known(year, "the bulk of the return's dates")
    return CollectionYear(year, schema.year_end(year), "from the return's dates")


def given(year: int | None, reference_date: dt.date | None) -> CollectionYear | None:
    """What the user said, checked for agreement, or None when they said nothing."""
    if reference_date is not None:
        ref_year = schema.year_of(reference_date)
        if year is not None and ref_year != year:
            raise YearError(
                f"--reference-date {reference_date.isoformat()} is in "
                f"{schema.collection_year_label(ref_year)}, not in "
                f"{schema.collection_year_label(year)} as --year says")
        _check_known(ref_year, f"--reference-date {reference_date.isoformat()}")
        reason = "from --year" if year is not None else "from --reference-date"
        return CollectionYear(ref_year, reference_date, reason)
    if year is not None:
        _check_known(year, "--year")
        return CollectionYear(year, schema.year_end(year), "from --year")
    return None


def _printable(text: str) -> str:
    """A name as it can be shown on a terminal: control characters and undecodable bytes
    escaped, so a file name can never move the cursor or colour the screen."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape",
                                                      "backslashreplace").decode("ascii")
                   for c in text)
