"""The Panel's papers for download: every paper, in every format, for every role."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.db import connections

from carepanel.web.audit.models import AuditEvent
from carepanel.web.roles import ROLES
from carepanel.web.scorecard_pages import papers
from carepanel.web.scorecard_pages.models import PanelPaper, PaperFile
from carepanel.web.strategy.models import Action, Priority, ProgressUpdate

from .scorecard_data import Q1, QUARTER_FIGURES, snapshot
from .support import client_for

pytestmark = pytest.mark.django_db
QUERY = f"?la=883&period={Q1.isoformat()}"
KINDS = ("scorecard", "progress")
FORMATS = ("pdf", "docx", "xlsx")


@pytest.fixture
def tracker(people: dict[str, Any]) -> Action:
    """A strategy with an action linked to two measures and a progress update."""
    priority = Priority.objects.create(title="Stable homes", order=1)
    action = Action.objects.create(priority=priority, what="Recruit twelve foster carers",
                                   owner=people["officer"], measures="3.5, 3.6",
                                   due_date=dt.date.today() + dt.timedelta(days=90))
    ProgressUpdate.objects.create(action=action, text="Six approved so far.",
                                  author=people["officer"])
    return action


def _opens(data: bytes, fmt: str) -> bool:
    """The file is what its format says: a PDF, or an Office zip with its main part."""
    if fmt == "pdf":
        return data.startswith(b"%PDF-")
    main = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[fmt]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return main in archive.namelist()


@pytest.mark.parametrize("role", ROLES)
def test_every_paper_downloads_in_every_format(role: str, people: dict[str, Any],
                                               tracker: Action) -> None:
    snapshot(Q1, QUARTER_FIGURES)
    PanelPaper.objects.create(la_code="883", period_end=Q1, ready=True)
    client = client_for(people[role])
    public = role == "member"
    for kind in KINDS:
        for fmt in FORMATS:
            response = client.get(f"/scorecard/papers/{kind}.{fmt}{QUERY}")
            assert response.status_code == 200, (kind, fmt, role)
            disposition = response["Content-Disposition"]
            assert disposition.startswith(f'attachment; filename="{kind}_'), disposition
            assert disposition.endswith(f'{"_public" if public else ""}.{fmt}"'), disposition
            assert _opens(response.content, fmt), (kind, fmt, role)
            event = AuditEvent.objects.filter(action="download").latest("pk")
            assert event.actor == people[role] and event.changes["file"] in disposition
    assert AuditEvent.objects.filter(action="download").count() == len(KINDS) * len(FORMATS)


def _pdf_pages(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "paper.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_a_paper_not_ready_is_marked_draft_on_every_page(people: dict[str, Any],
                                                         tmp_path: Path,
                                                         poppler: None) -> None:
    snapshot(Q1, QUARTER_FIGURES)
    member = client_for(people["member"])
    assert "every page of it is marked DRAFT" in " ".join(
        member.get(f"/scorecard/papers/{QUERY}").content.decode().split())
    response = member.get(f"/scorecard/papers/scorecard.pdf{QUERY}")
    assert response["Content-Disposition"].endswith('_public_DRAFT.pdf"')
    pages = _pdf_pages(response.content, tmp_path)
    assert len(pages) > 1
    assert all("DRAFT: not yet ready for the Panel" in page for page in pages)
    word = member.get(f"/scorecard/papers/scorecard.docx{QUERY}").content
    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        footers = [archive.read(n).decode() for n in archive.namelist()
                   if n.startswith("word/footer")]
    assert footers and all("DRAFT" in f for f in footers)  # the footer of every page
    book = openpyxl.load_workbook(io.BytesIO(
        member.get(f"/scorecard/papers/scorecard.xlsx{QUERY}").content))
    assert all("DRAFT" in str(sheet["A1"].value) for sheet in book.worksheets)
    # Marked ready: the same download is no longer a draft.
    PanelPaper.objects.create(la_code="883", period_end=Q1, ready=True)
    response = member.get(f"/scorecard/papers/scorecard.pdf{QUERY}")
    assert response["Content-Disposition"].endswith('_public.pdf"')
    assert not any("DRAFT" in page for page in _pdf_pages(response.content, tmp_path))


def test_marking_the_paper_ready_makes_every_version_once(
        people: dict[str, Any], settings: Any, django_capture_on_commit_callbacks: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Marked ready, the worker renders the members' and the staff's paper in each format;
    the downloads that follow are served from those files without rendering again."""
    from carepanel.reports import render as render_module

    settings.CAREPANEL_WORKER_SYNC = True
    snapshot(Q1, {k: v for k, v in QUARTER_FIGURES.items() if k not in ("1.6", "2.5", "3.5")})
    made: list[str] = []
    real = render_module.render
    monkeypatch.setattr(render_module, "render",
                        lambda report, fmt: made.append(fmt) or real(report, fmt))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people["analyst"]).post(
            "/scorecard/ready/", {"la": "883", "period": Q1.isoformat(), "ready": "1"})
    assert response.status_code == 302
    assert sorted(made) == sorted(["pdf", "docx", "xlsx"] * 2)
    assert PaperFile.objects.count() == 6
    for role in ROLES:
        for fmt in FORMATS:
            client_for(people[role]).get(f"/scorecard/papers/scorecard.{fmt}{QUERY}")
    assert len(made) == 6  # nothing rendered again


@pytest.mark.django_db(transaction=True)
def test_people_asking_at_once_wait_for_one_rendering(people: dict[str, Any],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Six members open a fresh paper at the same moment: one renders it, five wait for
    that and are served the same file."""
    from carepanel.reports import render as render_module

    snap = snapshot(Q1, QUARTER_FIGURES)
    made: list[str] = []
    real = render_module.render

    def slow_render(report: Any, fmt: str) -> bytes:
        made.append(fmt)
        time.sleep(0.5)  # long enough for every other request to arrive meanwhile
        return real(report, fmt)

    monkeypatch.setattr(render_module, "render", slow_render)
    results: list[bytes] = []

    def download() -> None:
        try:
            results.append(papers.scorecard_file(snap, True, "xlsx"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=download) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert made == ["xlsx"]
    assert len(results) == 6 and len(set(results)) == 1
