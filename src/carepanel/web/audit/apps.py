"""The audit log: an append-only record of every change and sign-in."""

from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "carepanel.web.audit"
    label = "audit"
    verbose_name = "Audit log"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carepanel.web.audit import recording

        recording.connect_auth_signals()
