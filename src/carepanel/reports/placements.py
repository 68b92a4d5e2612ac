"""Where the children looked after are placed: how far from home, inside or outside the council.

Panels ask, in every strategy we read, how many children are placed out of area or far
from home. The scorecard gives the two shares (measures 3.7 and 3.16); this table gives
the whole picture behind them for the children looked after at the period end: each
child's placement by distance from home (bands of miles, in a straight line between
HOME_POST and PL_POST) and by whether it is inside the council's area, as the DfE derives
both from the postcodes (cohort ``cla_at_end_location``). In a public paper the counts go
through disclosure control like every other figure (``disclosure.suppress_table``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import duckdb

from carepanel import cohorts
from carepanel.reports.disclosure import Cell, suppress_table
from carepanel.reports.model import Paragraph, Section, Table, figure, text

BANDS = ("Under 5 miles", "5 to 10 miles", "10 to 20 miles", "20 to 50 miles",
         "Over 50 miles", "Distance not known")
COLUMNS = ("Inside the council", "Outside the council", "Location not known")
Grid = list[list[int]]

COUNTS = """
SELECT la_code,
       CASE WHEN pl_distance IS NULL THEN 5 WHEN pl_distance < 5 THEN 0
            WHEN pl_distance < 10 THEN 1 WHEN pl_distance <= 20 THEN 2
            WHEN pl_distance <= 50 THEN 3 ELSE 4 END AS band,
       CASE pl_location WHEN 'IN' THEN 0 WHEN 'OUT' THEN 1 ELSE 2 END AS location,
       count(*) AS children
FROM cla_at_end_location
GROUP BY ALL
"""


def counts(con: duckdb.DuckDBPyConnection, la_codes: list[str], period_end: dt.date
           ) -> dict[str, Grid]:
    """For each council, children looked after at ``period_end`` by band (rows, as
    ``BANDS``) and location (columns, as ``COLUMNS``)."""
    cohorts.register(con, period_end, la_codes, queries=[COUNTS])
    return grids(con.execute(COUNTS).fetchall(), la_codes)


def grids(rows: Sequence[Sequence[Any]], la_codes: list[str]) -> dict[str, Grid]:
    """As ``counts``, from the rows of ``COUNTS`` (the cohort profile runs it with its own
    queries, or reads its rows back from the results store)."""
    out = {la: [[0] * len(COLUMNS) for _ in BANDS] for la in la_codes}
    for la, band, location, n in rows:
        if la in out:
            out[la][band][location] = int(n)
    return out


def section(grid: Grid, public: bool, period_end: dt.date, *, level: int = 1) -> Section:
    """The paper's section "Where children are placed" for one council."""
    total = sum(map(sum, grid))
    when = f"{period_end.day} {period_end:%B %Y}"
    if total == 0:
        return Section("Where children are placed", [Paragraph(
            f"No child was looked after on {when}.")], level=level)
    columns = [*COLUMNS, "Total"]
    if public:
        published = suppress_table(list(zip(BANDS, grid, strict=True)), COLUMNS)
        cells = [list(row) for row in published.cells]
    else:
        cells = [[Cell(n) for n in (*row, sum(row))] for row in grid]
        cells.append([Cell(sum(col)) for col in zip(*[[c.value for c in r] for r in cells],
                                                     strict=True)])
    rows = [[text(label), *(figure(c, "count") for c in row)]
            for label, row in zip([*BANDS, "Total"], cells, strict=True)]
    return Section("Where children are placed", [
        Paragraph(f"The children looked after on {when}, by how far their placement is from "
                  "home (in a straight line between the home and placement postcodes) and "
                  "whether it is inside the council's area, as the DfE works both out from "
                  "the postcodes in the return. A postcode that is blank or not a postcode "
                  "gives no distance or location."),
        Table(f"Children looked after on {when} by distance from home and location",
              ["Distance from home", *columns], rows, sheet="Where children are placed",
              total_row=True),
    ], level=level)
