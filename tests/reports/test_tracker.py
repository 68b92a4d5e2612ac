"""The strategy tracker's CSV, read the same way by the CLI and the web import: every
problem at once with its line, Windows-1252 said out loud, nothing replaced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carepanel.reports.strategy import StrategyError, load
from carepanel.reports.tracker import (
    ON_TRACK,
    TrackerRefused,
    check_rows,
    columns_of,
    decode,
    read_csv,
)

HEADER = "Priority,What,When (due date),Status,Linked measures\n"


def test_every_mistake_in_the_file_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(HEADER + "Homes,Recruit carers,31/13/2025,On track,3.2\n"
                    "Homes,Match children,,Finished,3.2\n"
                    "Health,Health passports,,,two\n", encoding="utf-8")
    with pytest.raises(StrategyError) as e:
        load(path)
    assert str(e.value).splitlines() == [
        "tracker.csv line 2: When (due date) “31/13/2025” is not a date; write it like "
        "31/03/2026 or 2026-03-31.",
        "tracker.csv line 3: Status “Finished” is not one of Not started, On track, At risk, "
        "Complete.",
        "tracker.csv line 4: Linked measures “two” are not measure numbers (like 2.15).",
    ]


def test_a_windows_1252_file_is_read_with_a_note_and_no_byte_replaced(
        tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_bytes((HEADER + "Homes,Zoë's review,2025-03-31,ongoing,3.2\n")
                     .encode("cp1252"))
    plan = load(path)
    action = plan.actions[0]
    assert (action.what, action.due, action.status) == ("Zoë's review", dt.date(2025, 3, 31),
                                                        ON_TRACK)
    assert len(plan.notes) == 1 and "read as Windows-1252" in plan.notes[0]
    assert plan.notes[0].startswith("tracker.csv: the file is not UTF-8 (byte 0xEB")


def test_bytes_that_are_no_text_are_refused_not_replaced() -> None:
    with pytest.raises(TrackerRefused, match="neither UTF-8 nor Windows-1252"):
        decode(b"Priority,What\nHomes,Bad \x81 byte\n")


def test_a_councils_own_columns_are_named_for_the_web_and_passed_over_by_the_cli() -> None:
    header, rows = read_csv("Priority,Action,Due date,RAG\nHomes,Recruit,2025-03-31,Red\n")
    columns, problems, unknown = columns_of(header)
    assert problems == [] and unknown[0].startswith("Line 1: “RAG” is not a column")
    row = check_rows(columns, rows)[0]
    assert (row.priority, row.what, row.due_date, row.problems) == (
        "Homes", "Recruit", dt.date(2025, 3, 31), {})


def test_control_characters_in_a_cell_are_shown_escaped() -> None:
    header, rows = read_csv("Priority,What,Status\nHomes,Recruit,\x1b[31mdone later\n")
    columns, _, _ = columns_of(header)
    assert check_rows(columns, rows)[0].problems == {
        "status": "Status “\\x1b[31mdone later” is not one of Not started, On track, "
                  "At risk, Complete."}
