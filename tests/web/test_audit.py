"""The audit log: every change is recorded with who, when (UTC) and what; nothing in the log
can be changed or deleted, by the app, its pages or (on PostgreSQL) raw SQL."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from carepanel.web.accounts.services import set_role
from carepanel.web.audit.models import AuditEvent, AuditLogImmutable
from carepanel.web.audit.recording import acting_as
from carepanel.web.strategy.models import Action, Priority, Status
from carepanel.web.uploads.models import Finding, Job, JobKind, JobStatus

from .support import client_for, make_user

pytestmark = pytest.mark.django_db


def events(action: str, object_type: str = "") -> list[AuditEvent]:
    found = AuditEvent.objects.filter(action=action).order_by("id")
    return list(found.filter(object_type=object_type) if object_type else found)


def test_create_change_and_delete_are_recorded_with_the_change(people: dict[str, Any]) -> None:
    analyst = people["analyst"]
    with acting_as(analyst, "10.9.8.7"):
        priority = Priority.objects.create(title="Be healthy", order=2)
        action = Action.objects.create(priority=priority, what="Health assessments on time",
                                       due_date=dt.date(2026, 3, 31))
        action.status = Status.AT_RISK
        action.due_date = dt.date(2026, 6, 30)
        action.save()
        action.save()  # nothing changed: nothing recorded
        action_pk = action.pk
        action.delete()

    created = events("create", "strategy.action")
    assert len(created) == 1
    assert created[0].actor == analyst and created[0].ip_address == "10.9.8.7"
    assert created[0].object_id == str(action_pk)
    # Free text members read is kept by its length only (redactable where it is stored).
    assert created[0].changes["what"] == "(text, 26 characters)"
    assert created[0].changes["due_date"] == "2026-03-31"
    assert created[0].created.tzinfo is not None
    assert created[0].created.utcoffset() == dt.timedelta(0)  # stored and read back as UTC

    updated = events("update", "strategy.action")
    assert len(updated) == 1
    assert updated[0].changes == {"status": ["not_started", "at_risk"],
                       "due_date": ["2026-03-31", "2026-06-30"]}
    assert "status" in updated[0].summary and "due date" in updated[0].summary

    deleted = events("delete", "strategy.action")
    assert len(deleted) == 1 and deleted[0].changes["status"] == "at_risk"


def test_changes_made_through_pages_name_the_person(people: dict[str, Any]) -> None:
    analyst = people["analyst"]
    client = client_for(analyst)
    response = client.post("/strategy/priorities/new/",
                           {"title": "Ready for adult life", "description": "", "order": 4},
                           REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    event = events("create", "strategy.priority")[0]
    assert event.actor_username == "analyst" and event.ip_address == "192.0.2.10"


def test_role_changes_are_recorded(people: dict[str, Any]) -> None:
    member = people["member"]
    with acting_as(people["administrator"]):
        set_role(member, "officer")
    role_events = [e for e in events("role_change") if e.object_id == str(member.pk)]
    # Given member when made (by the fixture, as the system), then moved to officer.
    assert [e.changes for e in role_events] == [
        {"added": ["member"]}, {"removed": ["member"]}, {"added": ["officer"]}]
    assert role_events[-1].actor == people["administrator"]
    assert role_events[-1].summary == "Gave member role officer"


def test_user_changes_are_recorded_without_the_password_hash(people: dict[str, Any]) -> None:
    with acting_as(people["administrator"]):
        user = make_user("newperson", "member", email="new@example.invalid")
        user.set_password("another long passphrase 9")
        user.save()
    created = next(e for e in events("create", "auth.user") if e.object_id == str(user.pk))
    assert created.changes["password"] == "(changed)"
    assert created.changes["email"] == "new@example.invalid"
    assert "last_login" not in created.changes
    updated = [e for e in events("update", "auth.user") if e.object_id == str(user.pk)]
    assert updated[-1].changes == {"password": ["(changed)", "(changed)"]}
    assert "pbkdf2" not in str([e.changes for e in AuditEvent.objects.all()])


def test_events_cannot_be_changed_or_deleted() -> None:
    event = AuditEvent.objects.create(action="test", summary="something happened")
    event.summary = "something else"
    with pytest.raises(AuditLogImmutable):
        event.save()
    with pytest.raises(AuditLogImmutable):
        event.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(summary="rewritten")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.bulk_update([event], ["summary"])
    event.refresh_from_db()
    assert event.summary == "something happened"


def test_no_page_can_add_change_or_delete_events(people: dict[str, Any]) -> None:
    """Even a superuser: the service has no admin pages (Django's admin is not installed),
    the audit page only reads, and no Django permission to change events exists to grant."""
    superuser = make_user("root", None, is_superuser=True, is_staff=True)
    event = AuditEvent.objects.create(action="test", summary="something happened")
    for user in (superuser, people["administrator"]):
        client = client_for(user)
        assert client.get("/admin/").status_code == 404
        assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/",
                           {"post": "yes"}).status_code == 404
        assert client.post("/audit/", {"summary": "rewritten"}).status_code == 405
        posting = re.findall(r'<form[^>]*method="post"[^>]*>', client.get("/audit/")
                             .content.decode())
        assert all("/accounts/logout/" in form for form in posting)  # only signing out
    assert AuditEvent._meta.default_permissions == ("view",)
    event.refresh_from_db()
    assert event.summary == "something happened"


def test_people_who_acted_cannot_be_deleted(people: dict[str, Any]) -> None:
    """Deactivate instead: deleting them would orphan the log."""
    officer = people["officer"]
    with acting_as(officer):
        Priority.objects.create(title="Listen to young people", order=5)
    with pytest.raises(ProtectedError):
        officer.delete()


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="PostgreSQL's trigger: run with CAREPANEL_TEST_POSTGRES=1")
def test_postgresql_trigger_refuses_raw_update_and_delete() -> None:
    event = AuditEvent.objects.create(action="test", summary="original")
    for sql in ("UPDATE audit_auditevent SET summary = 'rewritten' WHERE id = %s",
                "DELETE FROM audit_auditevent WHERE id = %s"):
        with (pytest.raises(DatabaseError, match="audit events cannot be changed or deleted"),
              transaction.atomic(), connection.cursor() as cursor):
            cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.summary == "original"


def test_trigger_is_installed_only_where_it_can_be() -> None:
    """On PostgreSQL the trigger exists; on SQLite the migration leaves nothing behind."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = %s",
                           ["audit_auditevent_append_only"])
            assert cursor.fetchall() == [("audit_auditevent_append_only",)]
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert cursor.fetchall() == []


def test_administrators_read_the_log_in_utc(people: dict[str, Any]) -> None:
    AuditEvent.objects.create(
        action="test", summary="Summer-time event",
        created=dt.datetime(2025, 7, 1, 9, 30, tzinfo=dt.UTC), changes={"a": [1, 2]})
    page = client_for(people["administrator"]).get("/audit/?action=test").content.decode()
    assert "Summer-time event" in page
    assert "2025-07-01 09:30:00" in page  # UTC, not 10:30 British Summer Time
    assert "&quot;a&quot;: [" in page  # the change itself, as JSON
    assert client_for(people["analyst"]).get("/audit/").status_code == 403


def test_the_filter_lists_each_kind_of_event_once(people: dict[str, Any]) -> None:
    for n in range(12):
        AuditEvent.objects.create(action="export", summary=f"Export {n}")
        AuditEvent.objects.create(action="download", summary=f"Download {n}")
    page = client_for(people["administrator"]).get("/audit/").content.decode()
    options = re.findall(r'<option value="([^"]*)"', page)
    assert options == sorted(set(options))
    assert options.count("export") == 1 and options.count("download") == 1


def test_reading_findings_that_name_children_is_recorded(people: dict[str, Any]) -> None:
    job = Job.objects.create(kind=JobKind.LOAD, status=JobStatus.LOADED,
                             created_by=people["analyst"])
    Finding.objects.create(job=job, file="header.csv", row=3, column="SEX", rule="103",
                           severity="error", message="SEX is not a code", child="C0042")
    client_for(people["analyst"]).get(f"/uploads/{job.pk}/?severity=error")
    event = AuditEvent.objects.get(action="view_findings")
    assert (event.actor, event.object_id) == (people["analyst"], str(job.pk))
    assert event.changes == {"page": 1, "severity": "error"}
    assert "C0042" not in str([event.summary, event.changes])  # who and what, never content


def test_every_download_and_export_is_recorded(people: dict[str, Any]) -> None:
    member = client_for(people["member"])
    member.get("/strategy/export.csv")
    member.get("/scorecard/papers/progress.xlsx")
    events = list(AuditEvent.objects.filter(actor=people["member"]).exclude(action="login")
                  .order_by("pk"))
    assert [e.action for e in events] == ["export", "download"]
    assert events[0].changes["file"].endswith(".csv")
    assert events[1].changes["kind"] == "progress" and events[1].changes["public"] is True
