"""Storage limitation for validation findings: row-level findings go, counts by rule stay.

An upload's findings (``Finding`` rows) name children: the ``child`` column, and messages
that quote the values found. UK GDPR's storage-limitation principle says personal data is
kept no longer than it is needed, and analysts need these rows only while they correct and
re-upload a return. So ``CAREPANEL_FINDINGS_RETENTION_DAYS`` after a job finished, its
findings are reduced to counts per file, column, rule and severity (no identifier, no
message) kept on the job, with the date they were removed; the upload page then says so.

The worker runs the purge about hourly, and ``carepanel_purge_findings`` runs it by hand.
Each purge that removes anything writes one audit event, with counts only. A job is claimed
with a conditional update before its rows are deleted, so two purges running at once (two
worker threads) never count a job twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from carepanel.web.audit.recording import record
from carepanel.web.uploads.models import FINISHED, Finding, Job

SEVERITY_ORDER = {"error": 0}  # errors first, then warnings (and anything else)


@dataclass
class Purge:
    """What one purge removed (or, for a dry run, would remove)."""

    retention_days: int
    cutoff: dt.datetime
    jobs: list[int] = field(default_factory=list)
    findings: int = 0

    def describe(self, dry_run: bool = False) -> str:
        if not self.jobs:
            return (f"No findings are older than {self.retention_days} days: nothing to "
                    "remove.")
        verb = "Would remove" if dry_run else "Removed"
        n = len(self.jobs)
        return (f"{verb} {self.findings} row-level validation finding"
                f"{'s' if self.findings != 1 else ''} of {n} job{'s' if n != 1 else ''} "
                f"finished more than {self.retention_days} days ago; counts by rule are "
                "kept.")


def expired_jobs(now: dt.datetime | None = None) -> Any:
    """Finished jobs older than the retention limit that still hold row-level findings."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.CAREPANEL_FINDINGS_RETENTION_DAYS)
    return (Job.objects.filter(status__in=FINISHED, finished__lt=cutoff,
                               findings_removed__isnull=True)
            .filter(Exists(Finding.objects.filter(job=OuterRef("pk"))))
            .order_by("finished", "pk"))


def removal_date(job: Job) -> dt.datetime | None:
    """When the job's row-level findings will be removed (None: not finished yet)."""
    if job.finished is None or job.findings_removed is not None:
        return None
    return job.finished + dt.timedelta(days=settings.CAREPANEL_FINDINGS_RETENTION_DAYS)


def counts_by_rule(job_id: int) -> list[dict[str, Any]]:
    """The job's findings as counts per file, column, rule and severity: what is kept."""
    rows = (Finding.objects.filter(job_id=job_id)
            .values("file", "column", "rule", "severity").annotate(count=Count("id"))
            .order_by())
    counts = [{"file": r["file"], "column": r["column"], "rule": r["rule"],
               "severity": r["severity"], "count": r["count"]} for r in rows]
    counts.sort(key=lambda c: (SEVERITY_ORDER.get(c["severity"], 1), c["file"], c["column"],
                               c["rule"]))
    return counts


def _reduce(job_id: int, now: dt.datetime, days: int) -> int:
    """Keep the counts, delete the rows; 0 when another purge got to the job first."""
    with transaction.atomic():
        counts = counts_by_rule(job_id)
        claimed = Job.objects.filter(pk=job_id, findings_removed__isnull=True).update(
            findings_removed=now, findings_retention_days=days, finding_counts=counts)
        if not claimed:
            return 0
        deleted, _ = Finding.objects.filter(job_id=job_id).delete()
        return deleted


def purge_findings(now: dt.datetime | None = None, dry_run: bool = False) -> Purge:
    """Reduce every expired job's findings to counts; one audit event if anything went."""
    now = now or timezone.now()
    days = settings.CAREPANEL_FINDINGS_RETENTION_DAYS
    result = Purge(retention_days=days, cutoff=now - dt.timedelta(days=days))
    for job_id in expired_jobs(now).values_list("pk", flat=True):
        n = (Finding.objects.filter(job_id=job_id).count() if dry_run
             else _reduce(job_id, now, days))
        if n:
            result.jobs.append(job_id)
            result.findings += n
    if result.jobs and not dry_run:
        record("findings_removed", result.describe(), actor=None,
               object_type_name="uploads.job",
               changes={"retention_days": days, "jobs": len(result.jobs),
                        "findings": result.findings, "uploads": result.jobs})
    return result
