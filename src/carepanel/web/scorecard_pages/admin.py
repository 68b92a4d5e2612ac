"""Commentary can be added and read here, never changed or deleted (each edit is a new
version); manual values can be corrected, with every change in the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carepanel.web.scorecard_pages.models import Commentary, ManualMeasureValue


@admin.register(Commentary)
class CommentaryAdmin(admin.ModelAdmin):
    list_display = ("measure", "period_end", "author", "created")
    list_filter = ("period_end",)
    search_fields = ("measure", "text")
    fields = ("measure", "period_end", "text")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(ManualMeasureValue)
class ManualMeasureValueAdmin(admin.ModelAdmin):
    list_display = ("measure", "period_end", "value", "numerator", "denominator", "entered_by")
    list_filter = ("period_end",)
    fields = ("measure", "period_end", "value", "numerator", "denominator", "source_note")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)
