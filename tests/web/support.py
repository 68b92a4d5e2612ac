"""Helpers for the web tests: people with roles, and signed-in test clients.

Imported by the tests as ``from .support import ...`` (this folder is a package, so its
names never clash with the library tests' own ``conftest``). conftest.py has configured
Django before anything imports this module.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from carepanel.web.accounts.services import ensure_roles, set_role

PASSWORD = "correct horse battery staple 42"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def make_user(username: str, role: str | None, **extra: Any) -> Any:
    ensure_roles()
    user = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                **extra)
    if role is not None:
        set_role(user, role)
    return user


def client_for(user: Any | None) -> Client:
    """A test client signed in as ``user`` (None: signed out)."""
    client = Client()
    if user is not None:
        client.force_login(user, backend=BACKEND)
    return client
