"""Administrators manage people, roles and settings; the home page says who can do what."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from carepanel.web.audit.models import AuditEvent
from carepanel.web.roles import CAPABILITIES, ROLE_LABELS, ROLES, role_of

from .support import PASSWORD, client_for

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a long enough passphrase 31"


def test_administrator_adds_a_person_with_a_role(people: dict[str, Any]) -> None:
    admin = client_for(people["administrator"])
    response = admin.post("/accounts/users/new/", {
        "username": "cllr.jones", "first_name": "Pat", "last_name": "Example",
        "email": "", "role": "member", "is_active": "on", "password": NEW_PASSWORD})
    assert response.status_code == 302
    person = get_user_model().objects.get(username="cllr.jones")
    assert person.check_password(NEW_PASSWORD) and role_of(person) == "member"
    assert AuditEvent.objects.filter(action="role_change", object_id=str(person.pk),
                                     actor=people["administrator"]).exists()


def test_weak_passwords_are_refused(people: dict[str, Any]) -> None:
    response = client_for(people["administrator"]).post("/accounts/users/new/", {
        "username": "weak", "role": "member", "is_active": "on", "password": "password"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not get_user_model().objects.filter(username="weak").exists()


@pytest.mark.parametrize("password", ["councillor.jones", "Councillor.Jones2026",
                                      "jones.councillor!"])
def test_a_password_like_the_username_is_refused(people: dict[str, Any],
                                                 password: str) -> None:
    admin = client_for(people["administrator"])
    response = admin.post("/accounts/users/new/", {
        "username": "councillor.jones", "role": "member", "is_active": "on",
        "password": password})
    assert response.status_code == 200
    assert "too similar to the username" in response.content.decode()
    assert not get_user_model().objects.filter(username="councillor.jones").exists()
    # Changing someone's password is checked the same way.
    member = people["member"]
    response = admin.post(f"/accounts/users/{member.pk}/", {
        "username": "member", "role": "member", "is_active": "on",
        "password": "member-member-1"})
    assert "too similar to the username" in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_changing_role_and_stopping_sign_in(people: dict[str, Any]) -> None:
    member = people["member"]
    admin = client_for(people["administrator"])
    admin.post(f"/accounts/users/{member.pk}/", {
        "username": "member", "first_name": "Test", "last_name": "Member", "email": "",
        "role": "officer", "password": ""})  # is_active left unticked
    member.refresh_from_db()
    assert not member.is_active and member.check_password("correct horse battery staple 42")
    assert set(member.groups.values_list("name", flat=True)) == {"officer"}
    assert client_for(member).get("/").status_code == 302  # cannot sign in


def test_administrators_cannot_lock_themselves_out(people: dict[str, Any]) -> None:
    me = people["administrator"]
    response = client_for(me).post(f"/accounts/users/{me.pk}/", {
        "username": "administrator", "role": "member", "password": ""})
    page = response.content.decode()
    assert "You cannot take away your own administrator role." in page
    assert "You cannot stop yourself signing in." in page
    assert role_of(get_user_model().objects.get(pk=me.pk)) == "administrator"


def test_council_name_setting_appears_in_every_header(people: dict[str, Any]) -> None:
    admin = client_for(people["administrator"])
    assert "Northshire County Council" in admin.get("/").content.decode()
    assert admin.post("/accounts/settings/", {"council_name": "Southshire Borough Council",
                                              "suppression_threshold": 5}).status_code == 302
    page = client_for(people["member"]).get("/strategy/").content.decode()
    assert ('<a href="/" class="govuk-generic-header__homepage-link">Southshire Borough '
            'Council</a>') in page
    refused = admin.post("/accounts/settings/", {"council_name": "X",
                                                 "suppression_threshold": 3})
    assert "Ensure this value is greater than or equal to 5." in refused.content.decode()


def test_home_page_says_what_each_role_can_do(people: dict[str, Any]) -> None:
    """The table is built from the same CAPABILITIES the views enforce."""
    page = client_for(people["officer"]).get("/").content.decode()
    assert "Your role is officer." in page
    for role in ROLES:
        assert ROLE_LABELS[role] in page
    rows = page[page.index("<tbody"):page.index("</tbody>")].split("<tr")[1:]
    assert len(rows) == len(CAPABILITIES)
    for row, capability in zip(rows, CAPABILITIES.values(), strict=True):
        cells = [c.split("</td>")[0].strip()
                 for c in row.split('<td class="govuk-table__cell">')[1:]]
        assert cells == ["Yes" if r in capability.roles else "No" for r in ROLES]
    assert "Coming soon" not in page  # every capability in the table is built


def test_menu_shows_only_what_the_role_can_open(people: dict[str, Any]) -> None:
    member = client_for(people["member"]).get("/").content.decode()
    admin = client_for(people["administrator"]).get("/").content.decode()
    for href in ("/accounts/users/", "/accounts/settings/", "/audit/"):
        link = f'class="govuk-service-navigation__link" href="{href}"'
        assert link not in member and link in admin
    assert 'class="govuk-service-navigation__link" href="/strategy/"' in member


def test_administrator_lifts_a_sign_in_lock(people: dict[str, Any]) -> None:
    """Five wrong passwords lock the officer out (429 even with the right one); the
    administrator sees the lock on the officer's page, lifts it, and the officer signs in
    at once from the same address. The lift is in the audit log."""
    officer = people["officer"]
    locked_client = Client()
    for attempt in range(5):
        locked_client.post("/accounts/login/", {"username": "officer",
                                                "password": f"guess {attempt}"})
    assert locked_client.post("/accounts/login/", {"username": "officer",
                                                   "password": PASSWORD}).status_code == 429
    admin = client_for(people["administrator"])
    page = admin.get(f"/accounts/users/{officer.pk}/").content.decode()
    assert "Signing in is locked" in page and "Let officer sign in again" in page
    # Another person's page shows no lock.
    assert "Signing in is locked" not in admin.get(
        f"/accounts/users/{people['member'].pk}/").content.decode()

    response = admin.post(f"/accounts/users/{officer.pk}/unlock/", follow=True)
    assert "officer can sign in again." in response.content.decode()
    assert "Signing in is locked" not in response.content.decode()
    assert AuditEvent.objects.filter(action="sign_in_unlocked", object_id=str(officer.pk),
                                     actor=people["administrator"]).exists()
    assert Client().post("/accounts/login/", {"username": "officer",
                                              "password": PASSWORD}).status_code == 302


def test_only_administrators_lift_locks(people: dict[str, Any]) -> None:
    target = people["officer"]
    for role in ("analyst", "officer", "member"):
        response = client_for(people[role]).post(f"/accounts/users/{target.pk}/unlock/")
        assert response.status_code == 403


def test_the_council_is_named_from_its_figures_until_an_administrator_names_it(
        people: dict[str, Any], settings: Any) -> None:
    """No made-up name: with no name set, the header and the paper take the DfE's name of
    the council whose figures are published."""
    from carepanel.web.scorecard_pages import papers

    from .scorecard_data import Q1, QUARTER_FIGURES, snapshot

    settings.CAREPANEL_COUNCIL_NAME = ""
    snap = snapshot(Q1, QUARTER_FIGURES)
    snap.la_name = "Thurrock"
    snap.save()
    member = client_for(people["member"])
    page = member.get("/scorecard/").content.decode()
    assert "Thurrock" in page and "Example Council" not in page
    assert papers.scorecard_report(snap, True).council == "Thurrock"
    client_for(people["administrator"]).post("/accounts/settings/", {
        "council_name": "Thurrock Council", "suppression_threshold": "5"})
    assert "Thurrock Council" in member.get("/scorecard/").content.decode()
    assert papers.scorecard_report(snap, True).council == "Thurrock Council"
