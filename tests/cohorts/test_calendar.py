"""Working days for the statutory timescales: weekends and England's bank holidays."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from carepanel import cohorts
from carepanel.cohorts import calendar
from carepanel.warehouse import Warehouse

NTH_WORKING_DAY_AFTER = """
SELECT due.day
FROM calendar AS start_day
JOIN calendar AS due
  ON due.working AND due.working_day_no = start_day.working_day_no + ?
WHERE start_day.day = ?
"""


def nth_working_day_after(con: duckdb.DuckDBPyConnection, day: dt.date, n: int) -> dt.date:
    """The query the indicators use, run on its own."""
    return con.execute(NTH_WORKING_DAY_AFTER, [n, day]).fetchone()[0]


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    calendar.register(c, dt.date(2020, 1, 1), dt.date(2026, 12, 31))
    return c


def test_twenty_working_days_over_christmas(con: duckdb.DuckDBPyConnection) -> None:
    """A child entering care on Friday 20 December 2024.

    Counting the working days after it (day of entry = day 0):
      Mon 23 Dec = 1, Tue 24 = 2, [Wed 25 Christmas Day, Thu 26 Boxing Day], Fri 27 = 3,
      Mon 30 = 4, Tue 31 = 5, [Wed 1 Jan New Year's Day], Thu 2 = 6, Fri 3 = 7,
      Mon 6 = 8, Tue 7 = 9, Wed 8 = 10, Thu 9 = 11, Fri 10 = 12,
      Mon 13 = 13, Tue 14 = 14, Wed 15 = 15, Thu 16 = 16, Fri 17 = 17,
      Mon 20 = 18, Tue 21 = 19, Wed 22 Jan 2025 = 20.
    Counting weekends only would give Friday 17 January: the three bank holidays push the
    deadline three working days later.
    """
    assert nth_working_day_after(con, dt.date(2024, 12, 20), 20) == dt.date(2025, 1, 22)
    # the 10-working-day PEP deadline from the same day: Wed 8 Jan (see the count above)
    assert nth_working_day_after(con, dt.date(2024, 12, 20), 10) == dt.date(2025, 1, 8)


def test_start_on_a_weekend_counts_from_the_next_working_day(
        con: duckdb.DuckDBPyConnection) -> None:
    """Entering care on Saturday 21 December 2024: the first working day after is Monday
    23 December, and the 20th is Wednesday 22 January, as from Friday 20 December."""
    assert nth_working_day_after(con, dt.date(2024, 12, 21), 1) == dt.date(2024, 12, 23)
    assert nth_working_day_after(con, dt.date(2024, 12, 21), 20) == dt.date(2025, 1, 22)


def test_bank_holidays_include_substitute_and_one_off_days(
        con: duckdb.DuckDBPyConnection) -> None:
    """Christmas Day 2022 fell on a Sunday, so Tuesday 27 December was the substitute bank
    holiday; Monday 19 September 2022 (the Queen's state funeral) was a one-off. Both are
    not working days; Wednesday 28 December 2022 is."""
    working = dict(con.execute(
        "SELECT day, working FROM calendar WHERE day IN "
        "(DATE '2022-12-27', DATE '2022-09-19', DATE '2022-12-28', DATE '2022-12-24')"
    ).fetchall())
    assert working == {dt.date(2022, 12, 27): False, dt.date(2022, 9, 19): False,
                       dt.date(2022, 12, 28): True, dt.date(2022, 12, 24): False}
    names = dict(con.execute("SELECT day, name FROM bank_holiday").fetchall())
    assert dt.date(2024, 12, 26) in names and dt.date(2025, 4, 18) in names  # Good Friday
    # England only: St Andrew's Day (Scotland) and St Patrick's Day (Northern Ireland) are
    # not bank holidays here.
    assert dt.date(2024, 11, 30) not in names and dt.date(2025, 3, 17) not in names


def test_register_replaces_the_calendar_and_refuses_a_backwards_range() -> None:
    c = duckdb.connect()
    calendar.register(c, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    calendar.register(c, dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    assert c.execute("SELECT count(*), min(day), max(day) FROM calendar").fetchone() == (
        31, dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    # January 2025: 23 weekdays less New Year's Day = 22 working days
    assert c.execute("SELECT count(*) FROM calendar WHERE working").fetchone()[0] == 22
    with pytest.raises(ValueError, match="ends"):
        calendar.register(c, dt.date(2025, 1, 31), dt.date(2025, 1, 1))


def test_cohorts_register_makes_a_calendar_reaching_past_the_period_end() -> None:
    """A child entering care on the last day of the period still has a deadline: the
    calendar the indicators use runs well past the period end."""
    with Warehouse.memory() as wh:
        cohorts.register(wh.con, dt.date(2025, 3, 31), ["883"])
        # Mon 31 Mar 2025 + 20 working days, Good Friday 18 Apr and Easter Monday 21 Apr
        # excluded: Apr 1-4 = 1-4, 7-11 = 5-9, 14-17 = 10-13, 22-25 = 14-17,
        # 28-30 = 18-20 -> Wednesday 30 April.
        assert nth_working_day_after(wh.con, dt.date(2025, 3, 31), 20) == dt.date(2025, 4, 30)
