"""Cohorts: the SQL views every indicator is built on (periods of care, placements, ...).

The views are plain SQL files in ``cohorts/sql``, created as temporary views on a warehouse
connection, so that a council analyst can read exactly how a child comes to be in a cohort.
They read the canonical history and one small table, ``period``, which says for each
council which days are being measured: by default the 12 months to the period end, or a
quarter, the year to date or any start the user gives (``period_start``).

Each file starts with a YAML comment header saying what it reads and what each of its
views holds one row per::

    -- needs: [child, episode, episode_in_placement, period]
    -- grain:
    --   cla_at_end: [la_code, child]

``needs`` names every view or macro of another cohort file the SQL reads, and the tables
made at run time (``period``, ``calendar``, the reference tables); the warehouse's own
tables are not listed. The files are made in the order their needs give (the numbers in
their names are only for reading), and a file that needs what no file makes, or files
that need each other, are refused. Tests check that the needs are exactly what the SQL
reads, and that each view has one row per its ``grain`` on a synthetic council.
"""

from __future__ import annotations

import datetime as dt
import graphlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import duckdb

from carepanel import reference
from carepanel.cohorts import calendar
from carepanel.config_files import sql_with_header
from carepanel.database import one_row

TWELVE_MONTHS, QUARTER, YEAR_TO_DATE = "12-months", "quarter", "year-to-date"
PERIODS = (TWELVE_MONTHS, QUARTER, YEAR_TO_DATE)
"""The kinds of period a user can ask for by name (``--period``)."""

QUARTER_ENDS = ((6, 30), (9, 30), (12, 31), (3, 31))
"""(month, day) of the four quarter ends of the financial year, Quarter 1 first."""


class PeriodError(ValueError):
    """A period that cannot be measured; the message says what is wrong and how to fix it."""


def period_start(period_end: dt.date, period: str = TWELVE_MONTHS) -> dt.date:
    """The first day of the period of kind ``period`` ending on ``period_end``.

    * ``12-months``: the day after the same date a year earlier (the DfE's year when the
      end is 31 March; 29 February counts back to 1 March);
    * ``quarter``: the three calendar months ending on ``period_end``, which must be a
      quarter end (30 June, 30 September, 31 December or 31 March) so that it is a
      quarter councils report on, not any three months;
    * ``year-to-date``: from the 1 April on or before ``period_end``, the start of the
      financial (and collection) year councils count "so far this year" from.
    """
    if period == TWELVE_MONTHS:
        try:
            start = period_end.replace(year=period_end.year - 1)
        except ValueError:  # 29 February: a year earlier is 28 February
            start = period_end.replace(year=period_end.year - 1, day=28)
        return start + dt.timedelta(days=1)
    if period == QUARTER:
        if (period_end.month, period_end.day) not in QUARTER_ENDS:
            raise PeriodError(f"a quarter must end on a quarter end (30 June, 30 September, "
                              f"31 December or 31 March), not {period_end:%d %B %Y}")
        index = period_end.year * 12 + period_end.month - 1 - 2  # two months before
        return dt.date(index // 12, index % 12 + 1, 1)
    if period == YEAR_TO_DATE:
        year = period_end.year if period_end.month >= 4 else period_end.year - 1
        return dt.date(year, 4, 1)
    raise PeriodError(f"unknown period {period!r}: use one of {', '.join(PERIODS)}")


def is_twelve_months(start: dt.date, end: dt.date) -> bool:
    """True when ``start`` to ``end`` is exactly the 12 months ending on ``end``.

    Indicators the DfE defines only over a year (``period: year`` in their header) are
    computed only then; a year to date ending on 31 March is such a year.
    """
    return start == period_start(end)


def describe(start: dt.date, end: dt.date) -> str:
    """How messages name a period: "the 12 months to 2025-03-31" when it is 12 months,
    else "the period 2025-01-01 to 2025-03-31"."""
    if is_twelve_months(start, end):
        return f"the 12 months to {end.isoformat()}"
    return f"the period {start.isoformat()} to {end.isoformat()}"


_VIEW = re.compile(r"CREATE\s+OR\s+REPLACE\s+TEMP(?:ORARY)?\s+VIEW", re.IGNORECASE)


def sql_files() -> list[tuple[str, str]]:
    folder = resources.files(__package__) / "sql"
    return sorted((f.name, f.read_text(encoding="utf-8")) for f in folder.iterdir()
                  if f.name.endswith(".sql"))


_DEFINES = re.compile(r"CREATE\s+OR\s+REPLACE\s+TEMP(?:ORARY)?\s+(VIEW|MACRO)\s+(\w+)",
                      re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class CohortError(ValueError):
    """A cohort file's header is wrong, or the files' needs cannot be met (a view no file
    makes, files that need each other): named with the file."""


CALENDAR_START = dt.date(1990, 1, 1)
REFERENCE_TABLES = frozenset({"ref_council", "ref_postcode"})
RUN_TIME = frozenset({"period", "calendar"}) | REFERENCE_TABLES
"""What a cohort file may need besides another file's views: the tables ``register`` makes."""


@dataclass(frozen=True)
class CohortFile:
    """One cohort file: the views (and macros) it defines, what it needs (its header), the
    grain of each view, and the names its SQL mentions."""

    name: str
    text: str
    defines: frozenset[str]
    mentions: frozenset[str]
    views: frozenset[str]
    needs: frozenset[str] = frozenset()
    grain: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def read_file(name: str, text: str) -> CohortFile:
    """A cohort file with its header checked: ``needs`` a list of names, ``grain`` each of
    its views (and only those) with the columns it has one row per."""
    meta, _ = sql_with_header(name, text, CohortError, ("needs", "grain"))
    code = "\n".join(line.split("--", 1)[0] for line in text.splitlines())
    made = [(kind.upper(), v.lower()) for kind, v in _DEFINES.findall(code)]
    views = frozenset(v for kind, v in made if kind == "VIEW")
    return CohortFile(name, text, frozenset(v for _, v in made),
                      frozenset(w.lower() for w in _WORD.findall(code)), views,
                      frozenset(_names(name, "needs", meta["needs"])),
                      _grain(name, meta["grain"], views))


def _names(name: str, field_name: str, raw: Any) -> list[str]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(n, str) and n for n in raw):
        raise CohortError(f"{name}: {field_name} must be a list of names, not {raw!r}")
    return [n.lower() for n in raw]


def _grain(name: str, raw: Any, views: frozenset[str]) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise CohortError(f"{name}: grain must map each view to its columns, not {raw!r}")
    grain = {str(v).lower(): tuple(_names(name, f"the grain of {v}", cols))
             for v, cols in raw.items()}
    for view in sorted(set(grain) - views):
        raise CohortError(f"{name}: the grain names {view!r}, which the file does not make")
    for view in sorted(views - set(grain)):
        raise CohortError(f"{name}: view {view!r} has no grain (grain: {view}: [la_code, "
                          "child] for one row per child)")
    return grain


def in_order(files: Iterable[CohortFile]) -> list[CohortFile]:
    """The files in an order that makes each after every file it needs (ties by name).

    Raises ``CohortError`` when a file needs a name no file makes, or files need each
    other in a cycle.
    """
    files = list(files)
    defined_by = {v: f.name for f in files for v in f.defines}
    graph: dict[str, set[str]] = {}
    for f in files:
        graph[f.name] = set()
        for need in sorted(f.needs - RUN_TIME):
            if need not in defined_by:
                raise CohortError(f"{f.name}: needs {need!r}, which no cohort file makes")
            if defined_by[need] != f.name:
                graph[f.name].add(defined_by[need])
    sorter = graphlib.TopologicalSorter(graph)
    try:
        sorter.prepare()
    except graphlib.CycleError as e:
        raise CohortError("cohort files need each other in a cycle: "
                          + " -> ".join(e.args[1])) from None
    by_name = {f.name: f for f in files}
    out: list[CohortFile] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        out.extend(by_name[n] for n in ready)
        sorter.done(*ready)
    return out


@cache
def cohort_files() -> tuple[CohortFile, ...]:
    """Every cohort file, in the order they are made (``in_order``)."""
    return tuple(in_order(read_file(name, text) for name, text in sql_files()))


def _words(queries: Iterable[str]) -> set[str]:
    return {w.lower() for q in queries for w in _WORD.findall(q)}


def files_for(queries: Iterable[str]) -> list[CohortFile]:
    """The cohort files the queries need, with every file those need in turn, in order.

    A view counts as needed when its name appears as a word in a query (a comment or a
    column of the same name at worst makes one file too many, never one too few); what
    the files need in turn is what their headers say.
    """
    files = cohort_files()
    defined_by = {v: f.name for f in files for v in f.defines}
    by_name = {f.name: f for f in files}
    wanted = [defined_by[w] for w in _words(queries) if w in defined_by]
    chosen: set[str] = set()
    while wanted:
        name = wanted.pop()
        if name not in chosen:
            chosen.add(name)
            wanted.extend(defined_by[n] for n in by_name[name].needs if n in defined_by)
    return [f for f in files if f.name in chosen]


def register(con: duckdb.DuckDBPyConnection, period_end: dt.date,
             la_codes: list[str], start: dt.date | None = None,
             queries: Iterable[str] | None = None) -> None:
    """Set the period for every council and (re)create the cohort views.

    ``start`` is the period's first day (default: the 12 months to ``period_end``). Views
    that count what happened in the period (starts, ceasings, missing incidents, ...) read
    it from ``period.period_start``; views at the period end read only ``period_end``.

    With ``queries`` (the SQL about to run on the views), only the views they need are
    made and the others dropped, so that a view of another period can never be read by
    mistake. A scorecard paper computes nine periods or more, most of them for a few
    indicators: making every view for each took most of its time.
    """
    set_period(con, period_end, la_codes, start)
    if queries is None:
        files = list(cohort_files())
        words = {"calendar"}
    else:
        queries = list(queries)
        files = files_for(queries)
        kept = {f.name for f in files} | period_free_files()
        for f in cohort_files():
            if f.name not in kept:
                for view in sorted(f.views):
                    con.execute(f"DROP TABLE IF EXISTS {view}")
        words = _words(queries)
    if "calendar" in words or any("calendar" in f.needs for f in files):
        _calendar(con, period_end + dt.timedelta(days=400))
    if any(f.needs & REFERENCE_TABLES for f in files):
        _stage_reference(con)
    free = [f for f in files if f.name in period_free_files()]
    fingerprint = _fingerprint(con) if free else ""
    made = _made_already(con, free, fingerprint)
    for f in files:
        if f.name not in made:
            con.execute(materialised(readable(con, f.name, f.text)))
    if free and len(made) < len(free):
        con.execute("CREATE OR REPLACE TEMP TABLE cohort_data_made_from AS "
                    "SELECT ?::VARCHAR AS fingerprint", [fingerprint])


@cache
def period_free_files() -> frozenset[str]:
    """The cohort files whose views are the same whatever the period (children, episodes,
    periods of care, placements: the whole history): they neither read the ``period``
    table or the calendar nor any view that does. Made once per connection, not once per
    period: they were a third of the time of a paper's dozen periods."""
    files = cohort_files()
    defined_by = {view: f.name for f in files for view in f.defines}
    free: set[str] = set()
    for f in files:  # in order: what a file needs is decided before it
        reads = {defined_by[n] for n in f.needs if n in defined_by}
        if not f.needs & RUN_TIME and reads <= free:
            free.add(f.name)
    return frozenset(free)


def _data_read(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The warehouse's tables the period-free files read."""
    files = [f for f in cohort_files() if f.name in period_free_files()]
    words = set().union(*(f.mentions for f in files)) if files else set()
    return sorted(w for (w,) in con.execute(
        "SELECT DISTINCT table_name FROM duckdb_tables() WHERE NOT temporary "
        "UNION SELECT DISTINCT view_name FROM duckdb_views() WHERE NOT temporary "
        "AND NOT internal").fetchall() if w.lower() in words)


def _fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """What the period-free views were made from: each table's rows and a hash of them (a
    few milliseconds for a council's history), so that views made before a load on the
    same connection are never read after it."""
    parts = []
    for table in _data_read(con):
        n, h = one_row(con, f'SELECT count(*), sum(hash(x)) FROM "{table}" AS x')
        parts.append(f"{table}:{n}:{h}")
    return ";".join(parts)


def _made_already(con: duckdb.DuckDBPyConnection, files: list[CohortFile],
                  fingerprint: str) -> set[str]:
    """The period-free files among ``files`` whose tables this connection made from the
    data as it is now (``fingerprint``)."""
    if not files:
        return set()
    temp = {t for (t,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()}
    if "cohort_data_made_from" not in temp or one_row(
            con, "SELECT fingerprint FROM temp.cohort_data_made_from")[0] != fingerprint:
        # Made from other data (or never): none of them may be read, not even those the
        # present queries do not need.
        for f in cohort_files():
            if f.name in period_free_files():
                for view in sorted(f.views):
                    con.execute(f"DROP TABLE IF EXISTS {view}")
        return set()
    return {f.name for f in files if f.views <= temp}


_POSTCODES = "SELECT home_post FROM episodes UNION SELECT pl_post FROM episodes"


def _stage_reference(con: duckdb.DuckDBPyConnection) -> None:
    """The councils' ONS codes and the directory's rows for the episodes' postcodes, for
    where children are placed (23_placement_location.sql): temporary, never written to the
    warehouse. Looking them up reads the 2.7 million postcodes of the directory (0.4 s), and
    a paper registers the views for a dozen periods: they are looked up again only when the
    episodes' postcodes are not those looked up last on this connection."""
    key = one_row(con, f"""
        SELECT count(*), coalesce(sum(hash(p)), 0)
        FROM (SELECT DISTINCT upper(replace(p, ' ', '')) AS p FROM ({_POSTCODES}) AS w(p)
              WHERE p IS NOT NULL)""")
    staged = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name IN "
        "('ref_council', 'ref_postcode', 'ref_postcodes_of')").fetchall()}
    if len(staged) == 3 and one_row(con, "SELECT n, h FROM temp.ref_postcodes_of") == key:
        return
    reference.stage(con, temp=True, postcodes_of=_POSTCODES)
    con.execute("CREATE OR REPLACE TEMP TABLE ref_postcodes_of AS SELECT ? AS n, ?::HUGEINT AS h",
                [key[0], key[1]])


def _calendar(con: duckdb.DuckDBPyConnection, last: dt.date) -> None:
    """The working-day calendar from 1990 to ``last``, made once per connection (and again
    only when a later period needs it to reach further)."""
    made = one_row(con, "SELECT count(*) FROM duckdb_tables() WHERE temporary "
                   "AND table_name = 'calendar'")[0]
    if made:
        first, reached = one_row(con, "SELECT min(day), max(day) FROM temp.calendar")
        if first == CALENDAR_START and reached is not None and reached >= last:
            return
    calendar.register(con, CALENDAR_START, last)


def set_period(con: duckdb.DuckDBPyConnection, period_end: dt.date, la_codes: list[str],
               start: dt.date | None = None) -> None:
    """(Re)create the ``period`` table every view reads: for each council, the days measured
    (by default the 12 months to ``period_end``)."""
    start = start or period_start(period_end)
    if start > period_end:
        raise PeriodError(f"the period starts ({start.isoformat()}) after it ends "
                          f"({period_end.isoformat()})")
    con.execute("CREATE OR REPLACE TEMP TABLE period (la_code VARCHAR, period_start DATE, "
                "period_end DATE)")
    con.executemany("INSERT INTO period VALUES (?, ?, ?)",
                    [[la, start, period_end] for la in la_codes])


DATA_ERRORS = "30_data_errors.sql"
_NO_FINDINGS = ("(SELECT NULL::INTEGER AS submission_id, NULL::VARCHAR AS table_name, "
                "NULL::INTEGER AS row_number, NULL::VARCHAR AS column_name, "
                "NULL::VARCHAR AS rule, NULL::VARCHAR AS severity, NULL::VARCHAR AS child, "
                "NULL::VARCHAR AS in_return WHERE false) AS f")


def readable(con: duckdb.DuckDBPyConnection, name: str, text: str) -> str:
    """A cohort file as this warehouse can run it.

    A warehouse made before findings named their table could not hold a data error (a bad
    value refused the whole return then), and opened read-only it cannot gain the columns:
    its data-error views read no findings rather than fail.
    """
    if name != DATA_ERRORS:
        return text
    columns = {c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'findings'"
    ).fetchall()}
    if {"table_name", "in_return"} <= columns:
        return text
    return text.replace("FROM findings AS f", f"FROM {_NO_FINDINGS}")


def materialised(text: str) -> str:
    """The cohort files as temporary tables rather than views.

    The files are written as views because that is how an analyst reads them; computed once
    per period as tables, the fifty indicators that read them do not each work the whole
    chain out again (about eight times faster for a national set of councils).
    """
    return _VIEW.sub("CREATE OR REPLACE TEMP TABLE", text)


def chosen_start(period_end: dt.date, period: str | None = None,
                 start: dt.date | None = None) -> dt.date:
    """The first day of the period a user asked for by name (``--period``) or by date
    (``--period-start``); the 12 months to ``period_end`` when they asked for neither."""
    if period is not None and start is not None:
        raise PeriodError("give either --period or --period-start, not both")
    if start is not None:
        if start > period_end:
            raise PeriodError(f"--period-start {start.isoformat()} is after --period-end "
                              f"{period_end.isoformat()}")
        return start
    return period_start(period_end, period or TWELVE_MONTHS)
