"""What a rule's SQL may do, read from DuckDB's own parse tree of it.

Rules run in the run's staging database, on the connection that will later attach the
warehouse, so DuckDB's file access cannot be switched off while they run (it is a setting
of the whole database, and once off it cannot be switched back on). Two checks take its
place, both on the tree ``json_serialize_sql`` gives, never on the text:

- ``unsafe``: a rule is one SELECT that reads only the runner's typed tables (and its own
  CTEs), unqualified by schema or database, calls no table function and no function
  DuckDB does not already have. So no rule can read a file (``read_csv``, ``read_text``,
  ``glob``), reach the warehouse or the staging tables behind the runner's back, pick up a
  Python variable by a name DuckDB does not know, or make DuckDB fetch an extension from
  the internet for a function it lacks. The runner refuses to run a rule that fails it.
- ``strays``: a rule keeps to one return at a time: it returns ``return_id`` first, and
  every join, window, grouping, ``IN`` and correlated subquery goes by ``return_id``.
  A rule that forgot would mix children of different returns (several years of one
  council share children). The tests hold every rule to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import duckdb

Node = dict[str, Any]
# Reference tables (carepanel.reference) hold no return's rows, only facts about postcodes,
# councils and Ofsted's registered providers: a join to one cannot mix two returns, so it
# need not be on return_id.
REFERENCE_TABLES = frozenset({"ref_postcode", "ref_council", "ref_provider"})


def parse(con: duckdb.DuckDBPyConnection, sql: str) -> Node:
    """DuckDB's parse tree of ``sql`` (statements, or the parser's error)."""
    row = con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()
    assert row is not None
    return json.loads(row[0])


def unsafe(tree: Node, tables: set[str], functions: set[str] | None = None) -> list[str]:
    """Why the SQL is not a rule the runner may run; empty when it is. ``functions``: the
    functions DuckDB has loaded (all of them when not given)."""
    if tree.get("error"):
        return [f"not one SELECT: {tree.get('error_message', '')}"]
    if len(tree["statements"]) != 1:
        return ["more than one statement"]
    known = tables | set(_cte_names(tree))
    out = []
    for node in _nodes(tree):
        kind = node.get("type")
        if kind == "TABLE_FUNCTION":
            out.append(f"calls the table function {_function_name(node)}")
        elif kind == "BASE_TABLE":
            name = node["table_name"]
            if node.get("schema_name") or node.get("catalog_name"):
                out.append(f"names a table by schema or database ({'.'.join(_path(node))})")
            elif name.lower() not in known:
                out.append(f"reads {name}, which is not one of the runner's tables")
        elif functions is not None and node.get("class") in ("FUNCTION", "WINDOW"):
            name = str(node.get("function_name", "")).lower()
            if name not in functions:
                out.append(f"calls {name}(), which DuckDB does not have loaded")
    return out


def strays(tree: Node, *, return_id_first: bool = True) -> list[str]:
    """Where the SQL lets one return's rows meet another's; empty when it never does.

    ``return_id_first``: the query must also return ``return_id`` as its first column
    (a rule must; a typed table that takes ``e.*`` need not).
    """
    out = []
    node = tree["statements"][0]["node"]
    for branch in _branches(node) if return_id_first else ():
        first = branch["select_list"][0] if branch.get("select_list") else None
        if first is None or _column(first) != "return_id":
            out.append("the first column returned is not return_id")
    for node in _nodes(tree):
        out.extend(_stray(node))
    return out


def tables_read(tree: Node) -> set[str]:
    """The names of the tables (and CTEs) the SQL reads."""
    return {str(n["table_name"]).lower() for n in _nodes(tree) if n.get("type") == "BASE_TABLE"}


def _stray(node: Node) -> list[str]:
    kind, cls = node.get("type"), node.get("class")
    if kind == "JOIN" and _joins_reference(node):
        return []
    if kind == "JOIN":
        using = [str(c).lower() for c in node.get("using_columns") or []]
        if using:
            return [] if "return_id" in using else [f"a join USING ({', '.join(using)})"
                                                    " without return_id"]
        if node.get("condition") is None:
            return ["a join without a condition (join collection and tables on return_id)"]
        if not _matches_return_id(node["condition"]):
            return [f"a join not on return_id: {_text(node['condition'])}"]
    elif cls == "WINDOW":
        if not any(_column(p) == "return_id" for p in node.get("partitions") or []):
            return [f"a window {node.get('function_name')}() not partitioned by return_id"]
    elif kind == "SELECT_NODE" and node.get("group_expressions"):
        if not any(_column(g) == "return_id" for g in node["group_expressions"]):
            return ["a GROUP BY without return_id"]
    elif cls == "SUBQUERY" and _reads_only_reference(node["subquery"]):
        return []
    elif cls == "SUBQUERY":
        sub = node["subquery"]["node"]
        if node.get("subquery_type") == "ANY":
            if not _in_on_return_id(node["child"], sub):
                return [f"an IN subquery not matched on return_id: {_text(node['child'])} IN"]
        elif not any(_matches_return_id(b.get("where_clause")) for b in _branches(sub)):
            return ["a correlated subquery not matched on return_id"]
    return []


def _joins_reference(join: Node) -> bool:
    """Whether one side of ``join`` is a reference table itself (not a subquery of one)."""
    return any(side.get("type") == "BASE_TABLE"
               and str(side.get("table_name", "")).lower() in REFERENCE_TABLES
               for side in (join.get("left") or {}, join.get("right") or {}))


def _reads_only_reference(subquery: Node) -> bool:
    """Whether a subquery reads reference tables and nothing else."""
    read = tables_read(subquery)
    return bool(read) and read <= REFERENCE_TABLES


def _in_on_return_id(left: Node, sub: Node) -> bool:
    """Whether ``(.., return_id, ..) IN (SELECT .., return_id, ..)`` pairs the two return_ids."""
    members = _members(left)
    if "return_id" not in members:
        return False
    at = members.index("return_id")
    return all(len(b.get("select_list") or []) > at
               and _column(b["select_list"][at]) == "return_id" for b in _branches(sub))


def _members(expr: Node) -> list[str | None]:
    """The column names of a row ``(a, b)``, or of a single expression."""
    if expr.get("class") == "FUNCTION" and expr.get("function_name") == "row":
        return [_column(arg.get("expression", arg)) for arg in expr.get("arguments") or []]
    return [_column(expr)]


def _matches_return_id(expr: Node | None) -> bool:
    """Whether ``expr`` requires two return_id columns to be equal (as a conjunct)."""
    if not expr:
        return False
    if expr.get("class") == "CONJUNCTION" and expr.get("type") == "CONJUNCTION_AND":
        return any(_matches_return_id(c) for c in expr["children"])
    if expr.get("type") in ("COMPARE_EQUAL", "COMPARE_NOT_DISTINCT_FROM"):
        return _column(expr["left"]) == "return_id" and _column(expr["right"]) == "return_id"
    return False


def _branches(node: Node) -> Iterator[Node]:
    """The SELECTs a query node is made of (both sides of a UNION ALL)."""
    if node.get("type") == "SET_OPERATION_NODE":
        for side in node.get("children") or [node.get("left"), node.get("right")]:
            if side:
                yield from _branches(side)
    elif node.get("type") == "SELECT_NODE":
        yield node


def _column(expr: Node) -> str | None:
    if expr.get("class") == "COLUMN_REF":
        return str(expr["column_names"][-1]).lower()
    return None


def _nodes(value: Any) -> Iterator[Node]:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _nodes(v)
    elif isinstance(value, list):
        for v in value:
            yield from _nodes(v)


def _cte_names(tree: Node) -> Iterator[str]:
    for node in _nodes(tree):
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict):
            for entry in cte_map.get("map") or []:
                yield str(entry["key"]).lower()


def _path(node: Node) -> list[str]:
    return [p for p in (node.get("catalog_name"), node.get("schema_name"),
                        node.get("table_name")) if p]


def _function_name(node: Node) -> str:
    function = node.get("function") or {}
    return str(function.get("function_name") or "?")


def _text(expr: Node) -> str:
    """A short description of an expression for a message: its column names."""
    names = [".".join(n["column_names"]) for n in _nodes(expr) if n.get("class") == "COLUMN_REF"]
    return ", ".join(names) or "(no columns)"
