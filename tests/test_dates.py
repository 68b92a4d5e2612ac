"""Dates in the kinds of text carepanel reads: the return, what people type, and prose."""

from __future__ import annotations

import datetime as dt

import pytest

from carepanel.dates import (
    date_in_file,
    dates_in_text,
    return_date,
    return_text,
    typed_date,
    written_date,
)

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


@pytest.mark.parametrize("text", ["31/03/2012", "31.3.12", "2012-03-31", "31st March 2012",
                                  "31 Mar. 2012", "March 31, 2012", "mar 31st 2012"])
def test_a_date_written_in_prose_is_found_however_it_is_written(text: str) -> None:
    sentence = f"Jamie (born {text}) moved in."
    assert dates_in_text(sentence, today=MARCH_31) == [
        (12, 12 + len(text), dt.date(2012, 3, 31))]
    assert written_date(text, today=MARCH_31) == dt.date(2012, 3, 31)


def test_prose_without_a_real_date_has_none() -> None:
    assert dates_in_text("31/02/2012, 13/13/2012 and 12 Smarch 2012", today=MARCH_31) == []
    assert written_date("since 31/03/2012", today=MARCH_31) is None  # not the whole text


def test_a_two_digit_year_is_this_century_up_to_this_year_else_the_last() -> None:
    assert written_date("01/01/26", today=MARCH_31) == dt.date(2026, 1, 1)
    assert written_date("01/01/27", today=MARCH_31) == dt.date(1927, 1, 1)
    assert written_date("01/01/27", today=dt.date(2027, 1, 1)) == dt.date(2027, 1, 1)
