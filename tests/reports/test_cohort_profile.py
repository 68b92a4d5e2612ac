"""Who the council looks after: the cohort profile every quarterly paper carries, on the
synthetic council (150 children, three years; report_fixtures.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from carepanel.indicators.engine import compute
from carepanel.reports import cohort_profile
from carepanel.reports.model import Group, Table
from carepanel.warehouse import Warehouse

from report_fixtures import PERIOD_END, synthetic, synthetic_papers


def profile_and_figures() -> tuple[cohort_profile.CohortProfile, dict]:
    _, warehouse = synthetic()
    with Warehouse.open(warehouse, read_only=True) as wh:
        profile = cohort_profile.gather(wh.con, PERIOD_END, ["883"])["883"]
        year = {r.id: r for r in compute(wh.con, PERIOD_END, la_codes=["883"],
                                         ids=["cla_at_end", "uasc_at_end"])}
        quarters = {end: compute(wh.con, end, start, la_codes=["883"],
                                 ids=[cohort_profile.IHA])[0]
                    for start, end, _, _ in profile.iha}
    return profile, {"year": year, "quarters": quarters}


def test_every_breakdown_counts_each_child_looked_after_once() -> None:
    profile, figures = profile_and_figures()
    assert profile.looked_after == figures["year"]["cla_at_end"].value > 0
    assert profile.uasc == figures["year"]["uasc_at_end"].value
    for counts in (profile.ages, profile.sex, profile.ethnicity, profile.legal,
                   profile.placements, profile.time_in_care):
        assert sum(counts.values()) == profile.looked_after, counts


def test_distance_comes_from_the_two_placement_distance_measures() -> None:
    """The profile's distance rows are the scorecard's measures (3.7, 3.16), counts and all,
    and agree with the table of where children are placed that comes with them."""
    profile, _ = profile_and_figures()
    _, warehouse = synthetic()
    with Warehouse.open(warehouse, read_only=True) as wh:
        measures = {r.id: r for r in compute(wh.con, PERIOD_END, la_codes=["883"],
                                             ids=list(cohort_profile.DISTANCE_IDS))}
    assert profile.distance == [
        (cohort_profile.DISTANCE_WORDS[i], measures[i].numerator, measures[i].denominator)
        for i in cohort_profile.DISTANCE_IDS]
    grid = profile.where
    assert sum(map(sum, grid)) == profile.looked_after
    over_20 = sum(grid[3]) + sum(grid[4])  # 20 to 50 miles, over 50 miles
    assert over_20 == measures["placed_over_20_miles_pct"].numerator > 0
    assert sum(row[1] for row in grid) == measures["placed_outside_la_pct"].numerator > 0


def test_distance_not_yet_available_says_why() -> None:
    """Without located postcodes (an older warehouse, or no distance measure defined) the
    rows are there, saying they are not yet available and why."""
    profile, _ = profile_and_figures()
    profile.distance, profile.distance_note = [], "the placement postcodes are not located"
    section = cohort_profile.section(profile, False, "Testshire")
    distance = next(t for b in section.blocks if isinstance(b, Group) for t in b.tables
                    if t.caption.startswith("Distance"))
    assert [row[1].text for row in distance.rows] == ["Not yet available"] * 2
    notes = [b.text for b in section.blocks if hasattr(b, "text")]
    assert "Not yet available: the placement postcodes are not located." in notes


def test_initial_health_assessments_by_quarter_as_the_indicator_counts_them() -> None:
    """Durham's table: the last four quarters, each the indicator for that quarter."""
    profile, figures = profile_and_figures()
    ends = [end for _, end, _, _ in profile.iha]
    assert ends == [dt.date(2024, 6, 30), dt.date(2024, 9, 30), dt.date(2024, 12, 31),
                    dt.date(2025, 3, 31)]
    for _, end, on_time, started in profile.iha:
        r = figures["quarters"][end]
        assert (on_time, started) == (r.numerator, r.denominator)


def test_the_public_profile_hides_every_small_count() -> None:
    profile, _ = profile_and_figures()
    section = cohort_profile.section(profile, True, "Testshire")
    tables = [t for b in section.blocks if isinstance(b, Group) for t in b.tables]
    tables += [b for b in section.blocks if isinstance(b, Table)]
    for t in tables:
        for row in t.rows:
            for cell in row[1:]:
                if cell.numeric and cell.raw is not None and cell.fmt == "#,##0":
                    assert not 1 <= cell.raw <= 5, (t.caption, row[0].text, cell.text)


SSDA903_CODES = re.compile(r"\b(RNE|REC|LS|DECOM|DEC|ACTIV|ACCOM|IN_TOUCH|REVIEW_CODE|"
                           r"HOME_POST|PL_POST|PN\d|[UKPRTAEHJCVLZ]\d{1,2}[A-Z]?)\b")


def test_definitions_in_the_paper_are_in_plain_english() -> None:
    """A councillor reads "Of the children looked after on the last day of the period, the
    share living with foster carers", not "PLACE U1-U6" or "RNE S"."""
    paper = synthetic_papers(True)[0]
    definitions = next(t for t in paper.tables() if t.caption == "Measure definitions")
    for row in definitions.rows:
        number, _, definition, _, _ = (c.text for c in row)
        assert definition and not SSDA903_CODES.search(definition), (number, definition)


def test_a_profile_read_back_from_the_results_store_is_the_one_the_views_give(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper written again after the cycle reads the profile's counts from the results
    store (indicators/results.py) without making the cohort views; what it prints is
    exactly what the views give."""
    _, warehouse = synthetic()
    monkeypatch.setenv("CAREPANEL_RESULTS_STORE", "0")
    with Warehouse.open(warehouse, read_only=True) as wh:
        made = cohort_profile.gather(wh.con, PERIOD_END, ["883"])["883"]
    monkeypatch.setenv("CAREPANEL_RESULTS_STORE", "1")
    with Warehouse.open(warehouse, read_only=True) as wh:
        cohort_profile.gather(wh.con, PERIOD_END, ["883"])  # kept in the store, if not yet
    with Warehouse.open(warehouse, read_only=True) as wh:
        again = cohort_profile.gather(wh.con, PERIOD_END, ["883"])["883"]
        views = {t for (t,) in wh.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()}
    assert views == set()  # read back: no cohort table was made
    assert again == made
    assert again.where == made.where and sum(map(sum, made.where or [])) > 0
