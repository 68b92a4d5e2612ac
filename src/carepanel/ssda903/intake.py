"""One intake run: from the paths a user gives to checked returns, and into the warehouse.

Every way a return comes in (``carepanel validate``, ``carepanel load``, ``carepanel
indicators PATH``, a web upload, the benchmarks) goes through ``open_run``:

1. find the returns among the paths (``sources``) and stream every file's rows
   (``sheets``) into one staging database (``staging``), each table recognised by its
   header row; anything that cannot be read safely is a *refusal*;
2. tell each return's council (from ``--la`` or its names) and collection year (from
   ``--year``, its names, else the bulk of its dates: ``collection_year``), and say why;
3. stage last year's return beside it where a DfE rule needs it: from the same run, from
   files given with ``--previous``, else from the warehouse;
4. check every value against the data contract (``field_checks``) and run every DfE rule
   once over all returns (``validate.runner``); the findings stay in the database.

``store`` then writes the run into the attached warehouse in one transaction. A refused
run, or under ``strict`` a run with any error, leaves the warehouse exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from carepanel.database import table_exists, value
from carepanel.ssda903 import collection_year, field_checks, schema, staging
from carepanel.ssda903.collection_year import ACTIVITY_COLUMNS, CollectionYear, YearError
from carepanel.ssda903.findings import Finding, LoadRefused, Unreadable
from carepanel.ssda903.returns import Comparison, Return
from carepanel.ssda903.sheets import Sheet, read_sheets, shown_header_name
from carepanel.ssda903.sources import ReturnSource, discover, shown
from carepanel.warehouse import LoadResult, Warehouse

Progress = Callable[[int, int, str], None]


# Three digits standing alone; "903_2025" is the return's name (the SSDA903 of 2025), not
# council 903.
_LA_IN_NAME = re.compile(r"(?<![A-Za-z0-9])(?!903[_\- ]?20\d{2})(\d{3})(?![A-Za-z0-9])")
LA_CODE = re.compile(r"\d{3}")


@dataclass
class Request:
    """What the user asked for: the returns, and anything they said about them."""

    paths: Sequence[Path]
    la_code: str | None = None
    year: int | None = None
    reference_date: dt.date | None = None
    previous: Sequence[Path] = ()
    # Ofsted's children's homes and social care providers lists (reference.providers), for
    # the DfE rules that check a placement's URN; those rules are not run without them.
    provider_lists: Sequence[Path] = ()


@dataclass
class Run:
    """One run's staging database and what was found in it."""

    con: duckdb.DuckDBPyConnection
    folder: Path
    returns: list[Return] = field(default_factory=list)
    # Problems that stop the run from being loaded at all (a file that cannot be read, a
    # table not recognised, no council, no year). Few: each names a file.
    refusals: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warehouse: Warehouse | None = None  # when one is attached to the run

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.returns)

    @property
    def warnings(self) -> int:
        return sum(r.warnings for r in self.returns)

    def findings(self, limit: int | None = None, *, severity: str | None = None
                 ) -> list[Finding]:
        """The run's findings (refusals first), in file and row order: for printing a few.

        Writers that need every finding read ``run_findings`` in SQL instead, so a return
        with 100,000 errors is never a Python list.
        """
        out = list(self.refusals)
        sql = ("SELECT f.file, f.row_number, f.column_name, f.message, f.rule, f.severity, "
               "f.child, f.table_name, f.in_return FROM run_findings f "
               "JOIN run_returns r USING (return_id) WHERE r.checked "
               "AND (? IS NULL OR f.severity = ?) "
               "ORDER BY f.severity, f.file, f.row_number NULLS FIRST, f.column_name, f.rule")
        params: list[object] = [severity, severity]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(limit - len(out), 0))
        out += [Finding(*row) for row in self.con.execute(sql, params).fetchall()]
        return out

    def refuse_if_unusable(self) -> None:
        if self.refusals:
            raise LoadRefused(self.refusals)


@contextmanager
def open_run(request: Request, *, warehouse: Path | str | None = None, write: bool = False,
             progress: Progress | None = None) -> Iterator[Run]:
    """Read and check every return of ``request`` in a new staging database.

    ``warehouse``: attached read-only to find last year's returns (``validate``), or
    read-write when ``write`` so that ``store`` can write the run (``load``). The run's
    temporary files are in a private folder removed when the block ends.
    """
    from carepanel import scratch
    from carepanel import warehouse_file as wf

    with scratch.run_folder() as folder:
        con = duckdb.connect(":memory:", config=wf.config())
        target = None if warehouse is None or str(warehouse) == ":memory:" else Path(warehouse)
        try:
            con.execute(f"SET memory_limit = '{memory_limit()}'")
            staging.create(con)
            run = Run(con, folder)
            if warehouse is not None:
                run.warehouse = _attach(con, warehouse, write)
            try:
                _read(run, request, progress)
            except Exception as e:
                # Reading and checking write only temporary files, never the warehouse.
                fault = wf.fault_in_use(e, target, True)
                if fault is None:
                    raise
                raise fault from e
            yield run
        except Exception as e:
            fault = wf.fault_in_use(e, target, not write)
            if fault is None:
                raise
            raise fault from e
        finally:
            wf.close(con)


# DuckDB's memory for a run, beyond which it spills to the run's private folder: a
# 1,000,000-row Episodes table peaked at 1.5 GB without a limit and 0.7 GB with this one,
# in the same time (19 s). $CAREPANEL_MEMORY_LIMIT (e.g. "2GB") for a bigger machine.
MEMORY_LIMIT = "600MB"


def memory_limit() -> str:
    text = os.environ.get("CAREPANEL_MEMORY_LIMIT", "").strip() or MEMORY_LIMIT
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", text, re.IGNORECASE):
        from carepanel.faults import Fault

        raise Fault(f"CAREPANEL_MEMORY_LIMIT: {shown(text)!r} is not an amount of memory "
                    "(e.g. 600MB or 2GB)")
    return text


def _attach(con: duckdb.DuckDBPyConnection, path: Path | str, write: bool) -> Warehouse | None:
    if not write and str(path) != ":memory:" and not Path(path).exists():
        return None
    return Warehouse.attach(con, path, read_only=not write)


# --- reading ------------------------------------------------------------------------------


def _read(run: Run, request: Request, progress: Progress | None) -> None:
    try:
        sources = discover(request.paths)
    except Unreadable as e:
        run.refusals.append(e.finding)
        return
    previous_sources = []
    if request.previous:
        try:
            previous_sources = discover(request.previous)
        except Unreadable as e:
            run.refusals.append(e.finding)
            return
    total = len(sources) + len(previous_sources)
    staged: list[tuple[int, ReturnSource, bool]] = []
    stager = staging.Stager(run.con, run.folder)
    try:
        for i, src in enumerate([*sources, *previous_sources]):
            if progress:
                progress(i, total, str(src.name))
            checked = i < len(sources)
            rid = _stage_return(run, stager, src, checked)
            if rid is not None:
                staged.append((rid, src, checked))
        stager.finish()
    finally:
        stager.discard()
    if progress:
        progress(total, total, "checking values")
    for rid, src, checked in staged:
        _identify(run, rid, src, request, checked)
    # A refused return is left out of what follows; the others are still checked, so that
    # one run of validate shows everything there is to fix (a refusal still stops a load).
    _check_tables_for_year(run)
    _pair_with_last_year(run, request)
    field_checks.check_fields(run.con)
    for rid, sha in staging.fingerprints(run.con).items():
        staging.set_return(run.con, rid, sha256=sha)
    _stage_provider_lists(run, request)
    _stage_earlier_returns(run)
    if progress:
        progress(total, total, "DfE rules")
    _run_rules(run.con)
    run.returns = _returns(run.con)


def _stage_provider_lists(run: Run, request: Request) -> None:
    """Ofsted's lists into the run (``run_providers``), or a refusal naming the list that
    cannot be read; without lists, a note of the rules that were not run."""
    from carepanel.reference import providers
    from carepanel.ssda903.validate.catalogue import implemented, rule_year

    if request.provider_lists:
        try:
            providers.stage(run.con, request.provider_lists)
        except providers.ProviderListError as e:
            run.refusals.append(Finding(e.file, None, None,
                                        f"not read as an Ofsted provider list: {e.detail}"))
        return
    years = {int(y) for (y,) in run.con.execute(
        "SELECT DISTINCT collection_year FROM run_returns WHERE checked AND kind = 'ssda903' "
        "AND collection_year IS NOT NULL").fetchall()}
    codes = [r.code for r in implemented().values()
             if r.uses_providers and any(r.applies_to(rule_year(y)) for y in years)]
    if codes:
        run.notes.append(f"Ofsted's provider lists were not given (--provider-lists): rules "
                         f"{', '.join(codes)} checking placements' URNs were not run")


# The episodes of every statutory return the warehouse holds for a checked return's council
# from before last year's (last year's is the run's *_last tables), as received: the rules
# asking whether a care leaver was ever looked after (1001, 1002) read them.
_EARLIER = """
CREATE TABLE {table} AS
SELECT r.return_id, e.row_number, e.child, e.decom, e.dec, e.ls, e.rec,
       a.reference_date AS earlier_return
FROM run_returns AS r
JOIN wh.main.active_tables AS a
  ON a.la_code = r.la_code AND a.table_name = 'Episodes'
 AND a.reference_date < make_date(r.collection_year - 1, 3, 31)
 AND month(a.reference_date) = 3 AND day(a.reference_date) = 31
JOIN wh.main.submissions AS s ON s.submission_id = a.submission_id AND s.kind = 'ssda903'
JOIN wh.main.raw_episodes AS e ON e.submission_id = a.submission_id
WHERE r.checked AND r.kind = 'ssda903' AND r.collection_year IS NOT NULL
"""


def _stage_earlier_returns(run: Run) -> None:
    """With a warehouse: every earlier return's episodes it holds for each checked return's
    council (``run_earlier_episodes``), for the rules that need a child's whole history."""
    from carepanel.ssda903.validate.runner import EARLIER_EPISODES

    if run.warehouse is None or not table_exists(run.warehouse.con, "active_tables"):
        return
    run.con.execute(_EARLIER.format(table=EARLIER_EPISODES))


def _run_rules(con: duckdb.DuckDBPyConnection) -> None:
    from carepanel.ssda903.validate.runner import run_rules

    run_rules(con)


def _stage_return(run: Run, stager: staging.Stager, src: ReturnSource,
                  checked: bool) -> int | None:
    """Stage every table of one return; None (and a refusal) when it cannot be read."""
    name = shown(src.name)
    rid = staging.add_return(run.con, name, checked=checked)
    seen: dict[str, str] = {}

    def warn(finding: Finding) -> None:  # a file read with a caveat (not UTF-8, ...)
        run.con.execute("INSERT INTO run_findings VALUES (?, ?, 'warning', ?, 'current', ?, ?, "
                        "?, ?, ?)", [rid, finding.rule, finding.table, finding.file,
                                     finding.row, finding.column, finding.child,
                                     finding.message])

    try:
        for path in src.files:
            for sheet in read_sheets(path, warn):
                table, order = _recognise(sheet)
                if table.name in seen:
                    # Two files for one table (episodes.csv beside episodes.xlsx): even the
                    # same rows twice leave a doubt about which one the council meant.
                    raise Unreadable(Finding(
                        sheet.source, None, None,
                        f"a second {table.name} table in the same return (the first is "
                        f"{seen[table.name]}): keep only the one to load", table=table.name))
                seen[table.name] = sheet.source
                rows = sheet.rows if order == list(range(len(order))) else (
                    (n, [values[i] for i in order]) for n, values in sheet.rows)
                stager.add(rid, table, sheet.source, sheet.header, rows)
    except Unreadable as e:
        run.refusals.append(e.finding)
        staging.set_return(run.con, rid, checked=False, kind="refused")
        return None
    # Local files kept in the return's folder travel with the return, as they always have.
    kind = "ssda903" if any(schema.TABLES[t].kind == "ssda903" for t in seen) or not seen \
        else "local"
    staging.set_return(run.con, rid, kind=kind)
    return rid


def _recognise(sheet: Sheet) -> tuple[schema.Table, list[int]]:
    """The table a header row names, and where each of its columns is in the file."""
    names = [schema.normalise_header(h) for h in sheet.header]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise Unreadable(Finding(sheet.source, sheet.header_row,
                                 ", ".join(map(shown_header_name, dupes)),
                                 "the header names a column twice"))
    match = schema.match_header(sheet.header)
    if not match.exact:
        parts = [f"the header matches no table; nearest is {match.table.name}"]
        if match.missing:
            parts.append("missing columns: " + ", ".join(match.missing))
        if match.extra:
            parts.append("extra columns: " + ", ".join(map(shown_header_name, match.extra)))
        raise Unreadable(Finding(sheet.source, sheet.header_row, None, "; ".join(parts)))
    return match.table, [names.index(c.upper()) for c in match.table.columns]


# --- which council, which year ------------------------------------------------------------


def council_in_names(src: ReturnSource) -> str | None:
    """A council code written in the folder or file name: ``883/ssda903_2025`` -> ``883``."""
    first = src.files[0]
    workbook = first.suffix.lower() == ".xlsx"
    candidates = [first.stem if workbook else first.parent.name,
                  (first.parent if workbook else first.parent.parent).name]
    for name in candidates:
        m = _LA_IN_NAME.search(name)
        if m:
            return m.group(1)
    return None


def _council(src: ReturnSource, given: str | None) -> tuple[str | None, str | None]:
    """The council code and, when there is none, why. Three digits.

    A code given that the names contradict is another council's return: loading it under
    the wrong code would put one council's children in another's figures.
    """
    named = council_in_names(src)
    if given is not None:
        if not LA_CODE.fullmatch(given):
            return None, (f"--la {shown(given)!r} is not a council code: council codes are "
                          "three digits, e.g. 883")
        if named is not None and named != given:
            return None, (f"this looks like another council's return: its name says {named}, "
                          f"--la says {given}")
        return given, None
    if named is None:
        return None, ("cannot tell which council this return is for: name its folder after "
                      "the council code (e.g. 883/...) or pass --la")
    return named, None


def _activity_years(con: duckdb.DuckDBPyConnection, rid: int, kind: str) -> dict[int, int]:
    """How many activity dates of a return fall in each collection year, counted in SQL."""
    parts = []
    for table in schema.TABLES.values():
        for c in table.dates:
            if c in ACTIVITY_COLUMNS or (kind == "local" and table.kind == "local"):
                parts.append(f"SELECT try_strptime(trim({staging.quoted(c)}), '%d/%m/%Y') AS d "
                             f"FROM {staging.sql_name(table)} WHERE return_id = {int(rid)}")
    sql = (f"SELECT CASE WHEN month(d) >= 4 THEN year(d) + 1 ELSE year(d) END, count(*) "
           f"FROM ({' UNION ALL '.join(parts)}) WHERE d IS NOT NULL GROUP BY 1")
    return {int(y): int(n) for y, n in con.execute(sql).fetchall()}


def _year(run: Run, rid: int, src: ReturnSource, request: Request, checked: bool,
          kind: str) -> CollectionYear | None:
    given = (request.year, request.reference_date) if checked else (None, None)
    try:
        return (collection_year.given(*given)
                or collection_year.from_names(list(src.files))
                or collection_year.from_counts(_activity_years(run.con, rid, kind)))
    except YearError as e:
        run.refusals.append(Finding(shown(src.name), None, None,
                                    f"{e}: pass --year, e.g. --year 2024/25"))
        return None


def _identify(run: Run, rid: int, src: ReturnSource, request: Request, checked: bool) -> None:
    kind = value(run.con, "SELECT kind FROM run_returns WHERE return_id = ?", [rid])
    code, why = _council(src, request.la_code)
    if not checked:
        # Last year's return given with --previous: only read. Its year and council are
        # this year's return's, as the user said, unless its names say otherwise.
        found = collection_year.from_names(list(src.files)) if why is None else None
        staging.set_return(run.con, rid, la_code=code,
                           collection_year=found.year if found else None)
        return
    if why:
        run.refusals.append(Finding(shown(src.name), None, None, why))
    found = _year(run, rid, src, request, checked, kind)
    if found is None and not any(f.file == shown(src.name) and "--year" in f.message
                                 for f in run.refusals):
        run.refusals.append(Finding(
            shown(src.name), None, None,
            "the return holds no dates to tell its year from and its names do not say: "
            "pass --year, e.g. --year 2024/25"))
    if why or found is None:  # refused: the run's other returns are still checked
        staging.set_return(run.con, rid, checked=False, kind="refused")
        return
    staging.set_return(run.con, rid, la_code=code, collection_year=found.year,
                       reference_date=found.reference_date, year_from=found.reason)


def _check_tables_for_year(run: Run) -> None:
    """A table the DfE did not collect in a return's year: the wrong year or a wrong file."""
    for rid, source, name, year in run.con.execute(
            "SELECT f.return_id, f.source, f.table_name, r.collection_year FROM run_files f "
            "JOIN run_returns r USING (return_id) WHERE r.kind <> 'refused' "
            "ORDER BY f.return_id, f.source").fetchall():
        first = schema.TABLES[name].from_year
        if year is not None and first > year:
            staging.set_return(run.con, rid, checked=False, kind="refused")
            run.refusals.append(Finding(
                source, None, None,
                f"{name} is collected from {schema.collection_year_label(first)}; this return "
                f"is for {schema.collection_year_label(year)}", table=name))


# --- last year's return -------------------------------------------------------------------


def _pair_with_last_year(run: Run, request: Request) -> None:
    """Each statutory return's previous return: in the run, given, or in the warehouse."""
    rows = run.con.execute(
        "SELECT return_id, la_code, collection_year, reference_date, checked FROM run_returns "
        "WHERE kind = 'ssda903' ORDER BY return_id").fetchall()
    checked = [r for r in rows if r[4] and r[2] is not None]
    given = [r for r in rows if not r[4] and r[3] is None]  # --previous, not yet paired
    for rid, la, year, _ref, _ in checked:
        wanted = schema.year_end(year - 1)
        in_run = [r for r in checked if r[1] == la and r[3] == wanted]
        from_files = [r for r in given if r[1] in (la, None)] or (
            given if len(checked) == 1 else [])
        names = ", ".join(shown(p) for p in request.previous)
        if in_run:
            _set_previous(run, rid, in_run[-1][0], Comparison(wanted, "run", "run"))
        elif from_files:
            prev = from_files[-1]
            if prev[1] not in (la, None) or prev[2] not in (year - 1, None):
                said = (f"council {prev[1]}'s return" if prev[1] not in (la, None) else
                        f"the {schema.collection_year_label(prev[2])} return")
                run.refusals.append(Finding(
                    names, None, None, f"--previous: this is {said} by its names; last "
                    f"year's return for {la} {schema.collection_year_label(year)} is {la}'s "
                    f"{schema.collection_year_label(year - 1)} return"))
                continue
            staging.set_return(run.con, prev[0], collection_year=year - 1,
                               reference_date=wanted, la_code=la)
            _set_previous(run, rid, prev[0], Comparison(wanted, names, "files"))
        elif run.warehouse is not None and _from_warehouse(run, rid, la, wanted):
            pass
        else:
            staging.set_return(run.con, rid, previous_id=None)
            run.notes.append(f"No return for {wanted:%-d %B %Y} for council {la}: rules "
                             "comparing with last year were not run")


def _set_previous(run: Run, rid: int, prev: int, comparison: Comparison) -> None:
    staging.set_return(run.con, rid, previous_id=prev)
    run.con.execute("CREATE TABLE IF NOT EXISTS run_comparisons (return_id INTEGER, "
                    "reference_date DATE, source VARCHAR, origin VARCHAR)")
    run.con.execute("INSERT INTO run_comparisons VALUES (?, ?, ?, ?)",
                    [rid, comparison.reference_date, comparison.source, comparison.origin])


def _from_warehouse(run: Run, rid: int, la: str, wanted: dt.date) -> bool:
    assert run.warehouse is not None
    prev = run.warehouse.stage_previous(run.con, la, wanted)
    if prev is None:
        return False
    _set_previous(run, rid, prev, Comparison(wanted, "warehouse", "warehouse"))
    run.notes.append(Comparison(wanted, "warehouse", "warehouse").describe(la))
    return True


# --- what the run found -------------------------------------------------------------------


def _returns(con: duckdb.DuckDBPyConnection) -> list[Return]:
    rows = con.execute("""
        SELECT r.return_id, r.name, r.la_code, r.collection_year, r.reference_date,
               r.year_from, r.kind, r.sha256,
               count(*) FILTER (WHERE f.severity = 'error'),
               count(DISTINCT (f.file, f.row_number)) FILTER (WHERE f.severity = 'error'
                                                        AND f.row_number IS NOT NULL),
               count(*) FILTER (WHERE f.severity = 'warning')
        FROM run_returns r LEFT JOIN run_findings f USING (return_id)
        WHERE r.checked GROUP BY ALL ORDER BY r.return_id""").fetchall()
    comparisons = {}
    if table_exists(con, "run_comparisons"):
        comparisons = {rid: Comparison(ref, src, origin) for rid, ref, src, origin in
                       con.execute("SELECT * FROM run_comparisons").fetchall()}
    tables: dict[int, list[str]] = {}
    for rid, name in con.execute("SELECT return_id, table_name FROM run_files "
                                 "ORDER BY table_name").fetchall():
        tables.setdefault(rid, []).append(name)
    from carepanel.ssda903.validate.runner import EARLIER_EPISODES, has_provider_lists

    lists, earlier = has_provider_lists(con), table_exists(con, EARLIER_EPISODES)
    out = []
    for rid, name, la, year, ref, why, kind, sha, errors, rows_, warnings in rows:
        ret = Return(rid, name, la, year, ref, why, kind, sha, errors, rows_, warnings,
                     compared_with=comparisons.get(rid), tables=tables.get(rid, []),
                     provider_lists=lists, earlier_returns=earlier)
        if kind == "ssda903" and ret.compared_with is None:
            ret.not_compared = (f"No return for {schema.year_end(year - 1):%-d %B %Y} for "
                                f"council {la}: rules comparing with last year were not run")
        out.append(ret)
    return out


# --- the whole intake in one call (the CLI, the web worker, tests, benchmarks) -------------


def load(request: Request, warehouse: Path | str, *, strict: bool = False,
         allow_shrink: bool = False, progress: Progress | None = None,
         notes: Callable[[str], None] | None = None) -> LoadResult:
    """Read, check and store ``request``'s returns into ``warehouse``, all or nothing.

    Raises LoadRefused (and writes nothing) when a return cannot be read safely, when
    ``strict`` and any value is bad, or when the load would close most of a council's
    open episodes (unless ``allow_shrink``). ``notes`` hears which return each was compared
    with, or that the rules comparing with last year did not run.
    """
    with open_run(request, warehouse=warehouse, write=True, progress=progress) as run:
        for note in run.notes:
            if notes:
                notes(note)
        return store(run, strict=strict, allow_shrink=allow_shrink, progress=progress)


def store(run: Run, *, strict: bool = False, allow_shrink: bool = False,
          progress: Progress | None = None) -> LoadResult:
    """Write a run into its attached warehouse (one transaction), or refuse it whole."""
    run.refuse_if_unusable()
    if strict and run.errors:
        raise LoadRefused(run.findings(limit=50, severity="error"), total=run.errors)
    if run.warehouse is None:
        raise ValueError("store needs a run opened with write=True")
    return run.warehouse.store_run(run.returns, allow_shrink=allow_shrink, progress=progress)


@contextmanager
def in_memory(request: Request, *, progress: Progress | None = None) -> Iterator[Warehouse]:
    """Returns loaded into a warehouse that lives only in memory: figures straight from
    files, nothing stored. Yields the Warehouse; refuses as ``load`` does."""
    with open_run(request, warehouse=":memory:", write=True, progress=progress) as run:
        store(run, allow_shrink=True, progress=progress)
        assert run.warehouse is not None
        yield run.warehouse
