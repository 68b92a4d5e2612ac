"""The DuckDB warehouse: every submission as it came, and one history built across them.

Three layers, all in one DuckDB file:

* ``submissions`` / ``submission_tables`` / ``raw_<table>``: each return exactly as received
  (text values, spreadsheet row numbers), so that any figure can be rebuilt and any
  finding traced back to the row a council sent.
* ``<table>`` (``episodes``, ``header``, ...): the canonical history, typed, with the
  council code and collection year on every row. For the same key (an episode is a child and
  its start date) the row from the latest return wins. OC2 and OC3 are yearly snapshots and
  keep one row per child per return.
* ``history_repairs``: every change the history made to what a return said, e.g. an episode
  left open in an older return and absent from the newer one, closed on the child's next
  episode. Reportable with ``carepanel repairs``.

A load attaches the warehouse to its run's staging database (``ssda903.intake``): last
year's return is copied from ``raw_<table>`` into staging for the DfE rules that compare the
years (``stage_previous``), and the run's returns, findings and the rebuilt history are
written in one transaction (``store_run``): either the whole load is there or none of it is.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import platformdirs

from carepanel import warehouse_file as wf
from carepanel.database import table_exists, transaction, value
from carepanel.dates import RETURN_FORMAT
from carepanel.faults import shown
from carepanel.ssda903 import schema
from carepanel.ssda903.findings import Finding, LoadRefused
from carepanel.ssda903.returns import Return
from carepanel.ssda903.schema import Table


def default_path() -> Path:
    """``$CAREPANEL_WAREHOUSE``, else ``warehouse.duckdb`` in the user's data directory."""
    env = os.environ.get("CAREPANEL_WAREHOUSE")
    if env:
        return Path(env)
    return platformdirs.user_data_path("carepanel") / "warehouse.duckdb"


def _q(name: str) -> str:
    """Quote an identifier: DfE names such as DEC are SQL keywords."""
    return '"' + name.lower() + '"'


_BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS submissions (
    submission_id   INTEGER PRIMARY KEY,
    la_code         VARCHAR NOT NULL,
    reference_date  DATE NOT NULL,
    collection_year INTEGER NOT NULL,
    kind            VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL,
    loaded_at       TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS submission_tables (
    submission_id INTEGER NOT NULL,
    table_name    VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    header        VARCHAR NOT NULL,
    row_count     INTEGER NOT NULL
);
-- ONS mid-year estimates of children aged 0-17, for rates per 10,000 (carepanel benchmarks
-- load fills it); year is the mid-year (2024 = mid-2024).
CREATE TABLE IF NOT EXISTS population (
    la_code    VARCHAR NOT NULL,
    year       INTEGER NOT NULL,
    population BIGINT
);
CREATE TABLE IF NOT EXISTS findings (
    submission_id INTEGER NOT NULL,
    file          VARCHAR NOT NULL,
    row_number    INTEGER,
    column_name   VARCHAR,
    rule          VARCHAR,
    severity      VARCHAR NOT NULL,
    message       VARCHAR NOT NULL,
    child         VARCHAR
);
-- Warehouses made before findings named their table and return gain the columns here.
ALTER TABLE findings ADD COLUMN IF NOT EXISTS table_name VARCHAR;
ALTER TABLE findings ADD COLUMN IF NOT EXISTS in_return VARCHAR;
ALTER TABLE submissions ADD COLUMN IF NOT EXISTS year_from VARCHAR;
"""


@dataclass
class LoadResult:
    loaded: list[Return] = field(default_factory=list)
    unchanged: list[Return] = field(default_factory=list)
    repairs: int = 0


class Warehouse:
    """One DuckDB file. Open it with ``Warehouse.open(path)`` as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None):
        self.con = con
        self.path = path
        # Where a run's staging tables are, when the warehouse is attached to a run.
        self.staging: str | None = None

    @classmethod
    @contextmanager
    def open(cls, path: Path | str | None = None, *, read_only: bool = False,
             wait: float | None = None, on_wait: Callable[[str], None] | None = None
             ) -> Iterator[Warehouse]:
        """Open the warehouse file (made, with its tables, on the first write).

        Every way the file can be unusable is a ``WarehouseUnavailable`` with one line
        naming the file and the cause: a folder, not a DuckDB database, damaged, made by a
        newer DuckDB, read-only. DuckDB lets one process write a file, or several read it:
        while another process holds it, this waits up to ``wait`` seconds (default
        ``$CAREPANEL_LOCK_WAIT``, else 60), telling ``on_wait`` once (default: a line on
        stderr), then gives up naming the process (``WarehouseBusy``). A disk that fills
        while the block writes is ``DiskFull``; the transaction was rolled back.
        """
        target = Path(path) if path is not None else default_path()
        if read_only and not os.path.lexists(target):
            raise FileNotFoundError(f"no warehouse at {shown(target)}: load a return first "
                                    "(carepanel load PATH)")
        wf.check(target, read_only)
        if not read_only and not target.exists():
            wf.create(target, lambda con: cls(con, target)._ensure_schema())
        con = wf.connect(target, read_only, wf.lock_wait() if wait is None else wait,
                         on_wait or wf.tell_waiting)
        try:
            wh = cls(con, target)
            if not read_only:
                wh._ensure_schema()
            yield wh
        except Exception as e:
            fault = wf.fault_in_use(e, target, read_only)
            if fault is None:
                raise
            raise fault from e
        finally:
            wf.close(con)

    @classmethod
    def attach(cls, con: duckdb.DuckDBPyConnection, path: Path | str, *,
               read_only: bool = False, wait: float | None = None,
               on_wait: Callable[[str], None] | None = None) -> Warehouse:
        """The warehouse at ``path`` attached to a run's staging connection as ``wh``.

        A load reads last year's returns from the warehouse and writes the run into it on
        one connection, holding the file from the first read to the commit: nothing can
        change it between the two. The file is checked, made and waited for exactly as
        ``open`` does. ``path`` may be ``:memory:`` (figures computed straight from files).
        The returned Warehouse works on its own cursor, whose default database is the
        warehouse, so every query here reads the same either way.
        """
        if str(path) == ":memory:":
            con.execute("ATTACH ':memory:' AS wh")
            target = None
        else:
            target = Path(path)
            wf.check(target, read_only)
            if not read_only and not target.exists():
                wf.create(target, lambda c: cls(c, target)._ensure_schema())
            wf.attach(con, target, read_only, wf.lock_wait() if wait is None else wait,
                      on_wait or wf.tell_waiting)
        cursor = con.cursor()
        cursor.execute("USE wh")
        wh = cls(cursor, target)
        wh.staging = "memory.main"
        if not read_only:
            wh._ensure_schema()
        return wh

    @classmethod
    @contextmanager
    def memory(cls) -> Iterator[Warehouse]:
        """A warehouse that lives only in memory, for computing straight from files.

        DuckDB may still spill to disk: its files go in this run's private folder."""
        con = duckdb.connect(":memory:", config=wf.config())
        try:
            wh = cls(con, None)
            wh._ensure_schema()
            yield wh
        except Exception as e:
            fault = wf.fault_in_use(e, None, False)
            if fault is None:
                raise
            raise fault from e
        finally:
            wf.close(con)

    # --- schema -------------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        self.con.execute(_BOOKKEEPING)
        for t in schema.TABLES.values():
            cols = ", ".join(f"{_q(c)} VARCHAR" for c in t.columns)
            self.con.execute(
                f"CREATE TABLE IF NOT EXISTS raw_{t.sql_name} "
                f"(submission_id INTEGER NOT NULL, row_number INTEGER NOT NULL, {cols})")
        if not table_exists(self.con, "episodes"):
            self.rebuild_history()

    # --- loading ------------------------------------------------------------------------

    def store_run(self, returns: list[Return], *,
                  progress: Callable[[int, int, str], None] | None = None,
                  allow_shrink: bool = False) -> LoadResult:
        """Store a run's checked returns from its staging tables and rebuild the history,
        all in one transaction on the attached warehouse.

        Each return's rows go across in one INSERT per table, for every return at once: no
        row passes through Python. A return already stored (same council, same content) is
        left as it is. Unless ``allow_shrink``, a load that would close most of a council's
        open episodes, or that stores a return with no rows at all, is refused
        (LoadRefused) and rolled back: a headers-only workbook once closed all 311 open
        episodes of a council without a word.
        """
        if self.staging is None:
            raise RuntimeError("store_run needs a warehouse attached to a run (attach)")
        result = LoadResult()
        if not allow_shrink:
            self._refuse_empty_run(returns)
        before = self._open_episodes() if not allow_shrink else {}
        known = {(la, h) for la, h in self.con.execute(
            "SELECT la_code, sha256 FROM submissions").fetchall()}
        with transaction(self.con):
            pairs = self._new_submissions(returns, known, result)
            if pairs:
                if progress:
                    progress(0, 2, "storing the returns")
                self._copy_from_staging(pairs)
                if progress:
                    progress(1, 2, "building the history")
                self.rebuild_history()
                if not allow_shrink:
                    self._refuse_shrink(before, returns)
        if progress:
            progress(2, 2, "")
        result.repairs = value(self.con, "SELECT count(*) FROM history_repairs")
        return result

    def _new_submissions(self, returns: list[Return], known: set[tuple[str, str]],
                         result: LoadResult) -> list[tuple[int, int]]:
        """A submissions row for each return not stored before: (return_id, submission_id)."""
        sid = value(self.con, "SELECT coalesce(max(submission_id), 0) FROM submissions")
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        pairs = []
        for ret in returns:
            if (ret.la_code, ret.sha256) in known:
                result.unchanged.append(ret)
                continue
            known.add((ret.la_code, ret.sha256))
            sid += 1
            self.con.execute(
                "INSERT INTO submissions (submission_id, la_code, reference_date, "
                "collection_year, kind, source, sha256, loaded_at, year_from) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [sid, ret.la_code, ret.reference_date, ret.collection_year, ret.kind,
                 ret.name, ret.sha256, now, ret.year_from])
            pairs.append((ret.return_id, sid))
            result.loaded.append(ret)
        return pairs

    def _copy_from_staging(self, pairs: list[tuple[int, int]]) -> None:
        stg = self.staging
        ids = ", ".join(f"({r}, {s})" for r, s in pairs)
        m = f"(SELECT * FROM (VALUES {ids}) AS m(return_id, submission_id))"
        self.con.execute(
            f"INSERT INTO submission_tables SELECT m.submission_id, f.table_name, f.source, "
            f"f.header, f.row_count FROM {stg}.run_files f JOIN {m} m USING (return_id)")
        for t in schema.TABLES.values():
            cols = ", ".join(f"s.{_q(c)}" for c in t.columns)
            self.con.execute(
                f"INSERT INTO raw_{t.sql_name} SELECT m.submission_id, s.row_number, {cols} "
                f"FROM {stg}.stg_{t.sql_name} s JOIN {m} m USING (return_id)")
        self.con.execute(
            f"INSERT INTO findings (submission_id, file, row_number, column_name, rule, "
            f"severity, message, child, table_name, in_return) "
            f"SELECT m.submission_id, f.file, f.row_number, f.column_name, f.rule, "
            f"f.severity, f.message, f.child, f.table_name, f.in_return "
            f"FROM {stg}.run_findings f JOIN {m} m USING (return_id)")

    def _refuse_empty_run(self, returns: list[Return]) -> None:
        """A return whose tables hold no rows at all carries nothing but the power to close."""
        rows = dict(self.con.execute(
            f"SELECT return_id, sum(row_count) FROM {self.staging}.run_files "
            "GROUP BY 1").fetchall())
        empty = [r for r in returns if not rows.get(r.return_id)]
        if empty:
            raise LoadRefused([Finding(
                r.name, None, None,
                "every table of this return is empty: pass --allow-shrink to load it anyway")
                for r in empty])

    def stage_previous(self, con: duckdb.DuckDBPyConnection, la_code: str,
                       reference_date: dt.date) -> int | None:
        """Stage the council's statutory return for ``reference_date`` (a 31 March) as
        it was received, beside a run's returns, for the DfE rules comparing with last
        year: its return_id in the run, or None when the warehouse has none.

        Copied in SQL from ``raw_<table>`` of the active submissions (a corrected return's
        tables, where one replaced them) with the spreadsheet row numbers and file names the
        council sent, so a finding on last year's rows names the row in last year's file.
        Only a return for a 31 March: an in-year extract is not the year's return.
        """
        from carepanel.ssda903 import staging

        if not table_exists(self.con, "active_tables"):
            return None
        tables = self.con.execute(
            "SELECT a.table_name, a.submission_id, t.source, t.header, t.row_count, s.source "
            "FROM active_tables a JOIN submissions s USING (submission_id) "
            "JOIN submission_tables t ON t.submission_id = a.submission_id "
            "  AND t.table_name = a.table_name "
            "WHERE a.la_code = ? AND a.reference_date = ? AND s.kind = 'ssda903' "
            "ORDER BY a.submission_id", [la_code, reference_date]).fetchall()
        if not tables:
            return None
        rid = staging.add_return(con, tables[-1][5], checked=False, origin="warehouse")
        staging.set_return(con, rid, la_code=la_code, reference_date=reference_date,
                           collection_year=schema.year_of(reference_date),
                           year_from="from the warehouse")
        for name, sid, source, header, count, _ in tables:
            t = schema.TABLES[name]
            cols = ", ".join(_q(c) for c in t.columns)
            con.execute(f"INSERT INTO {staging.sql_name(t)} SELECT {rid}, row_number, {cols} "
                        f"FROM wh.main.raw_{t.sql_name} WHERE submission_id = ?", [sid])
            con.execute("INSERT INTO run_files VALUES (?, ?, ?, ?, ?)",
                        [rid, name, source, header, count])
        return rid

    def _open_episodes(self) -> dict[str, int]:
        """Open episodes per council in the history: what a partial extract would close."""
        if not table_exists(self.con, "episodes"):
            return {}
        return dict(self.con.execute(
            'SELECT la_code, count(*) FROM episodes WHERE "dec" IS NULL GROUP BY 1').fetchall())

    def _refuse_shrink(self, before: dict[str, int], returns: list[Return]) -> None:
        after = self._open_episodes()
        for la, was in before.items():
            now = after.get(la, 0)
            if was >= SHRINK_MINIMUM and now < was * SHRINK_SHARE:
                source = next((r.name for r in returns if r.la_code == la), la)
                raise LoadRefused([Finding(
                    source, None, None,
                    f"this load would leave council {la} with {now} open episode(s) of {was}: "
                    "a return that closes most of a council's episodes is usually a partial "
                    "or wrong extract. Check it, or pass --allow-shrink to load it anyway")])

    # --- the canonical history ----------------------------------------------------------

    def rebuild_history(self) -> None:
        """Rebuild every canonical table from the stored submissions."""
        self.con.execute(_ACTIVE_TABLES)
        self.con.execute(_INVALID_CELLS)
        for t in schema.TABLES.values():
            target = "episodes_received" if t.name == "Episodes" else t.sql_name
            self.con.execute(f"CREATE OR REPLACE TABLE {target} AS {_canonical_sql(t)}")
        self.con.execute(_REPAIRS)
        self.con.execute(_EPISODES)

    # --- reading ------------------------------------------------------------------------

    def councils(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT DISTINCT la_code FROM submissions ORDER BY la_code").fetchall()]

    def summary(self, la_codes: list[str] | None = None) -> dict:
        """Counts a user checks after a load: per council, per return and per year.

        A handful of grouped queries for every council at once: per council it took 2.3 s
        for the 153 councils of England."""
        con = self.con
        wanted = la_codes if la_codes is not None else self.councils()
        by_la: dict[str, dict] = {la: {"la_code": la, "returns": [], "children": 0,
                                       "episodes": 0, "years": [], "repairs": {},
                                       "errors": 0, "warnings": 0} for la in wanted}
        only = "la_code IN (SELECT unnest($1::VARCHAR[]))"
        for la, ref, kind, source, hdr, eps in con.execute(
                "SELECT s.la_code, s.reference_date, s.kind, s.source, "
                " coalesce(sum(t.row_count) FILTER (WHERE t.table_name = 'Header'), 0), "
                " coalesce(sum(t.row_count) FILTER (WHERE t.table_name = 'Episodes'), 0) "
                "FROM submissions s JOIN submission_tables t USING (submission_id) "
                f"WHERE s.{only} GROUP BY ALL ORDER BY 1, 2, 4", [wanted]).fetchall():
            by_la[la]["returns"].append({"reference_date": ref.isoformat(), "kind": kind,
                                         "source": source, "header_rows": int(hdr),
                                         "episode_rows": int(eps)})
        for la, children, episodes in con.execute(
                f"SELECT la_code, count(DISTINCT child), count(*) FROM episodes WHERE {only} "
                "GROUP BY 1", [wanted]).fetchall():
            by_la[la].update(children=children, episodes=episodes)
        for la, y, c, e, m in con.execute(_EPISODES_PER_YEAR, [wanted]).fetchall():
            by_la[la]["years"].append({"collection_year": schema.collection_year_label(y),
                                       "children_looked_after": c, "episodes": e,
                                       "looked_after_at_31_march": m})
        for la, reason, n in con.execute(
                f"SELECT la_code, reason, count(*) FROM history_repairs WHERE {only} "
                "GROUP BY 1, 2 ORDER BY 1, 2", [wanted]).fetchall():
            by_la[la]["repairs"][reason] = n
        for la, errors, warnings in con.execute(
                "SELECT s.la_code, count(*) FILTER (WHERE f.severity = 'error'), "
                "count(*) FILTER (WHERE f.severity <> 'error') "
                f"FROM findings f JOIN submissions s USING (submission_id) WHERE s.{only} "
                "GROUP BY 1", [wanted]).fetchall():
            by_la[la].update(errors=errors, warnings=warnings)
        return {"councils": list(by_la.values())}

    def repairs(self, la_code: str | None = None) -> list[dict]:
        rel = self.con.execute(
            "SELECT * FROM history_repairs WHERE ? IS NULL OR la_code = ? "
            "ORDER BY la_code, child, decom", [la_code, la_code])
        names = [d[0] for d in rel.description]
        return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


# A load may close at most half of a council's open episodes (of at least this many) unless
# the user confirms it: a real year closes far fewer, because most children stay.
SHRINK_MINIMUM = 10
SHRINK_SHARE = 0.5


# A submission's table is active unless a later submission for the same council and the same
# reference date holds the same table: re-sending a corrected return replaces the table whole.
_ACTIVE_TABLES = """
CREATE OR REPLACE TABLE active_tables AS
SELECT t.submission_id, t.table_name, s.la_code, s.reference_date, s.collection_year
FROM submission_tables t JOIN submissions s USING (submission_id)
WHERE NOT EXISTS (
    SELECT 1 FROM submission_tables t2 JOIN submissions s2 USING (submission_id)
    WHERE t2.table_name = t.table_name AND s2.la_code = s.la_code
      AND s2.reference_date = s.reference_date AND s2.submission_id > s.submission_id)
"""


# The cells each active submission's checks found invalid (a code not in the year's list, a
# date that is not a date, ...): the history holds them as null, while raw_<table> keeps
# them as received so the finding can be traced to what the council sent.
_INVALID_CELLS = """
CREATE OR REPLACE TABLE invalid_cells AS
SELECT f.submission_id, f.table_name, f.row_number, list(DISTINCT f.column_name) AS columns
FROM findings f
WHERE f.severity = 'error' AND f.in_return = 'current' AND f.table_name IS NOT NULL
  AND f.row_number IS NOT NULL AND f.column_name IS NOT NULL
  AND f.submission_id IN (SELECT submission_id FROM active_tables)
GROUP BY ALL
"""


def _typed(table: Table, column: str) -> str:
    col = f"r.{_q(column)}"
    if column in table.dates:
        value = f"try_strptime(trim({col}), '{RETURN_FORMAT}')::DATE"
    elif column in table.integers:
        value = f"TRY_CAST(trim({col}) AS INTEGER)"
    elif column in table.dfe_coded:
        # Read in capitals, as the rules and the DfE's validator read a code ("s" is S).
        value = f"upper(NULLIF(trim({col}), ''))"
    else:
        value = f"NULLIF(trim({col}), '')"
    return (f"CASE WHEN list_contains(b.columns, '{column}') THEN NULL ELSE {value} END "
            f"AS {_q(column)}")


def _canonical_sql(table: Table) -> str:
    """Typed rows of the active submissions; for the same key the latest return wins.

    A row whose key holds an invalid value (no child, a start date that is not a date)
    cannot be placed in the history at all: it stays in raw_<table> with its finding.
    """
    typed = ",\n           ".join(_typed(table, c) for c in table.columns)
    keys = ", ".join(f"'{k}'" for k in table.key)
    partition = ["la_code"] + (["reference_date"] if table.snapshot else [])
    partition += [_q(k) for k in table.key]
    return f"""
SELECT * EXCLUDE (rank_in_key) FROM (
    SELECT *, row_number() OVER (
               PARTITION BY {", ".join(partition)}
               ORDER BY reference_date DESC, submission_id DESC, row_number DESC) AS rank_in_key
    FROM (
        SELECT a.la_code, a.collection_year, a.reference_date, a.submission_id, r.row_number,
           {typed}
        FROM raw_{table.sql_name} r
        JOIN active_tables a
          ON a.submission_id = r.submission_id AND a.table_name = '{table.name}'
        LEFT JOIN invalid_cells b
          ON b.submission_id = r.submission_id AND b.table_name = '{table.name}'
         AND b.row_number = r.row_number
        WHERE NOT coalesce(list_has_any(b.columns, [{keys}]), false)
    )
)
WHERE rank_in_key = 1
"""


# An episode left open in an older return, and absent from every newer one, ended before the
# newer return saw the child again: on the child's next episode start when that start is within
# the next return, otherwise the day after the older return's reference date.
_REPAIRS = """
CREATE OR REPLACE TABLE history_repairs AS
WITH returns AS (
    SELECT la_code, reference_date,
           lead(reference_date) OVER (PARTITION BY la_code ORDER BY reference_date) AS next_ref
    FROM (SELECT DISTINCT la_code, reference_date FROM active_tables
          WHERE table_name = 'Episodes')
), eps AS (
    SELECT *, lead("decom") OVER (PARTITION BY la_code, "child" ORDER BY "decom") AS next_decom,
              lead("rne") OVER (PARTITION BY la_code, "child" ORDER BY "decom") AS next_rne
    FROM episodes_received
)
SELECT e.la_code, e."child" AS child, e."decom" AS decom,
       e.reference_date AS from_reference_date, r.next_ref AS by_reference_date,
       CASE WHEN e.next_decom <= r.next_ref THEN e.next_decom
            ELSE e.reference_date + INTERVAL 1 DAY END::DATE AS new_dec,
       CASE WHEN e.next_decom <= r.next_ref AND e.next_rne <> 'S' THEN 'X1' END AS new_rec,
       CASE WHEN e.next_decom <= r.next_ref
            THEN 'open episode absent from newer return: closed at the next episode'
            ELSE 'open episode absent from newer return: closed after the older return'
       END AS reason
FROM eps e JOIN returns r USING (la_code, reference_date)
WHERE e."dec" IS NULL AND r.next_ref IS NOT NULL
"""

_EPISODES = """
CREATE OR REPLACE TABLE episodes AS
SELECT e.* REPLACE (coalesce(h.new_dec, e."dec") AS "dec",
                    CASE WHEN h.child IS NULL THEN e."rec" ELSE h.new_rec END AS "rec"),
       h.child IS NOT NULL AS repaired
FROM episodes_received e
LEFT JOIN history_repairs h ON h.la_code = e.la_code AND h.child = e."child"
                           AND h.decom = e."decom"
"""

# Per collection year: children with an episode open at any time in it, those episodes, and
# children looked after at its 31 March. Short-break-only episodes (V3, V4) are left out, as
# the DfE leaves them out of every count.
_EPISODES_PER_YEAR = """
WITH years AS (
    SELECT DISTINCT la_code, collection_year AS y FROM submissions
    WHERE la_code IN (SELECT unnest($1::VARCHAR[]))
), e AS (
    SELECT * FROM episodes WHERE la_code IN (SELECT unnest($1::VARCHAR[]))
      AND "ls" NOT IN ('V3', 'V4')
)
SELECT years.la_code, y,
       count(DISTINCT e."child"),
       count(e."child"),
       count(DISTINCT e."child") FILTER (WHERE e."decom" <= make_date(y, 3, 31)
             AND (e."dec" IS NULL OR e."dec" > make_date(y, 3, 31)))
FROM years LEFT JOIN e ON e.la_code = years.la_code AND e."decom" <= make_date(y, 3, 31)
      AND (e."dec" IS NULL OR e."dec" >= make_date(y - 1, 4, 1))
GROUP BY 1, 2 ORDER BY 1, 2
"""
