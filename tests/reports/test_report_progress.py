"""The strategy progress report and the strategy files it reads (YAML, or the tracker's CSV)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carepanel.reports import progress
from carepanel.reports.model import Paragraph, Report, Table
from carepanel.reports.strategy import (
    AT_RISK,
    COMPLETE,
    ON_TRACK,
    OVERDUE,
    StrategyError,
    load,
    parse_csv,
    parse_yaml,
)

AS_OF = dt.date(2025, 3, 31)

# As at 31/03/2025:
#   "Recruit carers" was due 31/12/2024 and is at risk: overdue by 90 days.
#   "Stability meetings" was due 31/01/2025 and is on track: overdue by 59 days.
#   "Health passport" was due 28/02/2025 but is complete: not overdue.
#   "Local offer" is due 31/03/2025, today: not yet overdue.
#   "Survey" has no due date: never overdue, listed last.
STRATEGY = """\
title: Test Strategy
priorities:
  - title: Homes
    description: Good homes close by.
    actions:
      - what: Stability meetings
        owner: Head of Service
        due: 2025-01-31
        status: on track
        updates:
          - date: 2025-01-10
            text: Meetings held in two teams.
          - date: 2025-04-02
            text: Written after the report date, so not reported.
      - what: Recruit carers
        owner: Head of Fostering
        due: 2024-12-31
        status: at risk
        measures: ["3.2", "3.13"]
  - title: Health
    actions:
      - what: Health passport
        owner: Designated Nurse
        due: 28/02/2025
        status: Completed
        updates:
          - {date: 2025-02-20, text: Every care leaver has one.}
      - what: Local offer
        due: 2025-03-31
        status: ongoing
      - what: Survey
        status: not started
you_said_we_did:
  - date: 2024-06-12
    you_said: The family time rooms are not welcoming.
    we_did: Two rooms were redecorated.
    status: done
  - you_said: Bus fares are too high.
    status: in progress
"""


def table(report: Report, caption: str) -> Table:
    return next(t for t in report.tables() if t.caption == caption)


def texts(t: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in t.rows]


@pytest.fixture
def report() -> Report:
    return progress.build(parse_yaml(STRATEGY), AS_OF, council="Testshire")


def test_overdue_actions_come_first_longest_overdue_at_the_top(report: Report) -> None:
    assert [s.heading for s in report.sections if s.level == 1][:3] == [
        "Summary", "Overdue actions", "Progress by priority"]
    overdue = texts(table(report, "Overdue actions, longest overdue first"))
    assert [row[1] for row in overdue] == ["Recruit carers", "Stability meetings"]
    assert overdue[0][:5] == ["1. Homes", "Recruit carers", "Head of Fostering",
                              "31 Dec 2024", "Overdue by 90 days (recorded as At risk)"]
    # The latest update on or before the report date; a later one is not yet history.
    assert overdue[1][5:] == ["10 Jan 2025", "Meetings held in two teams."]
    assert table(report, "Overdue actions, longest overdue first").rows[0][4].rag == "red"


def test_each_priority_lists_the_rest_by_due_date(report: Report) -> None:
    assert texts(table(report, "Actions under priority 2")) == [
        ["Health passport", "Designated Nurse", "28 Feb 2025", "Complete", "20 Feb 2025",
         "Every care leaver has one."],
        ["Local offer", "Not assigned", "31 Mar 2025", "On track", "",
         "No progress recorded"],
        ["Survey", "Not assigned", "No date", "Not started", "", "No progress recorded"]]
    homes = next(s for s in report.sections if s.heading == "Priority 1: Homes")
    assert [b.text for b in homes.blocks if isinstance(b, Paragraph)] == [
        "Good homes close by.",
        "2 overdue action(s) under this priority are listed under Overdue actions."]


def test_summary_counts_actions_by_shown_status(report: Report) -> None:
    assert texts(table(report, "Actions by status")) == [
        ["Overdue", "2"], ["At risk", "0"], ["On track", "1"], ["Not started", "1"],
        ["Complete", "1"], ["Total", "5"]]
    assert texts(table(report, "Actions by priority and status")) == [
        ["1. Homes", "2", "0", "0", "0", "0", "2"],
        ["2. Health", "0", "0", "1", "1", "1", "3"]]


def test_you_said_we_did_is_reported(report: Report) -> None:
    assert texts(table(report, "You said, we did")) == [
        ["The family time rooms are not welcoming.", "Two rooms were redecorated.", "Done",
         "12 Jun 2024"],
        ["Bus fares are too high.", "Response to be written", "In progress", ""]]


def test_nothing_overdue_is_said_in_words() -> None:
    plan = parse_yaml(STRATEGY)
    on_time = progress.build(plan, dt.date(2024, 12, 1), council="Testshire")
    overdue = next(s for s in on_time.sections if s.heading == "Overdue actions")
    assert [b.text for b in overdue.blocks] == ["No action is overdue."]


def test_statuses_and_overdue_follow_the_words_councils_use() -> None:
    plan = parse_yaml(STRATEGY)
    by_what = {a.what: a for a in plan.actions}
    assert by_what["Health passport"].status == COMPLETE  # "Completed"
    assert by_what["Local offer"].status == ON_TRACK      # "ongoing"
    assert by_what["Recruit carers"].shown_status(AS_OF) == OVERDUE
    assert by_what["Recruit carers"].shown_status(dt.date(2024, 12, 31)) == AT_RISK


@pytest.mark.parametrize(("text", "message"), [
    ("priorities:\n  - title: A\n    actions:\n      - what: X\n        status: late\n",
     "priority 1 action 1 line 5: status 'late' is not one of"),
    ("priorities:\n  - title: A\n    actions:\n      - what: X\n        status: overdue\n",
     "'overdue' is worked out from the due date"),
    ("priorities:\n  - title: A\n    actions:\n      - what: X\n        due: 31/13/2025\n",
     "line 5: '31/13/2025' is not a date"),
    ("priorities:\n  - title: A\n    actions:\n      - owner: Nobody\n",
     "priority 1 action 1 line 4: what is missing"),
    ("priorities:\n  - title: A\n    action: []\n", "line 3: unknown field 'action'"),
])
def test_strategy_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(StrategyError, match=message):
        parse_yaml(text, "s.yaml")


def test_the_web_apps_tracker_export_reads_back(tmp_path: Path) -> None:
    """The columns of carepanel.web.strategy.exchange, including a text cell the export
    made safe with an apostrophe ('-5% ...' would otherwise start a formula)."""
    path = tmp_path / "tracker.csv"
    path.write_text(
        "\ufeffAction ID,Priority order,Priority,What,When (due date),Owner (username),"
        "Owner name,Status,Shown status,Linked measures,Latest progress date,"
        "Latest progress\r\n"
        "7,2,Health,Health passport,2025-02-28,nurse,Designated Nurse,Complete,Complete,"
        "4.2,2025-02-20,Every care leaver has one.\r\n"
        "3,1,Homes,'-5% agency placements,2025-01-31,hos,Head of Service,On track,"
        "Overdue,\"3.2, 3.3\",,\r\n", encoding="utf-8")
    plan = load(path)
    assert [p.title for p in plan.priorities] == ["Homes", "Health"]  # by priority order
    homes = plan.priorities[0].actions[0]
    assert (homes.what, homes.owner, homes.due, homes.status, homes.measures) == (
        "-5% agency placements", "Head of Service", dt.date(2025, 1, 31), ON_TRACK,
        ["3.2", "3.3"])
    assert homes.is_overdue(AS_OF)  # worked out again, not taken from "Shown status"
    passport = plan.priorities[1].actions[0]
    assert passport.latest_update().text == "Every care leaver has one."


def test_csv_without_the_essential_columns_is_refused() -> None:
    with pytest.raises(StrategyError, match="line 1: no 'what' column"):
        parse_csv("Priority,Owner\nHomes,Someone\n", "t.csv")
