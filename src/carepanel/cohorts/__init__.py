"""Cohorts: the SQL views every indicator is built on (periods of care, placements, ...).

The views are plain SQL files in ``cohorts/sql``, created in file-name order as temporary
views on a warehouse connection, so that a council analyst can read exactly how a child
comes to be in a cohort. They read the canonical history and one small table, ``period``,
which says for each council which 12 months are being measured.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

import duckdb

from carepanel.cohorts import calendar


def period_start(period_end: dt.date) -> dt.date:
    """The first day of the 12 months ending on ``period_end``."""
    try:
        start = period_end.replace(year=period_end.year - 1)
    except ValueError:  # 29 February: a year earlier is 28 February
        start = period_end.replace(year=period_end.year - 1, day=28)
    return start + dt.timedelta(days=1)


_VIEW = re.compile(r"CREATE\s+OR\s+REPLACE\s+TEMP(?:ORARY)?\s+VIEW", re.IGNORECASE)


def sql_files() -> list[tuple[str, str]]:
    folder = resources.files(__package__) / "sql"
    return sorted((f.name, f.read_text(encoding="utf-8")) for f in folder.iterdir()
                  if f.name.endswith(".sql"))


def register(con: duckdb.DuckDBPyConnection, period_end: dt.date,
             la_codes: list[str]) -> None:
    """Set the period for every council and (re)create the cohort views."""
    con.execute("CREATE OR REPLACE TEMP TABLE period (la_code VARCHAR, period_start DATE, "
                "period_end DATE)")
    start = period_start(period_end)
    con.executemany("INSERT INTO period VALUES (?, ?, ?)",
                    [[la, start, period_end] for la in la_codes])
    calendar.register(con, dt.date(1990, 1, 1), period_end + dt.timedelta(days=400))
    for _, text in sql_files():
        con.execute(materialised(text))


def materialised(text: str) -> str:
    """The cohort files as temporary tables rather than views.

    The files are written as views because that is how an analyst reads them; computed once
    per period as tables, the fifty indicators that read them do not each work the whole
    chain out again (about eight times faster for a national set of councils).
    """
    return _VIEW.sub("CREATE OR REPLACE TEMP TABLE", text)
