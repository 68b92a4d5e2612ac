"""Dates in the two kinds of text carepanel reads: the return, and what people type."""

from __future__ import annotations

import datetime as dt

import pytest

from carepanel.dates import date_in_file, return_date, return_text, typed_date

MARCH_31 = dt.date(2026, 3, 31)


def test_a_return_date_is_dd_mm_yyyy_and_nothing_else() -> None:
    assert return_date("31/03/2026") == MARCH_31
    assert return_text(MARCH_31) == "31/03/2026" and return_text(None) == ""
    # The DfE's form only: other spellings are bad values in a return, never guessed at.
    for text in ("2026-03-31", "31/3/2026", "31-03-2026", "31/03/26", "３1/03/2026"):
        with pytest.raises(ValueError, match="dd/mm/YYYY"):
            return_date(text)
    with pytest.raises(ValueError):
        return_date("31/02/2026")  # right form, no such day


@pytest.mark.parametrize("text", ["31/03/2026", "31/3/2026", "2026-03-31", "31/03/26",
                                  "31-03-2026", "  31/03/2026 "])
def test_officers_may_type_a_date_the_british_way_or_as_iso(text: str) -> None:
    assert typed_date(text) == MARCH_31


@pytest.mark.parametrize("text", ["", "next Tuesday", "03/31/2026", "2026-02-30", "31.03.2026"])
def test_text_that_is_not_a_date_is_none(text: str) -> None:
    assert typed_date(text) is None


def test_a_hand_written_file_may_hold_yaml_dates_text_or_blank() -> None:
    assert date_in_file(MARCH_31) == MARCH_31
    assert date_in_file(dt.datetime(2026, 3, 31, 9, 30)) == MARCH_31
    assert date_in_file("31/03/2026") == MARCH_31
    assert date_in_file(None) is None and date_in_file("  ") is None
    with pytest.raises(ValueError, match=r"'31 March' is not a date \(YYYY-MM-DD or dd/mm/YYYY\)"):
        date_in_file("31 March")
