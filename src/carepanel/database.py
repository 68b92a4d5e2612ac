"""What every DuckDB store in carepanel does the same way: transactions, lookups, one value.

The warehouse, the run's staging database and the benchmark tables are all DuckDB. Writing
these three things once keeps their behaviour the same everywhere: a write is all or
nothing, and a table is looked for only in the database the connection is using (an
attached warehouse has tables of the same names).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import duckdb


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All the writes inside, or none of them: committed at the end, rolled back on any
    error or interruption (Ctrl+C included)."""
    con.begin()
    try:
        yield
        con.commit()
    except BaseException:
        # After a failed commit DuckDB has already ended the transaction.
        with contextlib.suppress(duckdb.Error):
            con.rollback()
        raise


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether ``name`` is a table or view of the connection's current database and schema."""
    return bool(value(
        con, "SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
        "AND table_catalog = current_database() AND table_schema = current_schema()", [name]))


def column_exists(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    return bool(value(
        con, "SELECT count(*) FROM information_schema.columns WHERE table_name = ? "
        "AND column_name = ? AND table_catalog = current_database() "
        "AND table_schema = current_schema()", [table, column]))


def one_row(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | None = None
            ) -> tuple[Any, ...]:
    """The one row of a query that always returns one (an aggregate)."""
    row = con.execute(sql, params or []).fetchone()
    if row is None:
        raise LookupError(f"expected one row, got none: {' '.join(sql.split()[:6])}")
    return row


def value(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | None = None
          ) -> Any:
    """The first column of the first row of a query that always returns one (an aggregate).

    A query that returns no row is a mistake in carepanel's SQL, not in the data: it is
    raised as such rather than as "'NoneType' object is not subscriptable".
    """
    return one_row(con, sql, params)[0]
