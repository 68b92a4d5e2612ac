"""AuditEvent: who did what to which record, when (UTC), and exactly what changed.

Events are append-only. Three layers refuse a change or deletion: the model (``save`` of an
existing row and ``delete`` raise), its queryset (``update`` and ``delete`` raise), and on
PostgreSQL a trigger installed by migration 0002 that raises on any UPDATE or DELETE, so
even raw SQL through the app's connection cannot rewrite history. (For a deployment, also
revoke UPDATE, DELETE and TRUNCATE on the table from the app's database role.)
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AuditLogImmutable(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    """Bulk changes bypass ``save``/``delete``, so they are refused here too."""

    def update(self, **kwargs: Any) -> int:
        raise AuditLogImmutable("audit events cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable("audit events cannot be deleted")

    def bulk_update(self, objs: Any, fields: Any, batch_size: Any = None) -> int:
        raise AuditLogImmutable("audit events cannot be changed")

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise AuditLogImmutable("audit events cannot be changed")


class AuditEvent(models.Model):
    """One change or sign-in. ``changes`` holds the values: {field: [before, after]} for an
    update, {field: value} for a creation or deletion."""

    created = models.DateTimeField(default=timezone.now, editable=False, db_index=True,
                                   help_text="When it happened (stored in UTC).")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              help_text="Who did it; empty for the system itself.")
    actor_username = models.CharField(max_length=150, blank=True,
                                      help_text="The username at the time, kept as text.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=40, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500)
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ("-created", "-id")
        # Only "view" exists: no one can be granted add, change or delete.
        default_permissions = ("view",)
        verbose_name = "audit event"

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M:%S} {self.actor_username or 'system'}: {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogImmutable("audit events cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable("audit events cannot be deleted")
