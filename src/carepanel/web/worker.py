"""The web app's single background worker: the only part of it that opens the warehouse.

The DuckDB warehouse has one writer at a time, and child-level rows must stay in it, so web
requests never open it (``tests/web/test_boundaries.py``). Requests create a ``Job`` row and
queue it as a task of Django's task framework (django-tasks, built into Django 6) on its
database backend (django_tasks_db); a worker claims ready tasks, oldest first, with that
backend's claim and runs them one after another, holding a lock that is shared by every
thread of the process and, through a lock file beside the warehouse, by every process on
the machine. The job row is what people read (status, summary, findings, audit); the
task row only says that the task ran. The worker is a thread of the server process
(``CAREPANEL_WORKER=thread``, ``carepanel serve``) or a process of its own (``external``:
``carepanel worker``, for a server with several processes). A running job's heartbeat is
kept fresh from a side thread; a job whose heartbeat stops (its worker died) is failed, with
its task, by the next worker that looks: django-tasks has no heartbeat or recovery of its
own. Three kinds of job:

* **load**: read, check and store an uploaded return with ``carepanel.ssda903.intake``,
  exactly as ``carepanel load`` does, in one run that holds the warehouse from reading
  last year's return to the commit. A file that cannot be read refuses the upload whole (and
  with "strict", any bad value does); otherwise it is loaded in one transaction, bad values
  kept as received and left out of the figures. Every finding (file, row, column, rule,
  message and the child's identifier) is saved with the job for analysts to read. A load
  that changed the warehouse is followed by a recompute.
* **recompute**: gather everything the paper reads (``carepanel.reports.scorecard.gather``:
  the scorecard, each measure's trend at the last five quarter ends and the last three
  31 Marches, the cohort profile) for every council and every quarter end from its earliest
  return to its latest reference date, with the manual measures' values entered in the web
  app, and save each as a ``ScorecardSnapshot`` (aggregates only): its ``PaperFigures``,
  which every page and paper reads. A recompute for some periods only (after a manual
  value) rebuilds every scorecard that shows the value (``affected_periods``).
* **render**: make every version of a council's paper for a period once it is marked ready
  (``scorecard_pages.papers.render_ahead``), so the Panel's downloads are immediate.

``CAREPANEL_WORKER_SYNC`` runs each job at once in the caller's thread (tests, the publish
command); the code path is otherwise the same. The worker also reduces upload findings
older than ``CAREPANEL_FINDINGS_RETENTION_DAYS`` to counts (``uploads.retention``). Its log
names jobs by number and kind only: never a child, and never an exception's message.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import os
import shutil
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from carepanel.faults import Fault
from carepanel.reports.scorecard import TREND_QUARTERS, TREND_YEARS, trend_periods, year_ends
from carepanel.scorecard.build import Scorecard, months_back
from carepanel.scorecard.config import ScorecardConfig
from carepanel.scorecard.config import load as load_config
from carepanel.scorecard.manual import ManualValue, ManualValues
from carepanel.ssda903.findings import Finding as ReturnFinding
from carepanel.ssda903.findings import LoadRefused
from carepanel.web.audit.recording import record
from carepanel.web.scorecard_pages.models import ManualMeasureValue, ScorecardSnapshot
from carepanel.web.uploads.models import Finding, Job, JobKind, JobStatus

try:  # Django 6 has the task framework built in; 5.2 has it from the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:
    from django_tasks import task

log = logging.getLogger(__name__)

# One warehouse writer per process (re-entrant: a load runs its recompute while holding it).
_LOCK = threading.RLock()


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
#
# A queued job is a task of Django's task framework (``run_queued_job``) on its database
# backend (django_tasks_db): the task's row is written in the same transaction as the job's,
# so a job is queued exactly when its row exists, and survives the process that queued it.
# Workers take tasks with django_tasks_db's claim (the oldest ready task, its row locked
# and rows other workers hold skipped on PostgreSQL; an exclusive transaction on SQLite)
# and run them with its runner, so any number of workers (threads of several server
# processes, a `carepanel worker` process) share one queue and a task runs once. The job
# row stays the record people read (status page, findings, audit); the task's row says
# only that the task ran. django-tasks has no heartbeat and no recovery of a task whose
# worker died, so carepanel keeps both (below), and its own loop around the claim for
# the hourly purge, waking at once for this process's jobs, and the stop signals.

class _ThisProcess:
    """What this process's worker knows about itself (one object rather than a module
    global for each)."""

    def __init__(self) -> None:
        # Set when this process queues a job: look now, not at the poll.
        self.wake = threading.Event()
        # Set by a second stop signal to `carepanel worker`: abandon the job running now.
        self.stop_now = threading.Event()
        # This process's worker thread (``start``) and what stops it (``stop``).
        self.thread: threading.Thread | None = None
        self.stop_thread = threading.Event()
        # The jobs this process is running now (a load runs its recompute inside it), so
        # that a stopping server can fail them rather than leave them to the stale limit.
        self.running: set[int] = set()
        self.lock = threading.Lock()  # guards ``thread`` and ``running``


_process = _ThisProcess()

PURGE_EVERY = 3600.0  # seconds between purges of expired findings (uploads.retention)
STOPPED_SUMMARY = ("The worker was stopped while this job was running, before it finished. "
                   "Run it again.")


def threaded() -> bool:
    """Whether this process runs jobs on a worker thread of its own (``CAREPANEL_WORKER``
    is ``thread`` and jobs are not run in the request)."""
    return settings.CAREPANEL_WORKER == "thread" and not settings.CAREPANEL_WORKER_SYNC


def submit(job: Job) -> Job:
    """Run ``job`` now (``CAREPANEL_WORKER_SYNC``), else queue it for a worker and, once
    the request's transaction has committed, wake this process's worker thread (in
    ``external`` mode the worker process finds it at its next poll). Returns the job
    (refreshed when run now)."""
    if settings.CAREPANEL_WORKER_SYNC:
        return run_job(job.pk)
    queue(job)
    transaction.on_commit(_kick)
    return job


def queue(job: Job) -> Job:
    """Queue ``job`` as a task, in the caller's transaction: the job and its task are
    written together or not at all. The job keeps the task's id."""
    result = run_queued_job.enqueue(job.pk)
    job.task_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


@task()
def run_queued_job(pk: int) -> str:
    """The task a queued job is: run job ``pk`` unless another worker has, and return how
    it ended. An exception escaping the job is replaced by one naming its type and place
    only: django-tasks stores and logs a failed task's traceback, and a message can quote
    a value from a return."""
    try:
        return run_job(pk).status
    except Exception as e:
        raise JobError(f"job {pk}: {describe_error(e)}") from None


class JobError(Exception):
    """A job that ended with an unexpected error, described without its message."""


class WorkerStopped(Exception):
    """Recorded on the task of a job whose worker died or was stopped (``_fail_task``)."""


def _kick() -> None:
    start()
    _process.wake.set()


def wake() -> None:
    """Make an idle worker of this process look for jobs (or notice it must stop) now."""
    _process.wake.set()


def stop_now() -> NoReturn:
    """Abandon the job running (a second SIGTERM or Ctrl+C to `carepanel worker`, in its
    main thread): the job is marked failed and KeyboardInterrupt ends the worker."""
    _process.stop_now.set()
    raise KeyboardInterrupt


def start() -> bool:
    """Start this process's worker thread if it runs one (see ``threaded``) and it is not
    running yet. Returns whether a worker thread is running."""
    if not threaded():
        return False
    with _process.lock:
        if _process.thread is not None and _process.thread.is_alive():
            return True
        _process.stop_thread = threading.Event()
        _process.thread = threading.Thread(target=work, args=(_process.stop_thread,),
                                           name="carepanel-worker", daemon=True)
        _process.thread.start()
    return True


def thread_running() -> bool:
    """Whether this process's worker thread is running."""
    thread = _process.thread
    return thread is not None and thread.is_alive()


def stop(wait: float = 10.0) -> bool:
    """Stop this process's worker thread (a server shutting down): it takes no new job and
    is given ``wait`` seconds to finish the one it is running. A job still running then is
    marked failed, since the process is about to end. Returns whether the thread ended."""
    thread = _process.thread
    if thread is None:
        return True
    _process.stop_thread.set()
    _process.wake.set()
    thread.join(wait)
    if thread.is_alive():
        fail_running(STOPPED_SUMMARY)
        return False
    with _process.lock:
        if _process.thread is thread:
            _process.thread = None
    return True


def work(stop_event: threading.Event, once: bool = False) -> int:
    """The worker: run queued jobs, oldest first, until ``stop_event`` is set (``once``:
    until none is queued). First it publishes the identifier digests again if the secret
    key changed (``refresh_identifiers``). Before each job it fails jobs whose worker died
    (``fail_stale_jobs``) and, about hourly, reduces expired findings to counts and drops
    old task rows. An idle worker sleeps until this process queues a job or the poll
    interval has passed. Returns the number of tasks it ran."""
    _process.stop_now.clear()
    ran = 0
    next_purge = 0.0
    try:
        queue_untasked()
        refresh_identifiers()
    except Exception as e:
        if once:
            raise
        log.error("worker: %s", describe_error(e))
    finally:
        _release_connections()
    while not stop_event.is_set():
        try:
            fail_stale_jobs()
            if time.monotonic() >= next_purge:
                _purge()
                next_purge = time.monotonic() + PURGE_EVERY
            claimed = next_task()
            if claimed is not None:
                task_runner().run_task(claimed)
                if _process.stop_now.is_set():
                    raise KeyboardInterrupt  # the runner recorded the task as failed
                ran += 1
                continue
        except Exception as e:
            if once:
                raise
            # The database may be down or restarting: say so, then try again at the poll.
            log.error("worker: %s", describe_error(e))
        finally:
            _release_connections()
        if once:
            break
        _process.wake.wait(settings.CAREPANEL_WORKER_POLL_SECONDS)
        _process.wake.clear()  # before looking: a job queued from now on wakes the next wait
    return ran


def queue_untasked() -> list[int]:
    """Queue as tasks the jobs left waiting with none: queued before the worker ran on the
    task framework (an upgrade with jobs waiting). Were two workers to start together and
    both queue one, the job's own claim still runs it once. Returns the jobs queued."""
    queued = []
    for job in Job.objects.filter(status=JobStatus.QUEUED, task_id="").order_by("created", "pk"):
        with transaction.atomic():
            queue(job)
        log.info("worker: job %s (%s) queued as a task", job.pk, job.kind)
        queued.append(job.pk)
    return queued


# Finished task rows are kept this long: the job rows are the record, these only say that
# a task ran (django_tasks_db keeps them until pruned).
TASK_ROWS_KEPT = dt.timedelta(days=7)


def _purge() -> None:
    """The hourly housekeeping: expired findings reduced to counts, old task rows gone."""
    from django_tasks_db.models import DBTaskResult

    from carepanel.web.uploads.retention import purge_findings

    purge = purge_findings()
    if purge.jobs:
        log.info("worker: %s", purge.describe())
    DBTaskResult.objects.finished().filter(
        finished_at__lt=timezone.now() - TASK_ROWS_KEPT).delete()


def next_task() -> Any:
    """Claim the oldest ready task with django_tasks_db's own claim; None when none is
    ready (or SQLite's queue is locked by another worker's claim this moment: the next
    look finds it)."""
    from django.db import OperationalError
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

    tasks = DBTaskResult.objects.ready().filter(backend_name=run_queued_job.backend)
    if not tasks.exists():
        # An idle worker's look is a plain read: on SQLite the claim's exclusive
        # transaction would lock the whole database at every poll of every worker.
        return None
    try:
        with exclusive_transaction(tasks.db):
            claimed = tasks.get_locked()
            if claimed is not None:
                claimed.claim(_worker_id())
    except OperationalError as e:
        if is_locked_database_exception(e):
            return None
        raise
    return claimed


_worker_ids: dict[int, str] = {}


def _worker_id() -> str:
    """This process's name in the task rows it claims (unique across the pool)."""
    pid = os.getpid()
    if pid not in _worker_ids:
        from django.utils.crypto import get_random_string

        _worker_ids[pid] = f"carepanel-{pid}-{get_random_string(12)}"
    return _worker_ids[pid]


def task_runner() -> Any:
    """django_tasks_db's task runner (its db_worker's): sends the task signals, calls the
    task and records the outcome on the task's row."""
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(queue_names=["*"], interval=0, batch=True,
                  backend_name=run_queued_job.backend, startup_delay=False, max_tasks=None,
                  worker_id=_worker_id(), excluded_queue_names=[])


def refresh_identifiers() -> bool:
    """Publish the warehouse's identifiers again when the web database has none under the
    secret key in use (the key was changed, or the service was upgraded from a version
    before the check): otherwise free text naming a child the warehouse holds would pass
    until the next upload. Only a warehouse the scorecards were built from is opened, never
    a default one nobody published. Returns whether it published."""
    from carepanel.warehouse import Warehouse
    from carepanel.web.privacy.identifiers import (
        publish,
        published_with_this_key,
        warehouse_identifiers,
    )

    if published_with_this_key() or not ScorecardSnapshot.objects.exists():
        return False
    recorded = (Job.objects.filter(status__in=(JobStatus.LOADED, JobStatus.DONE))
                .exclude(warehouse="").exists())
    path = warehouse_path()
    if not (settings.CAREPANEL_WAREHOUSE or recorded) or not path.exists():
        return False
    with holding_warehouse(path), Warehouse.open(path, read_only=True) as wh:
        published = publish(warehouse_identifiers(wh.con))
    log.info("worker: published %s identifier digests under the secret key in use",
             published)
    return True


def _release_connections() -> None:
    """Close this thread's database connections between jobs, so a long-lived worker never
    holds one the database has dropped or an idle one it does not need. A connection in a
    transaction is left alone (a test's, when the worker is run inside one)."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close()


def wait_until_idle(timeout: float = 60.0) -> bool:
    """Block until no job is queued or running and this process runs none (tests of the
    threaded and external paths)."""
    from django.db import OperationalError
    from django_tasks_db.utils import is_locked_database_exception

    deadline = time.monotonic() + timeout
    busy = (JobStatus.QUEUED, JobStatus.RUNNING)
    while True:
        try:
            if not (_process.running or Job.objects.filter(status__in=busy).exists()):
                return True
        except OperationalError as e:
            # SQLite's in-memory test database refuses a read while a worker writes,
            # rather than wait: the worker is busy, so look again.
            if not is_locked_database_exception(e):
                raise
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def run_job(pk: int) -> Job:
    """Claim the job (if nobody else has) and run it; returns it as it ended."""
    if not Job.objects.claim(pk):
        return Job.objects.get(pk=pk)
    return _run_claimed(pk)


def _run_claimed(pk: int) -> Job:
    """Run a job this worker has claimed, keeping its heartbeat fresh while it runs."""
    began = time.monotonic()
    job: Job | None = None
    with _process.lock:
        _process.running.add(pk)
    try:
        job = Job.objects.get(pk=pk)
        log.info("worker: job %s (%s) started", pk, job.kind)
        with _heartbeat(pk):
            _dispatch(job)
    except (KeyboardInterrupt, SystemExit):
        # Stopped at once (a second Ctrl+C or SIGTERM to `carepanel worker`): say so on the
        # job rather than leave it running until the stale limit.
        with contextlib.suppress(Exception):
            fail_running(STOPPED_SUMMARY, [pk])
        raise
    finally:
        with _process.lock:
            _process.running.discard(pk)
        if job is not None and job.folder:
            _remove_upload(job)
    job.refresh_from_db()
    log.info("worker: job %s (%s) %s after %.1f s", pk, job.kind, job.status,
             time.monotonic() - began)
    return job


def _dispatch(job: Job) -> None:
    try:
        if job.kind == JobKind.LOAD:
            _load(job)
        elif job.kind == JobKind.RECOMPUTE:
            _recompute(job)
        elif job.kind == JobKind.RENDER:
            _render(job)
        else:
            _finish(job, JobStatus.FAILED, f"Unknown kind of job: {job.kind}")
    except Fault as e:
        # A full disk, a busy or damaged warehouse: one line naming paths and causes only,
        # never a value from a return, so it is safe for the log too.
        log.error("worker: job %s failed: %s", job.pk, e)
        _finish(job, JobStatus.FAILED, f"The job failed: {e}")
    except Exception as e:
        if _process.stop_now.is_set():
            # The interrupt came back as another exception (DuckDB reports an interrupted
            # query as an error of its own): it is still the worker being stopped.
            raise KeyboardInterrupt from None
        # The summary (analysts only) has the message; the log never does, since it may
        # quote a value from the return.
        log.error("worker: job %s failed: %s", job.pk, describe_error(e))
        _finish(job, JobStatus.FAILED, "The job failed: an unexpected error in carepanel "
                f"({describe_error(e)}). Tell the council's carepanel administrator.")


def describe_error(error: BaseException) -> str:
    """An exception for the log: its type and where it was raised, never its message (a
    message can quote a value from a return, such as a child's identifier)."""
    frames = traceback.extract_tb(error.__traceback__)[-4:]
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                        for f in reversed(frames))
    return f"{type(error).__name__} (message not logged){' at ' + where if where else ''}"


# --- heartbeat and stale jobs ---------------------------------------------------------------

def heartbeat_interval() -> float:
    """Seconds between heartbeats: the setting, but never more than a third of the stale
    limit (so two missed beats still do not make a live job look dead)."""
    return min(settings.CAREPANEL_WORKER_HEARTBEAT_SECONDS,
               settings.CAREPANEL_WORKER_STALE_SECONDS / 3)


@contextlib.contextmanager
def _heartbeat(pk: int) -> Iterator[None]:
    """Write the job's heartbeat from a side thread while the block runs, so a long load
    (a national one takes many minutes in DuckDB) never looks stale. Not inside a database
    transaction (a test's): nobody else could see the job running there anyway, and the
    side thread's connection would wait on the transaction's locks."""
    if transaction.get_connection().in_atomic_block:
        yield
        return
    done = threading.Event()
    beater = threading.Thread(target=_beat, args=(pk, done), daemon=True,
                              name=f"carepanel-heartbeat-{pk}")
    beater.start()
    try:
        yield
    finally:
        done.set()
        beater.join(timeout=5)


def _beat(pk: int, done: threading.Event) -> None:
    try:
        while not done.wait(heartbeat_interval()):
            try:
                Job.objects.heartbeat(pk)
            except Exception as e:  # a missed beat is not fatal; the next one may work
                log.warning("worker: job %s: heartbeat not written: %s", pk,
                            describe_error(e))
                _release_connections()
    finally:
        connections.close_all()  # this thread's own connections only


def _duration(seconds: float) -> str:
    if seconds >= 3600 and seconds % 3600 == 0:
        n, unit = int(seconds // 3600), "hour"
    elif seconds >= 60 and seconds % 60 == 0:
        n, unit = int(seconds // 60), "minute"
    else:
        n, unit = round(seconds, 1), "second"
        n = int(n) if n == int(n) else n
    return f"{n} {unit}{'' if n == 1 else 's'}"


def stale_summary(kind: str) -> str:
    """What a job whose worker died says on its page."""
    again = ("upload the return again (a load is all or nothing, so nothing was "
             "half-loaded)" if kind == JobKind.LOAD else "recalculate the scorecard")
    return (f"The worker running this job stopped before it finished: it gave no sign of "
            f"life for over {_duration(settings.CAREPANEL_WORKER_STALE_SECONDS)} (the "
            f"service was probably restarted or stopped). Run it again: {again}.")


def fail_stale_jobs(now: dt.datetime | None = None) -> list[int]:
    """Fail every running job whose heartbeat is older than the stale limit: the worker
    running it has died (killed, machine restarted), since a live one beats every
    ``heartbeat_interval()`` seconds. The update re-checks the heartbeat, so a job that
    beat in the meantime is left alone. Its uploaded files are deleted, as the dead
    worker would have done. Returns the jobs failed."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.CAREPANEL_WORKER_STALE_SECONDS)
    failed = []
    for job in Job.objects.stale(cutoff).order_by("pk"):
        if not Job.objects.stale(cutoff).fail(job.pk, stale_summary(job.kind), now=now):
            continue
        _fail_task(job, now)
        log.warning("worker: job %s (%s) failed: its worker stopped (no heartbeat for over "
                    "%s)", job.pk, job.kind,
                    _duration(settings.CAREPANEL_WORKER_STALE_SECONDS))
        if job.folder:
            _remove_upload(job)
        failed.append(job.pk)
    return failed


def fail_running(summary: str, pks: Iterable[int] | None = None) -> list[int]:
    """Fail the jobs this process is running (or those of them in ``pks``): it is about to
    end. Their uploaded files are deleted. Returns the jobs failed."""
    with _process.lock:
        running = set(_process.running)
    pks = sorted(running if pks is None else set(pks) & running)
    failed = []
    for job in Job.objects.filter(pk__in=pks, status=JobStatus.RUNNING):
        if Job.objects.fail(job.pk, summary):
            _fail_task(job, timezone.now())
            log.warning("worker: job %s (%s) failed: the worker was stopped", job.pk,
                        job.kind)
            if job.folder:
                _remove_upload(job)
            failed.append(job.pk)
    return failed


def _finish(job: Job, status: str, summary: str, **fields: Any) -> None:
    Job.objects.finish(job, status, summary, **fields)


def _fail_task(job: Job, now: dt.datetime) -> None:
    """The task of a job failed because its worker died or is ending: its row says so
    too, rather than running for ever (django_tasks_db never looks at it again)."""
    if not job.task_id:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=job.task_id).running().update(
        status="FAILED", finished_at=now, return_value=None,
        exception_class_path=f"{__name__}.WorkerStopped", traceback="")


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


def _save_run_findings(job: Job, run: Any, folder: Path) -> None:
    """Every finding of a run, fetched from its staging database in batches: a return with
    100,000 errors never becomes one Python list."""
    cursor = run.con.execute(
        "SELECT f.file, f.row_number, f.column_name, f.message, f.rule, f.severity, f.child, "
        "f.table_name, f.in_return, r.collection_year FROM run_findings f "
        "JOIN run_returns r ON r.return_id = f.return_id WHERE r.checked "
        "ORDER BY f.severity, f.file, f.row_number NULLS FIRST")
    while batch := cursor.fetchmany(2000):
        _save_findings(job, [_previous_named(ReturnFinding(*row[:9]), row[9])
                             for row in batch], folder)


def _previous_named(f: ReturnFinding, year: int) -> ReturnFinding:
    """A row of last year's return is named by its file and that return's date, never by
    the server's folders."""
    if f.in_return != "previous":
        return f
    return dataclasses.replace(f, file=f"{Path(f.file).name} (31 March {year - 1} return)")


def _load(job: Job) -> None:
    from carepanel.ssda903 import intake

    folder = Path(job.folder)
    path = Path(job.warehouse) if job.warehouse else warehouse_path()
    from carepanel.web.uploads import provider_lists

    request = intake.Request([folder], la_code=job.la_code or None, year=job.year or None,
                             reference_date=job.reference_date,
                             provider_lists=provider_lists.stored())
    job.warehouse = str(path)
    try:
        # One run holds the warehouse from reading last year's return to the commit, so no
        # other process can write between checking an upload and loading it.
        with holding_warehouse(path), intake.open_run(request, warehouse=path,
                                                      write=True) as run:
            try:
                result = intake.store(run, strict=job.strict, allow_shrink=True)
            except LoadRefused as refused:
                _refuse(job, run, refused, folder)
                return
            _save_run_findings(job, run, folder)
            notes = list(run.notes)
    except LoadRefused as refused:  # nothing could be read
        _refuse(job, None, refused, folder)
        return
    errors = sum(r.errors for r in result.loaded)
    warnings = sum(r.warnings for r in result.loaded)
    parts = [_describe_return(r, "Loaded") for r in result.loaded]
    parts += [_describe_return(r, "Already loaded, unchanged") for r in result.unchanged]
    parts += [f"{note}." for note in notes]
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''} in "
                     f"{sum(r.error_rows for r in result.loaded)} row(s): those values are "
                     "left out of the figures until a corrected return is loaded.")
    if warnings:
        parts.append(f"{warnings} DfE validation warning{'s' if warnings != 1 else ''}"
                     " recorded (they do not stop a load).")
    _finish(job, JobStatus.LOADED, " ".join(parts), errors=errors, warnings=warnings)
    record("upload_loaded", f"Upload #{job.pk} loaded: {len(result.loaded)} returns, "
           f"{len(result.unchanged)} unchanged", actor=job.created_by,
           object_type_name="uploads.job", object_id=str(job.pk),
           changes={"loaded": len(result.loaded), "unchanged": len(result.unchanged),
                    "errors": errors, "warnings": warnings})
    if result.loaded:
        follow_up = Job.objects.create(kind=JobKind.RECOMPUTE, created_by=job.created_by,
                                       triggered_by=job, warehouse=str(path))
        run_job(follow_up.pk)


def _refuse(job: Job, run: Any, refused: LoadRefused, folder: Path) -> None:
    """Nothing was loaded: the upload keeps every finding for the officer to fix."""
    if run is not None:
        _save_run_findings(job, run, folder)
        if not (job.strict and run.errors):  # refused for what the load would do
            _save_findings(job, refused.findings, folder)
    else:
        _save_findings(job, refused.findings, folder)
    errors = Finding.objects.filter(job=job, severity="error").count()
    warnings = Finding.objects.filter(job=job).count() - errors
    _finish(job, JobStatus.REFUSED,
            f"Refused: {errors} error{'s' if errors != 1 else ''}. Nothing was loaded; "
            "the warehouse is unchanged.", errors=errors, warnings=warnings)
    record("upload_refused", f"Upload #{job.pk} refused: {errors} errors, nothing loaded",
           actor=job.created_by, object_type_name="uploads.job", object_id=str(job.pk),
           changes={"errors": errors, "warnings": warnings})


def _describe_return(ret: Any, verb: str) -> str:
    kind = "SSDA903 return" if ret.kind == "ssda903" else "local files"
    return (f"{verb}: council {ret.la_code}, {kind} for {ret.year_label} to "
            f"{ret.reference_date:%d %B %Y} ({len(ret.tables)} tables), the year "
            f"{ret.year_from}.")


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
    (the same as ``carepanel scorecard --manual FILE``), each for the council it was entered
    for. A value with no council (kept from before values had one, when no council's figures
    were published) applies to none: la_code None would apply it to every council."""
    out = []
    for v in ManualMeasureValue.objects.exclude(la_code=""):
        measure = config.measure(v.measure)
        if measure is None or not measure.is_manual:
            continue
        out.append(ManualValue(measure=v.measure, period_end=v.period_end, la_code=v.la_code,
                               value=_number(v.value, measure.unit),
                               numerator=v.numerator, denominator=v.denominator, note=None,
                               source=v.source_note))
    return ManualValues(out, "values entered in the web app")


def _recompute(job: Job) -> None:
    from carepanel.indicators.engine import NoData
    from carepanel.reports import paper_figures
    from carepanel.reports.scorecard import gather
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
    cards: list[tuple[Scorecard, dict[str, str]]] = []
    skipped: list[str] = []
    with holding_warehouse(path), Warehouse.open(path, read_only=True) as wh:
        periods = council_periods(wh.con)
        by_period: dict[dt.date, list[str]] = {}
        for la, ends in periods.items():
            if job.la_code and la != job.la_code:
                continue  # a job for one council (after a manual value was entered for it)
            for end in ends:
                if not wanted or end in wanted:
                    by_period.setdefault(end, []).append(la)
        for end, las in sorted(by_period.items()):
            try:
                built, trends, profiles = gather(wh.con, config, end, la_codes=las,
                                                 manual=manual, trend_years=TREND_YEARS)
            except NoData as e:
                skipped.append(f"{end:%d/%m/%Y}: {e}")
                continue
            # Everything the pages and the paper read (aggregates only), so that the web
            # app's paper says exactly what `carepanel report scorecard` says without
            # opening the warehouse (ScorecardSnapshot.figures).
            figures = paper_figures.by_council(built, trends, profiles)
            cards += [(c, ScorecardSnapshot.stored(figures[c.la_code])) for c in built]
        if not wanted and not job.la_code:
            # After every load (and a full recalculation): the identifiers the warehouse
            # holds, as keyed digests, so that pages can refuse free text naming a child
            # without opening the warehouse (privacy.identifiers).
            from carepanel.web.privacy.identifiers import publish, warehouse_identifiers

            published = publish(warehouse_identifiers(wh.con))
            log.info("worker: job %s published %s identifier digests", job.pk, published)
    now = timezone.now()
    with transaction.atomic():
        changed = []
        for card, data in cards:
            before = ScorecardSnapshot.objects.filter(
                la_code=card.la_code, period_end=card.period_end) \
                .values_list("data", flat=True).first()
            ScorecardSnapshot.objects.update_or_create(
                la_code=card.la_code, period_end=card.period_end,
                defaults={"la_name": card.la_name or "", "computed_at": now, "data": data})
            if before is not None and before != data:
                changed.append((card.la_code, card.period_end))
        unready = _unready_papers(changed, job)
        if not wanted and not job.la_code:
            # A full recompute mirrors the warehouse: periods and councils it no longer
            # holds (another warehouse was published) go.
            keep = {(c.la_code, c.period_end) for c, _ in cards}
            for snap in ScorecardSnapshot.objects.all():
                if (snap.la_code, snap.period_end) not in keep:
                    snap.delete()
    councils = sorted({c.la_code for c, _ in cards})
    summary = (f"Built {len(cards)} scorecard{'s' if len(cards) != 1 else ''} for "
               f"{len(councils)} council{'s' if len(councils) != 1 else ''} "
               f"({', '.join(councils) or 'none'}).")
    if skipped:
        summary += " Not built: " + "; ".join(skipped)
    if unready:
        summary += (" The figures changed, so these papers are no longer marked ready for "
                    "the Panel: " + ", ".join(unready) + ".")
    _finish(job, JobStatus.DONE, summary)
    record("recompute", summary[:500], actor=job.created_by, object_type_name="uploads.job",
           object_id=str(job.pk), changes={"snapshots": len(cards), "councils": councils,
                                           "periods": job.periods or "all"})


def _unready_papers(changed: list[tuple[str, dt.date]], job: Job) -> list[str]:
    """A paper marked ready whose figures a recalculation changed is ready no longer: its
    Red measures may be new and without commentary. Returns the papers so reset."""
    from carepanel.web.scorecard_pages.models import PanelPaper

    reset = []
    for la_code, end in changed:
        paper = PanelPaper.objects.filter(la_code=la_code, period_end=end, ready=True).first()
        if paper is None:
            continue
        paper.ready = False
        paper.marked_by = job.created_by
        paper.marked_at = timezone.now()
        paper.save()  # audited as a change of the paper (audit.recording)
        reset.append(f"council {la_code}, {end:%d/%m/%Y}")
    return reset


def render_papers(la_code: str, period_end: dt.date, user: Any) -> Job:
    """Queue the rendering of a council's paper for the period in every version (after it
    is marked ready), so that the Panel's downloads find the files made."""
    job = Job.objects.create(kind=JobKind.RENDER, created_by=user, la_code=la_code,
                             periods=[period_end.isoformat()])
    return submit(job)


def _render(job: Job) -> None:
    from carepanel.web.scorecard_pages.papers import render_ahead

    made = sum(render_ahead(job.la_code, dt.date.fromisoformat(p)) for p in job.periods)
    _finish(job, JobStatus.DONE, f"Made or found {made} files of the Panel's paper.")


def affected_periods(period_end: dt.date, ends: Iterable[dt.date]) -> list[dt.date]:
    """The scorecards among those ending on ``ends`` that show a value for ``period_end``:
    as their own, their previous quarter's or last year's figure, or in their trend (the
    last five quarter ends and the last three 31 Marches, ``reports.scorecard``). Each
    snapshot's trend is built from the warehouse and the values entered when it is
    recalculated, not from other snapshots, so these are the ones to recalculate."""
    return sorted(end for end in set(ends)
                  if period_end in {*trend_periods(end, TREND_QUARTERS),
                                    *year_ends(end, TREND_YEARS)})


def recompute_for_manual_value(period_end: dt.date, user: Any, *, la_code: str
                               ) -> Job | None:
    """After a manual value is saved for council ``la_code``: rebuild that council's
    scorecards it appears in that exist (other councils' are not touched)."""
    ends = affected_periods(period_end, ScorecardSnapshot.objects.filter(la_code=la_code)
                            .values_list("period_end", flat=True))
    if not ends:
        return None
    job = Job.objects.create(kind=JobKind.RECOMPUTE, created_by=user, la_code=la_code,
                             periods=[d.isoformat() for d in ends])
    return submit(job)
