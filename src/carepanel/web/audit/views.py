"""The audit log page, for administrators."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from carepanel.web.audit.models import AuditEvent
from carepanel.web.roles import require

PAGE_SIZE = 50


@require_safe
@require("view_audit")
def log(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.all()
    action = request.GET.get("action", "")
    # order_by() first: the model's ordering (by time) would otherwise make every event's
    # time part of the DISTINCT, listing an action once per event.
    actions = list(AuditEvent.objects.order_by("action").values_list("action", flat=True)
                   .distinct())
    if action in actions:
        events = events.filter(action=action)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"event": e, "changes": json.dumps(e.changes, indent=2, ensure_ascii=False)
             if e.changes else ""} for e in page]
    return render(request, "audit/log.html", {
        "page": page, "rows": rows, "actions": actions, "action": action})
