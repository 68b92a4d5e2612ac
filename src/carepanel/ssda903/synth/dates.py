"""Date arithmetic for the generator, on day numbers (``date.toordinal``).

The simulation handles hundreds of thousands of dates per council, so it keeps them as
plain integers and only turns them into ``dd/mm/YYYY`` text when a row is written. Ages
and birthdays follow English law: a birthday counts on the day, and a 29 February birthday
falls on 1 March in other years.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from functools import lru_cache

from carepanel.dates import return_text
from carepanel.ssda903 import schema

Day = int
"""A date as its proleptic Gregorian ordinal (``date.toordinal()``)."""

_fromordinal = dt.date.fromordinal


@lru_cache(maxsize=4096)
def day(year: int, month: int, dd: int) -> Day:
    return dt.date(year, month, dd).toordinal()


@lru_cache(maxsize=65536)
def fmt(d: Day | None) -> str:
    """``dd/mm/YYYY`` text of a day, or blank; cached because the same days recur a lot."""
    return "" if d is None else return_text(_fromordinal(d))


def year_start(year: int) -> Day:
    """1 April opening collection ``year`` (named by its 31 March)."""
    return schema.year_start(year).toordinal()


def year_end(year: int) -> Day:
    """31 March closing collection ``year``."""
    return schema.year_end(year).toordinal()


def collection_year(d: Day) -> int:
    return schema.year_of(_fromordinal(d))


def birthday(dob: dt.date, years: int) -> Day:
    """The day a child born on ``dob`` turns ``years`` (29 February -> 1 March)."""
    try:
        return dt.date(dob.year + years, dob.month, dob.day).toordinal()
    except ValueError:
        return dt.date(dob.year + years, 3, 1).toordinal()


def age_at(dob: dt.date, d: Day) -> int:
    """Whole years of age on day ``d`` (a birthday counts on the day)."""
    when = _fromordinal(d)
    return when.year - dob.year - ((when.month, when.day) < (dob.month, dob.day))


# --- England and Wales bank holidays -----------------------------------------------------


def _easter(year: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    return dt.date(year, month, (h + m - 7 * n + 114) % 31 + 1)


def _first_monday(year: int, month: int) -> dt.date:
    d = dt.date(year, month, 1)
    return d + dt.timedelta(days=(7 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    d = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return d - dt.timedelta(days=d.weekday())


# One-off changes announced by the government (moved or extra bank holidays).
_MOVED = {
    2020: ({dt.date(2020, 5, 4)}, {dt.date(2020, 5, 8)}),  # VE Day
    2022: ({dt.date(2022, 5, 30)},
           {dt.date(2022, 6, 2), dt.date(2022, 6, 3), dt.date(2022, 9, 19)}),  # jubilee, funeral
    2023: (set(), {dt.date(2023, 5, 8)}),  # coronation
}


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[Day]:
    """England and Wales bank holidays of a calendar year, with substitute days."""
    easter = _easter(year)
    days = {
        easter - dt.timedelta(days=2),
        easter + dt.timedelta(days=1),
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    new_year = dt.date(year, 1, 1)
    days.add(new_year + dt.timedelta(days=(7 - new_year.weekday()) % 7
                                     if new_year.weekday() >= 5 else 0))
    christmas = dt.date(year, 12, 25)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday
        days |= {dt.date(year, 12, 27), dt.date(year, 12, 28)}
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Monday, substitute Tuesday
        days |= {dt.date(year, 12, 26), dt.date(year, 12, 27)}
    elif christmas.weekday() == 4:  # Friday: Boxing Day Saturday moves to Monday
        days |= {christmas, dt.date(year, 12, 28)}
    else:
        days |= {christmas, dt.date(year, 12, 26)}
    removed, added = _MOVED.get(year, (set(), set()))
    days = (days - removed) | added
    return frozenset(d.toordinal() for d in days)


_WORKING_FROM, _WORKING_TO = dt.date(1995, 1, 1).toordinal(), dt.date(2040, 1, 1).toordinal()


@lru_cache(maxsize=1)
def _working_days() -> tuple[Day, ...]:
    """Every working day 1995-2039, built once so each lookup is a bisection."""
    return tuple(d for d in range(_WORKING_FROM, _WORKING_TO)
                 if (d + 6) % 7 < 5 and d not in bank_holidays(_fromordinal(d).year))


def add_working_days(start: Day, n: int) -> Day:
    """The ``n``-th working day after ``start`` (weekends and bank holidays skipped).

    Statutory timescales such as "initial health assessment within 20 working days of
    entering care" are counted this way.
    """
    if start >= _WORKING_FROM and start + 3 * n + 30 < _WORKING_TO:
        days = _working_days()
        return days[bisect_right(days, start) + n - 1]
    d = start
    left = n
    while left > 0:
        d += 1
        weekday = (d + 6) % 7  # ordinal 1 (1 Jan 0001) was a Monday -> 0
        if weekday < 5 and d not in bank_holidays(_fromordinal(d).year):
            left -= 1
    return d
