"""The background worker: jobs queued as tasks on django-tasks' database backend, each run
once, kept alive by a heartbeat, failed (with their task) when their worker dies, and
stopped cleanly; a load holds the warehouse from checking an upload to its commit.

Two kinds of test. What one worker does is tested in this process against the test
database (SQLite or PostgreSQL). Workers running at the same time are tested as real
``carepanel_worker`` processes sharing a SQLite file made for the test: the SQLite test
database is an in-memory one shared between threads with table-level locks, where a second
writer fails at once instead of waiting, so it cannot show real concurrency; a file
database waits for the other writer as a deployment's does. On PostgreSQL, one more test
races threads over the claim on the test database itself.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from typer.testing import CliRunner

from carepanel.cli import app
from carepanel.ssda903.synth import generate
from carepanel.warehouse import Warehouse
from carepanel.web import worker
from carepanel.web.audit.models import AuditEvent
from carepanel.web.scorecard_pages.models import ScorecardSnapshot
from carepanel.web.uploads.models import Job, JobKind, JobStatus

from .support import client_for
from .test_uploads import child_ids, upload

LA = "883"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def return_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One synthetic return (883, year to 31 March 2025)."""
    root = tmp_path_factory.mktemp("worker-synth")
    generate(root, children=20, years=1, seed=3, la_code=LA)
    return root / LA / "ssda903_2025"


@pytest.fixture
def worker_settings(settings: Any, tmp_path: Path) -> Any:
    """Jobs are queued for a worker (not run in the request); a warehouse of the test's own."""
    settings.CAREPANEL_WORKER_SYNC = False
    settings.CAREPANEL_WORKER = "thread"
    settings.CAREPANEL_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    settings.CAREPANEL_UPLOAD_DIR = str(tmp_path / "uploads")
    return settings


def uploaded_copy(folder: Path, tmp_path: Path, name: str = "job") -> Path:
    """The return's files as the upload page leaves them: in a folder of their own."""
    target = tmp_path / "uploads" / name
    shutil.copytree(folder, target)
    return target


def queued_load(folder: Path, tmp_path: Path) -> Job:
    files = uploaded_copy(folder, tmp_path)
    return worker.queue(Job.objects.create(kind=JobKind.LOAD, la_code=LA, folder=str(files),
                                           file_names=sorted(p.name for p in files.iterdir())))


# --- one worker, in this process ------------------------------------------------------------

@pytest.mark.django_db
def test_a_job_queued_with_no_worker_thread_is_run_by_the_worker_command(
        worker_settings: Any, return_folder: Path, tmp_path: Path) -> None:
    """A job left queued (its process died, or the server only queues) is found in the
    database by ``carepanel_worker --once``."""
    job = queued_load(return_folder, tmp_path)
    assert not worker.thread_running()
    out = io.StringIO()
    call_command("carepanel_worker", "--once", stdout=out)
    job.refresh_from_db()
    assert job.status == JobStatus.LOADED and "Loaded: council 883" in job.summary
    assert job.follow_ups.get().status == JobStatus.DONE
    assert ScorecardSnapshot.objects.filter(la_code=LA, period_end="2025-03-31").exists()
    assert not (tmp_path / "uploads" / "job").exists()  # the files are deleted once read
    assert "Ran 1 queued job." in out.getvalue()
    assert not worker.thread_running()


@pytest.mark.django_db
def test_in_external_mode_a_request_only_queues_the_job(
        worker_settings: Any, people: dict[str, Any], return_folder: Path,
        django_capture_on_commit_callbacks: Any) -> None:
    worker_settings.CAREPANEL_WORKER = "external"
    analyst = client_for(people["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(analyst, return_folder)
    job = Job.objects.get()
    assert response["Location"] == f"/uploads/{job.pk}/"
    assert job.status == JobStatus.QUEUED and Path(job.folder).is_dir()
    assert not worker.thread_running()  # no thread in the server process
    assert "This job is waiting" in analyst.get(f"/uploads/{job.pk}/").content.decode()
    call_command("carepanel_worker", "--once", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == JobStatus.LOADED


@pytest.mark.django_db
def test_the_command_line_worker_runs_the_queue_once(worker_settings: Any,
                                                     tmp_path: Path) -> None:
    """``carepanel worker --once``: the same worker with the default settings module."""
    job = worker.queue(Job.objects.create(kind=JobKind.RECOMPUTE,
                                          warehouse=str(tmp_path / "none.duckdb")))
    result = CliRunner().invoke(app, ["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Ran 1 queued job." in result.output
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "There is no warehouse at" in job.summary


@pytest.mark.django_db
def test_queued_jobs_are_tasks_run_oldest_first_and_each_once(worker_settings: Any) -> None:
    """A queued job is a django-tasks task on the database backend, taken oldest first.
    A task whose job another worker already claimed does not run it again."""
    from django_tasks_db.models import DBTaskResult

    older = worker.queue(Job.objects.create(kind=JobKind.RECOMPUTE))
    newer = worker.queue(Job.objects.create(kind=JobKind.RECOMPUTE))
    assert DBTaskResult.objects.get(id=older.task_id).args_kwargs == {
        "args": [older.pk], "kwargs": {}}
    first = worker.next_task()
    assert first is not None and str(first.id) == older.task_id
    assert Job.objects.claim(older.pk) is True  # as if a second worker had it meanwhile
    worker.task_runner().run_task(first)
    older.refresh_from_db()
    assert older.status == JobStatus.RUNNING  # not run by this task
    assert not AuditEvent.objects.filter(action="recompute").exists()
    assert older.started is not None and older.heartbeat == older.started
    second = worker.next_task()
    assert second is not None and str(second.id) == newer.task_id
    assert worker.next_task() is None  # both are claimed: nothing else is ready
    worker.task_runner().run_task(second)
    newer.refresh_from_db()
    assert newer.status == JobStatus.FAILED  # it ran (no warehouse yet)
    second.refresh_from_db()
    assert (second.status, second.return_value) == ("SUCCESSFUL", "failed")


@pytest.mark.django_db
def test_a_job_left_queued_without_a_task_is_queued_and_run_by_the_next_worker(
        worker_settings: Any, tmp_path: Path) -> None:
    """A job queued before the worker ran on the task framework (an upgrade with jobs
    waiting) has no task: the worker queues one when it starts, and runs it."""
    job = Job.objects.create(kind=JobKind.RECOMPUTE, warehouse=str(tmp_path / "none.duckdb"))
    assert job.task_id == ""
    out = io.StringIO()
    call_command("carepanel_worker", "--once", stdout=out)
    job.refresh_from_db()
    assert job.task_id and job.status == JobStatus.FAILED  # it ran: no warehouse there yet
    assert "There is no warehouse at" in job.summary
    assert "Ran 1 queued job." in out.getvalue()


@pytest.mark.django_db
def test_a_jobs_state_changes_only_from_the_state_it_was_seen_in(worker_settings: Any) -> None:
    """The job model's manager moves a job: queued -> running (claim, with a heartbeat),
    running -> failed or finished. A change from the wrong state does nothing."""
    job = Job.objects.create(kind=JobKind.RECOMPUTE)
    assert Job.objects.heartbeat(job.pk) is False  # not running: no heartbeat
    assert Job.objects.fail(job.pk, "never started") is False
    assert Job.objects.claim(job.pk) is True
    job.refresh_from_db()
    first_beat = job.heartbeat
    assert Job.objects.heartbeat(job.pk) is True
    job.refresh_from_db()
    assert job.heartbeat is not None and first_beat is not None
    assert job.heartbeat >= first_beat
    # Stale only once the last beat is older than the cut-off.
    assert not Job.objects.stale(job.heartbeat - dt.timedelta(seconds=1)).exists()
    assert list(Job.objects.stale(job.heartbeat + dt.timedelta(seconds=1))) == [job]
    Job.objects.finish(job, JobStatus.DONE, "Built 0 scorecards.", warnings=2)
    job.refresh_from_db()
    assert (job.status, job.summary, job.warnings) == (JobStatus.DONE, "Built 0 scorecards.", 2)
    assert job.finished is not None
    assert Job.objects.fail(job.pk, "too late") is False  # a finished job stays finished
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


@pytest.mark.django_db
def test_a_stale_running_job_is_failed_and_a_fresh_one_left_alone(
        worker_settings: Any, people: dict[str, Any], tmp_path: Path) -> None:
    worker_settings.CAREPANEL_WORKER_STALE_SECONDS = 600
    now = timezone.now()
    left = tmp_path / "uploads" / "left-behind"
    left.mkdir(parents=True)
    (left / "header.csv").write_text("CHILD,SEX,DOB\n", encoding="utf-8")
    # Queued, its task claimed by a worker that then died eleven minutes after its last beat.
    stale = worker.queue(Job.objects.create(kind=JobKind.LOAD, la_code=LA, folder=str(left)))
    dead_workers_task = worker.next_task()
    Job.objects.filter(pk=stale.pk).update(status=JobStatus.RUNNING,
                                           started=now - dt.timedelta(minutes=15),
                                           heartbeat=now - dt.timedelta(minutes=11))
    # Started two hours ago, but its worker is alive: a long national load.
    fresh = Job.objects.create(kind=JobKind.RECOMPUTE, status=JobStatus.RUNNING,
                               started=now - dt.timedelta(hours=2),
                               heartbeat=now - dt.timedelta(minutes=1))
    call_command("carepanel_worker", "--once", stdout=io.StringIO())
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == JobStatus.FAILED and stale.finished is not None
    assert stale.summary.startswith("The worker running this job stopped before it finished")
    assert "over 10 minutes" in stale.summary and "Run it again: upload the return" in (
        stale.summary)
    assert not left.exists() and stale.folder == ""  # the dead worker's files go too
    dead_workers_task.refresh_from_db()  # and its task is failed, not running for ever
    assert dead_workers_task.status == "FAILED"
    assert dead_workers_task.exception_class_path == "carepanel.web.worker.WorkerStopped"
    assert fresh.status == JobStatus.RUNNING
    page = client_for(people["analyst"]).get(f"/uploads/{stale.pk}/").content.decode()
    assert "The worker running this job stopped" in page

    # The limit is the setting: nine minutes after the last beat is alive, eleven is not.
    assert worker.fail_stale_jobs(now + dt.timedelta(minutes=8)) == []
    assert worker.fail_stale_jobs(now + dt.timedelta(minutes=10)) == [fresh.pk]
    fresh.refresh_from_db()
    assert "Run it again: recalculate the scorecard" in fresh.summary
    worker_settings.CAREPANEL_WORKER_STALE_SECONDS = 30
    assert "over 30 seconds" in worker.stale_summary(JobKind.RECOMPUTE)
    assert worker.heartbeat_interval() == 10  # never more than a third of the limit


@pytest.mark.django_db(transaction=True)
def test_threads_racing_on_postgresql_claim_each_job_once(worker_settings: Any) -> None:
    """Four threads, released together, claim from the same queue over their own
    connections: every job is claimed by exactly one."""
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database cannot run concurrent writers (see the "
                    "module docstring); the process race below covers SQLite")
    pks = [worker.queue(Job.objects.create(kind=JobKind.RECOMPUTE)).pk for _ in range(80)]
    start = threading.Barrier(4)
    claimed: dict[int, list[int]] = {i: [] for i in range(4)}

    def race(i: int) -> None:
        try:
            start.wait()
            while (task := worker.next_task()) is not None:
                claimed[i].append(task.args_kwargs["args"][0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    every = [pk for got in claimed.values() for pk in got]
    assert sorted(every) == pks
    assert sum(1 for got in claimed.values() if got) > 1  # they did race


# A worker in another process that wants the warehouse: it says it is waiting, takes the
# warehouse as every worker does, and reports the returns it found once it got in.
RIVAL = """
import sys
from pathlib import Path
from carepanel.warehouse import Warehouse
from carepanel.web.worker import holding_warehouse
path, flag = Path(sys.argv[1]), Path(sys.argv[2])
flag.write_text("waiting", encoding="utf-8")
with holding_warehouse(path), Warehouse.open(path) as wh:
    print("returns seen:", wh.con.execute("SELECT count(*) FROM submissions").fetchone()[0])
"""


@pytest.mark.django_db
def test_no_other_writer_gets_in_between_checking_an_upload_and_loading_it(
        worker_settings: Any, return_folder: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The upload is read and checked against the warehouse (last year's return, the
    shrink guard), then stored: one critical section. A rival worker process that asks
    for the warehouse once the checks are done waits until the load has committed, and
    then finds the return loaded; it never writes in between."""
    from carepanel.ssda903 import intake

    warehouse = Path(worker_settings.CAREPANEL_WAREHOUSE)
    flag = tmp_path / "rival-waiting"
    store = intake.store
    rivals: list[subprocess.Popen[str]] = []

    def store_once_a_rival_waits(run: Any, **options: Any) -> Any:
        rival = subprocess.Popen(
            [sys.executable, "-c", "import django; django.setup()\n" + RIVAL,
             str(warehouse), str(flag)], cwd=REPO, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
            env=_clean_env(CAREPANEL_DATA_DIR=str(tmp_path / "rival")))
        rivals.append(rival)
        wait_for(flag.exists, "the rival to ask for the warehouse")
        time.sleep(0.5)  # time enough to get in, were the warehouse free
        assert rival.poll() is None, rival.communicate()
        return store(run, **options)

    monkeypatch.setattr(intake, "store", store_once_a_rival_waits)
    job = worker.run_job(queued_load(return_folder, tmp_path).pk)
    assert job.status == JobStatus.LOADED, job.summary
    [rival] = rivals
    out, err = rival.communicate(timeout=120)
    assert rival.returncode == 0, err
    assert "returns seen: 1" in out  # it got in after the commit, not before


# --- worker processes sharing a SQLite file ---------------------------------------------------

def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAREPANEL_", "DJANGO_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "carepanel.web.settings",
                "CAREPANEL_SECRET_KEY": "worker-tests-" + "w" * 50,
                "CAREPANEL_DB_ENGINE": "sqlite", **extra})
    return env


@pytest.fixture(scope="module")
def migrated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated web database in a SQLite file (copied for each test: migrating is slow)."""
    folder = tmp_path_factory.mktemp("worker-db")
    path = folder / "web.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "carepanel.web", "migrate", "-v", "0"], cwd=REPO,
        env=_clean_env(CAREPANEL_DATA_DIR=str(folder), CAREPANEL_DB_PATH=str(path)),
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return path


class Workers:
    """Real worker processes on a shared SQLite file, and what the test reads from it."""

    def __init__(self, tmp_path: Path, database: Path, **env: str) -> None:
        self.tmp, self.database = tmp_path, database
        self.env = _clean_env(CAREPANEL_DATA_DIR=str(tmp_path / "data"),
                              CAREPANEL_DB_PATH=str(database), CAREPANEL_WORKER="external",
                              CAREPANEL_WORKER_POLL_SECONDS="0.05",
                              CAREPANEL_UPLOAD_DIR=str(tmp_path / "uploads"), **env)
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "carepanel.web", *args], cwd=REPO,
                              env=self.env, capture_output=True, text=True, timeout=120)

    def create_jobs(self, code: str) -> list[int]:
        """Run ``code`` (which sets ``pks``) in Django's shell against the shared file."""
        result = self.manage("shell", "-v", "0", "-c",
                             "from carepanel.web.uploads.models import Job\n"
                             "from carepanel.web.worker import queue\n" + code
                             + "\nprint('jobs:', *pks)")
        assert result.returncode == 0, result.stderr
        [line] = [s for s in result.stdout.splitlines() if s.startswith("jobs:")]
        return [int(n) for n in line.split()[1:]]

    def start(self, *names: str) -> list[subprocess.Popen[bytes]]:
        """Start a worker process for each name (together), and wait until each is up."""
        for name in names:
            with open(self.tmp / f"{name}.log", "wb") as log:
                self.processes[name] = subprocess.Popen(
                    [sys.executable, "-m", "carepanel.web", "carepanel_worker"], cwd=REPO,
                    env=self.env, stdout=log, stderr=subprocess.STDOUT)
        for name in names:
            wait_for(lambda n=name: "worker: started" in self.log(n), f"worker {name}")
        return [self.processes[name] for name in names]

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def ran(self, name: str) -> set[int]:
        return {int(n) for n in re.findall(r"worker: job (\d+) \(\w+\) started",
                                           self.log(name))}

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        con = sqlite3.connect(self.database, timeout=20)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def job(self, pk: int) -> dict[str, Any]:
        row = self.query("SELECT status, summary, heartbeat, folder FROM uploads_job "
                         "WHERE id = ?", pk)[0]
        return dict(zip(("status", "summary", "heartbeat", "folder"), row, strict=True))

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.kill()
                process.wait(10)


@pytest.fixture
def workers(migrated_file: Path, tmp_path: Path) -> Iterator[Callable[..., Workers]]:
    made: list[Workers] = []

    def make(**env: str) -> Workers:
        database = tmp_path / "web.sqlite3"
        shutil.copy(migrated_file, database)
        made.append(Workers(tmp_path, database, **env))
        return made[-1]

    yield make
    for w in made:
        w.stop_all()


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_two_worker_processes_never_run_the_same_job(workers: Callable[..., Workers],
                                                     tmp_path: Path) -> None:
    """Two worker processes wait on one queue; sixteen jobs appear at once. Each runs
    exactly once: one worker logged it and one audit event records it."""
    warehouse = tmp_path / "warehouse.duckdb"
    with Warehouse.open(warehouse):
        pass  # an empty warehouse: each recalculation is quick
    w = workers(CAREPANEL_WAREHOUSE=str(warehouse))
    a, b = w.start("a", "b")
    pks = w.create_jobs("from django.db import transaction\n"
                        "with transaction.atomic():\n"
                        "    pks = [queue(Job.objects.create(kind='recompute')).pk "
                        "for _ in range(16)]")
    busy = "SELECT count(*) FROM uploads_job WHERE status IN ('queued', 'running')"
    wait_for(lambda: w.query(busy)[0][0] == 0, "the jobs to finish")
    for process in (a, b):
        process.send_signal(signal.SIGTERM)
    assert a.wait(30) == 0 and b.wait(30) == 0  # an idle worker stops at once, cleanly
    ran_a, ran_b = w.ran("a"), w.ran("b")
    assert ran_a.isdisjoint(ran_b)
    assert ran_a | ran_b == set(pks)
    assert ran_a and ran_b  # both workers took jobs: the race really happened
    events = w.query("SELECT object_id, count(*) FROM audit_auditevent "
                     "WHERE action = 'recompute' GROUP BY object_id")
    assert {int(pk): n for pk, n in events} == dict.fromkeys(pks, 1)
    assert w.query("SELECT DISTINCT status FROM uploads_job") == [("done",)]


def test_a_long_job_keeps_its_heartbeat_fresh_and_a_stop_lets_it_finish(
        workers: Callable[..., Workers], tmp_path: Path, return_folder: Path) -> None:
    """A load waits twice the stale limit for the warehouse (held here, as another
    writer would). Its heartbeat keeps advancing, so the other worker, checking every
    poll, never fails it. SIGTERM then lets it finish before the worker exits."""
    warehouse = tmp_path / "warehouse.duckdb"
    files = uploaded_copy(return_folder, tmp_path)
    w = workers(CAREPANEL_WAREHOUSE=str(warehouse), CAREPANEL_WORKER_STALE_SECONDS="1.5",
                CAREPANEL_WORKER_HEARTBEAT_SECONDS="0.1")
    w.start("a", "b")
    with worker.holding_warehouse(warehouse):
        [pk] = w.create_jobs(f"pks = [queue(Job.objects.create(kind='load', "
                             f"la_code='{LA}', folder={str(files)!r})).pk]")
        wait_for(lambda: w.job(pk)["status"] == "running", "the load to be claimed")
        beats = []
        until = time.monotonic() + 3.0
        while time.monotonic() < until:
            state = w.job(pk)
            assert state["status"] == "running", state["summary"]
            beats.append(dt.datetime.fromisoformat(state["heartbeat"]))
            time.sleep(0.1)
        assert beats == sorted(beats) and len(set(beats)) >= 5
        [busy] = [n for n in ("a", "b") if pk in w.ran(n)]
        idle = "b" if busy == "a" else "a"
        for process in w.processes.values():
            process.send_signal(signal.SIGTERM)
        assert w.processes[idle].wait(30) == 0
        time.sleep(0.3)
        assert w.processes[busy].poll() is None  # still waiting to finish its job
    assert w.processes[busy].wait(120) == 0
    assert w.job(pk)["status"] == "loaded"
    assert w.query("SELECT status FROM uploads_job WHERE triggered_by_id = ?", pk) == [
        ("done",)]
    assert "stopping once the job running" in w.log(busy)
    children = child_ids(return_folder)
    for name in ("a", "b"):
        log = w.log(name)
        assert f"worker: job {pk} (load) loaded" in log or name == idle
        assert not [c for c in children if c in log], name  # never a child in the log


def test_a_second_stop_signal_fails_the_running_job(workers: Callable[..., Workers],
                                                    tmp_path: Path,
                                                    return_folder: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    files = uploaded_copy(return_folder, tmp_path)
    w = workers(CAREPANEL_WAREHOUSE=str(warehouse))
    [process] = w.start("a")
    with worker.holding_warehouse(warehouse):
        [pk] = w.create_jobs(f"pks = [queue(Job.objects.create(kind='load', "
                             f"la_code='{LA}', folder={str(files)!r})).pk]")
        wait_for(lambda: w.job(pk)["status"] == "running", "the load to be claimed")
        process.send_signal(signal.SIGTERM)
        wait_for(lambda: "stopping once the job running" in w.log("a"), "the first signal")
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 1
    job = w.job(pk)
    assert (job["status"], job["summary"]) == ("failed", worker.STOPPED_SUMMARY)
    assert job["folder"] == "" and not files.exists()
    assert "Stopped at once" in w.log("a")


def test_the_worker_refuses_a_database_that_is_not_migrated(tmp_path: Path) -> None:
    env = _clean_env(CAREPANEL_DATA_DIR=str(tmp_path),
                     CAREPANEL_DB_PATH=str(tmp_path / "empty.sqlite3"))
    result = subprocess.run([sys.executable, "-m", "carepanel.web", "carepanel_worker",
                             "--once"], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert "The web database is not up to date" in result.stderr
    assert "python -m carepanel.web migrate" in result.stderr


def test_a_manual_value_recalculates_every_scorecard_that_shows_it() -> None:
    """Each snapshot's trend is built from the warehouse and the values entered when it is
    recalculated: a value for 31 March 2024 is in that quarter's scorecard, the next four
    quarters' (previous quarter, last year, the trend of five quarter ends) and, as a
    31 March, in the trend of the last three 31 Marches up to 31 December 2026; not in a
    scorecard before it."""
    ends = worker.quarter_ends(dt.date(2023, 3, 31), dt.date(2027, 6, 30))
    march = worker.affected_periods(dt.date(2024, 3, 31), ends)
    assert march == [d for d in ends if dt.date(2024, 3, 31) <= d <= dt.date(2026, 12, 31)]
    june = worker.affected_periods(dt.date(2024, 6, 30), ends)
    assert june == [d for d in ends if dt.date(2024, 6, 30) <= d <= dt.date(2025, 6, 30)]
