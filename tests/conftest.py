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
