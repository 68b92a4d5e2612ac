"""The scorecard tests' configuration and benchmarks, on the five children of
tests/five_children.py (council 883, returns for the years to 31 March 2024 and 2025).

Year to 31/03/2025: looked after at the end A, B, C, E = 4; in foster care A, B = 2 of 4
  (50%); with the council's own foster carers A = 1 of 4 (25%); placements with a day in
  the year: A 1, B 1 (the U6 from 01/12/2023), C 3, E 1, so 3+ = C = 1 of 4 (25%).
Year to 31/12/2024 (previous quarter): at the end A, B, C = 3 (E not yet); foster 2 of 3
  (66.67%); own foster 1 of 3; B's U4 placement ended 01/12/2023, before the period, so
  3+ = C = 1 of 3 (33.33%).
Year to 31/03/2024 (last year): at the end A, B = 2 (D left 01/02/2024); foster 2 of 2
  (100%); own foster A = 1 of 2 (50%); B had K2, U4, U6 = 3 placements in the year, A 1,
  so 3+ = 1 of 2 (50%).
"""

from __future__ import annotations

from pathlib import Path

from carepanel.warehouse import Warehouse

from five_children import add_errors, returns_2025, two_year_history

__all__ = ["CONFIG", "MANUAL_CSV", "add_benchmarks", "add_errors", "returns_2025",
           "two_year_history", "write"]

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
  - number: "3.1"
    title: Children looked after in foster care
    indicator: placement_foster_pct
    pledge: 3
    target: 75
    rag: {tolerance: 5, tolerance_type: points}
  - number: "3.2"
    title: Children looked after with the council's own foster carers
    indicator: placement_foster_own_pct
    pledge: 3
    target: 20
  - number: "3.5"
    title: Children with three or more placements
    indicator: placements_3plus_pct
    pledge: 3
    target: 24
    rag: {tolerance: 5, tolerance_type: points}
  - number: "3.13"
    title: Foster households recruited
    source: manual
    unit: count
    polarity: high
    pledge: 3
    target: 20
    rag: {tolerance: 20, tolerance_type: percent}
"""

# 17 recruited in the year to 31/03/2025, 12 the year before; none given for 31/12/2024.
MANUAL_CSV = """\
measure,period_end,value,numerator,denominator,note,source
3.13,2025-03-31,17,,,,Fostering tracker
3.13,31/03/2024,12,,,,Fostering tracker
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def add_benchmarks(path: Path) -> None:
    """Published figures for foster care (placement_foster_pct), as the DfE tables give them.

    883 is in the East Midlands (E12000004) with neighbours 884, 885 and 886 (ranks 1-3).
    2025: England 68, East Midlands 70, 883 itself 52; neighbours 40, 60 and 886
    suppressed (symbol c), so the median is of 40 and 60 = 50 over 2 neighbours.
    2024: England 71 (an earlier year, which must not be used for 2025).
    3+ placements are published only for 2024 (England 10): a 2025 scorecard falls back to it.
    """
    with Warehouse.open(path) as wh:
        wh.con.execute("""
            CREATE TABLE IF NOT EXISTS benchmark_values (
                indicator_id VARCHAR, year INTEGER, level VARCHAR, area_code VARCHAR,
                area_name VARCHAR, value DOUBLE, symbol VARCHAR, numerator DOUBLE,
                denominator DOUBLE, source VARCHAR);
            CREATE TABLE IF NOT EXISTS la_geography (la_code VARCHAR, la_name VARCHAR,
                new_la_code VARCHAR, region_code VARCHAR, region_name VARCHAR);
            CREATE TABLE IF NOT EXISTS statistical_neighbours (la_code VARCHAR, model VARCHAR,
                rank INTEGER, neighbour_code VARCHAR, closeness VARCHAR);
        """)
        rows = [
            ("placement_foster_pct", 2025, "england", "E92000001", "England", 68.0, None),
            ("placement_foster_pct", 2025, "region", "E12000004", "East Midlands", 70.0, None),
            ("placement_foster_pct", 2025, "la", "883", "Testshire", 52.0, None),
            ("placement_foster_pct", 2025, "la", "884", "Near One", 40.0, None),
            ("placement_foster_pct", 2025, "la", "885", "Near Two", 60.0, None),
            ("placement_foster_pct", 2025, "la", "886", "Near Three", None, "c"),
            ("placement_foster_pct", 2024, "england", "E92000001", "England", 71.0, None),
            ("placements_3plus_pct", 2024, "england", "E92000001", "England", 10.0, None),
        ]
        wh.con.executemany(
            "INSERT INTO benchmark_values (indicator_id, year, level, area_code, area_name, "
            "value, symbol, source) VALUES (?, ?, ?, ?, ?, ?, ?, 'test')", rows)
        wh.con.executemany("INSERT INTO la_geography VALUES (?, ?, ?, ?, ?)", [
            (code, name, None, "E12000004", "East Midlands")
            for code, name in (("883", "Testshire"), ("884", "Near One"), ("885", "Near Two"),
                               ("886", "Near Three"))])
        wh.con.executemany("INSERT INTO statistical_neighbours VALUES (?, '2025', ?, ?, NULL)",
                           [("883", 1, "884"), ("883", 2, "885"), ("883", 3, "886")])
