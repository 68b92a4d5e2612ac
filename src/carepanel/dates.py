"""Dates as carepanel reads and writes them: one place for every form a date arrives in.

Two kinds of text hold dates, with different rules:

- **The return.** The DfE's SSDA903 specification writes every date as ``dd/mm/YYYY``
  (``RETURN_FORMAT``). Nothing else is a date there: ``31-03-2025`` in a return is a bad
  value, found and reported, never guessed at.
- **What people type**: a paper's meeting date, a commentary's period, an action's due date
  in the strategy tracker or a web form, a manual measure's date. Officers write dates the
  British way or as ISO dates, so ``TYPED_FORMATS`` accepts 31/3/2026, 31/03/26, 31-03-2026
  and 2026-03-31. YAML files may also hold real dates (``2026-03-31`` unquoted), which pass
  through as they are.
- **Dates written in prose**, found wherever they are in a text (``dates_in_text``): the
  web app looks for a child's date of birth in what members will read, however it is
  written (31.03.12, 31st March 2012, March 31, 2012).

Command-line options take ISO dates only (``console.option_date``): a script that passes
03/04/2025 means one day in Britain and another elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

RETURN_FORMAT = "%d/%m/%Y"
TYPED_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y")
TYPED_HINT = "YYYY-MM-DD or dd/mm/YYYY"


@lru_cache(maxsize=1 << 16)
def return_date(text: str) -> dt.date:
    """A return's ``dd/mm/YYYY`` date (``ValueError`` if it is not one).

    Written out rather than with strptime, and cached: a national load parses millions of
    dates, most of them repeated, and strptime was two thirds of its time.
    """
    if (len(text) != 10 or text[2] != "/" or text[5] != "/" or not text.isascii()
            or not (text[:2] + text[3:5] + text[6:]).isdigit()):
        raise ValueError(f"{text!r} is not a date in the form dd/mm/YYYY")
    return dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))


def return_text(value: dt.date | None) -> str:
    """A date as the return writes it; blank for none."""
    return "" if value is None else value.strftime(RETURN_FORMAT)


def typed_date(text: str) -> dt.date | None:
    """A date a person typed, in any of ``TYPED_FORMATS``; None when it is not one."""
    text = text.strip()
    for form in TYPED_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def date_in_file(raw: object) -> dt.date | None:
    """A date from a hand-written file: a YAML date as it is, else typed text; blank is None.

    ``ValueError`` names the value when it is not a date, for the caller to place it
    (file, line, field).
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    found = typed_date(str(raw))
    if found is None:
        raise ValueError(f"{raw!r} is not a date ({TYPED_HINT})")
    return found


MONTHS = {name: i for i, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
     ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
     ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")], start=1) for name in names}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
WRITTEN_PATTERNS = (
    # 31/03/2012, 31-3-2012, 31.03.12
    re.compile(r"\b(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})\b"),
    # 2012-03-31
    re.compile(r"\b(?P<y>\d{4})[/.-](?P<m>\d{1,2})[/.-](?P<d>\d{1,2})\b"),
    # 31 March 2012, 31st Mar 2012
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn>{_MONTH})\.?,?\s+(?P<y>\d{{4}})\b",
               re.I),
    # March 31 2012, March 31st, 2012
    re.compile(rf"\b(?P<mn>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b",
               re.I),
)


def dates_in_text(text: str, today: dt.date | None = None) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of every real date written in ``text``, in any of the ways
    ``WRITTEN_PATTERNS`` know (31 February is not one).

    Wider than ``typed_date`` on purpose: it finds what someone may have written, not what
    a field accepts. A two-digit year is of this century up to ``today``'s year, else of
    the last (a child born in '12 is 2012, a grandparent's '48 is 1948).
    """
    century_up_to = (today or dt.date.today()).year % 100
    found = []
    for pattern in WRITTEN_PATTERNS:
        for m in pattern.finditer(text):
            parts = m.groupdict()
            month = MONTHS[parts["mn"].lower()] if parts.get("mn") else int(parts["m"])
            year = int(parts["y"])
            if len(parts["y"]) == 2:
                year += 2000 if year <= century_up_to else 1900
            try:
                when = dt.date(year, month, int(parts["d"]))
            except ValueError:
                continue
            found.append((m.start(), m.end(), when))
    return found


def written_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """The date ``text`` is, written in any way ``dates_in_text`` finds; else None."""
    for start, end, when in dates_in_text(text, today):
        if start == 0 and end == len(text.strip()):
            return when
    return None
