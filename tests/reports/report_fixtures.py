"""What the report tests share: a tiny hand-built history, a synthetic council, and papers.

The hand-built history is the five children of tests/five_children.py (council 883,
returns for the years to 31 March 2024 and 2025).

Looked after at each quarter end (children; in foster care U1-U6):
  31/03/2024: A, B = 2 (foster A, B = 2 of 2, 100%)
  30/06/2024: A, B, C = 3 (foster 3 of 3)      30/09/2024: A, B, C = 3 (foster 3 of 3)
  31/12/2024: A, B, C = 3 (foster A, B = 2 of 3, C is in K2)
  31/03/2025: A, B, C, E = 4 (foster A, B = 2 of 4 = 50%; K2: C, E = 2)
Started in the year to 31/03/2025 (RNE S): C and E = 2, both N1 (abuse or neglect);
in the year to 31/03/2024: B = 1 (D started before the year). Left care in the year to
31/03/2024: D = 1; in the year to 31/03/2025: none (C's moves are X1 changes).

The scorecard configuration rates foster care (3.1) against a target of 75% with 5 points'
tolerance: 50% is Red. Every count here is 1 to 5, so a public paper shows ``c``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import tempfile
from pathlib import Path

from carepanel.reports import scorecard as paper
from carepanel.reports.commentary import parse as parse_commentary
from carepanel.reports.model import Report
from carepanel.scorecard.config import parse as parse_config
from carepanel.scorecard.manual import ManualValues, parse_csv
from carepanel.warehouse import Warehouse

from five_children import two_year_history

PERIOD_END = dt.date(2025, 3, 31)

CONFIG = """\
title: Test Scorecard
pledges:
  - id: 1
    title: Being a good corporate parent
  - id: 3
    title: Permanence, stability and safety
measures:
  - number: "1.1"
    title: Children looked after at the end of the period
    indicator: cla_at_end
    pledge: 1
    owner: Head of Service, Children in Care
  - number: "3.1"
    title: Children looked after in foster care
    indicator: placement_foster_pct
    pledge: 3
    target: 75
    rag: {tolerance: 5, tolerance_type: points}
    owner: Head of Fostering
  - number: "3.13"
    title: Foster households recruited
    source: manual
    unit: count
    polarity: high
    pledge: 3
    target: 20
    rag: {tolerance: 20, tolerance_type: percent}
"""

# 17 households recruited in the year to 31/03/2025 (Amber: within 20% of 20), 12 the year
# before.
MANUAL_CSV = """\
measure,period_end,value,numerator,denominator,note,source
3.13,2025-03-31,17,,,,Fostering tracker
3.13,2024-03-31,12,,,,Fostering tracker
"""


# Commentary a careless (or hostile) hand could write: a formula, markup and a script.
HOSTILE_COMMENTARY = """\
period_end: 2025-03-31
commentary:
  "3.1":
    text: "=HYPERLINK(\\"http://evil.example\\",\\"click\\") <script>alert('x')</script> \\
      <b>bold</b>"
    author: "@SUM(1+1)"
    date: 2025-04-10
"""
HOSTILE_TEXT = ("=HYPERLINK(\"http://evil.example\",\"click\") <script>alert('x')</script> "
                "<b>bold</b>")


def small_history(folder: Path) -> Path:
    """The history in the module docstring, loaded into a new warehouse."""
    return two_year_history(folder)


def config():
    return parse_config(CONFIG, "scorecard.yaml")


def manual() -> ManualValues:
    return parse_csv(MANUAL_CSV, "values.csv", config())


def scorecard_paper(warehouse: Path, *, public: bool = False, commentary: str | None = None
                    ) -> Report:
    """The scorecard paper for the small history (one council)."""
    notes = parse_commentary(commentary) if commentary is not None else None
    options = paper.PaperOptions(public=public, commentary=notes,
                                 meeting_date=dt.date(2025, 5, 20))
    with Warehouse.open(warehouse, read_only=True) as wh:
        return paper.build_papers(wh.con, config(), PERIOD_END, options,
                                  manual=manual())[0]


# ---------------------------------------------------------------------------------------
# A synthetic council, built once per test session (the generator is seeded)


@functools.cache
def synthetic() -> tuple[Path, Path]:
    """(returns folder, warehouse) for a synthetic council 883: 150 children, 3 years."""
    from carepanel.ssda903 import intake
    from carepanel.ssda903.synth import generate

    root = Path(tempfile.mkdtemp(prefix="carepanel-reports-"))
    generate(root / "returns", children=150, years=3, seed=11, la_code="883")
    path = root / "warehouse.duckdb"
    intake.load(intake.Request([root / "returns"]), path)
    return root / "returns", path


def child_identifiers(returns: Path) -> set[str]:
    """Every CHILD (and UPN) in the synthetic returns: none may appear in any report."""
    found: set[str] = set()
    for path in returns.rglob("*.csv"):
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for column in ("CHILD", "UPN"):
                    if row.get(column):
                        found.add(row[column])
    return found


@functools.cache
def synthetic_papers(public: bool) -> tuple[Report, Report]:
    """The scorecard paper and annual report for the synthetic council."""
    from carepanel.reports import annual
    from carepanel.reports.strategy import load as load_strategy
    from carepanel.scorecard.config import load as load_default

    _, warehouse = synthetic()
    cfg = load_default(None)
    options = paper.PaperOptions(public=public)
    examples = Path(paper.__file__).parent / "examples"
    with Warehouse.open(warehouse, read_only=True) as wh:
        card = paper.build_papers(wh.con, cfg, PERIOD_END, options)[0]
        data = annual.gather(wh.con, cfg, 2025, "883")
    return card, annual.build_report(data, options, load_strategy(examples / "strategy.yaml"))
