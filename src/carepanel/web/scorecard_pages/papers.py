"""The Panel's papers for download, made by ``carepanel.reports`` from the web app's data.

The scorecard paper is built from a ``ScorecardSnapshot`` (``figures()``: the scorecard,
trends and cohort profile the worker built with ``carepanel.reports.scorecard.gather``), the
commentary written in the web app and, for members, with disclosure control on
(``public=True``: the ``--public`` paper); a council's paper carries that council's
commentary only. The progress report is built from the strategy
tracker. No warehouse is opened. A rendered paper is kept (``PaperFile``) until anything it
is made from changes, so a second download is immediate.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import hashlib
import json
from collections.abc import Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from carepanel.reports.commentary import Commentary as PaperCommentary
from carepanel.reports.commentary import CommentaryFile
from carepanel.reports.model import Report
from carepanel.web.accounts.models import ServiceSettings
from carepanel.web.audit.recording import record
from carepanel.web.db import data_dir
from carepanel.web.roles import require, sees_unsuppressed_figures
from carepanel.web.scorecard_pages.models import (
    Commentary,
    PanelPaper,
    PaperFile,
    ScorecardSnapshot,
)
from carepanel.web.scorecard_pages.views import Selection, selection

KINDS = ("scorecard", "progress")
FORMATS = {
    "pdf": ("application/pdf", "PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "Word"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
}
VERSION = "2"  # bump to make every kept paper again (after a change to how they are made)


# --- the scorecard paper, from its snapshot -------------------------------------------------

def commentary_file(period_end: dt.date, *, la_code: str) -> CommentaryFile:
    """The council's current commentary on each measure for the period, with who wrote it
    and when."""
    entries = {}
    for c in Commentary.objects.filter(la_code=la_code, period_end=period_end) \
            .select_related("author").order_by("measure", "-created", "-id"):
        if c.measure in entries:
            continue  # an older version: the newest is current
        entries[c.measure] = PaperCommentary(
            measure=c.measure, text=c.text,
            author=c.author.get_full_name() or c.author.get_username(),
            date=timezone.localtime(c.created).date())
    return CommentaryFile(entries, period_end, "commentary written in the web app")


def council_name(snap: ScorecardSnapshot) -> str:
    """The council a scorecard paper is about: the name an administrator set when the web
    app holds that council only, else the DfE's name for it, else the service's setting."""
    row = ServiceSettings.current()
    only = not ScorecardSnapshot.objects.exclude(la_code=snap.la_code).exists()
    if row.pk and row.council_name and only:
        return row.council_name  # saved on the Settings page
    return snap.la_name or row.council_name


def is_ready(snap: ScorecardSnapshot) -> bool:
    return PanelPaper.objects.filter(la_code=snap.la_code, period_end=snap.period_end,
                                     ready=True).exists()


DRAFT_MARK = "DRAFT: not yet ready for the Panel"


def marked_draft(report: Report) -> Report:
    """The paper with DRAFT in its title, on the head of every sheet, and in the marking
    printed on every page (PDF footer, Word header, the workbook's About sheet)."""
    return dataclasses.replace(
        report, title=f"DRAFT: {report.title}",
        subtitle=f"{report.subtitle} ({DRAFT_MARK})",
        marking_text=f"{DRAFT_MARK}. {report.marking}")


def scorecard_report(snap: ScorecardSnapshot, public: bool, *,
                     draft: bool | None = None) -> Report:
    """The Panel's scorecard paper from a snapshot; marked DRAFT on every page unless the
    quarter's paper is marked ready (``draft`` None: as it is marked now)."""
    from carepanel.reports import scorecard as paper

    options = paper.PaperOptions(council_name=council_name(snap), public=public,
                                 commentary=commentary_file(snap.period_end,
                                                            la_code=snap.la_code))
    figures = snap.figures()  # SnapshotOutdated for one saved before figures were kept
    report = paper.paper(figures.card, figures.paper_trends(), options, figures.profile)
    if draft is None:
        draft = not is_ready(snap)
    return marked_draft(report) if draft else report


# --- the strategy, from the tracker -----------------------------------------------------------

def strategy_from_tracker() -> Any:
    """The tracker's priorities, actions and "You said, we did", as ``reports.strategy``
    reads them from a file."""
    from carepanel.reports.strategy import Action, Priority, Strategy, Update, YouSaid
    from carepanel.web.strategy.models import Action as ActionRow
    from carepanel.web.strategy.models import Priority as PriorityRow
    from carepanel.web.strategy.models import YouSaidWeDid

    def person(user: Any) -> str | None:
        return (user.get_full_name() or user.get_username()) if user is not None else None

    def words(code: str) -> str:
        return code.replace("_", " ")

    priorities = []
    actions = ActionRow.objects.select_related("owner").prefetch_related("updates")
    for p in PriorityRow.objects.all():
        rows = [a for a in actions if a.priority_id == p.pk]
        priorities.append(Priority(p.title, p.description or None, [
            Action(what=a.what, owner=person(a.owner), due=a.due_date, status=words(a.status),
                   measures=a.measure_list,
                   updates=[Update(u.date, u.text) for u in a.updates.all()])
            for a in rows]))
    asks = [YouSaid(y.date, y.you_said, y.we_did or None, words(y.status), person(y.owner))
            for y in YouSaidWeDid.objects.select_related("owner")]
    return Strategy("Corporate parenting strategy", priorities, asks, "the strategy tracker")


def progress_report(public: bool, as_of: dt.date) -> Report:
    from carepanel.reports import progress

    return progress.build(strategy_from_tracker(), as_of,
                          council=ServiceSettings.current().council_name, public=public)


# --- rendering, kept ---------------------------------------------------------------------------

def _hash(*parts: Any) -> str:
    text = json.dumps(parts, sort_keys=True, cls=DjangoJSONEncoder, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _scorecard_inputs(snap: ScorecardSnapshot, public: bool) -> str:
    notes = list(Commentary.objects.filter(la_code=snap.la_code, period_end=snap.period_end)
                 .values_list("pk", "redacted_at").order_by("pk"))
    settings_row = ServiceSettings.current()
    return _hash(VERSION, snap.pk, snap.computed_at, notes, public, council_name(snap),
                 settings_row.suppression_threshold, is_ready(snap))


def _progress_inputs(public: bool, as_of: dt.date) -> str:
    from carepanel.web.audit.models import AuditEvent

    # Any change to the tracker is an audit event of one of its models.
    last = AuditEvent.objects.filter(object_type__startswith="strategy.").order_by("-pk") \
        .values_list("pk", flat=True).first()
    names = list(get_user_model().objects.order_by("pk").values_list(
        "pk", "first_name", "last_name"))
    return _hash(VERSION, last, names, public, as_of,
                 ServiceSettings.current().council_name)


def _kept(key: str, inputs: str) -> bytes | None:
    kept = PaperFile.objects.filter(key=key, inputs=inputs).values_list("content", flat=True)
    content = kept.first()
    return bytes(content) if content is not None else None


@contextlib.contextmanager
def _rendering(key: str) -> Iterator[None]:
    """Be the only one rendering paper ``key``: on PostgreSQL an advisory lock (every
    process on every machine sharing the database), elsewhere a lock file in the data
    folder (every process on this machine; each thread opens its own)."""
    name = hashlib.sha256(key.encode()).hexdigest()
    conn = connections["default"]
    if conn.vendor == "postgresql":
        lock_id = int(name[:15], 16)  # fits PostgreSQL's bigint
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [lock_id])
        try:
            yield
        finally:
            with conn.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_id])
        return
    folder = data_dir() / "paper-locks"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name[:32]}.lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def rendered(key: str, inputs: str, make: Any, fmt: str) -> bytes:
    """The kept file when its inputs are unchanged, else one rendered now and kept.

    Each version of a paper is rendered once: whoever finds it missing renders it holding
    the paper's lock, and everyone asking meanwhile waits for that lock and then serves the
    file it kept (six members opening a fresh PDF on Panel day make one PDF, not six).
    Marking a paper ready renders it ahead in the background worker (``render_ahead``)."""
    from carepanel.reports.render import render as render_report

    data = _kept(key, inputs)
    if data is not None:
        return data
    with _rendering(key):
        data = _kept(key, inputs)  # rendered while this request waited for the lock
        if data is not None:
            return data
        data = render_report(make(), fmt)
        with transaction.atomic():
            PaperFile.objects.update_or_create(key=key, defaults={"inputs": inputs,
                                                                  "content": data})
    return data


def scorecard_file(snap: ScorecardSnapshot, public: bool, fmt: str) -> bytes:
    """The scorecard paper for a snapshot, rendered once per version."""
    key = f"scorecard:{snap.la_code}:{snap.period_end.isoformat()}:{public}:{fmt}"
    return rendered(key, _scorecard_inputs(snap, public),
                    lambda: scorecard_report(snap, public), fmt)


def render_ahead(la_code: str, period_end: dt.date) -> int:
    """Render every version of a council's paper for the period (members' and staff's, in
    every format) so the first downloads are immediate: the worker's job after the paper
    is marked ready. Returns how many files it made or found."""
    snap = ScorecardSnapshot.objects.filter(la_code=la_code, period_end=period_end).first()
    if snap is None:
        return 0
    for public in (True, False):
        for fmt in FORMATS:
            scorecard_file(snap, public, fmt)
    return 2 * len(FORMATS)


# --- pages -------------------------------------------------------------------------------------

def _file_name(kind: str, sel: Selection | None, public: bool, fmt: str, as_of: dt.date) -> str:
    suffix = "_public" if public else ""
    if kind == "scorecard" and sel is not None:
        draft = "" if is_ready(sel.snapshot) else "_DRAFT"
        return f"scorecard_{sel.la_code}_{sel.period_end.isoformat()}{suffix}{draft}.{fmt}"
    return f"progress_{as_of.isoformat()}{suffix}.{fmt}"


@require("download_papers")
def papers(request: HttpRequest) -> HttpResponse:
    sel = selection(request)
    public = not sees_unsuppressed_figures(request.user)
    return render(request, "scorecard_pages/papers.html", {
        "sel": sel, "public": public, "formats": [(k, v[1]) for k, v in FORMATS.items()],
        "today": timezone.localdate(), "ready": sel is not None and is_ready(sel.snapshot),
    })


@require("download_papers")
def download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in KINDS or fmt not in FORMATS:
        raise Http404("no such paper")
    public = not sees_unsuppressed_figures(request.user)
    as_of = timezone.localdate()
    sel = selection(request) if kind == "scorecard" else None
    if kind == "scorecard":
        if sel is None:
            raise Http404("no scorecard yet")
        data = scorecard_file(sel.snapshot, public, fmt)
    else:
        key = f"progress:{public}:{fmt}"
        data = rendered(key, _progress_inputs(public, as_of),
                        lambda: progress_report(public, as_of), fmt)
    response = HttpResponse(data, content_type=FORMATS[fmt][0])
    # The name is ours, never taken from the request.
    name = _file_name(kind, sel, public, fmt, as_of)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    record("download", f"Downloaded the {kind} paper {name}",
           object_type_name="scorecard_pages.panelpaper",
           changes={"kind": kind, "format": fmt, "public": public, "file": name,
                    "la_code": sel.la_code if sel else "",
                    "period_end": sel.period_end if sel else None})
    return response
