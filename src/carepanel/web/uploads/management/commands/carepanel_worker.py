"""``python -m carepanel.web carepanel_worker [--once]``: the background worker as a process.

With ``CAREPANEL_WORKER=external`` (production's default) requests only queue jobs, and this
command runs them: one process for the whole service however many processes the web server
has (``carepanel worker`` is the same with the default settings module). ``--once`` runs
what is queued and exits (cron, tests). Jobs are django-tasks tasks on the database
backend; this command, not the backend's ``db_worker``, is the one to run: it claims and
runs them with that backend's code and adds what carepanel needs around it (the stale-job
recovery, the hourly findings purge, the identifier check at start, the stop signals
below, logs naming jobs by number).

Stopping: the first SIGTERM or Ctrl+C lets the job running finish and then exits. A load is
one warehouse transaction and a recalculation publishes in one database transaction, so
cutting either short saves nothing and leaves the work to do again; finishing is the
better use of a restart. A second signal stops at once and marks the job failed (run it
again); a worker killed outright leaves its job to the stale limit, after which any
worker fails it.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

log = logging.getLogger("carepanel.web.worker")


@contextlib.contextmanager
def stopping_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and SIGINT: the first sets ``stop`` (finish the job, then exit), the second
    raises KeyboardInterrupt (stop now). Only the main thread can set signal handlers; in
    any other (a test calling the command from a thread) the defaults stay."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    from carepanel.web import worker

    def handle(signum: int, frame: Any) -> None:
        if stop.is_set():
            worker.stop_now()
        stop.set()  # first, so that a second signal arriving while this one is handled stops
        worker.wake()
        log.info("worker: stopping once the job running (if any) has finished; send the "
                 "signal again to stop now (the job is then marked failed)")

    previous = {s: signal.signal(s, handle) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def unapplied_migrations() -> int:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = ("Run the web app's background jobs (uploads, recalculations) until stopped: the "
            "worker process for CAREPANEL_WORKER=external.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help=(
            "Run the jobs queued now (and fail those whose worker died), then exit."))

    def handle(self, *args: Any, **options: Any) -> None:
        from carepanel.web import worker

        missing = unapplied_migrations()
        if missing:
            raise CommandError(
                f"The web database is not up to date ({missing} migration"
                f"{'s' if missing != 1 else ''} not applied): run `python -m carepanel.web "
                "migrate` first.")
        once = bool(options.get("once"))
        if settings.CAREPANEL_WORKER == "thread" and not once:
            self.stderr.write("Note: with CAREPANEL_WORKER=thread the server's processes run "
                              "jobs too (safe: each job runs once). Set "
                              "CAREPANEL_WORKER=external for the server when this is its worker.")
        stop = threading.Event()
        log.info("worker: started (looks for jobs every %s s; a running job is stale after "
                 "%s s)%s", settings.CAREPANEL_WORKER_POLL_SECONDS,
                 settings.CAREPANEL_WORKER_STALE_SECONDS, " for the jobs queued now" if once
                 else "")
        try:
            with stopping_on_signals(stop):
                ran = worker.work(stop, once=once)
        except KeyboardInterrupt:
            raise CommandError("Stopped at once (a job that was running, if any, is marked "
                               "failed: run it again).") from None
        log.info("worker: stopped after %s job%s", ran, "" if ran == 1 else "s")
        self.stdout.write(f"Ran {ran} queued job{'' if ran == 1 else 's'}.")
