"""``carepanel serve`` and ``carepanel worker``: the web app on this machine, and its worker.

``serve`` applies the database migrations, optionally creates the demo people and strategy,
starts the background worker thread (``CAREPANEL_WORKER=thread``, the default: one command
runs everything) and Django's built-in server with static files served by WhiteNoise. A
shared deployment uses ``carepanel.web.settings_production`` behind a WSGI server
(``carepanel.web.wsgi``) with ``carepanel worker`` as a service of its own instead.
"""

from __future__ import annotations

import os
import sys

# On Ctrl+C, how long the server waits for the job running to finish before it marks the
# job failed and stops (a person at a terminal wants the prompt back).
STOP_WAIT_SECONDS = 10.0


def serve(host: str = "127.0.0.1", port: int = 8000, demo: bool = False,
          password: str | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepanel.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    if demo:
        from carepanel.web.demo import create_demo, publish_demo_figures

        create_demo(password, out=sys.stdout)
        publish_demo_figures(out=sys.stdout)
    from carepanel.web import worker

    threaded = worker.start()  # the background worker: uploads and recalculations
    print(f"carepanel web app: http://{host if host != '0.0.0.0' else 'localhost'}:{port}/"  # noqa: S104
          "  (Ctrl+C to stop)", flush=True)
    if not threaded and not _sync():
        print("Uploads and recalculations wait for `carepanel worker` "
              "(CAREPANEL_WORKER=external): start it too.", flush=True)
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True,
                     skip_checks=False)
    finally:
        if threaded:
            worker.stop(wait=STOP_WAIT_SECONDS)


def _sync() -> bool:
    from django.conf import settings

    return bool(settings.CAREPANEL_WORKER_SYNC)


def run_worker(once: bool = False) -> None:
    """``carepanel worker``: the ``carepanel_worker`` management command with the default
    settings module (``DJANGO_SETTINGS_MODULE`` chooses another, as in production)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepanel.web.settings")
    import django
    from django.core.management import call_command
    from django.core.management.base import CommandError

    django.setup()
    try:
        call_command("carepanel_worker", once=once)
    except CommandError as e:
        print(f"Error: {e}", file=sys.stderr)
        raise SystemExit(1) from None
