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

Command-line options take ISO dates only (``console.option_date``): a script that passes
03/04/2025 means one day in Britain and another elsewhere.
"""

from __future__ import annotations

import datetime as dt
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
