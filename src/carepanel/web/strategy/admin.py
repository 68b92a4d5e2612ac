from __future__ import annotations

from django.contrib import admin

from carepanel.web.strategy.models import Action, Priority, ProgressUpdate, YouSaidWeDid


class ActionInline(admin.TabularInline):
    model = Action
    fields = ("what", "due_date", "owner", "status", "measures")
    extra = 0


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ("order", "title")
    inlines = (ActionInline,)


class ProgressInline(admin.TabularInline):
    model = ProgressUpdate
    fields = ("date", "text", "author", "new_status")
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "priority", "due_date", "owner", "status", "measures")
    list_filter = ("status", "priority")
    search_fields = ("what", "measures")
    inlines = (ProgressInline,)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ("date", "action", "author", "new_status")
    search_fields = ("text",)


@admin.register(YouSaidWeDid)
class YouSaidWeDidAdmin(admin.ModelAdmin):
    list_display = ("date", "__str__", "status", "owner")
    list_filter = ("status",)
