"""A council's scorecard paper figures as JSON, read back exactly.

The web app never opens the warehouse in a request, yet its scorecard paper must say
exactly what ``carepanel report scorecard`` says. So its worker saves, with each scorecard
snapshot, everything ``reports.scorecard.paper`` reads: the scorecard, each measure's trend
and the cohort profile (aggregates only: no child's row is in any of them). Its scorecard
and measure pages read the same objects (``ScorecardSnapshot.figures()``), the trends with
the last three 31 Marches added (``gather(trend_years=...)``), which the paper does not
chart. pydantic turns these dataclasses into JSON and back, field by field, so a field
added to any of them later travels with the rest instead of being dropped by a
hand-written copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import TypeAdapter

from carepanel.reports.cohort_profile import CohortProfile
from carepanel.scorecard.build import PeriodValue, Scorecard

Trend = dict[dt.date, PeriodValue]


@dataclass
class PaperFigures:
    """One council's paper for one period, before it is written in words."""

    card: Scorecard
    trends: dict[str, Trend]  # by measure number
    profile: CohortProfile | None = None

    def paper_trends(self) -> dict[tuple[str, str], Trend]:
        """The trends keyed as ``reports.scorecard.paper`` reads them."""
        return {(self.card.la_code, number): t for number, t in self.trends.items()}


_ADAPTER: TypeAdapter[PaperFigures] = TypeAdapter(PaperFigures)


def by_council(cards: list[Scorecard], trends: dict[tuple[str, str], Trend],
               profiles: dict[str, CohortProfile]) -> dict[str, PaperFigures]:
    """What ``reports.scorecard.gather`` returns, one ``PaperFigures`` per council."""
    return {c.la_code: PaperFigures(
        c, {number: t for (la, number), t in trends.items() if la == c.la_code},
        profiles.get(c.la_code)) for c in cards}


def to_json(figures: PaperFigures) -> str:
    """JSON text to store. Text, not a JSON object: PostgreSQL's jsonb keeps an object's
    keys in an order of its own, and the order of a breakdown's rows (ages youngest
    first) is part of the paper."""
    return _ADAPTER.dump_json(figures).decode("utf-8")


def from_json(text: str) -> PaperFigures:
    """The figures ``to_json`` stored."""
    return _ADAPTER.validate_json(text)
