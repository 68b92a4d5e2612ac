"""The paper file: the front sheet and covering report a Panel paper needs, read and checked."""

from __future__ import annotations

import datetime as dt

import pytest

from carepanel.reports.front_sheet import FrontSheetError, parse

FULL = """\
council: Testshire County Council
meeting: Corporate Parenting Committee
meeting_date: 2025-07-22
title: Corporate Parenting Update
report_of: {name: A. Officer, role: Head of Service}
portfolio_holder: Cllr B. Member
senior_officer: C. Director
purpose: >
  To give the Committee
  the scorecard.
recommendations:
  - That the Committee notes the scorecard.
background: |
  First paragraph.

  Second paragraph.
implications:
  legal: None.
  risk: Sufficiency.
contact: {name: A. Officer, email: a@example.gov.uk}
"""


def test_every_field_is_read_as_written() -> None:
    sheet = parse(FULL, "paper.yaml")
    assert (sheet.council, sheet.meeting, sheet.meeting_date) == (
        "Testshire County Council", "Corporate Parenting Committee", dt.date(2025, 7, 22))
    assert str(sheet.report_of) == "A. Officer, Head of Service"
    assert str(sheet.senior_officer) == "C. Director"
    assert sheet.purpose == "To give the Committee the scorecard."
    assert sheet.recommendations == ("That the Committee notes the scorecard.",)
    assert sheet.background == "First paragraph.\n\nSecond paragraph."
    assert sheet.implications == {"legal": "None.", "risk": "Sufficiency."}
    assert sheet.contact.email == "a@example.gov.uk"
    assert sheet.synthetic is False


def test_an_empty_file_gives_an_empty_front_sheet() -> None:
    sheet = parse("", "paper.yaml")
    assert sheet.council is None and sheet.recommendations == ()


@pytest.mark.parametrize(("text", "message"), [
    ("meting: Panel\n", "paper.yaml line 1: unknown field 'meting'"),
    ("meeting_date: 22/07/2025\n", "line 1: meeting_date '22/07/2025' is not a date"),
    ("implications:\n  money: None\n", "line 2: implications: unknown field 'money'"),
    ("recommendations: {a: b}\n", "line 1: recommendations must be a list of sentences"),
    ("report_of: [a, b]\n", "line 1: report_of must be a name, or name, role"),
    ("synthetic: maybe\n", "line 1: synthetic must be true or false"),
    ("- a list\n", "line 1: expected a mapping"),
])
def test_mistakes_are_named_by_line_and_field(text: str, message: str) -> None:
    with pytest.raises(FrontSheetError, match=message.replace("(", r"\(")):
        parse(text, "paper.yaml")


def test_every_mistake_in_the_paper_file_is_reported_at_once_with_its_line() -> None:
    text = ("meeting: Corporate Parenting Panel\n"
            "meeting_date: 22/07/2025\n"
            "implications:\n"
            "  legal: None arising.\n"
            "  money: None\n"
            "synthetic: maybe\n")
    with pytest.raises(FrontSheetError) as e:
        parse(text, "paper.yaml")
    assert str(e.value).splitlines() == [
        "paper.yaml line 2: meeting_date '22/07/2025' is not a date (YYYY-MM-DD)",
        "paper.yaml line 5: implications: unknown field 'money'; the fields are legal, "
        "financial, human_resources, equality, risk",
        "paper.yaml line 6: synthetic must be true or false",
    ]
