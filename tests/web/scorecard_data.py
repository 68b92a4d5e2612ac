"""Scorecard snapshots for the web tests, made with carepanel's own scorecard code.

``card`` assembles a scorecard exactly as ``carepanel.scorecard.build`` does (the default
configuration's measures, ``rating.rate``, ``direction_of_travel``) but from figures a test
chooses, so the page tests need no warehouse and every expected rating can be worked out by
hand from the configuration's target and tolerance. ``snapshot`` saves it as the worker
does (``PaperFigures``), its trends the figures the card holds at the trend's dates
(``reports.scorecard.held_points``: the worker computes the others from the warehouse).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from carepanel.cohorts import period_start
from carepanel.indicators.data_quality import MeasureDataQuality, PeriodDataQuality
from carepanel.indicators.engine import value_of
from carepanel.reports.paper_figures import PaperFigures
from carepanel.reports.scorecard import (
    TREND_QUARTERS,
    TREND_YEARS,
    held_points,
    trend_periods,
    year_ends,
)
from carepanel.scorecard.build import (
    MeasureResult,
    PeriodValue,
    PledgeResult,
    Scorecard,
    months_back,
)
from carepanel.scorecard.config import load as load_config
from carepanel.scorecard.rating import direction_of_travel, rate
from carepanel.ssda903 import schema
from carepanel.web.scorecard_pages.models import ScorecardSnapshot

Q1 = dt.date(2025, 6, 30)
# (numerator, denominator) for percentages, rates and means; (count, None) for counts.
Figures = dict[str, tuple[float | int | None, float | int | None]]


def _value(unit: str, figures: tuple[Any, Any] | None, end: dt.date) -> PeriodValue:
    if figures is None:
        return PeriodValue(end, note="not in this test")
    n, d = figures
    value, note = value_of(unit, n, d)
    return PeriodValue(end, value, n, d, note)


def card(period_end: dt.date, figures: Figures, *, last_year: Figures | None = None,
         la_code: str = "883", quality: dict[str, tuple[int, int]] | None = None,
         errors: tuple[int, int, int] = (0, 0, 0)) -> Scorecard:
    """A scorecard with these figures for the period and,
    optionally, for the same period a year before. ``quality`` gives a measure's (children,
    children with data errors); ``errors`` the (errors, rows, children) of the period's
    returns."""
    config = load_config(None)
    quarter, year = months_back(period_end, 3), months_back(period_end, 12)
    pledges = []
    for pledge in config.pledges:
        results = []
        for m in config.pledge_measures(pledge.id):
            now = _value(m.unit, figures.get(m.number), period_end)
            before = _value(m.unit, (last_year or {}).get(m.number), year)
            rating = rate(now.value, m.target, m.polarity, m.rag)
            dq = (quality or {}).get(m.number)
            results.append(MeasureResult(m, now, _value(m.unit, None, quarter), before, rating,
                                         direction_of_travel(now.value, before.value,
                                                             m.polarity),
                                         data_quality=MeasureDataQuality(*dq) if dq else None))
        pledges.append(PledgeResult(pledge, results))
    return Scorecard(config.title, la_code, None, period_start(period_end), period_end,
                     quarter, year, schema.year_of(period_end), pledges,
                     data_quality=PeriodDataQuality(*errors))


def snapshot(period_end: dt.date, figures: Figures, **kwargs: Any) -> ScorecardSnapshot:
    """Save the card as the worker would, with its trend series."""
    made = card(period_end, figures, **kwargs)
    dates = [*trend_periods(period_end, TREND_QUARTERS), *year_ends(period_end, TREND_YEARS)]
    trends = {r.measure.number: held_points(r, dates) for r in made.measures}
    data = ScorecardSnapshot.stored(PaperFigures(made, trends))
    snap, _ = ScorecardSnapshot.objects.update_or_create(
        la_code=made.la_code, period_end=period_end,
        defaults={"computed_at": timezone.now(), "data": data})
    snap.refresh_from_db()
    return snap


# A quarter with three Red measures, one of them (1.6) about so few children that members
# must not see its figure or its rating:
#   1.6 social workers 3+: 4 of 20 = 20.0%, target 10 (lower is better), tolerance 3 points:
#       10 points worse > 3 -> Red; numerator 4 is 1..5 -> suppressed for members.
#   2.5 care leavers NEET: 30 of 60 = 50.0%, target 38 (lower), tolerance 5: 12 worse -> Red.
#   3.5 three or more placements: 28 of 200 = 14.0%, target 10 (lower), tolerance 1: 4
#       worse -> Red.
#   3.6 long-term stability: 150 of 200 = 75.0%, target 70 (higher): on target -> Green.
#   1.4 UASC looked after: 3 children (a count of 1..5: suppressed for members; context).
#   1.1 children looked after: 412 (context, not rated).
QUARTER_FIGURES: Figures = {
    "1.1": (412, None), "1.4": (3, None), "1.6": (4, 20), "2.5": (30, 60),
    "3.5": (28, 200), "3.6": (150, 200),
}
RED_MEASURES = ["1.6", "2.5", "3.5"]
