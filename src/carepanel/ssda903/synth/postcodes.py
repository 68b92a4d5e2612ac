"""Real postcodes for a synthetic council: homes in its area, placements near and far.

A synthetic council is placed on the map of a real council: its own DfE code's when that
is a real one (883 is Thurrock), else one of England's councils chosen by its code. Its
children's homes are postcodes of that council; placements are in the council, or outside
it within 20 miles of its centre, or 20 to 150 miles away, from the ONS postcode
directory (carepanel.reference.postcodes), so that the DfE's derived distance and
location, and the rules and figures that read them, work on synthetic returns as on real
ones. England's new placements (DfE, 2021 to 2025) are about 59% inside the council and
41% outside, and 24% more than 20 miles from home; ``OUTSIDE_FAR`` is the share of the
placements outside that are far.

Each pool is a fixed sample of the directory (every n-th postcode in postcode order), so
the same council gets the same postcodes every run: same seed, same bytes, for a given
version of the postcode package.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import duckdb

from carepanel.reference import postcodes

POOL = 300  # postcodes per pool
NEAR_MILES = 20
FAR_MILES = 150
OUTSIDE_FAR = 0.45  # of the placements outside the council, those over 20 miles away


@dataclass(frozen=True)
class Pools:
    """Postcodes (as written in a return: outward code, space, inward code) to draw from."""

    ons_code: str
    home: tuple[str, ...]
    near: tuple[str, ...]
    far: tuple[str, ...]


@cache
def council_pools(la_code: str) -> Pools:
    """The pools of the real council a synthetic council is drawn on: its own code's when
    that is a council of the directory, else one of England's chosen by the code."""
    councils = _councils()
    current = sorted(c for la, c in councils.items() if la in _current())
    number = int(la_code) if la_code.isdigit() else sum(map(ord, la_code))
    candidates = [councils[la_code]] if la_code in councils else []
    candidates += [current[(number + k) % len(current)] for k in range(len(current))]
    for ons_code in candidates:
        found = pools(ons_code)
        if found is not None:
            return found
    raise postcodes.PostcodesUnavailable("no council of the postcode directory to draw on")


@cache
def pools(ons_code: str) -> Pools | None:
    """The council's three pools, read once per process from the directory; None when the
    directory has no postcode in that council (one merged into others since)."""
    con = duckdb.connect()
    try:
        path = str(postcodes.lookup_file()).replace("'", "''")
        con.execute(f"CREATE TABLE pc AS SELECT * FROM read_parquet('{path}') "
                    "WHERE placement_la IS NOT NULL AND left(placement_la, 1) = 'E'")
        centre = con.execute("SELECT avg(easting), avg(northing) FROM pc "
                             "WHERE placement_la = ?", [ons_code]).fetchone()
        if centre is None or centre[0] is None:
            return None
        miles = "sqrt((easting - ?) ^ 2 + (northing - ?) ^ 2) / 1609.3"
        home = _sample(con, "placement_la = ?", [ons_code])
        near = _sample(con, f"placement_la <> ? AND {miles} <= {NEAR_MILES}",
                       [ons_code, *centre])
        far = _sample(con, f"{miles} > {NEAR_MILES} AND {miles} <= {FAR_MILES}",
                      [*centre, *centre])
    finally:
        con.close()
    return Pools(ons_code, home, near or home, far)


def _sample(con: duckdb.DuckDBPyConnection, where: str, params: list[object]
            ) -> tuple[str, ...]:
    """Every n-th postcode matching ``where``, in postcode order: ``POOL`` of them."""
    rows = con.execute(f"""
        SELECT postcode FROM (
            SELECT postcode, row_number() OVER (ORDER BY postcode) AS n,
                   count(*) OVER () AS total
            FROM pc WHERE {where}
        ) WHERE (n - 1) % greatest(total // {POOL}, 1) = 0
          AND n <= {POOL} * greatest(total // {POOL}, 1)
        ORDER BY postcode""", params).fetchall()
    return tuple(_written(p) for (p,) in rows)


def _written(key: str) -> str:
    """A postcode as people write it: the inward code (last three) after a space."""
    return f"{key[:-3]} {key[-3:]}"


@cache
def _councils() -> dict[str, str]:
    text = (resources.files("carepanel.reference") / "councils.csv").read_text(encoding="utf-8")
    return {row[0]: row[1] for row in list(csv.reader(text.splitlines()))[1:]}


@cache
def _current() -> frozenset[str]:
    text = (resources.files("carepanel.reference") / "councils.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))[1:]
    latest = max(int(r[3]) for r in rows)
    return frozenset(r[0] for r in rows if int(r[3]) == latest and r[1][:3] in ("E06", "E08",
                                                                                  "E09", "E10"))


def current_council_codes() -> tuple[str, ...]:
    """The DfE codes of England's councils now (the latest year of councils.csv), sorted:
    where a synthetic child's earlier permanence order was made (rule 633)."""
    return tuple(sorted(_current()))
