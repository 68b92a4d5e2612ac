"""The strategy tracker: derived Overdue status, ordering, and who may change what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from carepanel.web.audit.models import AuditEvent
from carepanel.web.strategy.models import (
    OVERDUE,
    Action,
    Priority,
    ProgressUpdate,
    Status,
    today,
    tracker_order,
)

from .support import client_for, make_user

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture
def priority() -> Priority:
    return Priority.objects.create(title="Stable homes", order=1)


def action(priority: Priority, what: str, due: dt.date | None, status: str = Status.ON_TRACK,
           owner: Any = None) -> Action:
    return Action.objects.create(priority=priority, what=what, due_date=due, status=status,
                                 owner=owner)


def test_overdue_is_worked_out_from_the_due_date(priority: Priority) -> None:
    """Due yesterday and not complete: overdue, whatever status was chosen. Due today: not
    yet. Complete: never. No due date: never."""
    on = dt.date(2026, 1, 15)
    cases = {
        "due yesterday, on track": (on - DAY, Status.ON_TRACK, OVERDUE),
        "due yesterday, not started": (on - DAY, Status.NOT_STARTED, OVERDUE),
        "due yesterday, at risk": (on - DAY, Status.AT_RISK, OVERDUE),
        "due yesterday, complete": (on - DAY, Status.COMPLETE, Status.COMPLETE),
        "due today, on track": (on, Status.ON_TRACK, Status.ON_TRACK),
        "no due date, at risk": (None, Status.AT_RISK, Status.AT_RISK),
    }
    for name, (due, status, shown) in cases.items():
        a = action(priority, name, due, status)
        assert a.shown_status(on) == shown, name
        assert a.status == status, "the chosen status is kept as chosen"


def test_overdue_first_then_by_due_date(priority: Priority) -> None:
    """Today is 15 Jan. A (due 10 Jan) and B (due 1 Jan) are overdue: they come first, B
    first as the longest overdue. The rest by due date: D (complete, so not overdue, due
    2 Jan), then C (due 20 Jan), then E (no date) last."""
    on = dt.date(2026, 1, 15)
    a = action(priority, "A", dt.date(2026, 1, 10))
    b = action(priority, "B", dt.date(2026, 1, 1))
    c = action(priority, "C", dt.date(2026, 1, 20))
    d = action(priority, "D", dt.date(2026, 1, 2), Status.COMPLETE)
    e = action(priority, "E", None)
    assert [x.what for x in tracker_order([a, b, c, d, e], on)] == ["B", "A", "D", "C", "E"]


def test_tracker_lists_overdue_first_highlighted_with_words(people: dict[str, Any],
                                                          priority: Priority) -> None:
    action(priority, "Due next month", today() + 30 * DAY)
    action(priority, "Lapsed last week", today() - 7 * DAY)
    page = client_for(people["member"]).get("/strategy/").content.decode()
    table = page[page.index("<table"):]
    assert table.index("Lapsed last week") < table.index("Due next month")
    row = table[:table.index("Lapsed last week")]
    assert 'app-table__row--overdue' in row[row.rindex("<tr"):]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--green">On track</strong>' in page
    assert "1 action is overdue" in " ".join(page.split())
    # Members read; they get no buttons to change anything.
    assert "Add an action" not in page and "Import from a spreadsheet" not in page


def test_officer_adds_progress_to_their_own_action(people: dict[str, Any],
                                                   priority: Priority) -> None:
    officer = people["officer"]
    mine = action(priority, "Recruit carers", today() + 10 * DAY, owner=officer)
    client = client_for(officer)
    response = client.post(f"/strategy/actions/{mine.pk}/progress/", {
        "date": "20/11/2026", "text": "Nine households at assessment.",
        "new_status": Status.AT_RISK})
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(action=mine)
    assert (update.date, update.text, update.author) == (
        dt.date(2026, 11, 20), "Nine households at assessment.", officer)
    mine.refresh_from_db()
    assert mine.status == Status.AT_RISK
    assert AuditEvent.objects.filter(action="create", object_type="strategy.progressupdate",
                                     actor=officer).exists()
    assert AuditEvent.objects.filter(action="update", object_type="strategy.action",
                                     changes__status=["on_track", "at_risk"]).exists()
    detail = client.get(f"/strategy/actions/{mine.pk}/").content.decode()
    assert "Nine households at assessment." in detail and "20 November 2026" in detail


def test_progress_needs_a_text_and_a_real_date(people: dict[str, Any],
                                               priority: Priority) -> None:
    mine = action(priority, "Recruit carers", None, owner=people["officer"])
    response = client_for(people["officer"]).post(
        f"/strategy/actions/{mine.pk}/progress/", {"date": "31/02/2026", "text": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "govuk-input--error" in page
    assert 'href="#id_date"' in page and 'href="#id_text"' in page
    assert not ProgressUpdate.objects.exists()


def test_officers_cannot_update_actions_they_do_not_own(people: dict[str, Any],
                                                         priority: Priority) -> None:
    other = make_user("otherofficer", "officer")
    theirs = action(priority, "Someone else's", None, owner=other)
    url = f"/strategy/actions/{theirs.pk}/progress/"
    officer = client_for(people["officer"])
    assert officer.get(url).status_code == 403
    assert officer.post(url, {"date": "1/1/2026", "text": "sneaky"}).status_code == 403
    assert client_for(people["member"]).post(url, {"date": "1/1/2026",
                                                   "text": "sneaky"}).status_code == 403
    assert not ProgressUpdate.objects.exists()
    page = officer.get(f"/strategy/actions/{theirs.pk}/").content.decode()
    assert "Add a progress update" not in page


def test_analysts_change_any_action(people: dict[str, Any], priority: Priority) -> None:
    theirs = action(priority, "Recruit carers", None, owner=people["officer"])
    client = client_for(people["analyst"])
    response = client.post(f"/strategy/actions/{theirs.pk}/edit/", {
        "priority": priority.pk, "what": "Recruit 20 more foster carers",
        "due_date": "2027-03-31", "owner": people["officer"].pk, "status": Status.ON_TRACK,
        "measures": "3.1, 3.2"})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.what, theirs.due_date, theirs.measure_list) == (
        "Recruit 20 more foster carers", dt.date(2027, 3, 31), ["3.1", "3.2"])
    assert client.post(f"/strategy/actions/{theirs.pk}/progress/", {
        "date": "1/12/2026", "text": "Checked by the performance team"}).status_code == 302
    assert client_for(people["officer"]).post(f"/strategy/actions/{theirs.pk}/edit/", {
        "priority": priority.pk, "what": "Changed by an officer",
        "status": Status.COMPLETE}).status_code == 403


def test_measure_numbers_are_checked(people: dict[str, Any], priority: Priority) -> None:
    response = client_for(people["analyst"]).post("/strategy/actions/new/", {
        "priority": priority.pk, "what": "Something", "status": Status.NOT_STARTED,
        "measures": "2.15, two"})
    assert response.status_code == 200
    assert "Not a measure number: two" in response.content.decode()
    assert not Action.objects.exists()


def test_overdue_cannot_be_chosen(people: dict[str, Any], priority: Priority) -> None:
    response = client_for(people["analyst"]).post("/strategy/actions/new/", {
        "priority": priority.pk, "what": "Something", "status": OVERDUE})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_priorities_are_listed_in_order(people: dict[str, Any]) -> None:
    Priority.objects.create(title="Second priority", order=2)
    Priority.objects.create(title="First priority", order=1)
    page = client_for(people["officer"]).get("/strategy/").content.decode()
    assert page.index("1. First priority") < page.index("2. Second priority")
