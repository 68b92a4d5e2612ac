"""Storage limitation for upload findings: after CAREPANEL_FINDINGS_RETENTION_DAYS only
counts by rule are kept, the upload page says so, and the audit log records each purge.

The findings come from real refused uploads of a synthetic return with two field errors
(test_uploads.broken_copy), run at once by the worker (``CAREPANEL_WORKER_SYNC``).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from carepanel.ssda903.synth import generate
from carepanel.web.audit.models import AuditEvent
from carepanel.web.uploads.models import Finding, Job, JobStatus

from .support import client_for
from .test_uploads import broken_copy, child_ids, upload

LA = "883"


@pytest.fixture(scope="module")
def broken_return(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("retention-synth")
    generate(root, children=20, years=1, seed=9, la_code=LA)
    broken_copy(root / LA / "ssda903_2025", root / "bad")
    return root / "bad"


@pytest.fixture
def refused(settings: Any, tmp_path: Path, people: dict[str, Any],
            broken_return: Path) -> tuple[Job, Job]:
    """Two refused uploads: one finished 91 days ago, one finished now."""
    settings.CAREPANEL_WORKER_SYNC = True
    settings.CAREPANEL_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    settings.CAREPANEL_UPLOAD_DIR = str(tmp_path / "uploads")
    settings.CAREPANEL_FINDINGS_RETENTION_DAYS = 90
    analyst = client_for(people["analyst"])
    for _ in range(2):
        assert upload(analyst, broken_return, strict="on").status_code == 302
    old, new = Job.objects.order_by("pk")
    assert old.status == new.status == JobStatus.REFUSED
    Job.objects.filter(pk=old.pk).update(finished=timezone.now() - dt.timedelta(days=91))
    old.refresh_from_db()
    return old, new


def counts(job: Job) -> Counter[tuple[str, str, str, str]]:
    return Counter(Finding.objects.filter(job=job).values_list("file", "column", "rule",
                                                               "severity"))


def test_old_findings_are_reduced_to_counts_and_new_ones_kept(
        refused: tuple[Job, Job], people: dict[str, Any], broken_return: Path) -> None:
    old, new = refused
    expected = counts(old)
    assert sum(expected.values()) >= 2 and Finding.objects.filter(job=old).exclude(
        child="").exists()
    new_findings = list(Finding.objects.filter(job=new).values_list("pk", flat=True))
    analyst = client_for(people["analyst"])
    children = child_ids(broken_return)
    before = analyst.get(f"/uploads/{old.pk}/").content.decode()
    assert [c for c in children if c in before]  # the analyst saw the children named

    dry = io.StringIO()
    call_command("carepanel_purge_findings", "--dry-run", stdout=dry)
    assert f"Would remove {sum(expected.values())} row-level validation findings of 1 job" \
        in dry.getvalue()
    assert counts(old) == expected and not AuditEvent.objects.filter(
        action="findings_removed").exists()

    out = io.StringIO()
    call_command("carepanel_purge_findings", stdout=out)
    assert f"Removed {sum(expected.values())} row-level validation findings of 1 job" in (
        out.getvalue())
    old.refresh_from_db()
    assert not Finding.objects.filter(job=old).exists()
    assert list(Finding.objects.filter(job=new).values_list("pk", flat=True)) == new_findings
    assert old.findings_removed is not None and old.findings_retention_days == 90
    kept = Counter({(c["file"], c["column"], c["rule"], c["severity"]): c["count"]
                    for c in old.finding_counts})
    assert kept == expected
    assert not [c for c in children if c in str(old.finding_counts)]
    assert old.finding_counts[0]["severity"] == "error"  # errors first

    page = analyst.get(f"/uploads/{old.pk}/").content.decode()
    removed_on = timezone.localtime(old.findings_removed).strftime("%-d %B %Y")
    assert (f"Row-level findings were removed on {removed_on} under the retention rule "
            "(90 days); counts by rule are kept") in page
    assert "Findings by rule: 2 errors and" in page
    for (file, column, _rule, _severity), n in expected.items():
        assert file in page and column in page
        assert f'govuk-table__cell--numeric">{n}</td>' in page
    assert not [c for c in children if c in page]  # no child named any more
    index = analyst.get("/uploads/").content.decode()
    assert f"{sum(expected.values())} findings (counts only)" in index

    newer = analyst.get(f"/uploads/{new.pk}/").content.decode()
    assert "Row-level findings were removed" not in newer
    assert [c for c in children if c in newer]
    assert "after " in newer and "only the counts by rule will be kept" in newer


def test_only_analysts_see_the_findings_or_their_counts(
        refused: tuple[Job, Job], people: dict[str, Any]) -> None:
    """Uploads are for analysts only (test_roles.py declares uploads:index and
    uploads:detail ANALYSTS); that holds for an upload reduced to counts."""
    old, _new = refused
    call_command("carepanel_purge_findings", stdout=io.StringIO())
    for role in ("administrator", "officer", "member"):
        client = client_for(people[role])
        assert client.get(f"/uploads/{old.pk}/").status_code == 403, role
        assert client.get("/uploads/").status_code == 403, role
    assert client_for(people["analyst"]).get(f"/uploads/{old.pk}/").status_code == 200


def test_each_purge_is_audited_with_counts_only(refused: tuple[Job, Job],
                                                broken_return: Path) -> None:
    old, _new = refused
    n = sum(counts(old).values())
    call_command("carepanel_purge_findings", stdout=io.StringIO())
    call_command("carepanel_purge_findings", stdout=io.StringIO())  # nothing left to remove
    [event] = AuditEvent.objects.filter(action="findings_removed")
    assert event.actor is None and event.object_type == "uploads.job"
    assert event.changes == {"retention_days": 90, "jobs": 1, "findings": n,
                             "uploads": [old.pk]}
    assert event.summary.startswith(f"Removed {n} row-level validation findings of 1 job")
    text = f"{event.summary} {event.changes}"
    assert not [c for c in child_ids(broken_return) if c in text]


def test_the_worker_applies_the_retention_rule(refused: tuple[Job, Job]) -> None:
    old, new = refused
    call_command("carepanel_worker", "--once", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.findings_removed is not None and old.finding_counts
    assert not Finding.objects.filter(job=old).exists()
    assert Finding.objects.filter(job=new).exists()
    assert AuditEvent.objects.filter(action="findings_removed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_counts_page_is_accessible_in_a_browser(live_server: Any, tmp_path: Path) -> None:
    """The upload page of a job reduced to counts passes axe (WCAG 2.2 AA), as every page
    in test_browser.py does. Skipped where test_browser.py is (no Chromium)."""
    from carepanel.web.demo import create_demo_users
    from carepanel.web.uploads.retention import purge_findings

    from .test_browser import ARGS, CHROMIUM, DEMO_PASSWORD, Visitor, playwright_api

    create_demo_users(DEMO_PASSWORD)
    job = Job.objects.create(kind="load", status=JobStatus.REFUSED, la_code=LA, errors=2,
                             summary="Refused: 2 errors. Nothing was loaded; the warehouse "
                                     "is unchanged.",
                             finished=timezone.now() - dt.timedelta(days=120))
    for row, column in ((3, "SEX"), (2, "DECOM"), (4, "DECOM")):
        Finding.objects.create(job=job, file="header.csv", row=row, column=column,
                               rule="", severity="error" if row < 4 else "warning",
                               message="Not a valid code", child=f"C{row}")
    assert purge_findings().findings == 3
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop in this thread
    try:
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                        args=ARGS)
            analyst = Visitor(browser, live_server.url, tmp_path, "retention")
            analyst.sign_in("demo-analyst")
            analyst.open(f"/uploads/{job.pk}/")
            detail = analyst.page.inner_text("main")
            analyst.open("/uploads/")
            index = analyst.page.inner_text("main")
            analyst.close()
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    assert analyst.violations == {}
    assert "counts by rule are kept" in detail and "2 errors and 1 warning" in detail
    assert "C3" not in detail and "3 findings (counts only)" in index
