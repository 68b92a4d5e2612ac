"""Demo people and strategy for `carepanel serve` and `make demo`."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from carepanel.web.demo import DEMO_USERS, create_demo
from carepanel.web.roles import ROLES, role_of
from carepanel.web.strategy.models import OVERDUE, Action, Priority, Status, YouSaidWeDid

pytestmark = pytest.mark.django_db


def test_demo_people_for_every_role_sign_in_with_the_printed_password() -> None:
    out = io.StringIO()
    result = create_demo(out=out)
    printed = out.getvalue()
    assert {d.role for d in DEMO_USERS} == set(ROLES)
    for spec in DEMO_USERS:
        password = result["passwords"][spec.username]
        assert f"{spec.username}" in printed and f"password: {password}" in printed
        user = get_user_model().objects.get(username=spec.username)
        assert user.check_password(password) and role_of(user) == spec.role
        # Synthetic people only: every demo name says so.
        assert "Demo" in user.get_full_name()


def test_demo_strategy_has_every_state_and_is_made_once() -> None:
    create_demo(password="a shared demo passphrase")
    shown = {a.shown_status() for a in Action.objects.all()}
    assert {OVERDUE, Status.ON_TRACK, Status.AT_RISK, Status.COMPLETE,
            Status.NOT_STARTED} <= shown
    assert Priority.objects.count() == 4 and YouSaidWeDid.objects.count() == 4
    assert all(a.owner is not None for a in Action.objects.all())
    counts = (Priority.objects.count(), Action.objects.count())
    again = create_demo(password="a different demo passphrase")
    assert again["strategy_created"] is False
    assert (Priority.objects.count(), Action.objects.count()) == counts
    admin = get_user_model().objects.get(username="demo-admin")
    assert admin.check_password("a different demo passphrase")


def test_management_command(capsys: Any) -> None:
    call_command("carepanel_demo", "--password", "command line demo pass")
    output = capsys.readouterr().out
    assert "demo-councillor" in output and "command line demo pass" in output
    assert get_user_model().objects.filter(username__startswith="demo-").count() == 6
