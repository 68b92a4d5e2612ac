"""A paper's figures saved as JSON come back exactly, so the web app's paper (made from
them) says what the paper made from the warehouse says."""

from __future__ import annotations

import datetime as dt
import json

from carepanel.reports import paper_figures
from carepanel.reports import scorecard as paper
from carepanel.reports.render import render
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
    # Trend points keep their kind (a computed Result or a scorecard PeriodValue).
    kinds = {type(v).__name__ for t in figures.trends.values() for v in t.values()}
    assert kinds == {type(v).__name__ for t in back.trends.values() for v in t.values()}
    options = paper.PaperOptions(council_name="Northshire County Council")
    direct = paper.paper(cards[0], trends, options, profiles[cards[0].la_code])
    again = paper.paper(back.card, back.paper_trends(), options, back.profile)
    assert render(again, "html") == render(direct, "html")
