"""The web app's single background worker: the only part of it that opens the warehouse.

The DuckDB warehouse has one writer at a time, and child-level rows must stay in it, so web
requests never open it (``tests/web/test_boundaries.py``). Requests create a ``Job`` row and
hand it here; one thread runs the jobs one after another, holding a lock that is shared by
every thread of the process and, through a lock file beside the warehouse, by every process
on the machine. Two kinds of job:

* **load**: read and check an uploaded return with ``carepanel.ssda903.load.read_returns``,
  exactly as ``carepanel load`` does. A return with any error is refused whole and the
  warehouse is not opened for writing; otherwise it is loaded in one transaction. Every
  finding (file, row, column, rule, message and the child's identifier) is saved with the
  job for analysts to read. A load that changed the warehouse is followed by a recompute.
* **recompute**: build the scorecard (``carepanel.scorecard.build``) for every council and
  every quarter end from its earliest return to its latest reference date, with the manual
  measures' values entered in the web app, and save each as a ``ScorecardSnapshot``
  (aggregates only) with the trend series the measure pages chart.

``CAREPANEL_WORKER_SYNC`` runs each job at once in the caller's thread (tests, the publish
command); the code path is otherwise the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import queue
import shutil
import threading
import traceback
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

from carepanel.scorecard.build import months_back
from carepanel.scorecard.config import ScorecardConfig
from carepanel.scorecard.config import load as load_config
from carepanel.scorecard.manual import ManualValue, ManualValues
from carepanel.ssda903.findings import Finding as ReturnFinding
from carepanel.ssda903.findings import LoadRefused
from carepanel.web.audit.recording import record
from carepanel.web.scorecard_pages.models import ManualMeasureValue, ScorecardSnapshot
from carepanel.web.uploads.models import Finding, Job, JobKind, JobStatus

log = logging.getLogger(__name__)

# One warehouse writer per process (re-entrant: a load runs its recompute while holding it).
_LOCK = threading.RLock()
_queue: queue.Queue[int] = queue.Queue()
_thread: threading.Thread | None = None
_thread_guard = threading.Lock()

TREND_QUARTERS = 5
TREND_YEARS = 3


# --- settings -----------------------------------------------------------------------------

def warehouse_path() -> Path:
    """The warehouse to use: ``CAREPANEL_WAREHOUSE``; else the one the last finished job
    used (``carepanel_publish --warehouse FILE`` then ``carepanel serve`` keeps working with
    FILE); else the CLI's default (``carepanel.warehouse.default_path``)."""
    if settings.CAREPANEL_WAREHOUSE:
        return Path(settings.CAREPANEL_WAREHOUSE)
    last = (Job.objects.filter(status__in=(JobStatus.LOADED, JobStatus.DONE))
            .exclude(warehouse="").order_by("-finished", "-pk")
            .values_list("warehouse", flat=True).first())
    if last:
        return Path(last)
    from carepanel.warehouse import default_path

    return default_path()


_config_cache: dict[tuple[str, float], ScorecardConfig] = {}


def scorecard_config() -> ScorecardConfig:
    """The scorecard configuration in use (re-read when its file changes)."""
    path = settings.CAREPANEL_SCORECARD_CONFIG
    stamp = os.stat(path).st_mtime if path else 0.0
    key = (str(path or ""), stamp)
    if key not in _config_cache:
        _config_cache.clear()
        _config_cache[key] = load_config(Path(path) if path else None)
    return _config_cache[key]


# --- the lock -----------------------------------------------------------------------------

@contextlib.contextmanager
def holding_warehouse(path: Path) -> Iterator[None]:
    """Be the warehouse's only user: this process's lock, then a lock file beside it that
    other processes (a second server process, a worker started by hand) also take."""
    with _LOCK:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock_file = path.with_name(path.name + ".carepanel-lock")
        with open(lock_file, "a+b") as fh:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - Windows: the process lock only
                yield
                return
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# --- queueing -----------------------------------------------------------------------------

def submit(job: Job) -> Job:
    """Run ``job`` now (synchronous setting) or hand it to the background thread once the
    request's transaction has committed. Returns the job (refreshed when run now)."""
    if settings.CAREPANEL_WORKER_SYNC:
        return run_job(job.pk)
    start()
    transaction.on_commit(lambda: _queue.put(job.pk))
    return job


def start(recover: bool = False) -> None:
    """Start the background thread (once per process) and queue any jobs left waiting (a
    job runs once however many processes queue it: ``run_job`` claims it first).

    ``recover`` (``carepanel serve``, the only process on one machine): jobs still marked
    running were cut off when the service last stopped, so they are marked failed. A
    server with several processes must not, since another process may be running them."""
    global _thread
    with _thread_guard:
        if _thread is not None and _thread.is_alive():
            return
        if recover:
            for job in Job.objects.filter(status=JobStatus.RUNNING):
                _finish(job, JobStatus.FAILED, "The service stopped while this job was "
                                                "running. Run it again.")
        for pk in Job.objects.filter(status=JobStatus.QUEUED).order_by("pk") \
                .values_list("pk", flat=True):
            _queue.put(pk)
        _thread = threading.Thread(target=_loop, name="carepanel-worker", daemon=True)
        _thread.start()


def _loop() -> None:
    while True:
        pk = _queue.get()
        try:
            close_old_connections()
            run_job(pk)
        except Exception:  # a job's own failure is recorded on it; keep serving the queue
            log.exception("worker: job %s", pk)
        finally:
            connections.close_all()
            _queue.task_done()


def wait_until_idle(timeout: float = 60.0) -> bool:
    """Block until the queue is empty (for tests of the threaded path)."""
    deadline = timezone.now() + dt.timedelta(seconds=timeout)
    while _queue.unfinished_tasks:
        if timezone.now() > deadline:
            return False
        threading.Event().wait(0.05)
    return True


def run_job(pk: int) -> Job:
    """Claim the job (if nobody else has) and run it; returns it as it ended."""
    claimed = Job.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started=timezone.now())
    job = Job.objects.get(pk=pk)
    if not claimed:
        return job
    try:
        if job.kind == JobKind.LOAD:
            _load(job)
        elif job.kind == JobKind.RECOMPUTE:
            _recompute(job)
        else:
            _finish(job, JobStatus.FAILED, f"Unknown kind of job: {job.kind}")
    except Exception as e:
        log.error("worker: job %s failed\n%s", pk, traceback.format_exc())
        _finish(job, JobStatus.FAILED, f"The job failed: {type(e).__name__}: {e}")
    finally:
        if job.folder:
            _remove_upload(job)
    job.refresh_from_db()
    return job


def _finish(job: Job, status: str, summary: str, **fields: Any) -> None:
    job.status, job.summary, job.finished = status, summary, timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()


def _remove_upload(job: Job) -> None:
    """Uploaded files are never kept: they name children and are never served back."""
    shutil.rmtree(job.folder, ignore_errors=True)
    job.folder = ""
    job.save(update_fields=["folder"])


# --- load ---------------------------------------------------------------------------------

def _shown_path(text: str | None, folder: Path) -> str:
    """A finding names the file as uploaded, not the temporary folder it waited in."""
    return (text or "").replace(str(folder) + os.sep, "").replace(str(folder), "upload")


def _save_findings(job: Job, findings: Iterable[ReturnFinding], folder: Path) -> None:
    Finding.objects.bulk_create([
        Finding(job=job, file=_shown_path(f.file, folder)[:300], row=f.row,
                column=(f.column or "")[:100], rule=(f.rule or "")[:50],
                severity=f.severity, message=_shown_path(f.message, folder),
                child=(f.child or "")[:100])
        for f in findings], batch_size=500)


def _load(job: Job) -> None:
    from carepanel.ssda903.load import read_returns
    from carepanel.warehouse import Warehouse

    folder = Path(job.folder)
    try:
        returns = read_returns([folder], la_code=job.la_code or None,
                               reference_date=job.reference_date)
    except LoadRefused as refused:
        _save_findings(job, refused.findings, folder)
        errors = sum(f.severity == "error" for f in refused.findings)
        warnings = len(refused.findings) - errors
        _finish(job, JobStatus.REFUSED,
                f"Refused: {errors} error{'s' if errors != 1 else ''}. Nothing was loaded; "
                "the warehouse is unchanged.", errors=errors, warnings=warnings)
        record("upload_refused", f"Upload #{job.pk} refused: {errors} errors, nothing loaded",
               actor=job.created_by, object_type_name="uploads.job", object_id=str(job.pk),
               changes={"errors": errors, "warnings": warnings})
        return
    path = Path(job.warehouse) if job.warehouse else warehouse_path()
    job.warehouse = str(path)
    with holding_warehouse(path), Warehouse.open(path) as wh:
        result = wh.load(returns)
    warnings = [f for r in result.loaded for f in r.warnings]
    _save_findings(job, warnings, folder)
    parts = [_describe_return(r, "Loaded") for r in result.loaded]
    parts += [_describe_return(r, "Already loaded, unchanged") for r in result.unchanged]
    if warnings:
        parts.append(f"{len(warnings)} DfE validation warning{'s' if len(warnings) != 1 else ''}"
                     " recorded (they do not stop a load).")
    _finish(job, JobStatus.LOADED, " ".join(parts), warnings=len(warnings))
    record("upload_loaded", f"Upload #{job.pk} loaded: {len(result.loaded)} returns, "
           f"{len(result.unchanged)} unchanged", actor=job.created_by,
           object_type_name="uploads.job", object_id=str(job.pk),
           changes={"loaded": len(result.loaded), "unchanged": len(result.unchanged),
                    "warnings": len(warnings)})
    if result.loaded:
        follow_up = Job.objects.create(kind=JobKind.RECOMPUTE, created_by=job.created_by,
                                       triggered_by=job, warehouse=str(path))
        run_job(follow_up.pk)


def _describe_return(ret: Any, verb: str) -> str:
    rows = sum(len(f.rows) for f in ret.files)
    kind = "SSDA903 return" if ret.kind == "ssda903" else "local files"
    return (f"{verb}: council {ret.la_code}, {kind} to {ret.reference_date:%d %B %Y} "
            f"({len(ret.files)} tables, {rows:,} rows).")


# --- recompute ----------------------------------------------------------------------------

def quarter_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every quarter end (31 March, 30 June, 30 September, 31 December) from ``first`` to
    ``last``, and ``last`` itself (an in-year extract may end on another month end)."""
    out = []
    d = months_back(first, 0)  # the end of first's month
    while d <= last:
        if d.month in (3, 6, 9, 12) and d >= first:
            out.append(d)
        d = months_back(d, -1)
    if last not in out:
        out.append(last)
    return out


def council_periods(con: Any) -> dict[str, list[dt.date]]:
    """For each council, the period ends to build: its earliest to its latest return."""
    rows = con.execute(
        "SELECT la_code, min(reference_date), max(reference_date) FROM submissions "
        "WHERE kind = 'ssda903' GROUP BY la_code ORDER BY la_code").fetchall()
    return {la: quarter_ends(first, last) for la, first, last in rows}


def warehouse_periods(path: Path | None = None) -> dict[str, list[dt.date]]:
    """The period ends a recompute would build, by council (read under the lock)."""
    from carepanel.warehouse import Warehouse

    path = path or warehouse_path()
    with holding_warehouse(path), Warehouse.open(path, read_only=True) as wh:
        return council_periods(wh.con)


def publish(path: Path | None = None, user: Any = None) -> Job:
    """Recompute every snapshot from the warehouse at ``path``, now, in this thread (the
    publish command and the demo: the same job a recompute button starts)."""
    job = Job.objects.create(kind=JobKind.RECOMPUTE, created_by=user,
                             warehouse=str(path) if path is not None else "")
    return run_job(job.pk)


def _number(value: Decimal | None, unit: str) -> float | int | None:
    if value is None:
        return None
    if unit == "count" and value == value.to_integral_value():
        return int(value)
    return float(value)


def manual_values(config: ScorecardConfig) -> ManualValues:
    """The values officers entered in the web app, in the scorecard's own manual-values form
    (the same as ``carepanel scorecard --manual FILE``); they apply to every council."""
    out = []
    for v in ManualMeasureValue.objects.all():
        measure = config.measure(v.measure)
        if measure is None or not measure.is_manual:
            continue
        out.append(ManualValue(measure=v.measure, period_end=v.period_end, la_code=None,
                               value=_number(v.value, measure.unit),
                               numerator=v.numerator, denominator=v.denominator, note=None,
                               source=v.source_note))
    return ManualValues(out, "values entered in the web app")


def _recompute(job: Job) -> None:
    from carepanel.indicators.engine import NoData
    from carepanel.scorecard.build import build
    from carepanel.warehouse import Warehouse

    config = scorecard_config()
    manual = manual_values(config)
    wanted = {dt.date.fromisoformat(p) for p in job.periods}
    path = Path(job.warehouse) if job.warehouse else warehouse_path()
    job.warehouse = str(path)
    if not path.exists():
        _finish(job, JobStatus.FAILED, f"There is no warehouse at {path} yet: upload a "
                                       "return first.")
        return
    cards: list[dict[str, Any]] = []
    skipped: list[str] = []
    with holding_warehouse(path), Warehouse.open(path, read_only=True) as wh:
        periods = council_periods(wh.con)
        by_period: dict[dt.date, list[str]] = {}
        for la, ends in periods.items():
            for end in ends:
                if not wanted or end in wanted:
                    by_period.setdefault(end, []).append(la)
        for end, las in sorted(by_period.items()):
            try:
                built = build(wh.con, config, end, la_codes=las, manual=manual)
            except NoData as e:
                skipped.append(f"{end:%d/%m/%Y}: {e}")
                continue
            cards += [c.as_dict() for c in built]
    now = timezone.now()
    with transaction.atomic():
        for card in cards:
            ScorecardSnapshot.objects.update_or_create(
                la_code=card["la_code"], period_end=dt.date.fromisoformat(card["period_end"]),
                defaults={"la_name": card.get("la_name") or "", "computed_at": now,
                          "data": card})
        if not wanted:
            # A full recompute mirrors the warehouse: periods and councils it no longer
            # holds (another warehouse was published) go.
            keep = {(c["la_code"], c["period_end"]) for c in cards}
            for snap in ScorecardSnapshot.objects.all():
                if (snap.la_code, snap.period_end.isoformat()) not in keep:
                    snap.delete()
        refresh_trends(sorted({c["la_code"] for c in cards}))
    councils = sorted({c["la_code"] for c in cards})
    summary = (f"Built {len(cards)} scorecard{'s' if len(cards) != 1 else ''} for "
               f"{len(councils)} council{'s' if len(councils) != 1 else ''} "
               f"({', '.join(councils) or 'none'}).")
    if skipped:
        summary += " Not built: " + "; ".join(skipped)
    _finish(job, JobStatus.DONE, summary)
    record("recompute", summary[:500], actor=job.created_by, object_type_name="uploads.job",
           object_id=str(job.pk), changes={"snapshots": len(cards), "councils": councils,
                                           "periods": job.periods or "all"})


def affected_periods(period_end: dt.date) -> list[dt.date]:
    """Scorecards a value for ``period_end`` appears in: that period's own, the next
    quarter's (as its previous quarter) and next year's (as last year)."""
    return [period_end, months_back(period_end, -3), months_back(period_end, -12)]


def recompute_for_manual_value(period_end: dt.date, user: Any) -> Job | None:
    """After a manual value is saved: rebuild the scorecards it appears in that exist."""
    ends = [d for d in affected_periods(period_end)
            if ScorecardSnapshot.objects.filter(period_end=d).exists()]
    if not ends:
        return None
    job = Job.objects.create(kind=JobKind.RECOMPUTE, created_by=user,
                             periods=[d.isoformat() for d in ends])
    return submit(job)


# --- trends -------------------------------------------------------------------------------

def trend_dates(period_end: dt.date) -> tuple[list[dt.date], list[dt.date]]:
    """The last five quarter ends and the last three 31 Marches up to ``period_end``,
    oldest first."""
    quarters = [months_back(period_end, 3 * k) for k in range(TREND_QUARTERS - 1, -1, -1)]
    year = period_end.year if (period_end.month, period_end.day) >= (3, 31) else (
        period_end.year - 1)
    years = [dt.date(year - k, 3, 31) for k in range(TREND_YEARS - 1, -1, -1)]
    return quarters, years


def _unreached(point: dict[str, Any]) -> bool:
    """A period the warehouse does not reach: scorecard.build's "no data for ..." note."""
    return point.get("value") is None and str(point.get("note") or "").startswith("no data for")


def _point(snapshot: ScorecardSnapshot, others: dict[dt.date, ScorecardSnapshot],
           number: str, when: dt.date) -> dict[str, Any] | None:
    source: dict[str, Any] | None = None
    if when in others:
        m = others[when].measure(number)
        if m is not None:
            source = {"value": m["value"], "numerator": m["numerator"],
                      "denominator": m["denominator"], "note": m["note"],
                      "suppressed": bool(m.get("suppressed"))}
    else:
        m = snapshot.measure(number)
        if m is not None:
            for key in ("previous_quarter", "last_year"):
                if m[key]["period_end"] == when.isoformat():
                    source = {**m[key], "suppressed": bool(m[key].get("suppressed"))}
    if source is None or _unreached(source):
        return None
    return {"period_end": when.isoformat(), "value": source["value"],
            "numerator": source["numerator"], "denominator": source["denominator"],
            "note": source["note"], "suppressed": source["suppressed"]}


def refresh_trends(la_codes: Iterable[str]) -> None:
    """Write each snapshot's trend series from the council's other snapshots (so a
    recompute of one period also updates the trends of the periods after it)."""
    for la in la_codes:
        snapshots = list(ScorecardSnapshot.objects.filter(la_code=la))
        by_end = {s.period_end: s for s in snapshots}
        for snap in snapshots:
            quarters, years = trend_dates(snap.period_end)
            trends = {}
            for m in snap.measures():
                number = m["number"]
                trends[number] = {
                    "quarters": [p for d in quarters
                                 if (p := _point(snap, by_end, number, d)) is not None],
                    "years": [p for d in years
                              if (p := _point(snap, by_end, number, d)) is not None],
                }
            snap.trends = trends
            snap.save(update_fields=["trends"])
