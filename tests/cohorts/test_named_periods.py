"""Which days a named period covers: the rolling year, a quarter, the year to date."""

from __future__ import annotations

import datetime as dt

import pytest

from carepanel.cohorts import PeriodError, chosen_start, is_twelve_months, period_start

D = dt.date.fromisoformat


@pytest.mark.parametrize(("end", "period", "start"), [
    ("2025-03-31", "12-months", "2024-04-01"),   # the DfE's year
    ("2024-02-29", "12-months", "2023-03-01"),   # a leap day counts back to 1 March
    ("2025-06-30", "quarter", "2025-04-01"),     # Quarter 1
    ("2025-09-30", "quarter", "2025-07-01"),
    ("2025-12-31", "quarter", "2025-10-01"),
    ("2026-03-31", "quarter", "2026-01-01"),     # Quarter 4 starts in the new calendar year
    ("2025-09-30", "year-to-date", "2025-04-01"),
    ("2025-04-01", "year-to-date", "2025-04-01"),  # its first day is the 1 April itself
    ("2026-02-15", "year-to-date", "2025-04-01"),  # before April: last year's 1 April
    ("2025-03-31", "year-to-date", "2024-04-01"),  # at 31 March the year to date is a year
])
def test_period_start(end: str, period: str, start: str) -> None:
    assert period_start(D(end), period) == D(start)


@pytest.mark.parametrize("end", ["2025-05-31", "2025-06-29", "2025-03-30"])
def test_a_quarter_must_end_on_a_quarter_end(end: str) -> None:
    with pytest.raises(PeriodError, match="a quarter must end on a quarter end"):
        period_start(D(end), "quarter")


def test_twelve_months_is_recognised_whatever_it_was_called() -> None:
    """The year to date at 31 March and a start given as a date can both be 12 months."""
    assert is_twelve_months(period_start(D("2025-03-31"), "year-to-date"), D("2025-03-31"))
    assert is_twelve_months(D("2024-04-01"), D("2025-03-31"))
    assert not is_twelve_months(D("2024-04-02"), D("2025-03-31"))
    assert not is_twelve_months(D("2023-04-01"), D("2025-03-31"))  # two years is not one


def test_chosen_start_takes_a_name_or_a_date_not_both() -> None:
    end = D("2025-06-30")
    assert chosen_start(end) == D("2024-07-01")
    assert chosen_start(end, "quarter") == D("2025-04-01")
    assert chosen_start(end, start=D("2025-05-15")) == D("2025-05-15")
    with pytest.raises(PeriodError, match="either --period or --period-start, not both"):
        chosen_start(end, "quarter", D("2025-04-01"))
    with pytest.raises(PeriodError, match="is after --period-end"):
        chosen_start(end, start=D("2025-07-01"))
    with pytest.raises(PeriodError, match="unknown period 'month'"):
        chosen_start(end, "month")
