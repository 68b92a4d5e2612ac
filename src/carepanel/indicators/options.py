"""``--indicators-dir``: the option every command that computes indicators takes.

Here rather than in ``carepanel.console`` because it reads the catalogue, which the
commands below the indicators (the benchmarks) must not import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from carepanel.console import err
from carepanel.indicators.catalogue import IndicatorFileError, use_council_folder

IndicatorsDirOpt = Annotated[
    Path | None,
    typer.Option("--indicators-dir",
                 help="A folder of the council's own indicators: SQL files in the format of "
                      "the built-in ones (docs/indicators.md), added to the catalogue."),
]


def use_indicators_dir(folder: Path | None) -> None:
    """Add the council's own indicators from ``--indicators-dir`` before anything reads the
    catalogue (the scorecard configuration names them); a bad file is one line naming it,
    exit status 2."""
    if folder is None:
        return
    try:
        use_council_folder(folder)
    except IndicatorFileError as e:
        err.print(f"--indicators-dir: {e}", style="red", markup=False, highlight=False,
                  soft_wrap=True)
        raise typer.Exit(2) from None
