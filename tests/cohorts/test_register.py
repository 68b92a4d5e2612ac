"""Making only the cohort views a computation needs, and never reading another period's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carepanel import cohorts
from carepanel.indicators.catalogue import catalogue
from carepanel.warehouse import Warehouse

from five_children import two_year_history


def made(con) -> set[str]:
    return {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() "
                                      "WHERE temporary").fetchall()}


def test_a_computation_gets_the_views_it_names_and_those_they_read() -> None:
    """Initial health assessments read started_in_period (22_local.sql), which reads
    period_of_care and the age_in_years macro of 20_adoption.sql: nothing about
    placements, OC2 or data errors."""
    files = [f.name for f in cohorts.files_for([catalogue()["iha_within_20wd_pct"].sql])]
    assert files == ["01_child.sql", "02_episode.sql", "03_period_of_care.sql",
                     "04_placement.sql", "20_adoption.sql", "22_local.sql"]
    assert "10_oc2.sql" in [f.name for f in cohorts.files_for(
        [catalogue()["health_assessment_pct"].sql])]


def test_views_of_an_earlier_period_are_dropped_not_left_to_be_read(tmp_path: Path) -> None:
    path = two_year_history(tmp_path)
    with Warehouse.open(path, read_only=True) as wh:
        con = wh.con
        cohorts.register(con, dt.date(2025, 3, 31), ["883"])  # every view
        assert {"cla_at_end", "oc2_cohort", "started_in_period", "calendar"} <= made(con)
        cohorts.register(con, dt.date(2024, 12, 31), ["883"],
                         queries=["SELECT la_code, count(*) FROM cla_at_end GROUP BY 1"])
        now = made(con)
        assert "cla_at_end" in now and "oc2_cohort" not in now
        assert "started_in_period" not in now
        # cla_at_end is the period's own: A, B and C on 31 December 2024 (five_children)
        assert con.execute("SELECT count(*) FROM cla_at_end").fetchone()[0] == 3
        with pytest.raises(Exception, match="oc2_cohort"):
            con.execute("SELECT * FROM oc2_cohort").fetchall()


def test_the_whole_history_views_are_made_once_and_again_when_the_data_changes(
        tmp_path: Path) -> None:
    """Children, episodes, periods of care and placements do not depend on the period: a
    paper's dozen periods make them once. A change to the data on the same connection
    makes them again, so a view made before it is never read after it."""
    assert cohorts.period_free_files() == {"01_child.sql", "02_episode.sql",
                                           "03_period_of_care.sql", "04_placement.sql"}
    path = two_year_history(tmp_path)
    with Warehouse.open(path) as wh:
        con = wh.con
        cohorts.register(con, dt.date(2025, 3, 31), ["883"])
        con.execute("INSERT INTO temp.period_of_care SELECT * FROM temp.period_of_care "
                    "LIMIT 1")  # a mark: were the tables made again?
        periods = con.execute("SELECT count(*) FROM period_of_care").fetchone()[0]
        cohorts.register(con, dt.date(2024, 12, 31), ["883"],
                         queries=["SELECT la_code, count(*) FROM cla_at_end GROUP BY 1"])
        assert con.execute("SELECT count(*) FROM period_of_care").fetchone()[0] == periods
        assert con.execute("SELECT count(*) FROM cla_at_end").fetchone()[0] == 3

        con.execute("DELETE FROM episodes WHERE child = 'E'")
        cohorts.register(con, dt.date(2025, 3, 31), ["883"])
        assert con.execute("SELECT count(*) FROM period_of_care WHERE child = 'E'"
                           ).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM period_of_care").fetchone()[0] < periods - 1


def test_whole_history_views_made_before_a_change_are_not_read_after_it(
        tmp_path: Path) -> None:
    """Placements made, then a change to the data and a computation that needs only the
    children: the placements made from the old data are gone, not left to be read."""
    path = two_year_history(tmp_path)
    with Warehouse.open(path) as wh:
        con = wh.con
        cohorts.register(con, dt.date(2025, 3, 31), ["883"])
        assert "placement" in made(con)
        con.execute("DELETE FROM episodes WHERE child = 'E'")
        cohorts.register(con, dt.date(2025, 3, 31), ["883"],
                         queries=["SELECT la_code, count(*) FROM child GROUP BY 1"])
        assert "placement" not in made(con)
        cohorts.register(con, dt.date(2025, 3, 31), ["883"])
        assert con.execute("SELECT count(*) FROM placement WHERE child = 'E'"
                           ).fetchone()[0] == 0
