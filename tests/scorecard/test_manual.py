"""Manual measures' values: read from CSV or YAML, checked line by line against the config."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carepanel.scorecard.config import parse
from carepanel.scorecard.manual import ManualError, load, parse_csv, parse_yaml

from .conftest import CONFIG, write

# A percentage manual measure beside the count (3.13) the shared config has.
PERCENT = """\
  - number: "2.6"
    title: Care leavers in apprenticeships (% of those aged 19 to 21)
    source: manual
    unit: percent
    polarity: high
    pledge: 3
    target: 10
"""
CFG = parse(CONFIG + PERCENT, "scorecard.yaml")
HEADER = "measure,period_end,value,numerator,denominator,note,source\n"
END = dt.date(2025, 3, 31)


def csv_error(body: str) -> str:
    with pytest.raises(ManualError) as e:
        parse_csv(HEADER + body, "values.csv", CFG)
    return str(e.value)


def test_values_from_csv() -> None:
    """3.13 given directly; 2.6 from 6 of 40 = 15%; dates in either form."""
    values = parse_csv(HEADER + "3.13,2025-03-31,17,,,,Fostering tracker\n"
                                "2.6,31/03/2025,,6,40,,Leaving care team\n", "values.csv", CFG)
    v = values.get("3.13", END, "883")
    assert (v.value, v.numerator, v.source, v.suppressed) == (17, None, "Fostering tracker",
                                                              False)
    p = values.get("2.6", END, "883")
    assert (p.value, p.numerator, p.denominator) == (15.0, 6, 40)
    assert values.get("3.13", dt.date(2024, 12, 31), "883") is None


def test_value_typed_rounded_is_kept_consistent_with_its_fraction() -> None:
    """1 of 3 typed as 33.3: the value used is the exact 33.333...; 40 would be a typo."""
    values = parse_csv(HEADER + "2.6,2025-03-31,33.3,1,3,,\n", "values.csv", CFG)
    assert values.get("2.6", END, "883").value == pytest.approx(100 / 3)
    line2 = csv_error("2.6,2025-03-31,40,1,3,,\n")
    assert line2 == ("values.csv line 2, column value: 40 does not match numerator 1 and "
                     "denominator 3 (which give 33.33)")


def test_suppressed_and_not_available() -> None:
    values = parse_csv(HEADER + "3.13,2025-03-31,c,,,,\n"
                                "3.13,2024-03-31,x,,,recruitment records lost,\n"
                                "3.13,2024-12-31,,,,,\n", "values.csv", CFG)
    s = values.get("3.13", END, "883")
    assert (s.value, s.suppressed, s.note) == (None, True, "value suppressed")
    x = values.get("3.13", dt.date(2024, 3, 31), "883")
    assert (x.value, x.suppressed, x.note) == (None, False, "recruitment records lost")
    assert values.get("3.13", dt.date(2024, 12, 31), "883").note == "value not available"


def test_council_rows_win_over_rows_for_every_council() -> None:
    text = ("measure,period_end,value,la_code\n"
            "3.13,2025-03-31,17,\n"
            "3.13,2025-03-31,9,884\n")
    values = parse_csv(text, "values.csv", CFG)
    assert values.get("3.13", END, "883").value == 17
    assert values.get("3.13", END, "884").value == 9


@pytest.mark.parametrize(("body", "expected"), [
    ("9.9,2025-03-31,1,,,,\n",
     "values.csv line 2, column measure: no measure 9.9 in scorecard.yaml"),
    ("3.1,2025-03-31,1,,,,\n",
     "values.csv line 2, column measure: measure 3.1 is computed from the indicator "
     "placement_foster_pct, not supplied by hand (only source: manual measures take values "
     "from this file)"),
    ("3.13,March 2025,1,,,,\n",
     "values.csv line 2, column period_end: 'March 2025' is not a date (YYYY-MM-DD or "
     "dd/mm/YYYY)"),
    ("3.13,2025-03-31,seventeen,,,,\n",
     "values.csv line 2, column value: 'seventeen' is not a number (or c for suppressed, x "
     "for not available)"),
    ("3.13,2025-03-31,17.5,,,,\n",
     "values.csv line 2, column value: measure 3.13 is a count, so the value must be a whole "
     "number, not 17.5"),
    ("2.6,2025-03-31,120,,,,\n",
     "values.csv line 2, column value: measure 2.6 is a percentage, so the value must be "
     "between 0 and 100, not 120"),
    ("2.6,2025-03-31,,6,0,,\n",
     "values.csv line 2, column denominator: cannot work out the value: the cohort is empty "
     "in this period (denominator 0)"),
    ("2.6,2025-03-31,,six,40,,\n", "values.csv line 2, column numerator: 'six' is not a number"),
])
def test_row_errors_name_line_and_column(body: str, expected: str) -> None:
    assert csv_error(body) == expected


def test_line_numbers_count_multi_line_notes_and_duplicates_are_refused() -> None:
    """Line 2 holds a note over two physical lines, so the next row starts on line 4."""
    body = ('3.13,2025-03-31,17,,,"two\nlines",\n'
            "3.13,2025-03-31,18,,,,\n")
    assert csv_error(body) == ("values.csv line 4: measure 3.13 already has a value for "
                               "2025-03-31 on line 2")


def test_header_problems() -> None:
    with pytest.raises(ManualError, match="line 1: unknown column"):
        parse_csv("measure,period_end,value,comment\n", "values.csv", CFG)
    with pytest.raises(ManualError, match="line 1: missing column"):
        parse_csv("measure,value\n", "values.csv", CFG)


def test_values_from_yaml_with_line_numbers() -> None:
    text = """\
values:
  - measure: "3.13"
    period_end: 2025-03-31
    value: 17
    source: Fostering tracker
  - measure: "3.13"
    period_end: 2024-03-31
    value: lots
"""
    with pytest.raises(ManualError) as e:
        parse_yaml(text, "values.yaml", CFG)
    assert str(e.value).startswith("values.yaml line 8, column value: 'lots' is not a number")
    values = parse_yaml(text.replace("lots", "12"), "values.yaml", CFG)
    assert values.get("3.13", END, "883").value == 17
    assert values.get("3.13", dt.date(2024, 3, 31), "883").value == 12


def test_load_by_file_type(tmp_path: Path) -> None:
    path = write(tmp_path, "values.csv", "\ufeff" + HEADER + "3.13,2025-03-31,17,,,,\n")
    assert load(path, CFG).get("3.13", END, "883").value == 17
    with pytest.raises(ManualError, match=r"values\.txt: manual values must be a \.csv or "
                                          r"\.yaml file"):
        load(write(tmp_path, "values.txt", HEADER), CFG)


def test_every_mistake_in_the_file_is_reported_at_once_with_its_line() -> None:
    """Three wrong rows and a repeated one: the officer sees all four in one go."""
    body = ("9.9,2025-03-31,1,,,,\n"
            "3.13,2025-03-31,17,,,,\n"
            "3.13,March 2025,1,,,,\n"
            "2.6,2025-03-31,,six,40,,\n"
            "3.13,2025-03-31,18,,,,\n")
    assert csv_error(body).splitlines() == [
        "values.csv line 2, column measure: no measure 9.9 in scorecard.yaml",
        "values.csv line 4, column period_end: 'March 2025' is not a date (YYYY-MM-DD or "
        "dd/mm/YYYY)",
        "values.csv line 5, column numerator: 'six' is not a number",
        "values.csv line 6: measure 3.13 already has a value for 2025-03-31 on line 3",
    ]


def test_every_mistake_in_a_yaml_file_names_its_own_line() -> None:
    text = """\
values:
  - measure: "3.13"
    period_end: 2025-13-31x
    value: 17
  - measure: "3.13"
    period_end: 2024-03-31
    value: lots
  - measure: "2.6"
    period_end: 2024-03-31
    value: 120
"""
    with pytest.raises(ManualError) as e:
        parse_yaml(text, "values.yaml", CFG)
    assert str(e.value).splitlines() == [
        "values.yaml line 3, column period_end: '2025-13-31x' is not a date (YYYY-MM-DD or "
        "dd/mm/YYYY)",
        "values.yaml line 7, column value: 'lots' is not a number (or c for suppressed, x "
        "for not available)",
        "values.yaml line 10, column value: measure 2.6 is a percentage, so the value must "
        "be between 0 and 100, not 120",
    ]
