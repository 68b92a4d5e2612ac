"""Signing in and the protections around it: throttling, CSRF, session limits, headers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carepanel.web.accounts.middleware import LAST_SEEN, LOGIN_AT
from carepanel.web.audit.models import AuditEvent

from .support import PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def sign_in(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_right_password_signs_in_and_wrong_one_is_refused() -> None:
    make_user("alice", "officer")
    client = Client()
    refused = sign_in(client, "alice", "not her password")
    assert refused.status_code == 200
    assert "Please enter a correct username and password" in refused.content.decode()
    assert "govuk-error-summary" in refused.content.decode()
    signed_in = sign_in(client, "alice", PASSWORD)
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
    assert client.get("/").status_code == 200


def test_five_failures_lock_that_username_and_address_only() -> None:
    """After 5 wrong passwords for alice from 10.0.0.1, alice cannot sign in from there even
    with the right password (429); bob on the same address still can, and so can alice from
    another address: the lock is on the pair, so no one can lock a whole office out."""
    make_user("alice", "officer")
    make_user("bob", "member")
    client = Client()
    for attempt in range(1, 5):
        assert sign_in(client, "alice", f"guess {attempt}").status_code == 200
    fifth = sign_in(client, "alice", "guess 5")
    assert fifth.status_code == 429
    locked = sign_in(client, "alice", PASSWORD)
    assert locked.status_code == 429
    assert "Signing in is paused" in locked.content.decode()

    assert sign_in(Client(), "bob", PASSWORD, ip="10.0.0.1").status_code == 302
    assert sign_in(Client(), "alice", PASSWORD, ip="10.0.0.2").status_code == 302

    failures = AuditEvent.objects.filter(action="login_failed", changes__username="alice")
    assert failures.count() >= 5
    assert AuditEvent.objects.filter(action="locked_out", changes__username="alice").exists()


def test_a_success_before_the_limit_clears_the_count() -> None:
    """Four slips then a success: the next four slips do not lock (the count restarted)."""
    make_user("alice", "officer")
    for attempt in range(4):
        sign_in(Client(), "alice", f"slip {attempt}")
    assert sign_in(Client(), "alice", PASSWORD).status_code == 302
    for attempt in range(4):
        assert sign_in(Client(), "alice", f"slip again {attempt}").status_code == 200
    assert sign_in(Client(), "alice", PASSWORD).status_code == 302


def test_login_and_every_form_need_the_csrf_token() -> None:
    make_user("alice", "officer")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(LOGIN, {"username": "alice", "password": PASSWORD}).status_code == 403
    page = strict.get(LOGIN)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    ok = strict.post(LOGIN, {"username": "alice", "password": PASSWORD,
                             "csrfmiddlewaretoken": token.group(1)})
    assert ok.status_code == 302


def test_sign_out_is_a_post(people: dict[str, Any]) -> None:
    client = client_for(people["member"])
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302  # back to the sign-in page


def _age_session(client: Client, **times: dt.datetime) -> None:
    session = client.session
    for key, when in times.items():
        session[key] = when.isoformat()
    session.save()


def test_idle_session_is_signed_out(people: dict[str, Any]) -> None:
    """31 minutes without a request (the limit is 30) means signing in again."""
    client = client_for(people["officer"])
    assert client.get("/").status_code == 200
    now = timezone.now()
    _age_session(client, **{LAST_SEEN: now - settings.SESSION_IDLE_TIMEOUT
                            - dt.timedelta(minutes=1)})
    response = client.get("/strategy/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get("/").status_code == 302


def test_active_session_still_ends_after_ten_hours(people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    now = timezone.now()
    _age_session(client, **{LOGIN_AT: now - dt.timedelta(hours=10, minutes=1),
                            LAST_SEEN: now - dt.timedelta(minutes=1)})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_recent_activity_keeps_the_session(people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    now = timezone.now()
    _age_session(client, **{LOGIN_AT: now - dt.timedelta(hours=9),
                            LAST_SEEN: now - dt.timedelta(minutes=29)})
    assert client.get("/").status_code == 200


def test_signed_in_pages_are_not_cached(people: dict[str, Any]) -> None:
    response = client_for(people["member"]).get("/strategy/")
    assert response["Cache-Control"] == "no-store"


def test_pages_carry_a_nonce_csp_and_the_inline_script_uses_it() -> None:
    """GOV.UK Frontend's one inline script runs only because it carries this response's
    nonce; every other script must come from the site itself."""
    response = Client().get(LOGIN)
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None
    assert "script-src 'self' 'nonce-" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    html = response.content.decode()
    inline = re.findall(r"<script nonce=\"([^\"]+)\">document\.body\.className", html)
    assert inline == [nonce.group(1)]
    assert Client().get(LOGIN)["Content-Security-Policy"] != policy  # a new nonce each time


def test_security_headers() -> None:
    response = Client().get(LOGIN)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_signing_in_and_out_is_audited() -> None:
    make_user("alice", "officer")
    client = Client()
    sign_in(client, "alice", PASSWORD, ip="10.1.2.3")
    client.post("/accounts/logout/")
    login = AuditEvent.objects.get(action="login")
    assert login.actor_username == "alice" and login.ip_address == "10.1.2.3"
    assert AuditEvent.objects.filter(action="logout", actor_username="alice").exists()


def test_password_change(people: dict[str, Any]) -> None:
    client = client_for(people["member"])
    weak = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 200 and "govuk-error-message" in weak.content.decode()
    new = "a much longer new passphrase 7"
    done = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert done.status_code == 302
    people["member"].refresh_from_db()
    assert people["member"].check_password(new)
    event = AuditEvent.objects.filter(action="update", object_id=str(people["member"].pk)).last()
    assert event is not None
    assert event.changes == {"password": ["(changed)", "(changed)"]}


def test_behind_a_proxy_the_client_address_counts(settings: Any) -> None:
    """With one trusted proxy, alice's failures from 198.51.100.7 (the proxy's last hop) lock
    only that address: bob behind the same proxy, from another address, is unaffected, and
    a forged left-most X-Forwarded-For entry changes nothing."""
    settings.CAREPANEL_PROXY_COUNT = 1
    make_user("alice", "officer")
    make_user("bob", "member")
    proxy = "10.0.0.99"

    def via_proxy(username: str, password: str, forwarded: str) -> Any:
        return Client().post(LOGIN, {"username": username, "password": password},
                             REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded)

    for attempt in range(5):
        via_proxy("alice", f"guess {attempt}", f"203.0.113.{attempt}, 198.51.100.7")
    assert via_proxy("alice", PASSWORD, "198.51.100.7").status_code == 429
    assert via_proxy("alice", PASSWORD, "198.51.100.8").status_code == 302
    assert via_proxy("bob", PASSWORD, "198.51.100.7").status_code == 302
    failed = AuditEvent.objects.filter(action="login_failed").first()
    assert failed is not None and failed.ip_address == "198.51.100.7"
