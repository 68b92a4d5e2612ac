"""How far a figure rests on rows with data errors.

A council's return is loaded even when some of its values are bad: each bad value is null
in the history and a finding of severity ``error`` in the warehouse. The Panel still gets
its figures, so it must also hear how much to trust them: "3 of 403 children in this
measure have data errors".

Both halves are SQL an analyst can read:

* which children are *in a measure*: the indicator's ``children`` query (its header), or
  every child of its cohort;
* which children *have a data error*: ``child_with_data_errors`` in
  ``cohorts/sql/30_data_errors.sql``: a finding of severity ``error`` on any of the child's
  rows, in the return's own rows (not last year's rows a rule compared it with), in an
  active table (not one a corrected return replaced) of a return or local file that covers
  the period (its collection year, from 1 April to its reference date, overlaps the period).

Only counts leave this module, never a child.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb

from carepanel import cohorts
from carepanel.indicators.catalogue import Indicator


@dataclass(frozen=True)
class MeasureDataQuality:
    """The children behind one figure, and how many of them have at least one data error."""

    children: int
    children_with_errors: int

    def as_dict(self) -> dict[str, int]:
        return {"children": self.children, "children_with_errors": self.children_with_errors}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> MeasureDataQuality | None:
        if not d:
            return None
        return cls(int(d["children"]), int(d["children_with_errors"]))

    @property
    def share(self) -> float | None:
        """The percentage of the measure's children with data errors (None for nobody)."""
        return 100 * self.children_with_errors / self.children if self.children else None

    def sentence(self) -> str | None:
        """"3 of 403 children in this measure have data errors", or None when none has."""
        if not self.children_with_errors:
            return None
        verb = "has" if self.children_with_errors == 1 else "have"
        return (f"{self.children_with_errors:,} of {self.children:,} children in this "
                f"measure {verb} data errors")


def measure_children(con: duckdb.DuckDBPyConnection, ind: Indicator
                     ) -> dict[str, MeasureDataQuality]:
    """Per council, the children in the measure and those of them with data errors, for
    the period whose cohort views are registered on ``con`` (``engine.compute`` does it)."""
    rows = con.execute(f"""
        SELECT m.la_code, count(*), count(e.child)
        FROM (SELECT DISTINCT la_code, child FROM ({ind.children_sql}) AS named) AS m
        LEFT JOIN child_with_data_errors AS e ON e.la_code = m.la_code AND e.child = m.child
        GROUP BY m.la_code""").fetchall()
    return {la: MeasureDataQuality(int(n), int(bad)) for la, n, bad in rows}


@dataclass(frozen=True)
class ReturnErrors:
    """The data errors of one return (or set of local files) covering the period."""

    reference_date: dt.date
    kind: str  # "ssda903" (the return) or "local" (local files)
    errors: int = 0
    rows: int = 0
    children: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"reference_date": self.reference_date.isoformat(), "kind": self.kind,
                "errors": self.errors, "rows": self.rows, "children": self.children}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReturnErrors:
        return cls(dt.date.fromisoformat(d["reference_date"]), d["kind"], int(d["errors"]),
                   int(d["rows"]), int(d["children"]))


@dataclass(frozen=True)
class PeriodDataQuality:
    """The data errors in all the returns that cover a period, for one council: how many
    errors, in how many rows, for how many children (each counted once)."""

    errors: int = 0
    rows: int = 0
    children: int = 0
    returns: list[ReturnErrors] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"errors": self.errors, "rows": self.rows, "children": self.children,
                "returns": [r.as_dict() for r in self.returns]}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> PeriodDataQuality | None:
        if not d:
            return None
        return cls(int(d["errors"]), int(d["rows"]), int(d["children"]),
                   [ReturnErrors.from_dict(r) for r in d.get("returns", [])])


_PER_RETURN = """
SELECT r.la_code, r.reference_date, r.kind,
       count(e.submission_id) AS errors,
       count(DISTINCT CASE WHEN e.row_number IS NOT NULL
                           THEN (e.submission_id, e.table_name, e.row_number) END) AS rows,
       count(DISTINCT e.child) AS children
FROM (SELECT DISTINCT la_code, submission_id, table_name, reference_date, kind
      FROM period_return) AS r
LEFT JOIN data_error AS e
  ON e.submission_id = r.submission_id AND e.table_name = r.table_name
GROUP BY r.la_code, r.reference_date, r.kind
ORDER BY r.la_code, r.reference_date, r.kind DESC
"""

_PER_COUNCIL = """
SELECT la_code, count(*),
       count(DISTINCT CASE WHEN row_number IS NOT NULL
                           THEN (submission_id, table_name, row_number) END),
       count(DISTINCT child)
FROM data_error
GROUP BY la_code
"""


def period_errors(con: duckdb.DuckDBPyConnection, la_codes: list[str], start: dt.date,
                  end: dt.date) -> dict[str, PeriodDataQuality]:
    """For each council, the data errors in the returns that cover ``start`` to ``end``.

    Sets the period on ``con`` and creates only the data-error views: the indicator
    cohorts are left as they were.
    """
    cohorts.set_period(con, end, la_codes, start)
    text = dict(cohorts.sql_files())[cohorts.DATA_ERRORS]
    con.execute(cohorts.materialised(cohorts.readable(con, cohorts.DATA_ERRORS, text)))
    returns: dict[str, list[ReturnErrors]] = {}
    for la, ref, kind, errors, rows, children in con.execute(_PER_RETURN).fetchall():
        returns.setdefault(la, []).append(ReturnErrors(ref, kind, int(errors), int(rows),
                                                       int(children)))
    totals = {la: (int(e), int(r), int(c))
              for la, e, r, c in con.execute(_PER_COUNCIL).fetchall()}
    return {la: PeriodDataQuality(*totals.get(la, (0, 0, 0)), returns.get(la, []))
            for la in la_codes}
