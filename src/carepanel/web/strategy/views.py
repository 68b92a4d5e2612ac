"""Pages of the strategy tracker and the "You said, we did" log.

Views are thin: permissions come from ``roles``, ordering and status from the models,
files from ``exchange``. Every change is audited by the model signals (see audit.recording).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from carepanel.web.audit.recording import record
from carepanel.web.roles import can, can_add_progress, require
from carepanel.web.strategy import exchange
from carepanel.web.strategy.forms import (
    ActionForm,
    ImportForm,
    PriorityForm,
    ProgressUpdateForm,
    YouSaidWeDidForm,
)
from carepanel.web.strategy.models import (
    Action,
    AskStatus,
    Priority,
    ProgressUpdate,
    YouSaidWeDid,
    today,
    tracker_order,
)


@require("view_strategy")
def tracker(request: HttpRequest) -> HttpResponse:
    on = today()
    updates = Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-date", "-id"))
    actions = list(Action.objects.select_related("owner", "priority").prefetch_related(updates))
    sections = []
    for priority in Priority.objects.all():
        mine = tracker_order([a for a in actions if a.priority_id == priority.pk], on)
        sections.append({"priority": priority, "actions": mine})
    overdue = tracker_order([a for a in actions if a.is_overdue(on)], on)
    return render(request, "strategy/tracker.html", {
        "sections": sections,
        "overdue": overdue,
        "can_edit": can(request.user, "edit_strategy"),
        "can_import": can(request.user, "import_strategy"),
        "today": on,
    })


@require("view_strategy")
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("owner", "priority"), pk=pk)
    return render(request, "strategy/action_detail.html", {
        "action": action,
        "updates": action.updates.select_related("author").order_by("-date", "-id"),
        "can_edit": can(request.user, "edit_strategy"),
        "can_add_progress": can_add_progress(request.user, action),
        "can_redact": can(request.user, "redact_text"),
    })


@require_http_methods(["GET", "POST"])
@require("add_progress_own")
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("owner", "priority"), pk=pk)
    if not can_add_progress(request.user, action):
        raise PermissionDenied("only the action's owner can add progress")
    form = ProgressUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            update = form.save(commit=False)
            update.action = action
            update.author = request.user
            update.save()
            if update.new_status and update.new_status != action.status:
                action.status = update.new_status
                action.save()
        messages.success(request, "Progress update added.")
        return redirect("strategy:action_detail", pk=action.pk)
    return render(request, "strategy/progress_form.html", {"action": action, "form": form})


def _edit(request: HttpRequest, form_class: Any, instance: Any, template: str,
          done: str, extra: dict[str, Any] | None = None) -> Any:
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, done)
        return saved
    return render(request, template, {"form": form, "object": instance, **(extra or {})})


@require_http_methods(["GET", "POST"])
@require("edit_strategy")
def action_add(request: HttpRequest) -> HttpResponse:
    initial_priority = request.GET.get("priority")
    instance = Action()
    if initial_priority and initial_priority.isdigit():
        instance.priority = Priority.objects.filter(pk=int(initial_priority)).first()
    result = _edit(request, ActionForm, instance, "strategy/action_form.html", "Action added.")
    if isinstance(result, Action):
        return redirect("strategy:action_detail", pk=result.pk)
    return result


@require_http_methods(["GET", "POST"])
@require("edit_strategy")
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk)
    result = _edit(request, ActionForm, action, "strategy/action_form.html", "Action updated.")
    if isinstance(result, Action):
        return redirect("strategy:action_detail", pk=result.pk)
    return result


@require_http_methods(["GET", "POST"])
@require("edit_strategy")
def priority_add(request: HttpRequest) -> HttpResponse:
    last = Priority.objects.order_by("-order").first()
    instance = Priority(order=(last.order + 1) if last else 1)
    result = _edit(request, PriorityForm, instance, "strategy/priority_form.html",
                   "Priority added.")
    return redirect("strategy:tracker") if isinstance(result, Priority) else result


@require_http_methods(["GET", "POST"])
@require("edit_strategy")
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_object_or_404(Priority, pk=pk)
    result = _edit(request, PriorityForm, priority, "strategy/priority_form.html",
                   "Priority updated.")
    return redirect("strategy:tracker") if isinstance(result, Priority) else result


def _download(data: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    # The name is ours, never taken from the request (ASVS 5.4.1).
    name = f"strategy-tracker-{today():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    record("export", f"Downloaded the strategy tracker ({name})",
           object_type_name="strategy.action", changes={"file": name})
    return response


@require("export_strategy")
def export_csv(request: HttpRequest) -> HttpResponse:
    columns = exchange.columns_for(request.user)
    return _download(exchange.write_csv(exchange.export_rows(columns=columns), columns),
                     "text/csv; charset=utf-8", "csv")


@require("export_strategy")
def export_xlsx(request: HttpRequest) -> HttpResponse:
    columns = exchange.columns_for(request.user)
    return _download(
        exchange.write_xlsx(exchange.export_rows(columns=columns), columns),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")


@require_http_methods(["GET", "POST"])
@require("import_strategy")
def import_tracker(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = exchange.import_file(upload.name, upload.read())
        except exchange.ImportRefused as refused:
            problems = refused.errors
        else:
            messages.success(request, (
                f"Imported: {result.created} actions added, {result.updated} changed, "
                f"{result.unchanged} unchanged."))
            if result.note:
                messages.warning(request, f"{upload.name}: {result.note}.")
            return redirect("strategy:tracker")
    return render(request, "strategy/import.html", {"form": form, "problems": problems})


# --- You said, we did ---------------------------------------------------------------------------

@require("view_strategy")
def you_said_list(request: HttpRequest) -> HttpResponse:
    entries = YouSaidWeDid.objects.select_related("owner")
    return render(request, "strategy/you_said_list.html", {
        "entries": entries,
        "can_edit": can(request.user, "edit_you_said"),
        "statuses": AskStatus,
    })


@require_http_methods(["GET", "POST"])
@require("edit_you_said")
def you_said_add(request: HttpRequest) -> HttpResponse:
    result = _edit(request, YouSaidWeDidForm, YouSaidWeDid(), "strategy/you_said_form.html",
                   "Entry added.")
    return redirect("yousaid:list") if isinstance(result, YouSaidWeDid) else result


@require_http_methods(["GET", "POST"])
@require("edit_you_said")
def you_said_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(YouSaidWeDid, pk=pk)
    result = _edit(request, YouSaidWeDidForm, entry, "strategy/you_said_form.html",
                   "Entry updated.")
    return redirect("yousaid:list") if isinstance(result, YouSaidWeDid) else result
