"""A paper's figures saved as JSON come back exactly, so the web app's paper (made from
them) says what the paper made from the warehouse says."""

from __future__ import annotations

import datetime as dt
import json

from carepanel.indicators.engine import compute
from carepanel.reports import paper_figures
from carepanel.reports import scorecard as paper
from carepanel.reports.render import render
from carepanel.scorecard.build import STATUSES
from carepanel.warehouse import Warehouse

from report_fixtures import config, manual, synthetic

PERIOD_END = dt.date(2025, 3, 31)


def test_saved_figures_come_back_field_for_field_and_make_the_same_paper() -> None:
    _, warehouse = synthetic()
    with Warehouse.open(warehouse, read_only=True) as wh:
        cards, trends, profiles = paper.gather(wh.con, config(), PERIOD_END, manual=manual())
    [figures] = paper_figures.by_council(cards, trends, profiles).values()
    # Through real JSON text, as the web database stores it.
    back = paper_figures.from_json(json.loads(json.dumps(paper_figures.to_json(figures))))
    assert back == figures
    # Every trend point is a figure with its status, as the pages read it.
    assert {v.status for t in back.trends.values() for v in t.values()} <= set(STATUSES)
    options = paper.PaperOptions(council_name="Northshire County Council")
    direct = paper.paper(cards[0], trends, options, profiles[cards[0].la_code])
    again = paper.paper(back.card, back.paper_trends(), options, back.profile)
    assert render(again, "html") == render(direct, "html")


def test_the_web_pages_year_ends_come_from_the_same_builder_and_leave_the_paper_unchanged(
        ) -> None:
    """The measure page charts the last three 31 Marches beside the quarters: the same
    trend builder computes them (``trend_years``), each the figure the engine gives for
    that year, and the paper, which charts quarters only, is the same with them."""
    _, warehouse = synthetic()
    with Warehouse.open(warehouse, read_only=True) as wh:
        cards, trends, profiles = paper.gather(wh.con, config(), PERIOD_END, manual=manual())
        _, with_years, _ = paper.gather(wh.con, config(), PERIOD_END, manual=manual(),
                                        trend_years=3)
        ends = [dt.date(2023, 3, 31), dt.date(2024, 3, 31), PERIOD_END]
        expected = {end: compute(wh.con, end, ids=["cla_at_end"])[0].value for end in ends}
    looked_after = with_years[("883", "1.1")]
    assert {end: looked_after[end].value for end in ends} == expected
    assert dt.date(2023, 3, 31) not in trends[("883", "1.1")]  # not among the 5 quarters
    options = paper.PaperOptions(council_name="Northshire County Council")
    profile = profiles[cards[0].la_code]
    assert render(paper.paper(cards[0], with_years, options, profile), "html") == render(
        paper.paper(cards[0], trends, options, profile), "html")
