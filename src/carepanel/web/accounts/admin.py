"""Service settings in the admin pages (users and groups come with Django's own admin)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carepanel.web.accounts.models import ServiceSettings


@admin.register(ServiceSettings)
class ServiceSettingsAdmin(admin.ModelAdmin):
    list_display = ("council_name", "suppression_threshold")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
