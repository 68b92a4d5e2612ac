"""An administrator redacts a stored version that named a child: its text becomes
"[redacted]" everywhere (pages, papers), and the audit log says who, when and why, without
the text (which it never held)."""

from __future__ import annotations

from typing import Any

import pytest

from carepanel.reports.render import render
from carepanel.web.audit.models import AuditEvent
from carepanel.web.privacy.identifiers import publish
from carepanel.web.scorecard_pages import papers
from carepanel.web.scorecard_pages.models import Commentary, MeasureOwner
from carepanel.web.strategy.models import Action, Priority, ProgressUpdate

from .scorecard_data import Q1, QUARTER_FIGURES, snapshot
from .support import client_for

pytestmark = pytest.mark.django_db
QUERY = f"?la=883&period={Q1.isoformat()}"
NAMED = "Jamie Example moved twice; their social worker changed."


@pytest.fixture
def stored(people: dict[str, Any]) -> Commentary:
    """Commentary naming a child, saved before the check could catch it (a name is not an
    identifier the warehouse holds)."""
    MeasureOwner.objects.create(measure="2.5", user=people["officer"])
    snapshot(Q1, QUARTER_FIGURES)
    client_for(people["officer"]).post(f"/scorecard/measures/2.5/commentary/{QUERY}",
                                       {"text": NAMED})
    return Commentary.objects.get()


def _page(client: Any, url: str) -> str:
    return " ".join(client.get(url).content.decode().split())


def test_the_audit_log_never_holds_text_members_read(stored: Commentary) -> None:
    logged = str(list(AuditEvent.objects.values_list("summary", "changes")))
    assert "Jamie" not in logged
    event = AuditEvent.objects.get(action="create", object_type="scorecard_pages.commentary")
    assert event.changes["text"] == f"(text, {len(NAMED)} characters)"


def test_an_administrator_redacts_a_commentary_version(stored: Commentary,
                                                        people: dict[str, Any]) -> None:
    measure = f"/scorecard/measures/2.5/{QUERY}"
    member = client_for(people["member"])
    assert "Jamie Example" in _page(member, measure)
    snap = stored_snapshot()
    assert b"Jamie Example" in render(papers.scorecard_report(snap, True), "html")
    admin = client_for(people["administrator"])
    assert f"/redact/commentary/{stored.pk}/" in _page(admin, measure)
    response = admin.post(f"/redact/commentary/{stored.pk}/", {"reason": "Named a child"})
    assert response.status_code == 302 and response["Location"] == measure
    stored.refresh_from_db()
    assert stored.text == "[redacted]" and stored.redacted_by == people["administrator"]
    assert stored.author == people["officer"]  # who wrote it, and when, stay
    page = _page(member, measure)
    assert "Jamie" not in page and "[redacted]" in page
    assert b"Jamie" not in render(papers.scorecard_report(snap, True), "html")
    event = AuditEvent.objects.get(action="redact")
    assert event.actor == people["administrator"]
    assert event.changes == {"field": "text", "characters_removed": len(NAMED),
                             "reason": "Named a child"}
    assert "Jamie" not in str(list(AuditEvent.objects.values_list("summary", "changes")))


def stored_snapshot() -> Any:
    from carepanel.web.scorecard_pages.models import ScorecardSnapshot

    return ScorecardSnapshot.objects.get(la_code="883", period_end=Q1)


def test_a_progress_update_is_redacted_once(people: dict[str, Any]) -> None:
    action = Action.objects.create(priority=Priority.objects.create(title="Homes", order=1),
                                   what="Recruit carers", owner=people["officer"])
    update = ProgressUpdate.objects.create(action=action, text=NAMED,
                                           author=people["officer"])
    admin = client_for(people["administrator"])
    admin.post(f"/redact/progress/{update.pk}/", {"reason": "Named a child"})
    update.refresh_from_db()
    assert update.text == "[redacted]"
    page = _page(client_for(people["member"]), f"/strategy/actions/{action.pk}/")
    assert "Jamie" not in page and "Redacted by an administrator" in page
    again = admin.post(f"/redact/progress/{update.pk}/", {"reason": "Again"}, follow=True)
    assert "This progress update was redacted on" in again.content.decode()
    assert AuditEvent.objects.filter(action="redact").count() == 1


def test_the_reason_is_needed_and_may_not_name_a_child(stored: Commentary,
                                                       people: dict[str, Any]) -> None:
    publish([("child", "10051105")])
    admin = client_for(people["administrator"])
    url = f"/redact/commentary/{stored.pk}/"
    for reason, error in [("", "Enter why it is being redacted"),
                          ("It named 10051105", "is a child&#x27;s identifier (CHILD)")]:
        response = admin.post(url, {"reason": reason})
        assert response.status_code == 200 and error in response.content.decode()
    stored.refresh_from_db()
    assert stored.text == NAMED and not AuditEvent.objects.filter(action="redact").exists()
