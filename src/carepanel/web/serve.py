"""``carepanel serve``: run the web app on this machine (a demo, or one person's use).

Applies the database migrations, optionally creates the demo people and strategy, and
starts Django's built-in server with static files served by WhiteNoise. A shared deployment
uses ``carepanel.web.settings_production`` behind a WSGI server (``carepanel.web.wsgi``)
instead.
"""

from __future__ import annotations

import os
import sys


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

    worker.start(recover=True)  # the background worker: uploads and recalculations
    print(f"carepanel web app: http://{host if host != '0.0.0.0' else 'localhost'}:{port}/"  # noqa: S104
          "  (Ctrl+C to stop)", flush=True)
    call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True,
                 skip_checks=False)
