"""The data contract's checks on single values, as SQL over the staged returns.

Every column of ``contract.yaml`` says what it must hold: a date in the form dd/mm/YYYY, a
whole number, a code from the list of the return's collection year, a value at all when it
is required, no date after the end of the collection year (where the column says so), and,
in the DfE's own tables, printable ASCII (a stray 0xFF byte once made a
new child "10793464ÿ"). Each bad value is a finding of severity ``error`` named by file,
spreadsheet row, column, child and the DfE rule for that column. A code written in lower
case ("s" for S) in the DfE's own tables is read in capitals, as the DfE's validator reads
it: a ``warning`` with no rule tells the council. A bad value never refuses
a return on its own: it is stored as received in the raw submission, and null in the
history (see ``warehouse``), so the Panel still gets its figures.

One query per table, over every checked return of the run at once: for each row, the list
of its problems (at most one per cell: a code list or a date says more than "a character
the return does not allow"), unnested into findings. ``field_checks_sql`` returns the
query, so a council analyst can read exactly how a value is judged.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from carepanel.dates import RETURN_FORMAT
from carepanel.ssda903 import schema
from carepanel.ssda903.schema import Field, Table
from carepanel.ssda903.staging import quoted, sql_name

# A whole number as the return writes one: ASCII digits and an optional minus, within the
# 32-bit range the warehouse stores (so "--5", "²", "٣" and 2147483648 are all errors).
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# No date a return holds is older than this (the oldest care leaver was born after it).
EARLIEST = dt.date(1900, 1, 1)
_YEAR_LABEL = "(v.year - 1)::VARCHAR || '/' || right(v.year::VARCHAR, 2)"


def _problem(table: Table, f: Field) -> str | None:
    """A CASE giving this cell's problem as a struct (column, rule, message, severity), or
    NULL."""
    t = f"v.{quoted(f.name)}"
    rule = f"'{f.rule}'" if f.rule else "NULL"
    cases: list[tuple[str, str, str]] = []  # condition, message, severity
    if f.required:
        cases.append((f"{t} IS NULL", "'a value is required here'", "error"))
    if f.type == "date":
        day = f"try_strptime({t}, '{RETURN_FORMAT}')::DATE"
        cases.append((f"NOT regexp_full_match({t}, '[0-9]{{2}}/[0-9]{{2}}/[0-9]{{4}}') "
                      f"OR {day} IS NULL",
                      f"shown({t}) || ' is not a date in the form dd/mm/YYYY'", "error"))
        cases.append((f"{day} < DATE '{EARLIEST}'",
                      f"shown({t}) || ' is before {EARLIEST:%Y}: not a date this return can "
                      f"hold'", "error"))
        if f.by_year_end and table.kind == "ssda903":
            cases.append((f"{day} > make_date(v.year, 3, 31)",
                          f"shown({t}) || ' is after the end of the ' || {_YEAR_LABEL} || "
                          f"' collection year (31/03/' || v.year || ')'", "error"))
    elif f.code_list is not None:
        alias = f"cl_{f.name.lower()}"
        listed = f"{alias}.codes IS NULL OR list_contains({alias}.codes, {t})"
        # The DfE's codes are in capitals; its validator reads "s" as S, and so do the rules
        # (validate/tables.sql) and the history: the council is told, but it is no error.
        if f.name in table.dfe_coded:
            cases.append((f"NOT ({listed}) AND list_contains({alias}.codes, upper({t}))",
                          f"shown({t}) || ' is read as ' || upper({t}) || ' (the DfE''s "
                          f"{f.name} codes are in capitals)'", "warning"))
        cases.append((f"NOT ({listed})",
                      f"shown({t}) || ' is not a valid {f.name} code for ' || {_YEAR_LABEL}"
                      f" || '; expected one of ' || {alias}.shown", "error"))
    if f.type == "integer" and f.code_list is None:
        cases.append((f"NOT regexp_full_match({t}, '-?[0-9]{{1,10}}') OR "
                      f"TRY_CAST({t} AS BIGINT) NOT BETWEEN {INT_MIN} AND {INT_MAX}",
                      f"shown({t}) || ' is not a whole number'", "error"))
    if f.type == "text" and f.code_list is None and table.kind == "ssda903":
        cases.append((f"NOT regexp_full_match({t}, '[ -~]*')",
                       f"shown({t}) || ' holds a character the return does not allow'", "error"))
    if not cases:
        return None
    whens = "\n".join(
        f"           WHEN {cond} THEN {{'column_name': '{f.name}', "
        f"'rule': {'NULL' if severity == 'warning' else rule}, 'message': {msg}, "
        f"'severity': '{severity}'}}" for cond, msg, severity in cases)
    return f"CASE WHEN {t} IS NULL AND NOT {str(f.required).lower()} THEN NULL\n{whens}\n" \
           "      END"


def field_checks_sql(table: Table) -> str | None:
    """The query that finds every bad value of ``table`` in the run's checked returns."""
    problems = [p for f in table.fields if (p := _problem(table, f)) is not None]
    if not problems:
        return None
    # Only ASCII spaces are trimmed: a no-break space or a tab is a character gone wrong.
    values = ", ".join(f"nullif(trim(s.{quoted(c)}, ' '), '') AS {quoted(c)}"
                       for c in table.columns)
    coded = [f for f in table.fields if f.code_list is not None and f.type != "date"]
    joins = "\n".join(
        f"LEFT JOIN code_lists cl_{f.name.lower()} ON cl_{f.name.lower()}.list_name = "
        f"'{f.code_list}' AND cl_{f.name.lower()}.collection_year = v.year" for f in coded)
    listed = ",\n      ".join(problems)
    return f"""
WITH v AS (
    SELECT s.return_id, s.row_number, r.collection_year AS year, f.source AS file, {values}
    FROM {sql_name(table)} s
    JOIN run_returns r ON r.return_id = s.return_id
    JOIN run_files f ON f.return_id = s.return_id AND f.table_name = '{table.name}'
    WHERE r.checked AND r.collection_year >= {table.from_year}
), problems AS (
    SELECT v.return_id, v.row_number, v.file, v."child" AS child, unnest([
      {listed}
    ]) AS p
    FROM v
    {joins}
)
SELECT return_id, p.rule, p.severity, '{table.name}', 'current', file, row_number,
       p.column_name, child, p.message
FROM problems WHERE p IS NOT NULL
"""


def check_fields(con: duckdb.DuckDBPyConnection) -> None:
    """Every bad value of every checked return of the run, into ``run_findings``."""
    for table in schema.TABLES.values():
        sql = field_checks_sql(table)
        if sql is not None:
            con.execute(f"INSERT INTO run_findings {sql}")


def rules_of_the_contract(year: int) -> list[str]:
    """The DfE rule codes the field checks stand for in ``year``: rules run, for reports."""
    return sorted({f.rule for t in schema.tables_for_year(year) for f in t.fields if f.rule})
