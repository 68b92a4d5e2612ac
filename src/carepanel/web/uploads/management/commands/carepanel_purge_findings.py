"""``python -m carepanel.web carepanel_purge_findings [--dry-run]``: apply the retention rule.

Reduces the validation findings of every job that finished more than
``CAREPANEL_FINDINGS_RETENTION_DAYS`` ago to counts by rule (``uploads.retention``). The
worker does this about hourly; this command does it now, or with ``--dry-run`` says what it
would remove without removing anything.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = ("Delete row-level upload findings older than CAREPANEL_FINDINGS_RETENTION_DAYS, "
            "keeping counts by rule on each upload.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="Say what would be removed, and remove nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        from carepanel.web.uploads.retention import purge_findings

        dry_run = bool(options.get("dry_run"))
        result = purge_findings(dry_run=dry_run)
        self.stdout.write(result.describe(dry_run=dry_run))
        if result.jobs:
            self.stdout.write("Uploads: " + ", ".join(f"#{pk}" for pk in result.jobs))
