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
from typing import IO, Any

import duckdb

from carepanel.ssda903 import schema
from carepanel.ssda903.schema import Table

_DDL = """
CREATE TABLE run_returns (
    return_id       INTEGER NOT NULL,
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


class Stager:
    """Stages the tables of a run's returns: rows are appended to one temporary CSV per
    table (with the return id and spreadsheet row on each), and each CSV is read into its
    staging table once, at ``finish``. One read per table per run, not per file: for the
    national set (153 returns, 2,448 files) the per-file reads cost 26 s of a 100 s load.
    Streams: no table is ever held in Python."""

    def __init__(self, con: duckdb.DuckDBPyConnection, folder: Path):
        self.con = con
        self.folder = folder
        self._files: dict[str, tuple[Path, IO[str], Any]] = {}  # path, file, csv writer
        self._counts: list[list[object]] = []

    def add(self, return_id: int, table: Table, source: str, header: list[str],
            rows: Iterable[tuple[int, list[str]]]) -> int:
        """Append one table of one return: its rows, each (spreadsheet row, values in the
        table's column order). The number of rows."""
        if table.name not in self._files:
            path = self.folder / f"{sql_name(table)}.csv"
            fh = open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115
            self._files[table.name] = (path, fh, csv.writer(fh))
        _, _, writer = self._files[table.name]
        count = 0
        for n, values in rows:
            writer.writerow([return_id, n, *values])
            count += 1
        self._counts.append([return_id, table.name, source, ",".join(header), count])
        return count

    def finish(self) -> None:
        """Read every table's CSV into its staging table, and remove the CSVs."""
        try:
            for name, (path, fh, _) in self._files.items():
                fh.close()
                table = schema.TABLES[name]
                types = {"return_id": "INTEGER", "row_number": "INTEGER",
                         **{c.lower(): "VARCHAR" for c in table.columns}}
                struct = "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"
                self.con.execute(
                    f"INSERT INTO {sql_name(table)} SELECT * FROM read_csv(?, header = false, "
                    f"auto_detect = false, columns = {struct}, quote = '\"', escape = '\"', "
                    f"strict_mode = true)", [str(path)])
            if self._counts:
                self.con.executemany("INSERT INTO run_files VALUES (?, ?, ?, ?, ?)",
                                     self._counts)
        finally:
            self.discard()

    def discard(self) -> None:
        """Close and remove the temporary CSVs (they hold child rows)."""
        for path, fh, _ in self._files.values():
            fh.close()
            path.unlink(missing_ok=True)
        self._files.clear()
        self._counts.clear()


def stage_table(con: duckdb.DuckDBPyConnection, return_id: int, table: Table, source: str,
                header: list[str], rows: Iterable[tuple[int, list[str]]],
                folder: Path) -> int:
    """Stage one table of one return on its own (tests, small jobs): ``Stager`` for one
    table. ``folder`` is a private folder for the temporary CSV."""
    stager = Stager(con, folder)
    count = stager.add(return_id, table, source, header, rows)
    stager.finish()
    return count


def fingerprints(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """A fingerprint of each return's content, blind to file names, column order and row
    order.

    Loading the same return twice, even re-exported with other file names, must change
    nothing; a return that differs in any value is a new submission. Each row's values
    (joined with a unit separator) are hashed with MD5 in DuckDB and the two 64-bit halves
    summed per table: order does not matter, a repeated row still counts, and no return is
    ever pulled into Python to be sorted. One grouped query per table for the whole run.
    """
    parts: dict[int, list[str]] = {}
    for table in schema.TABLES.values():
        text = " || chr(31) || ".join(f"coalesce({quoted(c)}, '')" for c in table.columns)
        for rid, n, upper, lower in con.execute(
                f"SELECT return_id, count(*), sum(md5_number_upper(t)), "
                f"sum(md5_number_lower(t)) FROM (SELECT return_id, {text} AS t "
                f"FROM {sql_name(table)}) GROUP BY return_id").fetchall():
            parts.setdefault(rid, []).append(f"{table.name}\x1e{n},{upper},{lower}\x1d")
    for rid, name in con.execute("SELECT DISTINCT return_id, table_name FROM run_files "
                                 "WHERE row_count = 0").fetchall():
        parts.setdefault(rid, []).append(f"{name}\x1e0\x1d")
    return {rid: hashlib.sha256("".join(sorted(p)).encode()).hexdigest()
            for rid, p in parts.items()}


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
