"""Uploading a return (analysts) and following what became of it.

The files wait in a folder of their own under ``CAREPANEL_UPLOAD_DIR`` (never served) until
the worker has read them; the worker then deletes them. Findings name children, so these
pages are for analysts only (``upload_returns``); after ``CAREPANEL_FINDINGS_RETENTION_DAYS``
an upload shows only counts by rule (``retention.py``).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from carepanel.web import worker
from carepanel.web.audit.recording import record
from carepanel.web.roles import can, require, sees_child_identifiers
from carepanel.web.scorecard_pages.models import ScorecardSnapshot
from carepanel.web.uploads import provider_lists, retention
from carepanel.web.uploads.forms import ProviderListsForm, UploadForm, safe_name
from carepanel.web.uploads.models import Job, JobKind, JobStatus

FINDINGS_PER_PAGE = 100


def _known_council() -> str | None:
    codes = sorted(set(ScorecardSnapshot.objects.values_list("la_code", flat=True)))
    return codes[0] if len(codes) == 1 else None


def _store(files: list[Any]) -> tuple[Path, list[str]]:
    """Write the uploaded files to a new private folder; returns it and the names."""
    root = Path(settings.CAREPANEL_UPLOAD_DIR)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder = root / secrets.token_hex(16)
    folder.mkdir(mode=0o700)
    names = []
    for upload in files:
        name = safe_name(str(upload.name))
        with open(folder / name, "wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        names.append(name)
    return folder, names


@require_http_methods(["GET", "POST"])
@require("upload_returns")
def index(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None,
                      initial={"la_code": _known_council()})
    if request.method == "POST" and form.is_valid():
        folder, names = _store(form.cleaned_data["files"])
        job = Job.objects.create(
            kind=JobKind.LOAD, created_by=request.user, la_code=form.cleaned_data["la_code"],
            reference_date=form.cleaned_data["reference_date"], folder=str(folder),
            file_names=names, year=form.cleaned_data["year"],
            strict=form.cleaned_data["strict"])
        record("upload", f"Uploaded {len(names)} file{'s' if len(names) != 1 else ''} for "
                         f"council {job.la_code} (upload #{job.pk})",
               object_type_name="uploads.job", object_id=str(job.pk),
               changes={"files": names, "la_code": job.la_code,
                        "reference_date": job.reference_date, "year": job.year,
                        "strict": job.strict})
        job = worker.submit(job)
        return redirect("uploads:detail", pk=job.pk)
    # A GROUP BY query ignores Meta.ordering: the newest first, said again.
    jobs = Job.objects.select_related("created_by").annotate(
        n_findings=Count("findings")).order_by("-created", "-id")[:30]
    return render(request, "uploads/index.html", {
        "form": form, "jobs": jobs, "can_recompute": can(request.user, "run_computations"),
        "max_mb": settings.CAREPANEL_MAX_UPLOAD_BYTES // (1024 * 1024),
        "lists_form": ProviderListsForm(), "lists_kept": provider_lists.kept(),
    })


@require_POST
@require("upload_returns")
def provider_lists_upload(request: HttpRequest) -> HttpResponse:
    """Keep Ofsted's provider lists for the checks of the uploads that follow."""
    from carepanel.reference.providers import ProviderListError

    form = ProviderListsForm(request.POST, request.FILES)
    if form.is_valid():
        for kind in provider_lists.LISTS:
            upload = form.cleaned_data.get(kind)
            if not upload:
                continue
            title = provider_lists.LISTS[kind][0]
            try:
                count = provider_lists.store(kind, upload.chunks())
            except ProviderListError as e:
                messages.error(request, f"{title} not kept: {e.detail}")
                continue
            record("upload_provider_list", f"Uploaded Ofsted's {title.lower()} "
                                           f"({count} providers)",
                   changes={"list": kind, "file": safe_name(str(upload.name)),
                            "providers": count})
            messages.success(request, f"{title} kept: {count} providers. Uploads from now "
                                      "on are checked against it.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("uploads:index")


@require("upload_returns")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job.objects.select_related("created_by", "triggered_by"), pk=pk)
    context: dict[str, Any] = {"job": job, "follow_ups": job.follow_ups.order_by("pk")}
    if job.findings_removed is not None:
        # The retention rule has reduced the findings to counts by rule (retention.py).
        context["counts"] = job.counted_findings
        return render(request, "uploads/detail.html", context)
    findings = job.findings.all()
    severity = request.GET.get("severity", "")
    if severity in ("error", "warning"):
        findings = findings.filter(severity=severity)
    counts = job.findings.aggregate(errors=Count("id", filter=Q(severity="error")),
                                    warnings=Count("id", filter=~Q(severity="error")))
    page = Paginator(findings, FINDINGS_PER_PAGE).get_page(request.GET.get("page"))
    if counts["errors"] or counts["warnings"]:
        # Findings name children: who read which upload's, and which page, is on record
        # (never the findings themselves).
        record("view_findings", f"Read the findings of upload #{job.pk} (page "
                                f"{page.number}{', ' + severity + 's only' if severity else ''})",
               object_type_name="uploads.job", object_id=str(job.pk),
               changes={"page": page.number, "severity": severity or "all"})
    return render(request, "uploads/detail.html", {
        **context, "page": page, "counts": counts, "severity": severity,
        "show_child": sees_child_identifiers(request.user),
        "retention_days": settings.CAREPANEL_FINDINGS_RETENTION_DAYS,
        "remove_on": retention.removal_date(job),
    })


@require_POST
@require("run_computations")
def recompute(request: HttpRequest) -> HttpResponse:
    job = Job.objects.create(kind=JobKind.RECOMPUTE, created_by=request.user)
    record("recompute_requested", f"Asked for the scorecard to be recomputed (job #{job.pk})",
           object_type_name="uploads.job", object_id=str(job.pk))
    job = worker.submit(job)
    if job.status == JobStatus.DONE:
        messages.success(request, f"Recalculated. {job.summary}")
    elif job.is_finished:
        messages.error(request, f"The recalculation failed. {job.summary}")
    else:
        messages.success(request, "The scorecard is being recalculated. This takes a minute "
                                  "or two; refresh this page to see when it has finished.")
    return redirect("uploads:index")
