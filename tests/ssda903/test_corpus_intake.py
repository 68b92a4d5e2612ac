"""The malformed-return corpus through the commands a user runs: validate, load, upload.

Every variant of ``corpus.variants`` (more than 300 ways one return goes wrong) is given to
``carepanel validate`` and ``carepanel load`` exactly as a user types them, through the
command's entry point (``cli.main``, the one the console script runs). What a user relies
on: no traceback whatever the files hold; a refusal is a message naming the file (and the
row and column where there is one); what is refused leaves every table of the warehouse
exactly as it was; bad values load, as errors; a clean return loads clean.

The web upload page gets the same corpus in tests/web/test_upload_corpus.py.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

from carepanel import cli
from carepanel.ssda903 import intake
from carepanel.ssda903.intake import Request
from carepanel.ssda903.sources import shown

from corpus import ERRORS, LOADS, REFUSED, Variant, variants

TRACEBACK = re.compile(r"Traceback|^\s+File \"|[A-Z][a-z]+(Error|Exception)\b|BadZipFile",
                       re.MULTILINE)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Variant]:
    return variants(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def base_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse already holding another council's return: what a refusal must keep."""
    from carepanel.ssda903.synth import generate

    root = tmp_path_factory.mktemp("base")
    generate(root / "returns", children=15, years=1, seed=3, la_code="919")
    path = root / "warehouse.duckdb"
    intake.load(Request([root / "returns"]), path)
    return path


def run(args: list[str]) -> tuple[int, str]:
    """``carepanel ARGS`` through the console script's entry point: (exit status, what it
    printed on stdout and stderr)."""
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["carepanel", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main()
                status = 0
            except SystemExit as e:
                status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv = argv
    return status, out.getvalue() + err.getvalue()


def contents(path: Path) -> dict[str, tuple]:
    """Every table of a warehouse, row by row (order-blind): what a load may not change."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [n for (n,) in con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {n: tuple(sorted(map(repr, con.execute(f'SELECT * FROM "{n}"').fetchall())))
                for n in names}
    finally:
        con.close()


def names_where(variant: Variant, output: str) -> bool:
    """The message names the variant's file or folder, and its row and column if any."""
    if shown(variant.path) not in output:
        return False
    if variant.at is None:
        return True
    row, column = variant.at
    return f"row {row}" in output and (column is None or column in output)


@pytest.fixture(scope="module")
def validated(corpus: list[Variant]) -> dict[str, tuple[int, str]]:
    return {v.id: run(["validate", str(v.path)]) for v in corpus}


@pytest.fixture(scope="module")
def loaded(corpus: list[Variant], base_warehouse: Path,
           tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, bool]]:
    """Each variant loaded into its own copy of the base warehouse: (status, output,
    whether every table is exactly as before)."""
    before = contents(base_warehouse)
    out = {}
    work = tmp_path_factory.mktemp("loads")
    for v in corpus:
        path = work / f"{v.id}.duckdb"
        shutil.copy(base_warehouse, path)
        status, text = run(["load", str(v.path), "--warehouse", str(path)])
        out[v.id] = (status, text, contents(path) == before)
        path.unlink()
    return out


def test_no_variant_gives_a_traceback(corpus: list[Variant],
                                      validated: dict[str, tuple[int, str]],
                                      loaded: dict[str, tuple[int, str, bool]]) -> None:
    tracebacks = [v.id for v in corpus
                  if TRACEBACK.search(validated[v.id][1]) or TRACEBACK.search(loaded[v.id][1])]
    assert tracebacks == []
    unexpected = [v.id for v in corpus if "unexpected error" in validated[v.id][1]
                  or "unexpected error" in loaded[v.id][1]]
    assert unexpected == []


def test_validate_says_unusable_errors_or_clean_by_its_exit_status(
        corpus: list[Variant], validated: dict[str, tuple[int, str]]) -> None:
    wrong = []
    for v in corpus:
        status, text = validated[v.id]
        if v.expect == REFUSED and v.stage in ("read", "tables"):
            ok = status == 2 and names_where(v, text)
        elif v.expect == ERRORS:
            ok = status == 1
        elif v.expect == LOADS or v.stage == "load":
            ok = status == 0
        else:
            ok = True
        if not ok:
            wrong.append((v.id, status, text[-300:]))
    assert wrong == []


def test_a_refused_load_leaves_every_table_as_it_was(
        corpus: list[Variant], loaded: dict[str, tuple[int, str, bool]]) -> None:
    wrong = []
    for v in corpus:
        status, text, unchanged = loaded[v.id]
        if v.expect == REFUSED:
            ok = status != 0 and unchanged and names_where(v, text)
        else:
            ok = status == 0 and not unchanged
        if not ok:
            wrong.append((v.id, v.expect, status, unchanged, text[-300:]))
    assert wrong == []


def test_bad_values_load_as_errors_and_clean_returns_load_clean(
        corpus: list[Variant], loaded: dict[str, tuple[int, str, bool]]) -> None:
    for v in corpus:
        _, text, _ = loaded[v.id]
        if v.expect == ERRORS:
            assert re.search(r"Loaded 883 2024/25 with [1-9][0-9]* error", text), (v.id, text)
        elif v.expect == LOADS:
            assert "Loaded 883 2024/25 with no errors" in text, (v.id, text)
