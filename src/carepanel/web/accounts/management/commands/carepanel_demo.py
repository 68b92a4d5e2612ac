"""``python -m carepanel.web carepanel_demo``: demo people and a synthetic strategy."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = ("Create demo people for each role (printing their passwords) and, if the tracker "
            "is empty, a synthetic strategy. Running it again resets the demo passwords.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", help="One password for every demo person "
                                               "(default: a random one each, printed).")

    def handle(self, *args: Any, **options: Any) -> None:
        from carepanel.web.demo import create_demo

        create_demo(options.get("password"), out=self.stdout)
