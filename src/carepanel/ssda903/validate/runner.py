"""Run the DfE validation rules once over every return of a run.

A run's returns are staged in one DuckDB database (``ssda903.staging``). ``run_rules``
types their tables once, for all of them together, in the schema ``rules`` of that
database (``tables.sql``, then the shared views of ``shared.sql``), and runs each rule as
one query over all the returns it applies to: the rules partition, join and group by
``return_id``, so one return's findings never depend on another's (``rule_sql.strays``).
That is one query per rule for the whole run where there used to be one per rule and
return: 20 councils of 560 children took 6 to 9 s with a database per return and take 0.6
to 0.9 s in one run (bench/rules.py, two cores, other work on the machine).

Which rules apply to a return: those the DfE lists for its collection year
(``catalogue.rule_year``), and those comparing with last year's return (``*_last``
tables) only when the return has one (``run_returns.previous_id``). Each rule runs once
for every return of the run, and keeps the findings of the returns it applies to.

The typed tables are in their own schema so that they never meet the warehouse's history
tables of the same names (``episodes``, ``header``) when the warehouse is attached to the
same connection; rules run on cursors whose search path is ``rules`` then ``main`` of the
staging database, never on ``con`` itself, whose settings are left as they were.

File access. The per-return runner switched DuckDB's file access off before any rule ran.
That setting belongs to the whole database, not a connection, and once off it can never be
switched back on, so it cannot be used on a connection that attaches the warehouse later.
Instead the runner reads each rule's parse tree from DuckDB before running it and refuses
any rule that is not one SELECT over the runner's own typed tables: no table function
(``read_csv``, ``read_text``, ``glob``...), no table named by schema or database, no name
DuckDB would look up among Python's variables, no function DuckDB would fetch an extension
for (``rule_sql.unsafe``). Rules are SQL files of the installed package, and the returns'
values only ever reach DuckDB as data, never as SQL text, so nothing a council sends can
change what a rule reads.

DfE rule findings are warnings (indicators.md, decision 2): the runner never refuses a
return. It names every finding by the file, spreadsheet row, column, child, DfE rule code
and DfE message, as the council's case-management system and the DfE's portal would.
"""

from __future__ import annotations

import os
import queue
import re
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources

import duckdb

from carepanel import reference
from carepanel.dates import RETURN_FORMAT
from carepanel.reference import providers
from carepanel.ssda903 import schema, staging
from carepanel.ssda903.validate import rule_sql
from carepanel.ssda903.validate.catalogue import Rule, implemented, rule_year

EARLIER_EPISODES = "run_earlier_episodes"  # staged by the intake from the warehouse

SCHEMA = "rules"
# Rules per statement: each statement costs a few milliseconds whatever it does, and most
# rules are small; eight rules in a UNION ALL took a quarter less time than one at a time
# (bench/rules.py, 8,000 children), where all 261 in one took longer to plan.
BATCH = 8
_DATE = re.compile(r"\{date:(\w+)\}")
# A coded column, read in capitals as the DfE's validator reads it ("s" is S).
_CODE = re.compile(r"\{code:(\w+)\}")
_CREATED = re.compile(r"^CREATE (?:TABLE|VIEW) (\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class _Checked:
    """A return the rules check: its id, collection year and last year's return."""

    return_id: int
    year: int
    previous_id: int | None


def run_rules(con: duckdb.DuckDBPyConnection, *, codes: Collection[str] | None = None,
              workers: int | None = None) -> None:
    """Run the DfE rules over every checked SSDA903 return staged in ``con``.

    ``con``'s current database holds the staging tables (``staging.create``), committed:
    the rules run on cursors of their own, which see only committed data. Every finding
    is added to ``run_findings`` (severity ``warning``, once each). ``codes`` runs only
    those rules (the tests check one rule at a time); ``workers`` is how many rules run
    at once, each on its own cursor (default: ``default_workers()``).

    The schema ``rules`` is made afresh for the run and dropped at the end, so the typed
    tables cost memory only while the rules run.
    """
    returns = _checked_returns(con)
    lists, history = has_provider_lists(con), _has_table(con, EARLIER_EPISODES)
    plan = [(rule, ids) for rule in implemented().values()
            if (codes is None or rule.code in codes) and (lists or not rule.uses_providers)
            and (history or not rule.uses_history)
            for ids in [_applies_to(rule, returns)] if ids]
    if not plan:
        return
    workers = default_workers() if workers is None else max(1, workers)
    row = con.execute("SELECT current_database()").fetchone()
    assert row is not None
    database = str(row[0])
    with _rules_schema(con, database, returns, workers) as cursor:
        allowed = _typed_tables()
        functions = frozenset(str(name).lower() for (name,) in cursor.execute(
            "SELECT DISTINCT function_name FROM duckdb_functions()").fetchall())
        for rule, _ in plan:
            _check(cursor, rule, allowed, functions)
        _messages(cursor, plan, returns)
        everyone = {r.return_id for r in returns}
        jobs = [(rule, None if ids == everyone else sorted(ids)) for rule, ids in plan]
        _in_parallel(cursor, database, workers, [
            _job(jobs[i:i + BATCH]) for i in range(0, len(jobs), BATCH)])
        cursor.execute(_WRITE_FINDINGS)


def has_provider_lists(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether Ofsted's provider lists were staged for the run (``reference.providers``):
    the rules that read them (``Rule.uses_providers``) run only then."""
    return _has_table(con, providers.TABLE)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the staging database (``con``'s current one) has ``name`` in ``main``."""
    row = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = "
                      "current_database() AND schema_name = 'main' AND table_name = ?",
                      [name]).fetchone()
    return bool(row and row[0])


def default_workers() -> int:
    """Rules run at once: one per core, at most four.

    Measured with bench/rules.py on two idle cores: 20 councils in one run take 1.0 s on
    one worker and 0.6 s on two. DuckDB's own threads do little for queries this size
    (a table under 122,880 rows is scanned by one thread): with two workers, DuckDB's
    threads at 1 instead of 2 gained another 10%, but that setting belongs to the whole
    database, so the runner leaves it to whoever owns the connection.
    """
    return min(os.cpu_count() or 1, 4)


def _checked_returns(con: duckdb.DuckDBPyConnection) -> list[_Checked]:
    rows = con.execute(
        "SELECT return_id, collection_year, previous_id FROM run_returns "
        "WHERE checked AND kind = 'ssda903' AND collection_year IS NOT NULL "
        "ORDER BY return_id").fetchall()
    return [_Checked(int(r), int(y), None if p is None else int(p)) for r, y, p in rows]


def _applies_to(rule: Rule, returns: list[_Checked]) -> set[int]:
    """The returns ``rule`` checks: of a year it is listed for, with last year's if needed."""
    return {r.return_id for r in returns
            if rule.applies_to(rule_year(r.year))
            and (r.previous_id is not None or not rule.uses_previous)}


def _check(cursor: duckdb.DuckDBPyConnection, rule: Rule, allowed: frozenset[str],
           functions: frozenset[str]) -> None:
    problems = _unsafe(cursor, rule.sql, allowed, functions)
    if problems:
        raise RuntimeError(f"validation rule {rule.code} ({rule.file}) was not run: "
                           f"{problems[0]}")


_SAFE: dict[tuple[str, frozenset[str], frozenset[str]], tuple[str, ...]] = {}
Job = Callable[[duckdb.DuckDBPyConnection], object]


def _unsafe(cursor: duckdb.DuckDBPyConnection, sql: str, allowed: frozenset[str],
            functions: frozenset[str]) -> tuple[str, ...]:
    """``rule_sql.unsafe`` for a rule's SQL, worked out once per process."""
    key = (sql, allowed, functions)
    if key not in _SAFE:
        tree = rule_sql.parse(cursor, sql)
        _SAFE[key] = tuple(rule_sql.unsafe(tree, set(allowed), set(functions)))
    return _SAFE[key]


def _run(cursor: duckdb.DuckDBPyConnection, batch: list[tuple[Rule, list[int] | None]]) -> None:
    """A few rules in one statement, each over every return, each keeping its findings for
    the returns in its ``ids`` (None: all). A statement that fails is run again rule by
    rule, so that the error names the rule."""
    parts = []
    for rule, ids in batch:
        keep = "" if ids is None else f"WHERE f.return_id IN ({', '.join(map(str, ids))})"
        parts.append("(SELECT DISTINCT ?::VARCHAR, f.return_id::INTEGER, f.table_name, "
                     "f.row_number::INTEGER, f.column_name, f.child "
                     f"FROM (\n{rule.sql}\n) AS f {keep})")
    try:
        cursor.execute("INSERT INTO found " + "\nUNION ALL\n".join(parts),
                       [rule.code for rule, _ in batch])
    except duckdb.Error as e:
        if len(batch) == 1:
            rule = batch[0][0]
            raise RuntimeError(f"validation rule {rule.code} ({rule.file}) failed: {e}") from e
        for job in batch:  # nothing of the batch was written: a statement is atomic
            _run(cursor, [job])
        raise


def _job(batch: list[tuple[Rule, list[int] | None]]) -> Job:
    return lambda cursor: _run(cursor, batch)


def _statement(sql: str) -> Job:
    return lambda cursor: cursor.execute(sql)


def _in_parallel(cursor: duckdb.DuckDBPyConnection, database: str, workers: int,
                 jobs: list[Job]) -> None:
    """Every job done, shared out between ``workers`` threads, each with its own cursor.

    DuckDB releases Python's lock while a query runs, and one connection must not be used
    by two threads at once, so each thread takes the next job from a queue (rules differ
    tenfold in cost, so a fixed share would leave a thread idle). One worker, or one job:
    done in turn on ``cursor``.
    """
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            job(cursor)
        return
    todo: queue.SimpleQueue[Job] = queue.SimpleQueue()
    for job in jobs:
        todo.put(job)
    errors: list[BaseException] = []

    def work() -> None:
        own = cursor.cursor()
        try:
            _search_rules(own, database)
            while not errors:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                job(own)
        except BaseException as e:  # handed to the caller's thread below
            errors.append(e)
        finally:
            own.close()

    threads = [threading.Thread(target=work) for _ in range(min(workers, len(jobs)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


# --- The schema the rules read ------------------------------------------------------------


@contextmanager
def _rules_schema(con: duckdb.DuckDBPyConnection, database: str, returns: list[_Checked],
                  workers: int) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the staging ``database``, with the schema ``rules`` built for the run."""
    cursor = con.cursor()
    schema_name = f"{_quoted(database)}.{SCHEMA}"
    try:
        cursor.execute(f"DROP SCHEMA IF EXISTS {schema_name} CASCADE")
        cursor.execute(f"CREATE SCHEMA {schema_name}")
        _search_rules(cursor, database)
        _build(cursor, database, returns, workers)
        yield cursor
    finally:
        try:
            cursor.execute(f"DROP SCHEMA IF EXISTS {schema_name} CASCADE")
        finally:
            cursor.close()


def _search_rules(cursor: duckdb.DuckDBPyConnection, database: str) -> None:
    """Names resolve in ``rules`` first, then ``main``, of the staging database; what
    is created goes in ``rules``."""
    db = _quoted(database)
    cursor.execute(f"SET search_path = '{db}.{SCHEMA},{db}.main'")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _build(cursor: duckdb.DuckDBPyConnection, database: str, returns: list[_Checked],
           workers: int) -> None:
    """The typed tables of every checked return and last year's, and the shared views:
    the typed tables side by side, then the views over them."""
    cursor.execute(
        "CREATE TABLE checked AS SELECT return_id, previous_id FROM run_returns "
        "WHERE checked AND kind = 'ssda903' AND collection_year IS NOT NULL")
    for table in schema.RETURN_TABLES:
        stg = staging.sql_name(table)
        cursor.execute(f"CREATE VIEW raw_{table.sql_name} AS SELECT s.* FROM {stg} AS s "
                       "WHERE s.return_id IN (SELECT return_id FROM checked)")
        # Last year's rows carry the id of the return they are last year's FOR.
        cursor.execute(f"CREATE VIEW raw_{table.sql_name}_last AS "
                       f"SELECT c.return_id, s.* EXCLUDE (return_id) FROM {stg} AS s "
                       "JOIN checked AS c ON s.return_id = c.previous_id")
    # Postcodes and councils (carepanel.reference): only the postcodes of this run's
    # episodes, this year's and last year's, and of the providers on Ofsted's lists.
    lists = has_provider_lists(cursor)
    listed = f"{_quoted(database)}.main.{providers.TABLE}"
    reference.stage(cursor, postcodes_of=(
        "SELECT home_post FROM stg_episodes UNION SELECT pl_post FROM stg_episodes"
        + (f" UNION SELECT postcode FROM {listed}" if lists else "")))
    if _has_table(cursor, EARLIER_EPISODES):
        # The warehouse's earlier returns of each checked return's council (the intake's
        # run_earlier_episodes), typed as the episodes are: for rules 1001 and 1002.
        cursor.execute(
            "CREATE TABLE episodes_earlier AS SELECT return_id, row_number, "
            "nullif(trim(child), '') AS child, "
            f"try_strptime(nullif(trim(decom), ''), '{RETURN_FORMAT}')::DATE AS decom, "
            f"try_strptime(nullif(trim(dec), ''), '{RETURN_FORMAT}')::DATE AS dec, "
            "upper(nullif(trim(ls), '')) AS ls, upper(nullif(trim(rec), '')) AS rec "
            f"FROM {_quoted(database)}.main.{EARLIER_EPISODES} "
            "WHERE return_id IN (SELECT return_id FROM checked)")
    if lists:
        # Each provider with the council its premises are in (as PL_LA names a council).
        cursor.execute(
            "CREATE TABLE ref_provider AS SELECT p.urn, p.place_codes, p.provider_codes, "
            "p.closed, p.postcode, pc.placement_la AS la "
            f"FROM {listed} AS p "
            "LEFT JOIN ref_postcode AS pc ON pc.postcode = p.postcode")
    # Which tables each return, and last year's, came with (a file, or the warehouse's
    # copy of one): a rule that must tell a table left out from an empty one reads these.
    given = ("coalesce((SELECT list(DISTINCT f.table_name ORDER BY f.table_name) "
             "FROM run_files AS f WHERE f.return_id = {}), []::VARCHAR[])")
    cursor.execute(
        "CREATE TABLE collection AS SELECT c.*, r.la_code, k.ons_code AS la_ons, "
        f"{given.format('c.return_id')} AS tables_given, "
        f"{given.format('r.previous_id')} AS tables_given_last FROM ("
        "SELECT unnest(?::INTEGER[]) AS return_id, "
        "unnest(?::INTEGER[]) AS year, unnest(?::DATE[]) AS year_start, "
        "unnest(?::DATE[]) AS year_end) AS c "
        "JOIN run_returns AS r ON r.return_id = c.return_id "
        "LEFT JOIN ref_council AS k ON k.la_code = r.la_code",
        [[r.return_id for r in returns], [r.year for r in returns],
         [schema.year_start(r.year) for r in returns],
         [schema.year_end(r.year) for r in returns]])
    _in_parallel(cursor, database, workers, [
        _statement(_typed(s, suffix)) for suffix in ("", "_last")
        for s in _statements("tables.sql")])
    shared = _statements("shared.sql")
    macros = [s for s in shared if not _CREATED.match(s)]
    for statement in macros:
        cursor.execute(statement)
    _in_parallel(cursor, database, workers, [
        _statement(s) for s in shared if s not in macros])
    cursor.execute("CREATE TABLE found (rule VARCHAR, return_id INTEGER, table_name VARCHAR, "
                   "row_number INTEGER, column_name VARCHAR, child VARCHAR)")


@cache
def _typed_tables() -> frozenset[str]:
    """The tables a rule may read: the typed tables, this year's and last year's, the
    shared views, ``collection``, the list of councils (rule 633) and Ofsted's providers
    (``ref_provider``: the URN rules, run only when the lists were given) and the episodes
    of the council's earlier returns in the warehouse (``episodes_earlier``). The postcodes
    are read through the episodes' derived columns (tables.sql), not by the rules."""
    names = {"collection", "ref_council", "ref_provider", "episodes_earlier"}
    for suffix in ("", "_last"):
        for statement in _statements("tables.sql"):
            m = _CREATED.match(_typed(statement, suffix))
            if m:
                names.add(m.group(1).lower())
    for statement in _statements("shared.sql"):
        m = _CREATED.match(statement)
        if m:
            names.add(m.group(1).lower())
    return frozenset(names)


def _messages(cursor: duckdb.DuckDBPyConnection, plan: list[tuple[Rule, set[int]]],
              returns: list[_Checked]) -> None:
    """``messages``: each rule's DfE message for each collection year it checks."""
    years = {r.return_id: r.year for r in returns}
    rows = sorted({(rule.code, years[i], rule.message(years[i]))
                   for rule, ids in plan for i in ids})
    cursor.execute(
        "CREATE TABLE messages AS SELECT unnest(?::VARCHAR[]) AS rule, "
        "unnest(?::INTEGER[]) AS year, unnest(?::VARCHAR[]) AS message",
        [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]])


# Every finding once, named by the file it is in: last year's file for a row of last year's
# return, else ``<return>[<Table>]`` when the return had no file of that table (a rule
# that reports a child missing from a table).
_WRITE_FINDINGS = """
INSERT INTO run_findings (return_id, rule, severity, table_name, in_return, file,
                          row_number, column_name, child, message)
WITH found_in AS (
    SELECT *, ends_with(table_name, '_last') AS last_year,
           regexp_replace(table_name, '_last$', '') AS base_table
    FROM found
),
files AS (
    SELECT return_id, table_name, min(source) AS source FROM run_files GROUP BY ALL
)
SELECT f.return_id, f.rule, 'warning', f.base_table,
       CASE WHEN f.last_year THEN 'previous' ELSE 'current' END,
       coalesce(fl.source, coalesce(src.name, '') || '[' || f.base_table || ']'),
       f.row_number, f.column_name, f.child, m.message
FROM found_in AS f
JOIN run_returns AS r ON r.return_id = f.return_id
JOIN messages AS m ON m.rule = f.rule AND m.year = r.collection_year
LEFT JOIN run_returns AS src
  ON src.return_id = CASE WHEN f.last_year THEN r.previous_id ELSE r.return_id END
LEFT JOIN files AS fl ON fl.return_id = src.return_id AND fl.table_name = f.base_table
ORDER BY f.return_id, f.base_table, f.last_year, f.row_number, f.rule, f.column_name
"""


def _typed(statement: str, suffix: str) -> str:
    statement = _DATE.sub(lambda m: f"try_strptime(nullif(trim({m.group(1)}), ''), "
                                    f"'{RETURN_FORMAT}')::DATE AS {m.group(1)}, "
                                    f"nullif(trim({m.group(1)}), '') AS {m.group(1)}_text",
                          statement)
    statement = _CODE.sub(lambda m: f"upper(nullif(trim({m.group(1)}), '')) AS {m.group(1)}",
                          statement)
    return statement.replace("{suffix}", suffix)


@cache
def _statements(name: str) -> tuple[str, ...]:
    """The statements of a packaged SQL file, separated by lines holding only ';'."""
    text = (resources.files(__package__) / name).read_text(encoding="utf-8")
    parts = re.split(r"^;\s*$", text, flags=re.MULTILINE)
    out = []
    for part in parts:
        body = "\n".join(line for line in part.splitlines()
                         if not line.lstrip().startswith("--"))
        body = body.strip()
        if body:
            out.append(body)
    return tuple(out)
