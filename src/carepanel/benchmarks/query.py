"""What the scorecard asks of the benchmarks: England, the region and the neighbours.

For one council, indicator and year: the DfE's published figure for England, for the
council's region, for the council itself, and for each of its 10 statistical neighbours,
with the median of those neighbours whose figure is published (the DfE benchmarks a council
against that median). When the year asked for is not published yet (the DfE publishes each
November), the latest earlier published year is used and named.
"""

from __future__ import annotations

import statistics

import duckdb

from carepanel import database
from carepanel.benchmarks.load import ENGLAND, mapping

DEFAULT_MODEL = "2025"


def geography(con: duckdb.DuckDBPyConnection, la_code: str) -> dict | None:
    """A council's name, ONS code and region as the DfE's latest loaded table gives them.

    London boroughs are in Inner London (E13000001) or Outer London (E13000002), as the DfE
    publishes them.
    """
    if not database.table_exists(con, "la_geography"):
        return None
    row = con.execute("SELECT la_code, la_name, new_la_code, region_code, region_name "
                      "FROM la_geography WHERE la_code = ?", [la_code]).fetchone()
    if row is None:
        return None
    return dict(zip(("la_code", "la_name", "new_la_code", "region_code", "region_name"), row,
                    strict=True))


def published_year(con: duckdb.DuckDBPyConnection, indicator_id: str, year: int
                   ) -> int | None:
    """The latest year at or before ``year`` for which the indicator is published."""
    if not database.table_exists(con, "benchmark_values"):
        return None
    return database.value(con, "SELECT max(year) FROM benchmark_values "
                                "WHERE indicator_id = ? AND year <= ?", [indicator_id, year])


def available_indicators(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Indicator ids with published figures, in the mapping's order."""
    if not database.table_exists(con, "benchmark_values"):
        return []
    have = {r[0] for r in con.execute(
        "SELECT DISTINCT indicator_id FROM benchmark_values").fetchall()}
    ordered = [i for i in mapping().indicator_ids() if i in have]
    return ordered + sorted(have - set(ordered))


def benchmarks_for(con: duckdb.DuckDBPyConnection, la_code: str, indicator_id: str,
                   year: int, *, model: str = DEFAULT_MODEL) -> dict | None:
    """Published comparators for one council, indicator and year (to 31 March).

    Returns None when the indicator is not published at or before ``year``. Otherwise a dict:
    ``year`` (the published year used), ``requested_year``, ``england``, ``region``,
    ``region_code``, ``region_name``, ``la`` (the council's own published figure),
    ``neighbours_median`` (median of the neighbours' figures that are published: a
    suppressed or 'k' figure is left out, not taken as 0), ``neighbours_mean`` (their
    average, which councils quote as "the statistical neighbour average"),
    ``neighbours_counted``, ``neighbours`` (rank order: la_code, la_name, rank, closeness,
    value, symbol) and ``symbols`` (the DfE symbol shown instead of the ``la``, ``england``
    and ``region`` figures, None where there is a figure).
    """
    return Comparators(con, [indicator_id], year, model=model).get(la_code, indicator_id)


class Comparators:
    """Every published comparator a scorecard needs, read in a few queries and answered
    from memory: a national run asks for 153 councils x 30 indicators, which one query
    per answer made take half a minute."""

    def __init__(self, con: duckdb.DuckDBPyConnection, indicator_ids: list[str], year: int,
                 *, model: str = DEFAULT_MODEL) -> None:
        self.year, self.model = year, model
        self.used: dict[str, int] = {}
        self.values: dict[tuple[str, str, str], tuple[float | None, str | None,
                                                      str | None]] = {}
        self.geo: dict[str, dict] = {}
        self.neighbours: dict[str, list[tuple[int, str, str | None]]] = {}
        if not database.table_exists(con, "benchmark_values") or not indicator_ids:
            return
        for ind, used in con.execute(
                "SELECT indicator_id, max(year) FROM benchmark_values WHERE year <= ? "
                "AND indicator_id IN (SELECT unnest(?)) GROUP BY 1",
                [year, indicator_ids]).fetchall():
            self.used[ind] = used
        for ind, level, code, value, symbol, name in con.execute(
                "SELECT b.indicator_id, b.level, b.area_code, b.value, b.symbol, b.area_name "
                "FROM benchmark_values AS b JOIN (SELECT unnest(?) AS i, unnest(?) AS y) "
                "AS u ON u.i = b.indicator_id AND u.y = b.year",
                [list(self.used), list(self.used.values())]).fetchall():
            self.values[(ind, level, code)] = (value, symbol, name)
        if database.table_exists(con, "la_geography"):
            for row in con.execute("SELECT la_code, la_name, new_la_code, region_code, "
                                   "region_name FROM la_geography").fetchall():
                self.geo[row[0]] = dict(zip(("la_code", "la_name", "new_la_code",
                                             "region_code", "region_name"), row, strict=True))
        if database.table_exists(con, "statistical_neighbours"):
            for la, rank, code, closeness in con.execute(
                    "SELECT la_code, rank, neighbour_code, closeness FROM "
                    "statistical_neighbours WHERE model = ? ORDER BY la_code, rank",
                    [model]).fetchall():
                self.neighbours.setdefault(la, []).append((rank, code, closeness))

    def get(self, la_code: str, indicator_id: str) -> dict | None:
        """What ``benchmarks_for`` returns, for one council and indicator."""
        used = self.used.get(indicator_id)
        if used is None:
            return None

        def value(level: str, code: str | None) -> tuple | None:
            return self.values.get((indicator_id, level, code)) if code else None

        geo = self.geo.get(la_code, {})
        england = value("england", ENGLAND) or next(
            (v for (i, level, _), v in self.values.items()
             if i == indicator_id and level == "england"), None)
        region_code = geo.get("region_code")
        region = value("region", region_code)
        own = value("la", la_code)
        neighbours = []
        for rank, code, closeness in self.neighbours.get(la_code, []):
            v, symbol, area_name = value("la", code) or (None, None, None)
            name = self.geo.get(code, {}).get("la_name") or area_name
            neighbours.append({"la_code": code, "la_name": name, "rank": rank,
                               "closeness": closeness, "value": v, "symbol": symbol})
        published = [n["value"] for n in neighbours if n["value"] is not None]
        return {
            "indicator_id": indicator_id,
            "year": used,
            "requested_year": self.year,
            "la_code": la_code,
            "la_name": geo.get("la_name") or (own[2] if own else None),
            "la": own[0] if own else None,
            "england": england[0] if england else None,
            "region": region[0] if region else None,
            "region_code": region_code,
            "region_name": geo.get("region_name"),
            "neighbours_median": statistics.median(published) if published else None,
            "neighbours_mean": statistics.fmean(published) if published else None,
            "neighbours_counted": len(published),
            "model": self.model,
            "neighbours": neighbours,
            "symbols": {"la": own[1] if own else None,
                        "england": england[1] if england else None,
                        "region": region[1] if region else None},
        }
