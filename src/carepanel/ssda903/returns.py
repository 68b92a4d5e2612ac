"""What a run knows about each return it read: the plain data every command reports from.

A return's rows live in the run's staging database (``staging``), never in Python; these
classes carry only what a user is told about it: which council and collection year, why
that year, how many errors it holds, and which return it was compared with. The intake
fills them, the CLI, the web worker and the warehouse read them, and none of those import
each other for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from carepanel.ssda903 import schema
from carepanel.ssda903.collection_year import CollectionYear


@dataclass(frozen=True)
class Comparison:
    """Last year's return a return was compared with, for the DfE's ``*_last`` rules."""

    reference_date: dt.date
    source: str  # the files given with --previous, a return of the same run, or "warehouse"
    origin: str  # "files", "run" or "warehouse"

    def describe(self, la_code: str) -> str:
        where = {"warehouse": "from the warehouse", "run": "from the same run"}.get(
            self.origin, f"from {self.source}")
        return (f"Compared with last year's return for {la_code} "
                f"({self.reference_date:%-d %B %Y}) {where}")


@dataclass
class Return:
    """One return of a run (a statutory return, or a set of local files)."""

    return_id: int
    name: str  # the folder or workbook, printable
    la_code: str
    collection_year: int
    reference_date: dt.date
    year_from: str  # why this year: "from the folder name ssda903_2025", "from --year"
    kind: str = "ssda903"
    sha256: str = ""
    errors: int = 0
    error_rows: int = 0
    warnings: int = 0
    compared_with: Comparison | None = None
    # Why the rules comparing with last year did not run, when they did not.
    not_compared: str = ""
    tables: list[str] = field(default_factory=list)
    # Whether Ofsted's provider lists were given, so the rules checking URNs ran.
    provider_lists: bool = False
    # Whether the council's earlier returns were read from a warehouse (rules 1001, 1002).
    earlier_returns: bool = False

    @property
    def year_label(self) -> str:
        return schema.collection_year_label(self.collection_year)

    @property
    def in_year(self) -> bool:
        """An in-year extract (a June extract for Quarter 1), not the year's return."""
        return self.reference_date != schema.year_end(self.collection_year)

    def describe_year(self) -> str:
        """"883 2024/25, from the folder name ssda903_2025": which year, and why."""
        cy = CollectionYear(self.collection_year, self.reference_date, self.year_from)
        return f"{self.la_code} {cy.describe()}"
