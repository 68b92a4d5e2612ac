"""The "You said, we did" log: officers record asks and answers; members read them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from carepanel.web.audit.models import AuditEvent
from carepanel.web.strategy.models import AskStatus, YouSaidWeDid

from .support import client_for

pytestmark = pytest.mark.django_db


def test_officer_records_an_ask_and_later_the_answer(people: dict[str, Any]) -> None:
    officer = client_for(people["officer"])
    response = officer.post("/you-said-we-did/new/", {
        "date": "12/11/2026", "you_said": "We want a say in choosing our social worker.",
        "we_did": "", "status": AskStatus.NOT_STARTED, "owner": people["officer"].pk})
    assert response.status_code == 302
    entry = YouSaidWeDid.objects.get()
    assert entry.date == dt.date(2026, 11, 12) and entry.owner == people["officer"]
    officer.post(f"/you-said-we-did/{entry.pk}/edit/", {
        "date": "12/11/2026", "you_said": entry.you_said,
        "we_did": "Young people now sit on social worker interview panels.",
        "status": AskStatus.DONE, "owner": people["officer"].pk})
    entry.refresh_from_db()
    assert entry.status == AskStatus.DONE
    event = AuditEvent.objects.get(action="update", object_type="strategy.yousaidwedid")
    assert event.actor == people["officer"]
    assert event.changes["status"] == ["not_started", "done"]


def test_members_read_but_cannot_add_or_change(people: dict[str, Any]) -> None:
    entry = YouSaidWeDid.objects.create(you_said="Better Wi-Fi in the homes",
                                        we_did="New routers fitted", status=AskStatus.DONE)
    member = client_for(people["member"])
    page = member.get("/you-said-we-did/").content.decode()
    assert "Better Wi-Fi in the homes" in page and "New routers fitted" in page
    assert '<strong class="govuk-tag govuk-tag--green">Done</strong>' in page
    assert "Add what young people said" not in page and "Change" not in page
    assert member.post("/you-said-we-did/new/", {
        "date": "1/1/2026", "you_said": "x", "status": AskStatus.DONE}).status_code == 403
    assert member.post(f"/you-said-we-did/{entry.pk}/edit/", {
        "date": "1/1/2026", "you_said": "changed", "status": AskStatus.DONE}).status_code == 403
    entry.refresh_from_db()
    assert entry.you_said == "Better Wi-Fi in the homes"
    assert YouSaidWeDid.objects.count() == 1


def test_newest_first(people: dict[str, Any]) -> None:
    YouSaidWeDid.objects.create(date=dt.date(2026, 1, 1), you_said="Older ask")
    YouSaidWeDid.objects.create(date=dt.date(2026, 6, 1), you_said="Newer ask")
    page = client_for(people["member"]).get("/you-said-we-did/").content.decode()
    assert page.index("Newer ask") < page.index("Older ask")
