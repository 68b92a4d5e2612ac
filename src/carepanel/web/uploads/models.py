"""The worker's jobs (a load of an uploaded return, a recomputation) and what they found.

A job row is the whole story of one upload: who sent which files, when it ran, whether the
return was refused or loaded, and every validation finding. Findings name children (the
``child`` column) so an analyst can fix the record; only analysts ever see them
(``roles.sees_child_identifiers``). The files themselves are deleted once the job has run,
and the findings once ``CAREPANEL_FINDINGS_RETENTION_DAYS`` have passed (``retention.py``):
the job then keeps only counts by rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class JobKind(models.TextChoices):
    LOAD = "load", "Load an upload"
    RECOMPUTE = "recompute", "Recompute the scorecard"
    RENDER = "render", "Make the Panel's papers"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting"
    RUNNING = "running", "Running"
    LOADED = "loaded", "Loaded"
    REFUSED = "refused", "Refused"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


FINISHED = (JobStatus.LOADED, JobStatus.REFUSED, JobStatus.DONE, JobStatus.FAILED)
STATUS_TAGS = {
    JobStatus.QUEUED: "govuk-tag--grey", JobStatus.RUNNING: "govuk-tag--blue",
    JobStatus.LOADED: "govuk-tag--green", JobStatus.DONE: "govuk-tag--green",
    JobStatus.REFUSED: "govuk-tag--red", JobStatus.FAILED: "govuk-tag--red",
}


class JobQuerySet(models.QuerySet["Job"]):
    """A job's changes of state, each one conditional ``UPDATE``: the database applies it
    for one caller only (PostgreSQL re-checks the condition after waiting for a concurrent
    update of the row; SQLite runs one writer at a time), so two workers, or a worker and
    the stale-job recovery, never both move the same job."""

    def claim(self, pk: int) -> bool:
        """Mark job ``pk`` running if it is still queued: of two workers claiming the same
        job, exactly one gets it."""
        now = timezone.now()
        return self.filter(pk=pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started=now, heartbeat=now) == 1

    def heartbeat(self, pk: int) -> bool:
        """Say that the worker running job ``pk`` is alive (a job no longer running is left
        alone)."""
        return self.filter(pk=pk, status=JobStatus.RUNNING).update(
            heartbeat=timezone.now()) == 1

    def stale(self, cutoff: dt.datetime) -> JobQuerySet:
        """Running jobs with no sign of life since ``cutoff``: their worker died."""
        return self.filter(Q(heartbeat__lt=cutoff) | Q(heartbeat__isnull=True, started__lt=cutoff)
                           | Q(heartbeat__isnull=True, started__isnull=True),
                           status=JobStatus.RUNNING)

    def fail(self, pk: int, summary: str, *, now: dt.datetime | None = None) -> bool:
        """Fail job ``pk`` if this queryset still holds it as running (``stale``: the
        condition is checked again in the update, so a job that beat meanwhile stays)."""
        return self.filter(pk=pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, finished=now or timezone.now(), summary=summary) == 1

    def finish(self, job: Job, status: str, summary: str, **fields: Any) -> None:
        """Record how ``job`` ended (and any counts) on the object and in the database."""
        job.status, job.summary, job.finished = status, summary, timezone.now()
        for name, value in fields.items():
            setattr(job, name, value)
        job.save()


class Job(models.Model):
    """One piece of work for the background worker (the warehouse's only writer)."""

    kind = models.CharField(max_length=20, choices=JobKind.choices)
    status = models.CharField(max_length=20, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    # A load: the council the return is for, its reference date when given (an in-year
    # extract), the folder its files wait in, and their names as uploaded.
    la_code = models.CharField("council code", max_length=10, blank=True)
    reference_date = models.DateField(null=True, blank=True)
    # The collection year when the uploader gave it (2025 for 2024/25); else it comes from
    # the file names or the return's dates. ``strict``: refuse a return with any bad value.
    year = models.PositiveIntegerField(null=True, blank=True)
    strict = models.BooleanField(default=False)
    folder = models.CharField(max_length=500, blank=True)
    file_names = models.JSONField(default=list, blank=True)
    # A recomputation: the period ends to rebuild (ISO dates); empty means every period.
    periods = models.JSONField(default=list, blank=True)
    # The warehouse the job read or wrote (so later jobs use the one last published).
    warehouse = models.CharField(max_length=500, blank=True)
    triggered_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="follow_ups")
    summary = models.TextField(blank=True)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    # The worker running the job writes the time here every few seconds (from a side thread,
    # so a long load keeps it fresh); a running job whose heartbeat is older than
    # CAREPANEL_WORKER_STALE_SECONDS lost its worker and is failed by any other worker.
    heartbeat = models.DateTimeField(null=True, blank=True)
    # The django-tasks task (django_tasks_db's DBTaskResult id) that runs a queued job; empty
    # for a job run at once in its caller (a load's recalculation, the publish command).
    task_id = models.CharField(max_length=64, blank=True)
    # Retention (uploads.retention): once the row-level findings are deleted, what is kept
    # is a count per file, column, rule and severity ({"file", "column", "rule",
    # "severity", "count"}: no child identifier, no message), when, and under what limit.
    findings_removed = models.DateTimeField(null=True, blank=True)
    findings_retention_days = models.PositiveIntegerField(null=True, blank=True)
    finding_counts = models.JSONField(default=list, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display().lower()})"

    @property
    def year_label(self) -> str:
        """2025 -> "2024/25", as the DfE names a collection."""
        return f"{self.year - 1}/{str(self.year)[-2:]}" if self.year else ""

    @property
    def finished_ok(self) -> bool:
        return self.status in (JobStatus.LOADED, JobStatus.DONE)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(self.status, "govuk-tag--grey")

    @property
    def counted_findings(self) -> dict[str, int]:
        """Errors and warnings in the counts kept after the row-level findings went."""
        errors = sum(c["count"] for c in self.finding_counts if c["severity"] == "error")
        total = sum(c["count"] for c in self.finding_counts)
        return {"errors": errors, "warnings": total - errors, "total": total}


class Finding(models.Model):
    """One validation finding of an upload, as ``carepanel validate`` reports it."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="findings")
    file = models.CharField(max_length=300)
    row = models.PositiveIntegerField(null=True, blank=True)
    column = models.CharField(max_length=100, blank=True)
    rule = models.CharField(max_length=50, blank=True)
    severity = models.CharField(max_length=20)
    message = models.TextField()
    child = models.CharField("child identifier", max_length=100, blank=True)

    class Meta:
        ordering = ("job", "id")

    def __str__(self) -> str:
        return f"{self.file} row {self.row}: {self.message}"
