"""What every ``carepanel`` command shares: the consoles, progress bars, common options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console()
err = Console(stderr=True)

WarehouseOpt = Annotated[
    Path | None,
    typer.Option("--warehouse", "-w",
                 help="DuckDB warehouse file. Default: $CAREPANEL_WAREHOUSE, else "
                      "warehouse.duckdb in your user data directory."),
]


@contextmanager
def progress(description: str) -> Iterator[Callable[..., None]]:
    """A Rich progress bar on stderr, shown on a terminal only (CI logs stay readable).

    The callback takes (done, total, what).
    """
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[what]}"), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(description, total=None, what="")

        def update(done: int, total: int, what: str = "") -> None:
            bar.update(task, completed=done, total=total, what=short(what))

        yield update


def short(text: str, width: int = 40) -> str:
    """The end of a long path, which is the part that tells files apart."""
    return text if len(text) <= width else "..." + text[-(width - 3):]


EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)


class DateOptionError(ValueError):
    """A date option that is not a date, or not one carepanel can work with. The text is
    the one line to show."""


def option_date(text: str, option: str) -> dt.date:
    """A date given on the command line (YYYY-MM-DD), from 1990 to 2100.

    The figures reach back from a date (a year, last year, five quarters of trends, care
    leavers up to 25) and forward a day; at 0001-01-01 or 9999-12-31 Python's dates run out
    ("year 0 is out of range"), and no return describes either.
    """
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise DateOptionError(f"{option}: {text!r} is not a date in the form YYYY-MM-DD"
                              ) from None
    if not EARLIEST <= value <= LATEST:
        raise DateOptionError(f"{option}: {text} is out of range: give a date from "
                              f"{EARLIEST.isoformat()} to {LATEST.isoformat()}")
    return value
