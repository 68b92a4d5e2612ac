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
          - date: 2024-12-05
            text: Teams agreed the process.
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
        expected_outcome: Every care leaver holds their health history.
        measures: ["4.2"]
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


# 3.2 is Red and getting worse; 3.13 Green and improving; 4.2 Red but improving.
MEASURES = {
    "3.2": progress.LinkedMeasure("3.2", "Own foster carers", "25.0%", "red", "worse"),
    "3.13": progress.LinkedMeasure("3.13", "Households recruited", "17", "green",
                                   "improving"),
    "4.2": progress.LinkedMeasure("4.2", "Annual health assessments", "80.0%", "red",
                                  "improving"),
}


def test_actions_are_grouped_by_priority_overdue_first_in_one_place(report: Report) -> None:
    """Overdue actions stay under their priority (first, the longest overdue at the top);
    the summary only lists them."""
    assert [s.heading for s in report.sections if s.level == 1] == [
        "Summary", "Progress by priority", "You said, we did"]
    homes = texts(table(report, "Actions under priority 1"))
    assert [row[0] for row in homes] == ["Recruit carers", "Stability meetings"]
    assert homes[0][2:5] == ["Head of Fostering", "31 Dec 2024",
                             "Overdue by 90 days (recorded as At risk)"]
    assert table(report, "Actions under priority 1").rows[0][4].rag == "red"
    summary = next(s for s in report.sections if s.heading == "Summary")
    listed = [item for b in summary.blocks if hasattr(b, "items") for item in b.items]
    assert listed == ["Recruit carers (priority 1; due 31 December 2024, 90 days ago)",
                      "Stability meetings (priority 1; due 31 January 2025, 59 days ago)"]


def test_each_action_shows_its_expected_outcome_and_dated_update_history(
        report: Report) -> None:
    health = texts(table(report, "Actions under priority 2"))
    assert [row[:5] for row in health] == [
        ["Health passport", "Every care leaver holds their health history.",
         "Designated Nurse", "28 Feb 2025", "Complete"],
        ["Local offer", "Not given", "Not assigned", "31 Mar 2025", "On track"],
        ["Survey", "Not given", "Not assigned", "No date", "Not started"]]
    updates = texts(table(report, "Progress updates under priority 1"))
    # Every update up to the report date, with its date, oldest first; a later one is
    # not yet history.
    assert updates == [
        ["Recruit carers", "", "No progress recorded"],
        ["Stability meetings", "5 Dec 2024", "Teams agreed the process."],
        ["Stability meetings", "10 Jan 2025", "Meetings held in two teams."]]


def test_linked_measures_are_shown_with_figure_rating_and_direction() -> None:
    with_figures = progress.build(parse_yaml(STRATEGY), AS_OF, council="Testshire",
                                  measures=MEASURES)
    homes = texts(table(with_figures, "Actions under priority 1"))
    assert homes[0][5] == ("3.2 Own foster carers: 25.0%, Red, worse; 3.13 Households "
                           "recruited: 17, Green, improving")
    assert homes[1][5] == "None linked"
    # Without the warehouse the report names the measures only, and says so.
    bare = texts(table(progress.build(parse_yaml(STRATEGY), AS_OF, council="Testshire"),
                       "Actions under priority 1"))
    assert bare[0][5] == "3.2, 3.13"


def test_where_the_figures_and_the_status_disagree_it_is_flagged() -> None:
    """Health passport is complete but its measure 4.2 is still Red; Local offer is on
    track while 3.2, Red, gets worse."""
    plan = parse_yaml(STRATEGY)
    by_what = {a.what: a for a in plan.actions}
    by_what["Local offer"].measures = ["3.2"]
    report = progress.build(plan, AS_OF, council="Testshire", measures=MEASURES)
    assert progress.contradiction(by_what["Health passport"], AS_OF, MEASURES) == \
        "complete, but 4.2 is still Red"
    assert progress.contradiction(by_what["Local offer"], AS_OF, MEASURES) == \
        "on track, but 3.2 is Red and getting worse"
    health = table(report, "Actions under priority 2")
    assert health.rows[0][4].text == "Complete. Check: complete, but 4.2 is still Red"
    summary = next(s for s in report.sections if s.heading == "Summary")
    listed = [item for b in summary.blocks if hasattr(b, "items") for item in b.items]
    assert "Health passport (priority 2): complete, but 4.2 is still Red" in listed


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
    summary = next(s for s in on_time.sections if s.heading == "Summary")
    assert "No action is overdue." in [b.text for b in summary.blocks
                                       if isinstance(b, Paragraph)]


def test_statuses_and_overdue_follow_the_words_councils_use() -> None:
    plan = parse_yaml(STRATEGY)
    by_what = {a.what: a for a in plan.actions}
    assert by_what["Health passport"].status == COMPLETE  # "Completed"
    assert by_what["Local offer"].status == ON_TRACK      # "ongoing"
    assert by_what["Recruit carers"].shown_status(AS_OF) == OVERDUE
    assert by_what["Recruit carers"].shown_status(dt.date(2024, 12, 31)) == AT_RISK


@pytest.mark.parametrize(("text", "message"), [
    ("priorities:\n  - title: A\n    actions:\n      - what: X\n        status: late\n",
     "line 5, priority 1 action 1: status 'late' is not one of"),
    ("priorities:\n  - title: A\n    actions:\n      - what: X\n        status: overdue\n",
     "'overdue' is worked out from the due date"),
    ("priorities:\n  - title: A\n    actions:\n      - what: X\n        due: 31/13/2025\n",
     "line 5, priority 1 action 1: due '31/13/2025' is not a date"),
    ("priorities:\n  - title: A\n    actions:\n      - owner: Nobody\n",
     "line 4, priority 1 action 1: what is missing"),
    ("priorities:\n  - title: A\n    action: []\n",
     "line 3, priority 1: unknown field 'action'"),
])
def test_strategy_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(StrategyError, match=message):
        parse_yaml(text, "s.yaml")


def test_every_mistake_in_a_strategy_file_is_reported_at_once_with_its_line() -> None:
    text = ("title: Strategy\n"
            "priorities:\n"
            "  - title: Homes\n"
            "    actions:\n"
            "      - what: Recruit carers\n"
            "        status: late\n"
            "      - owner: Head of Fostering\n"
            "        updates:\n"
            "          - text: No date given\n"
            "you_said_we_did:\n"
            "  - you_said: Fewer moves.\n"
            "    status: maybe\n")
    with pytest.raises(StrategyError) as e:
        parse_yaml(text, "s.yaml")
    assert str(e.value).splitlines() == [
        "s.yaml line 6, priority 1 action 1: status 'late' is not one of not started, on "
        "track, at risk, complete",
        "s.yaml line 7, priority 1 action 2: what is missing",
        "s.yaml line 9, priority 1 action 2 update 1: the update has no date",
        "s.yaml line 12, 'you said, we did' entry 1: status 'maybe' is not one of not "
        "started, in progress, done, not possible",
    ]


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


def test_the_tracker_export_may_carry_expected_outcomes() -> None:
    plan = parse_csv("Priority,What,Expected outcome\nHomes,Recruit carers,More carers.\n",
                     "t.csv")
    assert plan.actions[0].expected_outcome == "More carers."


def test_csv_without_the_essential_columns_is_refused() -> None:
    with pytest.raises(StrategyError, match=r"^t\.csv line 1: missing the column\(s\) What"):
        parse_csv("Priority,Owner\nHomes,Someone\n", "t.csv")
