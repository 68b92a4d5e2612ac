"""The administrator's page for redacting a stored version of free text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from carepanel.web.forms import GovukForm
from carepanel.web.privacy.redaction import AlreadyRedacted, kinds, redact
from carepanel.web.roles import require


class RedactForm(GovukForm):
    free_text_fields = ("reason",)
    reason = forms.CharField(
        label="Why it is being redacted", max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the audit log with your name and the time, for example “named a "
                  "child”. Do not repeat what the text said.")


def _back(kind: str, row: Any) -> str:
    if kind == "progress":
        return reverse("strategy:action_detail", args=[row.action_id])
    return (reverse("scorecard:measure", args=[row.measure])
            + f"?la={row.la_code}&period={row.period_end.isoformat()}")


@require_http_methods(["GET", "POST"])
@require("redact_text")
def redact_version(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    what = kinds().get(kind)
    row = what.model.objects.filter(pk=pk).first() if what else None
    if what is None or row is None:
        raise Http404("no such version")
    form = RedactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            redact(kind, pk, form.cleaned_data["reason"].strip(), request.user)
        except AlreadyRedacted as e:
            messages.info(request, str(e))
        else:
            messages.success(request, f"The {what.noun} is redacted.")
        return redirect(_back(kind, row))
    return render(request, "privacy/redact.html", {
        "form": form, "row": row, "noun": what.noun, "text": getattr(row, what.field),
        "back": _back(kind, row)})
