"""The ``carepanel`` command's first step, before the command line is imported.

``carepanel report scorecard`` (or ``progress``, ``annual``) writes a PDF in a few
seconds, of which WeasyPrint's own start (importing it, setting up fonts) is most of a
second. Importing the command line (Typer, Rich, DuckDB, the indicator catalogue) takes
another third of a second. So when the arguments say a paper will be written as PDF, a
printer process is forked here, first, and imports WeasyPrint while the rest of the
command starts and reads the figures (``carepanel.reports.printers``). Everything else
goes straight to ``carepanel.cli``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

# The commands that adopt an early printer (``reports.printers.adopt``); each writes PDF
# unless told otherwise.
EARLY_PRINTING = {("report", "scorecard"), ("report", "progress"), ("report", "annual")}


def pdf_formats(argv: Sequence[str]) -> list[str] | None:
    """The formats a paper command will write, when one of them is PDF: from ``--format``
    or ``-f`` (PDF when not given). None when no printer should start early: a
    command that does not print, help, ``--jobs 1``, or no PDF."""
    if tuple(argv[:2]) not in EARLY_PRINTING or "--help" in argv:
        return None
    fmt, jobs = "pdf", None
    for k, arg in enumerate(argv):
        value = argv[k + 1] if k + 1 < len(argv) else ""
        if arg in ("--format", "-f"):
            fmt = value
        elif arg.startswith("--format="):
            fmt = arg.split("=", 1)[1]
        elif arg in ("--jobs", "-j"):
            jobs = value
        elif arg.startswith("--jobs="):
            jobs = arg.split("=", 1)[1]
    formats = [f.strip().lower() for f in fmt.split(",") if f.strip()]
    if jobs == "1" or "pdf" not in formats:
        return None
    return formats


def main() -> None:
    """The console script ``carepanel`` (and ``python -m carepanel``)."""
    formats = pdf_formats(sys.argv[1:])
    if formats is not None:
        from carepanel.reports import printers

        printers.start_early(formats)
    try:
        from carepanel.cli import main as command

        command()
    finally:
        if formats is not None:
            printers.discard_early()
