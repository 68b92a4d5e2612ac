"""What every ``carepanel`` command shares: the consoles, progress bars, common options."""

from __future__ import annotations

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
