"""Shared test helpers: small, readable SSDA903 returns written to a temporary folder."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from carepanel.ssda903 import schema

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def write_return(folder: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    """Write one CSV per table, columns in the DfE order, blank where a row says nothing."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = schema.TABLES[name].columns
        with open(folder / f"{name.lower()}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(columns)
            for row in rows:
                w.writerow([row.get(c, "") for c in columns])
    return folder


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the repo; skipped where absent unless CI requires it."""
    if SHARED.is_dir():
        return SHARED
    if os.environ.get("CAREPANEL_REQUIRE_SHARED") == "1":
        pytest.fail(f"CAREPANEL_REQUIRE_SHARED=1 but {SHARED} is missing")
    pytest.skip(f"needs {SHARED} (the project's shared specs and DfE tables)")


def load_returns(tmp_path: Path, returns: dict[str, dict[str, list[dict[str, str]]]]):
    """Write each return under ``tmp_path/<name>`` and load them all into a new warehouse.

    Names start with the council code (``883/ssda903_2025``). Returns the open warehouse's
    path; open it with ``Warehouse.open(path)``.
    """
    from carepanel.ssda903 import intake

    folders = [write_return(tmp_path / name, tables) for name, tables in returns.items()]
    path = tmp_path / "warehouse.duckdb"
    intake.load(intake.Request(folders), path)
    return path


def compute(path: Path, period_end: str, ids: list[str] | None = None,
            la: str | None = None) -> dict[str, object]:
    """Indicator results by id for one council: ``{id: Result}``."""
    import datetime as dt

    from carepanel.indicators.engine import compute as run
    from carepanel.warehouse import Warehouse

    with Warehouse.open(path, read_only=True) as wh:
        results = run(wh.con, dt.date.fromisoformat(period_end), ids=ids,
                      la_codes=[la] if la else None)
    return {r.id: r for r in results}
