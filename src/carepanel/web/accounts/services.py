"""Roles as Django groups: creating them and giving people a role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from carepanel.web.roles import ADMINISTRATOR, ROLES


def ensure_roles(using: str = "default") -> None:
    """Create the four role groups; administrators hold every model permission, which the
    admin pages need (the service's own pages check roles directly, see roles.py)."""
    for name in ROLES:
        Group.objects.using(using).get_or_create(name=name)
    admin_group = Group.objects.using(using).get(name=ADMINISTRATOR)
    missing = Permission.objects.using(using).exclude(group=admin_group)
    if missing.exists():
        admin_group.permissions.add(*missing)


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
