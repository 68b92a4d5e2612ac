"""The results store: a figure computed once per version of the data, read back only while
the data and the definitions are the ones it was made from (indicators/results.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import duckdb
import pytest

from carepanel.indicators import results as store
from carepanel.indicators.catalogue import get
from carepanel.indicators.engine import compute
from carepanel.warehouse import Warehouse

from five_children import add_errors, two_year_history

END = dt.date(2025, 3, 31)
IDS = ["cla_at_end", "cla_started", "placements_3plus_pct"]


def _views(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The cohort views (temporary tables) the connection has made."""
    return {t for (t,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()}


def _figures(path: Path, ids: list[str] = IDS, quality: bool = False
             ) -> tuple[list[tuple], set[str]]:
    with Warehouse.open(path, read_only=True) as wh:
        found = compute(wh.con, END, ids=ids, data_quality=quality)
        return [dataclasses.astuple(r) for r in found], _views(wh.con)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return two_year_history(tmp_path)


def test_a_figure_is_computed_once_and_read_back_exactly(warehouse: Path) -> None:
    first, made = _figures(warehouse)
    assert "cla_at_end" in made  # computed: the cohort views were made
    assert warehouse.with_name(warehouse.name + store.SUFFIX).exists()
    again, made_again = _figures(warehouse)
    # Read from the store: the same figures, the same Python types (4 children looked
    # after at 31/03/2025: A, B, C, E; an int stays an int), and no cohort view made.
    assert again == first
    assert [type(v) for row in again for v in row] == [type(v) for row in first for v in row]
    by_id = {row[0]: row for row in again}
    assert by_id["cla_at_end"][5] == 4 and isinstance(by_id["cla_at_end"][5], int)
    assert "cla_at_end" not in made_again


def test_a_load_makes_a_new_version_of_the_data(warehouse: Path) -> None:
    with Warehouse.open(warehouse, read_only=True) as wh:
        [r] = compute(wh.con, END, ids=["cla_at_end"], data_quality=True)
    assert r.data_quality is not None and r.data_quality.children_with_errors == 0
    add_errors(warehouse)  # written straight into the warehouse, as a load writes findings
    with Warehouse.open(warehouse, read_only=True) as wh:
        [r] = compute(wh.con, END, ids=["cla_at_end"], data_quality=True)
        made = _views(wh.con)
    # Recomputed, not read back: C and E (2 of the 4 looked after) now have data errors.
    assert "cla_at_end" in made
    assert (r.data_quality.children, r.data_quality.children_with_errors) == (4, 2)
    # and the store holds this version's figures only
    con = duckdb.connect(str(warehouse.with_name(warehouse.name + store.SUFFIX)),
                         read_only=True)
    versions = con.execute("SELECT count(DISTINCT data_version) FROM result_v1").fetchone()
    con.close()
    assert versions == (1,)


def test_a_figure_asked_with_its_data_quality_is_not_read_from_one_stored_without(
        warehouse: Path) -> None:
    _figures(warehouse, ids=["cla_at_end"], quality=False)
    with Warehouse.open(warehouse, read_only=True) as wh:
        [r] = compute(wh.con, END, ids=["cla_at_end"], data_quality=True)
        assert "cla_at_end" in _views(wh.con)
    assert r.data_quality is not None and r.data_quality.children == 4


def test_a_changed_definition_is_another_figure() -> None:
    ind = get("cla_at_end")
    changed = dataclasses.replace(ind, sql=ind.sql.replace("count", "count"), unit="count",
                                  definition=ind.definition + " (as amended)")
    assert store.definition_key(ind) == store.definition_key(get("cla_at_end"))
    assert store.definition_key(changed) != store.definition_key(ind)


def test_turned_off_nothing_is_kept(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREPANEL_RESULTS_STORE", "0")
    _figures(warehouse)
    assert not warehouse.with_name(warehouse.name + store.SUFFIX).exists()


def test_a_store_that_cannot_be_used_only_costs_time(warehouse: Path) -> None:
    expected, _ = _figures(warehouse)
    kept = warehouse.with_name(warehouse.name + store.SUFFIX)
    kept.unlink()
    kept.mkdir()  # something in the way: not a database file
    again, made = _figures(warehouse)
    assert again == expected
    assert "cla_at_end" in made  # computed, every time
    assert kept.is_dir()


def test_another_process_writing_the_store_only_costs_time(warehouse: Path) -> None:
    expected, _ = _figures(warehouse)
    kept = warehouse.with_name(warehouse.name + store.SUFFIX)
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('open', flush=True); time.sleep(60)", str(kept)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        again, made = _figures(warehouse)
    finally:
        holder.kill()
        holder.wait()
    assert again == expected
    assert "cla_at_end" in made  # computed, as the store was locked


def test_a_warehouse_in_memory_or_a_transaction_keeps_nothing(warehouse: Path) -> None:
    assert store.ResultStore.of(duckdb.connect()) is None
    with Warehouse.open(warehouse) as wh:
        wh.con.execute("BEGIN TRANSACTION")
        assert store.ResultStore.of(wh.con) is None
        wh.con.execute("ROLLBACK")
        assert store.ResultStore.of(wh.con) is not None
