"""Roles as Django groups: creating them and giving people a role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from carepanel.web.roles import ROLES


def ensure_roles(using: str = "default") -> None:
    """Create the four role groups. They carry no Django model permissions: the service's
    pages check a person's role against roles.py, the one place capabilities are set."""
    for name in ROLES:
        Group.objects.using(using).get_or_create(name=name)


@transaction.atomic
def set_role(user: Any, role: str) -> None:
    """Give ``user`` exactly one role (removing any other role group they had)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    ensure_roles()
    current = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    if current == {role}:
        return
    others = [g for g in Group.objects.filter(name__in=current - {role})]
    if others:
        user.groups.remove(*others)
    if role not in current:
        user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("_carepanel_role", None)


def sign_in_locked(username: str) -> bool:
    """Whether repeated failed sign-ins have locked ``username`` out (from any address) and
    the cool-off has not yet passed: the person's page then offers to lift the lock."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        username=username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=since).exists()


def lift_sign_in_lock(username: str) -> int:
    """Forget ``username``'s failed sign-ins (every address), so they can sign in now rather
    than after the cool-off; returns how many lock records went."""
    from axes.utils import reset

    return reset(username=username)
