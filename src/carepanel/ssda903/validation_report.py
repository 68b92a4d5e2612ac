"""The validator's outputs a council downloads: a text report, a JSON document, a workbook.

A return with 100,000 bad values is a real return (a June extract from a case-management
system), and the outputs must not need more memory for it than for a clean one. So every
writer here streams from DuckDB: the findings stay in the run's staging database (or the
warehouse) and are fetched in batches, each written out as it comes and then dropped.
Only what is small by nature is ever a Python list: the summary by rule (one line per rule
or column), the returns themselves, and the few refusals of an unusable input.

The same writers serve ``carepanel validate`` (the findings of a run, ``run_findings`` and
``stg_<table>``, keyed by return_id) and ``carepanel findings`` (the warehouse's stored
findings and ``raw_<table>``, keyed by submission_id): a ``FindingSource`` says where the
findings and the rows are, and ``from_run`` and ``from_warehouse`` build one.

Anything that came from a file (a value, a child id, a file name) is shown escaped in the
text report: a terminal never receives a raw control or escape byte. The JSON escapes such
characters by its own rules, and the workbook keeps the values as received, with every
text cell made formula-safe by ``reports.safe``. The JSON contract is in
docs/validation_json.md.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain, groupby
from pathlib import Path
from typing import IO, Any

import duckdb

from carepanel.database import column_exists, one_row, table_exists
from carepanel.reports.safe import safe_text
from carepanel.ssda903 import field_checks, schema
from carepanel.ssda903.findings import Finding
from carepanel.ssda903.returns import Comparison, Return
from carepanel.ssda903.validate.catalogue import (
    Rule,
    all_rules,
    implemented,
    not_implemented,
    rules_for,
)

FORMATS = ("text", "json", "xlsx")

# Rows fetched from DuckDB at a time: big enough that the round trips cost nothing, small
# enough that a batch is a few hundred kilobytes whatever the return holds.
BATCH = 2_000

# Excel holds at most this many characters in a cell; a longer value (a 100 KiB free-text
# field) is cut with a note rather than left for XlsxWriter to refuse.
CELL_LIMIT = 32_767

# The columns every findings query gives, whatever it reads (the run or the warehouse).
COLUMNS = ("return_id", "rule", "severity", "table_name", "in_return", "file", "row_number",
           "column_name", "child", "message")

# The short name of where a return's year came from, by the start of the intake's reason.
_YEAR_FROM = (
    ("from --year", "--year"),
    ("from --reference-date", "--reference-date"),
    ("from the folder name", "folder name"),
    ("from the file names", "file names"),
    ("from the workbook name", "workbook name"),
    ("from the return's dates", "the return's dates"),
    ("from the warehouse", "warehouse"),
)


@dataclass(frozen=True)
class FindingSource:
    """Where the findings of some returns are, and the rows they point at.

    ``findings_sql`` is a SELECT giving ``COLUMNS`` (the return's id named ``return_id``
    whatever it is called where it is stored) for the returns in ``returns`` and nothing
    else. ``rows_table`` names the table holding a DfE table's rows as received, with
    ``{name}`` for the table's SQL name (``stg_{name}``); its rows are keyed by
    ``key_column`` and ``row_number``. ``previous_sql`` gives, for each return and table,
    the id under which last year's rows it was compared with are kept
    (``return_id, table_name, previous_id``). ``refusals`` are the findings that made the
    input unusable (exit status 2): few, and never in the database.
    """

    con: duckdb.DuckDBPyConnection
    returns: tuple[Return, ...]
    findings_sql: str
    rows_table: str
    key_column: str
    previous_sql: str
    refusals: tuple[Finding, ...] = ()

    def several(self) -> bool:
        return len(self.returns) > 1


def _ids(returns: Sequence[Return]) -> str:
    """An SQL list of the returns' ids (integers, so safe to write into the query)."""
    return ", ".join(str(int(r.return_id)) for r in returns) or "NULL"


def from_run(con: duckdb.DuckDBPyConnection, returns: Sequence[Return],
             refusals: Sequence[Finding] = ()) -> FindingSource:
    """The findings of a run's checked ``returns`` (``Run.returns``), and its refusals.

    A return compared with another return of the same run names that return (its folder or
    workbook) as what it was compared with.
    """
    names = dict(con.execute("SELECT return_id, name FROM run_returns").fetchall())
    previous = dict(con.execute("SELECT return_id, previous_id FROM run_returns").fetchall())
    shown_returns = []
    for ret in returns:
        cmp = ret.compared_with
        if cmp is not None and cmp.origin == "run" and previous.get(ret.return_id) in names:
            cmp = dataclasses.replace(cmp, source=names[previous[ret.return_id]])
            ret = dataclasses.replace(ret, compared_with=cmp)
        shown_returns.append(ret)
    ids = _ids(returns)
    return FindingSource(
        con=con, returns=tuple(shown_returns),
        findings_sql=f"SELECT {', '.join(COLUMNS)} FROM run_findings "
                     f"WHERE return_id IN ({ids})",
        rows_table="stg_{name}", key_column="return_id",
        previous_sql=f"SELECT r.return_id, f.table_name, r.previous_id AS previous_id "
                     f"FROM run_returns r JOIN run_files f ON f.return_id = r.previous_id "
                     f"WHERE r.return_id IN ({ids})",
        refusals=tuple(refusals))


def from_warehouse(con: duckdb.DuckDBPyConnection, la_code: str | None = None,
                   year: int | None = None) -> FindingSource:
    """The stored findings of the returns the history is built from, latest first.

    A submission counts while any of its tables is in the history (``active_tables``): a
    corrected return re-sent for the same date replaces the tables it holds, and the
    findings of a replaced table are left out with it. ``la_code`` and ``year`` (the
    collection year, 2025 for 2024/25) narrow the returns; None means all.
    """
    if not (table_exists(con, "submissions") and table_exists(con, "active_tables")):
        returns: list[Return] = []
    else:
        returns = _warehouse_returns(con, la_code, year)
    ids = _ids(returns)
    if table_exists(con, "findings"):
        # A warehouse made before findings named their table gains the columns at its next
        # load; read read-only until then, its findings name none.
        named = column_exists(con, "findings", "table_name")
        table_name = "f.table_name" if named else "NULL::VARCHAR"
        in_return = "f.in_return" if named else "NULL::VARCHAR"
        findings_sql = f"""
            SELECT f.submission_id AS return_id, f.rule, f.severity, {table_name} AS table_name,
                   coalesce({in_return}, 'current') AS in_return, f.file, f.row_number,
                   f.column_name, f.child, f.message
            FROM findings f
            WHERE f.submission_id IN ({ids})
              AND ({table_name} IS NULL OR {in_return} = 'previous' OR EXISTS (
                   SELECT 1 FROM active_tables a WHERE a.submission_id = f.submission_id
                   AND a.table_name = {table_name}))"""
    else:
        findings_sql = "SELECT " + ", ".join(
            f"NULL::{'INTEGER' if c in ('return_id', 'row_number') else 'VARCHAR'} AS {c}"
            for c in COLUMNS) + " WHERE false"
    previous_sql = f"""
        SELECT s.submission_id AS return_id, a.table_name, a.submission_id AS previous_id
        FROM submissions s
        JOIN active_tables a ON a.la_code = s.la_code
         AND a.reference_date = make_date(s.collection_year - 1, 3, 31)
        JOIN submissions p ON p.submission_id = a.submission_id AND p.kind = 'ssda903'
        WHERE s.submission_id IN ({ids})""" if returns else (
        "SELECT NULL::INTEGER AS return_id, NULL::VARCHAR AS table_name, "
        "NULL::INTEGER AS previous_id WHERE false")
    return FindingSource(con=con, returns=tuple(returns), findings_sql=findings_sql,
                         rows_table="raw_{name}", key_column="submission_id",
                         previous_sql=previous_sql)


def _warehouse_returns(con: duckdb.DuckDBPyConnection, la_code: str | None,
                       year: int | None) -> list[Return]:
    """The active submissions as Returns, with the comparison their load could make.

    The warehouse does not record which return a load compared with; a return counts as
    compared when it holds findings on last year's rows, or when the warehouse held last
    year's statutory return for the council by the time it was loaded (a load compares with
    it then). Likewise Ofsted's provider lists count as given when it holds findings of
    the rules that read them.
    """
    has_findings = table_exists(con, "findings")
    on_last = ("bool_or(f.in_return = 'previous')"
               if has_findings and column_exists(con, "findings", "in_return") else "false")
    urn_rules = ", ".join(f"'{r.code}'" for r in all_rules()
                          if r.implemented and r.uses_providers)
    counts = ("count(*) FILTER (WHERE f.severity = 'error'), "
              "count(DISTINCT (f.file, f.row_number)) FILTER (WHERE f.severity = 'error' "
              "AND f.row_number IS NOT NULL), count(*) FILTER (WHERE f.severity = 'warning'), "
              f"{on_last}, coalesce(bool_or(f.rule IN ({urn_rules})), false)"
              ) if has_findings else "0, 0, 0, false, false"
    join = "LEFT JOIN findings f USING (submission_id)" if has_findings else ""
    rows = con.execute(f"""
        SELECT s.submission_id, s.source, s.la_code, s.collection_year, s.reference_date,
               s.kind, s.sha256, {counts},
               EXISTS (SELECT 1 FROM submissions p WHERE p.la_code = s.la_code
                       AND p.kind = 'ssda903' AND p.loaded_at <= s.loaded_at
                       AND p.reference_date = make_date(s.collection_year - 1, 3, 31))
        FROM submissions s {join}
        WHERE s.submission_id IN (SELECT submission_id FROM active_tables)
          AND (?::VARCHAR IS NULL OR s.la_code = ?)
          AND (?::INTEGER IS NULL OR s.collection_year = ?)
        GROUP BY ALL
        ORDER BY s.la_code, s.reference_date DESC, s.submission_id DESC""",
        [la_code, la_code, year, year]).fetchall()
    out = []
    for (sid, source, la, cy, ref, kind, sha, errors, error_rows, warnings, on_last, lists,
         held) in rows:
        ret = Return(sid, source, la, cy, ref, "from the warehouse", kind, sha, errors,
                     error_rows, warnings, provider_lists=bool(lists))
        last = schema.year_end(cy - 1)
        if kind == "ssda903" and (on_last or held):
            ret.compared_with = Comparison(last, "warehouse", "warehouse")
            ret.earlier_returns = True  # loaded into the warehouse that held last year's
        elif kind == "ssda903":
            ret.not_compared = _not_compared_why(cy)
        out.append(ret)
    return out


# --- the rules a return was checked with ---------------------------------------------------


def short_year_from(reason: str) -> str:
    """"from the folder name ssda903_2025" -> "folder name": the JSON's ``year_from``.

    A reason this module does not know (a newer intake) is given as it is, without its
    "from ".
    """
    for start, short in _YEAR_FROM:
        if reason.startswith(start):
            return short
    return reason.removeprefix("from ")


def _rule_year(year: int) -> int:
    """The year whose DfE rule list applies: carepanel holds the lists from 2022/23, and an
    older return is checked with the 2022/23 rules (as ``rules_for`` does)."""
    return max(year, min(y for r in all_rules() for y in r.years))


@cache
def _order() -> dict[str, int]:
    """Each DfE rule code's place in the DfE's order (numbers first, then lettered codes)."""
    return {r.code: i for i, r in enumerate(all_rules())}


def _sorted_codes(codes: set[str]) -> list[str]:
    order = _order()
    return sorted(codes, key=lambda c: (order.get(c, len(order)), c))


NO_PROVIDER_LISTS = "Ofsted's provider lists were not given (--provider-lists)"
NO_EARLIER_RETURNS = ("needs the council's earlier returns, read from a warehouse "
                      "(--warehouse)")


def _not_compared_why(year: int) -> str:
    last = schema.year_end(year - 1)
    return f"no return for {last.day} {last:%B %Y} to compare with"


def rules_run(ret: Return) -> list[str]:
    """The DfE rule codes run for ``ret``, in the DfE's order: the implemented rules of its
    year (less those comparing with last year when there was no last year's return), and
    the rules the data contract's value checks stand for. Local files have no DfE rules."""
    if ret.kind != "ssda903":
        return []
    compared = ret.compared_with is not None
    ran = {r.code for r in rules_for(ret.collection_year)
           if (compared or not r.uses_previous) and (ret.provider_lists or not r.uses_providers)
           and (ret.earlier_returns or not r.uses_history)}
    ran |= set(field_checks.rules_of_the_contract(ret.collection_year))
    return _sorted_codes(ran)


def rules_not_run(ret: Return) -> list[tuple[str, str]]:
    """Every other DfE rule of ``ret``'s year, with why it was not run, in the DfE's order."""
    if ret.kind != "ssda903":
        return []
    ran = set(rules_run(ret))
    year = _rule_year(ret.collection_year)
    out = []
    for rule in all_rules():
        if rule.code in ran or not rule.applies_to(year):
            continue
        if rule.implemented and rule.uses_providers and not ret.provider_lists:
            why = NO_PROVIDER_LISTS
        elif rule.implemented and rule.uses_history and not ret.earlier_returns:
            why = NO_EARLIER_RETURNS
        elif rule.implemented:
            why = _not_compared_why(ret.collection_year)
        else:
            why = rule.reason or "not implemented in carepanel"
        out.append((rule.code, why))
    return out


@cache
def _rules() -> dict[str, Rule]:
    return {**not_implemented(), **implemented()}


def _rule_message(code: str | None, year: int | None) -> str | None:
    """The DfE's message for rule ``code`` in ``year`` (its latest wording without one)."""
    rule = _rules().get(code) if code else None
    if rule is None:
        return None
    return rule.message(year if year is not None else max(rule.messages))


# --- shared reading ------------------------------------------------------------------------


def exit_status(source: FindingSource) -> int:
    """0 when clean or warnings only, 1 when there are errors, 2 for an unusable input."""
    if source.refusals:
        return 2
    (errors,) = one_row(source.con, f"SELECT count(*) FROM ({source.findings_sql}) "
                                    "WHERE severity = 'error'")
    return 1 if errors else 0


def _stream(con: duckdb.DuckDBPyConnection, sql: str,
            params: Sequence[object] = ()) -> Iterator[tuple]:
    """The rows of a query, fetched ``BATCH`` at a time: never the whole result in Python."""
    result = con.execute(sql, list(params))
    while True:
        rows = result.fetchmany(BATCH)
        if not rows:
            return
        yield from rows


@dataclass(frozen=True)
class Group:
    """One line of the summary: the findings of one rule (or, without a rule code, of one
    table and column) and severity in one return."""

    rule: str | None
    severity: str
    table: str | None
    column: str | None
    count: int
    message: str


def _plain_description(table: str | None, column: str | None) -> str:
    """What findings without a rule code, and with different messages, have in common."""
    if column:
        where = f"{table} {column}" if table else f"column {column}"
        return f"values in {where} that the data contract does not allow"
    if table:
        return f"problems with the {table} table"
    return "problems with the files"


def summary(source: FindingSource, ret: Return) -> list[Group]:
    """The findings of ``ret`` by rule (without a rule code: by table and column), with
    counts, most frequent first; each rule with the DfE's message for the return's year."""
    rows = source.con.execute(f"""
        SELECT rule, severity, CASE WHEN rule IS NULL THEN table_name END,
               CASE WHEN rule IS NULL THEN column_name END, count(*),
               count(DISTINCT message), min(message)
        FROM ({source.findings_sql}) WHERE return_id = ? GROUP BY ALL""",
        [ret.return_id]).fetchall()
    groups = [_group(rule, severity, table, column, n, messages, message, ret.collection_year)
              for rule, severity, table, column, n, messages, message in rows]
    return _ordered(groups)


def _group(rule: str | None, severity: str, table: str | None, column: str | None, n: int,
           messages: int, message: str, year: int | None) -> Group:
    text = _rule_message(rule, year)
    if text is None:
        text = message if messages == 1 else _plain_description(table, column)
    return Group(rule, severity, table, column, n, text)


def _ordered(groups: list[Group]) -> list[Group]:
    order = _order()
    return sorted(groups, key=lambda g: (-g.count, g.rule is None,
                                         order.get(g.rule or "", len(order)), g.rule or "",
                                         g.severity, g.table or "", g.column or ""))


def _refusal_groups(refusals: Sequence[Finding]) -> list[Group]:
    by_key: dict[tuple, list[Finding]] = {}
    for f in refusals:
        by_key.setdefault((f.rule, f.severity, f.table, f.column), []).append(f)
    return _ordered([_group(rule, severity, table, column, len(fs),
                            len({f.message for f in fs}), fs[0].message, None)
                     for (rule, severity, table, column), fs in by_key.items()])


def _totals(source: FindingSource) -> dict[int, tuple[int, int, int]]:
    """Per return: errors, warnings, and the rows with an error."""
    return {rid: (e, w, r) for rid, e, w, r in source.con.execute(f"""
        SELECT return_id, count(*) FILTER (WHERE severity = 'error'),
               count(*) FILTER (WHERE severity = 'warning'),
               count(DISTINCT (file, row_number)) FILTER (WHERE severity = 'error'
                                                          AND row_number IS NOT NULL)
        FROM ({source.findings_sql}) GROUP BY 1""").fetchall()}


# --- text ----------------------------------------------------------------------------------


def escaped(value: object) -> str:
    """``value`` as it may be shown on a terminal: every character that is not printable
    (control and escape bytes, line breaks, invisible format characters, undecodable bytes)
    written as a Python escape, so a file can never move the cursor or colour the screen."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def _where(file: str, row: int | None, column: str | None, in_return: str) -> str:
    parts = [escaped(file) + (" (last year's return)" if in_return == "previous" else "")]
    if row is not None:
        parts.append(f"row {row}")
    if column:
        parts.append(f"column {escaped(column)}")
    return ", ".join(parts)


def _finding_line(severity: str, file: str, row: int | None, column: str | None,
                  message: str, rule: str | None, in_return: str) -> str:
    rule_part = f" [rule {escaped(rule)}]" if rule else ""
    return (f"    {severity:<7}  {_where(file, row, column, in_return)}: "
            f"{escaped(message)}{rule_part}\n")


def _summary_lines(groups: list[Group]) -> Iterator[str]:
    if not groups:
        return
    width = max(len(str(g.count)) for g in groups)
    code_width = max(4, *(len(escaped(g.rule or "-")) for g in groups))
    yield "  Findings by rule, most frequent first\n"
    for g in groups:
        code = escaped(g.rule) if g.rule else "-"
        yield (f"    {g.count:>{width}}  {code:<{code_width}}  {g.severity:<7}  "
               f"{escaped(g.message)}\n")


def write_text(source: FindingSource, out: IO[str]) -> None:
    """The findings for a person: per return, a summary by rule with counts (most frequent
    first), then every finding by child (findings about no child, such as a file, first).
    Refusals, when the input was unusable, come before everything."""
    if source.refusals:
        out.write("The input could not be used:\n")
        for f in source.refusals:
            out.write(_finding_line(f.severity, f.file, f.row, f.column, f.message, f.rule,
                                    f.in_return))
    if not source.returns and not source.refusals:
        out.write("No returns to report.\n")
    totals = _totals(source)
    for i, ret in enumerate(source.returns):
        if i or source.refusals:
            out.write("\n")
        _write_return_text(source, ret, totals.get(ret.return_id, (0, 0, 0)), out)


def _write_return_text(source: FindingSource, ret: Return, totals: tuple[int, int, int],
                       out: IO[str]) -> None:
    errors, warnings, error_rows = totals
    out.write(f"{escaped(ret.name)}: {escaped(ret.describe_year())}\n")
    if ret.kind == "ssda903":
        if ret.compared_with is not None:
            out.write(escaped(ret.compared_with.describe(ret.la_code)) + "\n")
        else:
            out.write(f"Rules comparing with last year were not run: "
                      f"{_not_compared_why(ret.collection_year)}\n")
    ran, not_ran = len(rules_run(ret)), len(rules_not_run(ret))
    if ret.kind == "ssda903":
        out.write(f"{ran} DfE rules run, {not_ran} not run (--format json says why)\n")
    out.write(f"{errors} error(s) in {error_rows} row(s), {warnings} warning(s)\n")
    if not errors and not warnings:
        out.write("No findings.\n")
        return
    out.write("\n")
    for line in _summary_lines(summary(source, ret)):
        out.write(line)
    out.write("\n  Findings by child\n")
    current: object = ()  # no child seen yet (None is "no child")
    for child, severity, file, row, column, message, rule, in_return in _stream(
            source.con, f"""
            SELECT child, severity, file, row_number, column_name, message, rule, in_return
            FROM ({source.findings_sql}) WHERE return_id = ?
            ORDER BY child NULLS FIRST, in_return, file, row_number NULLS FIRST,
                     column_name NULLS FIRST, rule NULLS FIRST, message""",
            [ret.return_id]):
        if child != current:
            current = child
            out.write("  No child (the file as a whole)\n" if child is None
                      else f"  Child {escaped(child)}\n")
        out.write(_finding_line(severity, file, row, column, message, rule, in_return))


# --- JSON ----------------------------------------------------------------------------------


def _header(ret: Return) -> dict[str, Any]:
    cmp = ret.compared_with
    return {
        "year": ret.year_label,
        "la_code": ret.la_code,
        "reference_date": ret.reference_date.isoformat(),
        "year_from": short_year_from(ret.year_from),
        "compared_with": None if cmp is None else {
            "reference_date": cmp.reference_date.isoformat(), "source": cmp.source},
        "rules_run": rules_run(ret),
        "rules_not_run": [{"rule": code, "why": why} for code, why in rules_not_run(ret)],
    }


_EMPTY_HEADER: dict[str, Any] = {"year": None, "la_code": None, "reference_date": None,
                                 "year_from": None, "compared_with": None, "rules_run": [],
                                 "rules_not_run": []}


def _common_header(returns: Sequence[Return]) -> dict[str, Any]:
    """The header of several returns: each value they all share, else null; the rules run
    on every return; and every other rule with why, naming the returns when the reasons
    differ or the rule ran on some of them."""
    headers = [_header(r) for r in returns]
    out: dict[str, Any] = {}
    for key in ("year", "la_code", "reference_date", "year_from", "compared_with"):
        values = [h[key] for h in headers]
        out[key] = values[0] if all(v == values[0] for v in values) else None
    ran = [set(h["rules_run"]) for h in headers]
    not_run = [{n["rule"]: n["why"] for n in h["rules_not_run"]} for h in headers]
    everywhere = set.intersection(*ran)
    out["rules_run"] = _sorted_codes(everywhere)
    listed = []
    for code in _sorted_codes(set.union(*ran, *(set(n) for n in not_run)) - everywhere):
        whys: dict[str, list[str]] = {}
        for ret, ran_here, why_here in zip(returns, ran, not_run, strict=True):
            if code not in ran_here:
                why = why_here.get(code) or _outside(ret)
                whys.setdefault(why, []).append(f"{ret.la_code} {ret.year_label}")
        if len(whys) == 1 and sum(map(len, whys.values())) == len(returns):
            why = next(iter(whys))
        else:
            why = "; ".join(f"{', '.join(labels)}: {why}" for why, labels in whys.items())
        listed.append({"rule": code, "why": why})
    out["rules_not_run"] = listed
    return out


def _outside(ret: Return) -> str:
    """Why a rule of another return's year is not among this return's rules."""
    if ret.kind != "ssda903":
        return "the DfE's rules are not run on local files"
    return f"not a DfE rule in {ret.year_label}"


def _finding_json(rule: str | None, severity: str, table: str | None, in_return: str,
                  file: str, row: int | None, column: str | None, child: str | None,
                  message: str) -> str:
    return json.dumps({"rule": rule, "severity": severity, "table": table,
                       "return": in_return, "file": file, "row": row, "column": column,
                       "child": child, "message": message})


def write_json(source: FindingSource, out: IO[str]) -> None:
    """The JSON document of docs/validation_json.md, written as the findings are fetched:
    the header, then each finding, then the end of the array."""
    returns = source.returns
    if len(returns) == 1:
        header = _header(returns[0])
    elif returns:
        header = _common_header(returns)
        counts = dict(source.con.execute(
            f"SELECT return_id, count(*) FROM ({source.findings_sql}) GROUP BY 1").fetchall())
        start = len(source.refusals)
        listed = []
        for ret in returns:
            n = counts.get(ret.return_id, 0)
            listed.append({"source": ret.name, **_header(ret),
                           "findings_start": start, "findings_end": start + n})
            start += n
        header["returns"] = listed
    else:
        header = dict(_EMPTY_HEADER)
    out.write("{\n")
    for key, value in header.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value)},\n")
    out.write('  "findings": [')
    first = True
    for f in source.refusals:
        out.write(("\n    " if first else ",\n    ") + _finding_json(
            f.rule, f.severity, f.table, f.in_return, f.file, f.row, f.column, f.child,
            f.message))
        first = False
    order = " ".join(f"WHEN {int(r.return_id)} THEN {i}" for i, r in enumerate(returns))
    if returns:
        for row in _stream(source.con, f"""
                SELECT rule, severity, table_name, in_return, file, row_number, column_name,
                       child, message
                FROM ({source.findings_sql})
                ORDER BY CASE return_id {order} END, in_return, file,
                         row_number NULLS FIRST, column_name NULLS FIRST, rule NULLS FIRST,
                         message"""):
            out.write(("\n    " if first else ",\n    ") + _finding_json(*row))
            first = False
    out.write("\n  ]\n}\n" if not first else "]\n}\n")


# --- XLSX ----------------------------------------------------------------------------------


class _Sheet:
    """One worksheet written row by row (XlsxWriter's constant_memory mode), every text cell
    made formula-safe and cut to what a cell holds."""

    def __init__(self, book: Any, name: str, header: Sequence[str], formats: dict[str, Any],
                 widths: Sequence[int] | None = None):
        self.ws = book.add_worksheet(name)
        self.formats = formats
        self.width = len(header)
        for j, h in enumerate(header):
            self.ws.write_string(0, j, safe_text(h), formats["header"])
            w = widths[j] if widths else max(len(h) + 2, 10)
            self.ws.set_column(j, j, w)
        self.ws.freeze_panes(1, 0)
        self.row = 0

    def write(self, values: Sequence[object], marked: Sequence[bool] = ()) -> None:
        self.row += 1
        for j, value in enumerate(values):
            fmt = self.formats["bad"] if j < len(marked) and marked[j] else None
            if value is None:
                if fmt is not None:
                    self.ws.write_blank(self.row, j, None, fmt)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                self.ws.write_number(self.row, j, value, fmt)
            else:
                text = str(value)
                if len(text) > CELL_LIMIT:
                    text = text[:CELL_LIMIT - 40] + " ... (cut: longer than a cell holds)"
                self.ws.write_string(self.row, j, safe_text(text), fmt)

    def close(self) -> None:
        self.ws.autofilter(0, 0, max(self.row, 1), self.width - 1)


def _sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unused worksheet name: at most 31 characters, none of []:*?/\\."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'")[:31] or "Sheet"
    candidate, n = clean, 1
    while candidate.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = clean[:31 - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


def _label(ret: Return) -> str:
    return f"{ret.la_code} {ret.year_label}"


def write_xlsx(source: FindingSource, target: str | os.PathLike[str] | IO[bytes], *,
               tmpdir: str | os.PathLike[str] | None = None) -> None:
    """The workbook: findings by rule (rule, message, count), findings by child (child,
    rules), every flagged row with all its cells (one sheet per table, the bad cells marked
    and the findings' messages beside them), findings not about a row, and the returns.

    Written in XlsxWriter's constant_memory mode, whose row data goes through temporary
    files holding children's data: they go in ``tmpdir`` (the run's private folder) or a
    private folder of their own, removed when the workbook is written.
    """
    import xlsxwriter  # only the workbook needs it

    if tmpdir is not None:
        _write_xlsx(source, target, Path(tmpdir), xlsxwriter)
        return
    with tempfile.TemporaryDirectory(prefix="carepanel-report-") as own:
        _write_xlsx(source, target, Path(own), xlsxwriter)


def _write_xlsx(source: FindingSource, target: Any, tmpdir: Path, xlsxwriter: Any) -> None:
    book = xlsxwriter.Workbook(target, {
        "constant_memory": True, "tmpdir": str(tmpdir),
        # Belt and braces: every cell is written with an explicit type anyway.
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })
    try:
        formats = {"header": book.add_format({"bold": True, "bottom": 1}),
                   "bad": book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})}
        taken: set[str] = set()
        _rules_sheet(book, source, formats, _sheet_name("Findings by rule", taken))
        _children_sheet(book, source, formats, _sheet_name("Findings by child", taken))
        for table in _flagged_tables(source):
            _table_sheet(book, source, formats, table, _sheet_name(table.name, taken))
        _other_sheet(book, source, formats, _sheet_name("Other findings", taken))
        _returns_sheet(book, source, formats, _sheet_name("Returns", taken))
    finally:
        book.close()


def _lead(source: FindingSource) -> list[str]:
    """A first "Return" column, when the workbook holds several returns."""
    return ["Return"] if source.several() else []


def _rules_sheet(book: Any, source: FindingSource, formats: dict, name: str) -> None:
    sheet = _Sheet(book, name, [*_lead(source), "Rule", "Severity", "Message", "Count"],
                   formats, [*([14] if source.several() else []), 8, 9, 90, 8])
    for g in _refusal_groups(source.refusals):
        sheet.write([*(["(input refused)"] if source.several() else []),
                     g.rule, g.severity, g.message, g.count])
    for ret in source.returns:
        for g in summary(source, ret):
            sheet.write([*([_label(ret)] if source.several() else []),
                         g.rule, g.severity, g.message, g.count])
    sheet.close()


def _children_sheet(book: Any, source: FindingSource, formats: dict, name: str) -> None:
    sheet = _Sheet(book, name, [*_lead(source), "Child", "Errors", "Warnings", "Rules"],
                   formats, [*([14] if source.several() else []), 14, 8, 9, 60])
    labels = {r.return_id: _label(r) for r in source.returns}
    order = " ".join(f"WHEN {int(r.return_id)} THEN {i}" for i, r in enumerate(source.returns))
    if source.returns:
        for rid, child, errors, warnings, rules in _stream(source.con, f"""
                SELECT return_id, child, count(*) FILTER (WHERE severity = 'error'),
                       count(*) FILTER (WHERE severity = 'warning'),
                       list(DISTINCT coalesce(rule, ''))
                FROM ({source.findings_sql}) WHERE child IS NOT NULL GROUP BY return_id, child
                ORDER BY CASE return_id {order} END, child"""):
            codes = _sorted_codes({r for r in rules if r})
            if "" in rules:
                codes.append("no rule code")
            sheet.write([*([labels[rid]] if source.several() else []), child, errors,
                         warnings, ", ".join(codes)])
    sheet.close()


def _flagged_tables(source: FindingSource) -> list[schema.Table]:
    """The tables with a finding on one of their rows, in the contract's order."""
    if not source.returns:
        return []
    names = {n for (n,) in source.con.execute(
        f"SELECT DISTINCT table_name FROM ({source.findings_sql}) "
        "WHERE table_name IS NOT NULL AND row_number IS NOT NULL").fetchall()}
    return [t for t in schema.TABLES.values() if t.name in names]


def _table_sheet(book: Any, source: FindingSource, formats: dict, table: schema.Table,
                 name: str) -> None:
    """Every flagged row of ``table`` with all its cells as received, the bad ones marked.

    A row of last year's return a rule flagged is shown as well, from last year's rows
    ("previous" under In return).
    """
    fixed = [*_lead(source), "In return", "File", "Row", "Child", "Rules", "Problems"]
    sheet = _Sheet(book, name, [*fixed, *table.columns], formats,
                   [*([14] if source.several() else []), 10, 24, 6, 12, 12, 60,
                    *(max(len(c) + 2, 10) for c in table.columns)])
    labels = {r.return_id: _label(r) for r in source.returns}
    for (rid, in_return, file, row), findings in groupby(
            _flagged_rows(source, table), key=lambda f: f[:4]):
        first = next(findings)
        child, values = first[4], first[8:]
        rules: set[str] = set()
        problems: list[str] = []
        bad: set[str] = set()
        for f in chain([first], findings):
            rule, column, message = f[5:8]
            child = child or f[4]
            rules |= {rule} if rule else set()
            bad |= {c.strip().upper() for c in column.split(",")} if column else set()
            problems.append((f"{column}: " if column else "") + message
                            + (f" [rule {rule}]" if rule else ""))
        lead = [labels[rid]] if source.several() else []
        sheet.write([*lead, in_return, file, row, child, ", ".join(_sorted_codes(rules)),
                     "; ".join(problems), *values],
                    [False] * len(fixed) + [c in bad for c in table.columns])
    sheet.close()


def _flagged_rows(source: FindingSource, table: schema.Table) -> Iterator[tuple]:
    """Each finding on a row of ``table`` with the row's cells as received, in sheet order,
    one row's findings together: the writer groups them a row at a time, so DuckDB never
    builds a list per row (that took 220 MB for 100,000 rows) and Python holds one row."""
    order = " ".join(f"WHEN {int(r.return_id)} THEN {i}" for i, r in enumerate(source.returns))
    rows = source.rows_table.format(name=table.sql_name)
    cols = ", ".join(f'r."{c.lower()}"' for c in table.columns)
    return _stream(source.con, f"""
        WITH f AS (SELECT * FROM ({source.findings_sql}) WHERE table_name = ?
                   AND row_number IS NOT NULL),
        previous AS ({source.previous_sql})
        SELECT f.return_id, f.in_return, f.file, f.row_number, f.child, f.rule,
               f.column_name, f.message, {cols}
        FROM f
        LEFT JOIN previous p ON f.in_return = 'previous' AND p.return_id = f.return_id
                            AND p.table_name = ?
        LEFT JOIN {rows} r
               ON r.{source.key_column} = CASE WHEN f.in_return = 'previous'
                                               THEN p.previous_id ELSE f.return_id END
              AND r.row_number = f.row_number
        ORDER BY CASE f.return_id {order} END, f.in_return, f.file, f.row_number,
                 f.column_name NULLS FIRST, f.rule NULLS FIRST, f.message""",
        [table.name, table.name])


def _other_sheet(book: Any, source: FindingSource, formats: dict, name: str) -> None:
    """Findings about no row of a table (a file that could not be read, a return as a
    whole), and the refusals of an unusable input."""
    sheet = _Sheet(book, name, [*_lead(source), "Severity", "Rule", "File", "Row", "Column",
                                "Child", "Message"], formats,
                   [*([14] if source.several() else []), 9, 8, 30, 6, 12, 12, 90])
    for f in source.refusals:
        sheet.write([*(["(input refused)"] if source.several() else []), f.severity, f.rule,
                     f.file, f.row, f.column, f.child, f.message])
    labels = {r.return_id: _label(r) for r in source.returns}
    order = " ".join(f"WHEN {int(r.return_id)} THEN {i}" for i, r in enumerate(source.returns))
    known = ", ".join(f"'{t.name}'" for t in schema.TABLES.values())
    if source.returns:
        for rid, *values in _stream(source.con, f"""
                SELECT return_id, severity, rule, file, row_number, column_name, child, message
                FROM ({source.findings_sql})
                WHERE row_number IS NULL OR table_name IS NULL OR table_name NOT IN ({known})
                ORDER BY CASE return_id {order} END, file, row_number NULLS FIRST,
                         column_name NULLS FIRST, message"""):
            sheet.write([*([labels[rid]] if source.several() else []), *values])
    sheet.close()


def _returns_sheet(book: Any, source: FindingSource, formats: dict, name: str) -> None:
    sheet = _Sheet(book, name, ["Return", "Council", "Year", "Reference date", "Year from",
                                "Compared with", "Errors", "Warnings", "Rules run",
                                "Rules not run"], formats,
                   [30, 8, 8, 14, 20, 30, 8, 9, 10, 12])
    totals = _totals(source)
    for ret in source.returns:
        cmp = ret.compared_with
        errors, warnings, _ = totals.get(ret.return_id, (0, 0, 0))
        sheet.write([ret.name, ret.la_code, ret.year_label, ret.reference_date.isoformat(),
                     short_year_from(ret.year_from),
                     (f"{cmp.reference_date.isoformat()} ({cmp.source})" if cmp else
                      _not_compared_why(ret.collection_year) if ret.kind == "ssda903" else ""),
                     errors, warnings, len(rules_run(ret)), len(rules_not_run(ret))])
    sheet.close()

