"""People, their roles, sign-in and the service's settings."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "carepanel.web.accounts"
    label = "accounts"
    verbose_name = "People and settings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from carepanel.web.accounts.models import ServiceSettings
        from carepanel.web.audit.recording import track

        track(get_user_model(), exclude={"last_login"}, secret={"password"})
        track(Group)
        track(ServiceSettings)
        post_migrate.connect(_ensure_roles, dispatch_uid="carepanel-ensure-roles")
        user_logged_in.connect(_start_session_clock, dispatch_uid="carepanel-session-clock")


def _start_session_clock(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # The absolute session lifetime counts from this sign-in, not from an earlier one.
    from django.utils import timezone

    from carepanel.web.accounts.middleware import LAST_SEEN, LOGIN_AT

    if request is not None and hasattr(request, "session"):
        now = timezone.now().isoformat()
        request.session[LOGIN_AT] = now
        request.session[LAST_SEEN] = now


def _ensure_roles(sender: Any, **kwargs: Any) -> None:
    # Runs after every migrate (once per app); the groups need auth's tables and permissions.
    if getattr(sender, "label", None) != "accounts":
        return
    from carepanel.web.accounts.services import ensure_roles

    ensure_roles(using=kwargs.get("using", "default"))
