"""``python -m carepanel.web carepanel_publish --warehouse FILE``: figures into the web app.

Builds the scorecard for every council and quarter end in the warehouse (the worker's
recompute job, run here and now) so the web app's pages can show them; the warehouse is
remembered, so uploads and manual values made in the web app later use the same one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = ("Compute the scorecard for every council and quarter end in the warehouse and "
            "publish it to the web app (applies the database migrations first).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--warehouse", type=Path, help=(
            "DuckDB warehouse file (default: $CAREPANEL_WAREHOUSE, else the one last "
            "published, else carepanel's default)."))

    def handle(self, *args: Any, **options: Any) -> None:
        from carepanel.web import worker
        from carepanel.web.uploads.models import JobStatus

        call_command("migrate", interactive=False, verbosity=0)
        path: Path | None = options.get("warehouse")
        if path is not None and not path.exists():
            raise CommandError(f"no warehouse at {path}: load returns first "
                               "(carepanel load PATH --warehouse FILE)")
        target = path.resolve() if path is not None else worker.warehouse_path()
        self.stdout.write(f"Publishing the scorecard from {target} ...")
        job = worker.publish(target)
        if job.status != JobStatus.DONE:
            raise CommandError(job.summary)
        self.stdout.write(job.summary)
