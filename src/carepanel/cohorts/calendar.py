"""Working days: the calendar the statutory timescales are counted in.

Timescales such as "an initial health assessment within 20 working days of entering care"
count Monday to Friday, leaving out bank holidays in England (the same days as in Wales).
Bank holidays move (Easter) and are sometimes added (a coronation, a state funeral), so they
come from the ``holidays`` package rather than a list kept by hand here.

``register`` creates two temporary tables the indicator SQL joins to, so that the working-day
arithmetic stays in SQL a council analyst can read:

* ``bank_holiday(day DATE, name VARCHAR)``: every bank holiday in England in the range;
* ``calendar(day DATE, working BOOLEAN, working_day_no INTEGER)``: one row per day;
  ``working_day_no`` counts the working days from the first day of the calendar up to and
  including ``day``. The n-th working day after a date D is the working day whose number is
  D's number plus n, which works whether or not D is itself a working day::

      JOIN calendar AS entry_day ON entry_day.day = s.decom
      JOIN calendar AS deadline
        ON deadline.working AND deadline.working_day_no = entry_day.working_day_no + 20
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import duckdb


@cache
def _bank_holidays(first_year: int, last_year: int) -> tuple[tuple[dt.date, str], ...]:
    """England's bank holidays, substitute days included (cached: the lookup is slow;
    the package is imported here, as only commands that count working days need it)."""
    import holidays

    found = holidays.country_holidays("GB", subdiv="ENG",
                                      years=range(first_year, last_year + 1))
    return tuple(sorted(found.items()))


def bank_holidays(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Bank holidays in England from ``first`` to ``last`` inclusive, with their names."""
    return [(day, name) for day, name in _bank_holidays(first.year, last.year)
            if first <= day <= last]


def register(con: duckdb.DuckDBPyConnection, first: dt.date, last: dt.date) -> None:
    """(Re)create the ``bank_holiday`` and ``calendar`` temporary tables for first..last."""
    if last < first:
        raise ValueError(f"the calendar ends ({last}) before it starts ({first})")
    con.execute("CREATE OR REPLACE TEMP TABLE bank_holiday (day DATE PRIMARY KEY, "
                "name VARCHAR NOT NULL)")
    rows = bank_holidays(first, last)
    con.execute("INSERT INTO bank_holiday SELECT unnest(?::DATE[]), unnest(?::VARCHAR[])",
                [[day for day, _ in rows], [name for _, name in rows]])
    con.execute(_CALENDAR, [first, last])


# A working day is Monday to Friday (ISO day of week 1 to 5) and not a bank holiday.
_CALENDAR = """
CREATE OR REPLACE TEMP TABLE calendar AS
SELECT day, working,
       CAST(sum(CASE WHEN working THEN 1 ELSE 0 END)
                OVER (ORDER BY day ROWS UNBOUNDED PRECEDING) AS INTEGER) AS working_day_no
FROM (
    SELECT CAST(d.day AS DATE) AS day,
           isodow(d.day) <= 5
             AND NOT EXISTS (SELECT 1 FROM bank_holiday AS b WHERE b.day = d.day) AS working
    FROM generate_series(CAST(? AS DATE), CAST(? AS DATE), INTERVAL 1 DAY) AS d(day)
) AS days
ORDER BY day
"""
