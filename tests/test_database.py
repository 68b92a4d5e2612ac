"""The DuckDB conventions every store shares: all-or-nothing writes, lookups, one value."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from carepanel.database import column_exists, table_exists, transaction, value


def test_a_transaction_keeps_all_its_writes_or_none() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (n INTEGER)")
    with transaction(con):
        con.execute("INSERT INTO t VALUES (1), (2)")
    with pytest.raises(RuntimeError), transaction(con):
        con.execute("INSERT INTO t VALUES (3)")
        raise RuntimeError("the load failed half-way")
    with pytest.raises(KeyboardInterrupt), transaction(con):
        con.execute("INSERT INTO t VALUES (4)")
        raise KeyboardInterrupt  # Ctrl+C during a load
    assert con.execute("SELECT n FROM t ORDER BY n").fetchall() == [(1,), (2,)]


def test_a_failed_statement_rolls_back_what_came_before_it() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
    with pytest.raises(duckdb.ConstraintException), transaction(con):
        con.execute("INSERT INTO t VALUES (1)")
        con.execute("INSERT INTO t VALUES (1)")
    assert value(con, "SELECT count(*) FROM t") == 0


def test_tables_are_looked_for_in_the_current_database_only(tmp_path: Path) -> None:
    """An attached warehouse has tables of the same names as the run's staging database."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{tmp_path / 'other.duckdb'}' AS other")
    con.execute("CREATE TABLE other.findings (rule VARCHAR, table_name VARCHAR)")
    assert not table_exists(con, "findings")
    assert not column_exists(con, "findings", "table_name")
    con.execute("CREATE TABLE findings (rule VARCHAR)")
    assert table_exists(con, "findings")
    assert column_exists(con, "findings", "rule")
    assert not column_exists(con, "findings", "table_name")


def test_a_query_that_returns_no_row_says_so() -> None:
    con = duckdb.connect()
    assert value(con, "SELECT 42") == 42
    with pytest.raises(LookupError, match="expected one row, got none"):
        value(con, "SELECT 1 WHERE false")
