"""``python -m carepanel.web <command>``: Django's manage.py for carepanel's web app.

For example ``python -m carepanel.web migrate``, ``python -m carepanel.web carepanel_demo``
or ``python -m carepanel.web check --deploy`` (with
``DJANGO_SETTINGS_MODULE=carepanel.web.settings_production``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepanel.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["python -m carepanel.web", *(argv if argv is not None
                                                            else sys.argv[1:])])


if __name__ == "__main__":
    main()
