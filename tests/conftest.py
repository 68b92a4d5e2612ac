"""Shared test helpers: small, readable SSDA903 returns written to a temporary folder."""

from __future__ import annotations

import csv
import importlib
import os
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from carepanel.ssda903 import schema

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's: the tests never download a browser
POPPLER = ("pdftotext", "pdfinfo", "pdffonts")  # poppler-utils: a PDF read back
REQUIRE_BROWSER = "CAREPANEL_REQUIRE_BROWSER"


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


def require_tools(present: bool, why: str, *, allow_module_level: bool = False) -> None:
    """Go on when the programs a test needs are installed. Where one is missing the test is
    skipped, saying why (a newcomer's machine), except under CAREPANEL_REQUIRE_BROWSER=1:
    CI installs Chromium and poppler-utils, so there a missing one is a failure, never a
    quiet skip (as CAREPANEL_REQUIRE_SHARED does for ../shared)."""
    if present:
        return
    if os.environ.get(REQUIRE_BROWSER) == "1":
        pytest.fail(f"{REQUIRE_BROWSER}=1 but this test {why}", pytrace=False)
    pytest.skip(why, allow_module_level=allow_module_level)


def import_for_browser(name: str) -> ModuleType:
    """A module the browser tests drive Chromium with (Playwright, axe), as ``require_tools``
    treats a missing program."""
    try:
        return importlib.import_module(name)
    except ImportError:
        require_tools(False, f"needs the Python package {name}", allow_module_level=True)
        raise


@pytest.fixture
def chromium() -> Path:
    """Debian's Chromium, for the tests that look at a page in a real browser."""
    require_tools(CHROMIUM.exists(), f"needs {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture
def poppler() -> None:
    """poppler's pdftotext, pdfinfo and pdffonts, for the tests that read a PDF back."""
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    require_tools(not missing, f"needs {', '.join(missing)} (apt-get install poppler-utils)")


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
