"""The councils' DfE codes and ONS codes (``councils.csv``).

The SSDA903 return names a council by the DfE's three-digit code (883); the postcode
directory names the council a postcode is in by its ONS code (E06000034). ``councils.csv``
pairs them: every council in the DfE's published local-authority tables (Children looked
after in England, 2012 to 2025; Open Government Licence v3.0), with its latest ONS code,
name, and the latest year a DfE table names it. Councils that have since been merged are
kept: a return may name one as where an earlier permanence order was made (rule 633).
"""

from __future__ import annotations

import csv
from importlib import resources

import duckdb

# Codes the DfE accepts for a council outside England (rule 633's list): Wales, Scotland,
# Northern Ireland, and outside the UK.
OUTSIDE_ENGLAND = ("WAL", "SCO", "NIR", "NUK")


def stage(con: duckdb.DuckDBPyConnection, *, temp: bool = False) -> None:
    """``ref_council(la_code, ons_code, name, last_year)``: every council, in ``con``."""
    text = (resources.files(__package__) / "councils.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))[1:]
    con.execute(
        f"CREATE OR REPLACE {'TEMP ' if temp else ''}TABLE ref_council AS "
        "SELECT unnest(?::VARCHAR[]) AS la_code, "
        "unnest(?::VARCHAR[]) AS ons_code, unnest(?::VARCHAR[]) AS name, "
        "unnest(?::INTEGER[]) AS last_year",
        [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
         [int(r[3]) for r in rows]])
