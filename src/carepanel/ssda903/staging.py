"""The staging database: every return of one run, read once, checked and ruled on in SQL.

A run (one ``carepanel validate`` or ``load``, one web upload) opens one DuckDB database in
memory and stages every file of every return into it: one table per DfE table
(``stg_<table>``), each row with the id of its return and the spreadsheet row number it was
on, every value as text exactly as received. Last year's return, when a rule needs it, is
staged beside the others, from files or from the warehouse. Everything after that is SQL
over these tables: the data contract's field checks (``field_checks``), the DfE rules (run
once over all returns, with the return id in their partitions and joins), and the write to
the warehouse (``warehouse.store_run``). No return is ever held whole in Python, so memory
follows DuckDB's column store, not Python's 70 bytes a cell, and DuckDB can spill to the
run's private folder.

The tables (also what the rule runner and the finding writers read):

``run_returns``
    one row per return: ``return_id``, ``name`` (the folder or workbook, as shown),
    ``la_code``, ``collection_year``, ``reference_date``, ``year_from`` (why that year),
    ``kind`` (``ssda903`` or ``local``), ``checked`` (false for a return staged only as
    last year's for another), ``previous_id`` (the return_id of last year's return for the
    DfE's ``*_last`` rules, or NULL), ``origin`` (``files`` or ``warehouse``), ``sha256``.
``run_files``
    one row per table of a return: ``return_id``, ``table_name`` (the DfE's name),
    ``source`` (the file, or ``book.xlsx[Sheet]``), ``header`` (as written, comma-joined),
    ``row_count``.
``stg_<sql_name>``
    ``return_id``, ``row_number``, then every column of the table (lower case) as VARCHAR;
    NULL for a blank cell.
``run_findings``
    ``return_id``, ``rule``, ``severity`` (``error`` or ``warning``), ``table_name``,
    ``in_return`` (``current``, or ``previous`` for a row of last year's return that a rule
    comparing the years flagged), ``file``, ``row_number``, ``column_name``, ``child``,
    ``message``.
``code_lists``
    ``list_name``, ``collection_year``, ``codes`` (VARCHAR[]), ``shown`` (for messages):
    the contract's code lists, one row per list and year.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from pathlib import Path

import duckdb

from carepanel.ssda903 import schema
from carepanel.ssda903.schema import Table

# Up to this many rows a table goes in by INSERT; beyond, through a temporary CSV read by
# read_csv (5,000 episode rows: 3 s by executemany, 0.05 s this way).
SMALL_TABLE = 10

_DDL = """
CREATE TABLE run_returns (
    return_id       INTEGER PRIMARY KEY,
    name            VARCHAR NOT NULL,
    la_code         VARCHAR,
    collection_year INTEGER,
    reference_date  DATE,
    year_from       VARCHAR,
    kind            VARCHAR NOT NULL DEFAULT 'ssda903',
    checked         BOOLEAN NOT NULL DEFAULT true,
    previous_id     INTEGER,
    origin          VARCHAR NOT NULL DEFAULT 'files',
    sha256          VARCHAR
);
CREATE TABLE run_files (
    return_id  INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    source     VARCHAR NOT NULL,
    header     VARCHAR NOT NULL,
    row_count  INTEGER NOT NULL
);
CREATE TABLE run_findings (
    return_id   INTEGER NOT NULL,
    rule        VARCHAR,
    severity    VARCHAR NOT NULL,
    table_name  VARCHAR,
    in_return   VARCHAR NOT NULL DEFAULT 'current',
    file        VARCHAR NOT NULL,
    row_number  INTEGER,
    column_name VARCHAR,
    child       VARCHAR,
    message     VARCHAR NOT NULL
);
CREATE TABLE code_lists (
    list_name       VARCHAR NOT NULL,
    collection_year INTEGER NOT NULL,
    codes           VARCHAR[] NOT NULL,
    shown           VARCHAR NOT NULL
);
"""

# A value quoted for a message as Python's ascii() would: printable ASCII as it is, anything
# else escaped, so that a byte gone wrong is visible and a terminal escape is never sent raw.
# Long values are cut: a 100 KiB field has no place in a one-line message.
_MACROS = r"""
CREATE MACRO hex_escape(c, prefix, width) AS
    prefix || lpad(lower(hex(unicode(c))), width, '0');
CREATE MACRO shown(v) AS
    '''' || CASE WHEN regexp_full_match(v, '[ -~]*') THEN left(v, 60)
                 ELSE list_aggr(list_transform(string_split(left(v, 60), ''),
                        lambda c: CASE WHEN c BETWEEN ' ' AND '~' THEN c
                                  WHEN unicode(c) < 256 THEN hex_escape(c, '\x', 2)
                                  WHEN unicode(c) < 65536 THEN hex_escape(c, '\u', 4)
                                  ELSE hex_escape(c, '\U', 8) END),
                        'string_agg', '') END
    || CASE WHEN length(v) > 60 THEN '...' ELSE '' END || '''';
"""


def sql_name(table: Table) -> str:
    """The staging table of ``table``: ``stg_episodes``."""
    return f"stg_{table.sql_name}"


def quoted(column: str) -> str:
    """A column as SQL names it: DfE names such as DEC are SQL keywords."""
    return '"' + column.lower() + '"'


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Create every staging table, empty, in ``con``'s current database."""
    con.execute(_DDL)
    con.execute(_MACROS)
    for table in schema.TABLES.values():
        cols = ", ".join(f"{quoted(c)} VARCHAR" for c in table.columns)
        con.execute(f"CREATE TABLE {sql_name(table)} (return_id INTEGER NOT NULL, "
                    f"row_number INTEGER NOT NULL, {cols})")
    con.executemany("INSERT INTO code_lists VALUES (?, ?, ?, ?)", [
        [name, year, list(codes), _short_list(codes)]
        for name, spans in schema.CODE_LISTS.items()
        for years, codes in spans for year in years])


def _short_list(values: tuple[str, ...], limit: int = 14) -> str:
    if len(values) <= limit:
        return " ".join(values)
    return " ".join(values[:limit]) + f" ... ({len(values)} codes)"


def add_return(con: duckdb.DuckDBPyConnection, name: str, *, kind: str = "ssda903",
               checked: bool = True, origin: str = "files") -> int:
    """A new return of the run, its year and council not yet known: its return_id."""
    row = con.execute(
        "INSERT INTO run_returns (return_id, name, kind, checked, origin) "
        "SELECT coalesce(max(return_id), 0) + 1, ?, ?, ?, ? FROM run_returns "
        "RETURNING return_id", [name, kind, checked, origin]).fetchone()
    assert row is not None
    return int(row[0])


def stage_table(con: duckdb.DuckDBPyConnection, return_id: int, table: Table, source: str,
                header: list[str], rows: Iterable[tuple[int, list[str]]],
                folder: Path) -> int:
    """Stage one table of one return: its rows, each (spreadsheet row, values in the
    table's column order). Streams: ``rows`` is read once and never held. ``folder`` is
    the run's private folder, for the temporary CSV the rows pass through. The number of
    rows staged."""
    rows = iter(rows)
    first = [r for _, r in zip(range(SMALL_TABLE + 1), rows, strict=False)]
    if len(first) <= SMALL_TABLE:
        if first:
            marks = ", ".join("?" * (len(table.columns) + 2))
            con.executemany(f"INSERT INTO {sql_name(table)} VALUES ({marks})",
                            [[return_id, n, *(v if v != "" else None for v in values)]
                             for n, values in first])
        count = len(first)
    else:
        count = _stage_through_csv(con, return_id, table, first, rows, folder)
    con.execute("INSERT INTO run_files VALUES (?, ?, ?, ?, ?)",
                [return_id, table.name, source, ",".join(header), count])
    return count


def _stage_through_csv(con: duckdb.DuckDBPyConnection, return_id: int, table: Table,
                       first: list[tuple[int, list[str]]],
                       rest: Iterable[tuple[int, list[str]]], folder: Path) -> int:
    path = folder / f"{sql_name(table)}_{return_id}.csv"
    count = 0
    try:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            for chunk in (first, rest):
                for n, values in chunk:
                    writer.writerow([n, *values])
                    count += 1
        types = {"row_number": "INTEGER", **{c.lower(): "VARCHAR" for c in table.columns}}
        struct = "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"
        con.execute(f"INSERT INTO {sql_name(table)} SELECT ?::INTEGER, * FROM read_csv(?, "
                    f"header = false, auto_detect = false, columns = {struct}, quote = '\"', "
                    f"escape = '\"', strict_mode = true, parallel = false)",
                    [return_id, str(path)])
    finally:
        path.unlink(missing_ok=True)
    return count


def fingerprint(con: duckdb.DuckDBPyConnection, return_id: int) -> str:
    """A fingerprint of a return's content, blind to file names, column order and row order.

    Loading the same return twice, even re-exported with other file names, must change
    nothing; a return that differs in any value is a new submission. Each row's values
    (joined with a unit separator) are hashed with MD5 in DuckDB and the two 64-bit halves
    summed per table: order does not matter, a repeated row still counts, and no return is
    ever pulled into Python to be sorted.
    """
    h = hashlib.sha256()
    tables = [name for (name,) in con.execute(
        "SELECT DISTINCT table_name FROM run_files WHERE return_id = ? ORDER BY 1",
        [return_id]).fetchall()]
    for name in tables:
        table = schema.TABLES[name]
        text = " || chr(31) || ".join(f"coalesce({quoted(c)}, '')" for c in table.columns)
        row = con.execute(
            f"SELECT count(*), coalesce(sum(md5_number_upper(t)), 0), "
            f"coalesce(sum(md5_number_lower(t)), 0) "
            f"FROM (SELECT {text} AS t FROM {sql_name(table)} WHERE return_id = ?)",
            [return_id]).fetchone()
        h.update(f"{name}\x1e{row}\x1d".encode() if row else name.encode())
    return h.hexdigest()


def set_return(con: duckdb.DuckDBPyConnection, return_id: int, **columns: object) -> None:
    """Record what is now known of a return (``la_code``, ``collection_year``,
    ``reference_date``, ``year_from``, ``previous_id``, ``sha256``, ...)."""
    allowed = {"name", "la_code", "collection_year", "reference_date", "year_from", "kind",
               "checked", "previous_id", "origin", "sha256"}
    unknown = set(columns) - allowed
    if unknown:
        raise ValueError(f"run_returns has no column {', '.join(sorted(unknown))}")
    if columns:
        sets = ", ".join(f"{c} = ?" for c in columns)
        con.execute(f"UPDATE run_returns SET {sets} WHERE return_id = ?",
                    [*columns.values(), return_id])
