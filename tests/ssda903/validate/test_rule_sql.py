"""Every rule keeps to one return at a time and reads nothing but the runner's tables."""

from __future__ import annotations

import re

import duckdb
import pytest

from carepanel.ssda903.validate import implemented, rule_sql
from carepanel.ssda903.validate.runner import _statements, _typed, _typed_tables

TABLES = set(_typed_tables())


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def functions(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The functions DuckDB has, and the macros of shared.sql."""
    return {str(name).lower() for (name,) in con.execute(
        "SELECT DISTINCT function_name FROM duckdb_functions()").fetchall()} | {"birthday"}


def problems(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    tree = rule_sql.parse(con, sql)
    found = rule_sql.unsafe(tree, TABLES, functions(con))
    return found or rule_sql.strays(tree)


def test_every_rule_keeps_to_its_return(con: duckdb.DuckDBPyConnection) -> None:
    """All the returns of a run are in the same tables: a rule returns return_id first,
    and joins, windows, groups and subqueries go by it (several years of one council
    share children)."""
    wrong = {code: problems(con, rule.sql) for code, rule in implemented().items()}
    assert {code: found for code, found in wrong.items() if found} == {}


def test_the_tables_rules_read_keep_to_their_return(con: duckdb.DuckDBPyConnection) -> None:
    """The typed tables' windows (each child's episodes in order) and the shared views
    are per return too."""
    statements = [_typed(s, "") for s in _statements("tables.sql")] + list(
        _statements("shared.sql"))
    queries = [re.sub(r"^CREATE TABLE \w+ AS\s+", "", s) for s in statements
               if s.startswith("CREATE TABLE")]
    assert len(queries) >= 18
    for query in queries:
        tree = rule_sql.parse(con, query)
        assert rule_sql.strays(tree, return_id_first=False) == [], query[:60]


def test_the_shared_views_can_be_built_side_by_side(con: duckdb.DuckDBPyConnection) -> None:
    """The runner builds shared.sql's tables at the same time: none reads another."""
    shared = {m.group(1): s for s in _statements("shared.sql")
              if (m := re.match(r"CREATE TABLE (\w+) AS\s+", s))}
    for name, statement in shared.items():
        tree = rule_sql.parse(con, re.sub(r"^CREATE TABLE \w+ AS\s+", "", statement))
        assert rule_sql.tables_read(tree) & set(shared) == set(), name


@pytest.mark.parametrize(("sql", "problem"), [
    ("SELECT return_id, 'Header', 1, 'X', child FROM read_csv('/etc/passwd')",
     "calls the table function read_csv"),
    ("SELECT return_id, 'Header', 1, 'X', content FROM read_text('/etc/passwd')",
     "calls the table function read_text"),
    ("SELECT return_id, 'Header', 1, 'X', child FROM header "
     "WHERE child IN (SELECT file FROM glob('*'))", "calls the table function glob"),
    ("SELECT return_id, 'Header', 1, 'X', name FROM run_returns",
     "reads run_returns, which is not one of the runner's tables"),
    ("SELECT return_id, 'Header', 1, 'X', child FROM warehouse.main.header",
     "names a table by schema or database (warehouse.main.header)"),
    ("SELECT return_id, 'Header', 1, 'X', child FROM some_dataframe",
     "reads some_dataframe, which is not one of the runner's tables"),
    ("ATTACH 'other.duckdb'", "not one SELECT"),
    ("SELECT 1; SELECT 2", "more than one statement"),
    ("SELECT return_id, 'Header', 1, 'X', h3_latlng_to_cell(51.5, 0.1, 9) FROM header",
     "calls h3_latlng_to_cell(), which DuckDB does not have loaded"),
])
def test_a_rule_that_could_read_anything_else_is_refused(
        con: duckdb.DuckDBPyConnection, sql: str, problem: str) -> None:
    found = rule_sql.unsafe(rule_sql.parse(con, sql), TABLES, functions(con))
    assert found and found[0].startswith(problem)


@pytest.mark.parametrize(("sql", "problem"), [
    ("SELECT 'Header', row_number, 'X', child FROM header",
     "the first column returned is not return_id"),
    ("SELECT e.return_id, 'Episodes', e.row_number, 'X', e.child FROM episodes AS e "
     "JOIN header AS h ON h.child = e.child", "a join not on return_id: h.child, e.child"),
    ("SELECT e.return_id, 'Episodes', e.row_number, 'X', e.child FROM episodes AS e "
     "CROSS JOIN collection AS c WHERE e.decom > c.year_end", "a join without a condition"),
    ("SELECT e.return_id, 'Episodes', e.row_number, 'X', e.child FROM episodes AS e "
     "JOIN header AS h USING (child)", "a join USING (child) without return_id"),
    ("SELECT return_id, 'Episodes', row_number, 'X', child FROM episodes "
     "WHERE child NOT IN (SELECT child FROM header)", "an IN subquery not matched"),
    ("SELECT return_id, 'Episodes', row_number, 'X', child FROM episodes "
     "WHERE (return_id, child) IN (SELECT child, return_id FROM header)",
     "an IN subquery not matched"),
    ("SELECT e.return_id, 'Episodes', e.row_number, 'X', e.child FROM episodes AS e "
     "WHERE NOT EXISTS (SELECT 1 FROM header AS h WHERE h.child = e.child)",
     "a correlated subquery not matched on return_id"),
    ("SELECT return_id, 'Episodes', row_number, 'X', child FROM "
     "(SELECT *, lag(dec) OVER (PARTITION BY child ORDER BY decom) AS p FROM episodes)",
     "a window lag() not partitioned by return_id"),
    ("SELECT return_id, 'OC2', row_number, 'X', child FROM oc2 WHERE (return_id, child) IN "
     "(SELECT return_id, child FROM oc2 GROUP BY child HAVING count(*) > 1)",
     "a GROUP BY without return_id"),
])
def test_a_rule_that_mixes_returns_is_named(con: duckdb.DuckDBPyConnection, sql: str,
                                            problem: str) -> None:
    found = rule_sql.strays(rule_sql.parse(con, sql))
    assert found and found[0].startswith(problem), found


def test_a_reference_table_is_joined_without_return_id(con: duckdb.DuckDBPyConnection) -> None:
    """Postcodes and councils belong to no return: joining one cannot mix returns. Any
    other table still needs return_id."""
    ok = ("SELECT e.return_id FROM episodes AS e "
          "JOIN ref_council AS k ON k.la_code = e.place")
    assert rule_sql.strays(rule_sql.parse(con, ok)) == []
    sub = ("SELECT return_id FROM prev_perm "
           "WHERE la_perm NOT IN (SELECT la_code FROM ref_council)")
    assert rule_sql.strays(rule_sql.parse(con, sub)) == []
    wrong = "SELECT e.return_id FROM episodes AS e JOIN header AS h ON h.child = e.child"
    assert rule_sql.strays(rule_sql.parse(con, wrong)) != []
