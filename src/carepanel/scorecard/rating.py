"""RAG ratings and direction of travel: the two judgements a Panel reads first.

The rule, for a measure with a target T and a tolerance band B (``rag.tolerance`` in the
measure's unit when ``tolerance_type: points``; ``T x tolerance / 100`` when
``tolerance_type: percent``):

* polarity ``high`` (more is better):
  Green when value >= T; Amber when T - B <= value < T; Red when value < T - B.
* polarity ``low`` (less is better):
  Green when value <= T; Amber when T < value <= T + B; Red when value > T + B.
* The boundaries belong to the better colour: exactly on target is Green, exactly at the
  edge of the tolerance is Amber. With tolerance 0 there is no Amber.
* No rating (shown as "No rating", grey) when the measure has no target, the value is
  missing (no data, or the indicator could not be computed: the note says why), the value
  is suppressed, or the polarity is ``context`` (counts such as children looked after are
  reported with benchmarks but not judged).

Values are rated unrounded (a percentage of 66.67% shown as 66.7% is rated as 66.666...);
comparisons allow 1e-9 so that floating-point noise never moves a value across a boundary.

Direction of travel compares the value with the same period last year: ``improving`` or
``worse`` by the measure's polarity, ``same`` when the change is within the measure's noise
band (``NoiseBand``: by default 1 percentage point for a percentage, 2% of last year's
figure otherwise: 44.9% to 44.8% is not "Improving"), and ``not comparable`` for context
measures or when either value is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from carepanel.scorecard.config import NoiseBand, RagRule

GREEN, AMBER, RED, NO_RATING = "green", "amber", "red", "no rating"
RAGS = (GREEN, AMBER, RED, NO_RATING)
IMPROVING, WORSE, SAME, NOT_COMPARABLE = "improving", "worse", "same", "not comparable"
DIRECTIONS = (IMPROVING, WORSE, SAME, NOT_COMPARABLE)
EPSILON = 1e-9


@dataclass(frozen=True)
class Rating:
    rag: str     # one of RAGS
    reason: str  # in words, for the reader and for the "why" column

    @property
    def word(self) -> str:
        """The rating as a word: a colour is never shown alone (WCAG 1.4.1)."""
        return self.rag.capitalize() if self.rag != NO_RATING else "No rating"


def rate(value: float | int | None, target: float | int | None, polarity: str,
         rule: RagRule, *, suppressed: bool = False) -> Rating:
    """Rate one value against its target by the rule in this module's docstring."""
    if suppressed:
        return Rating(NO_RATING, "value suppressed")
    if polarity == "context":
        return Rating(NO_RATING, "context measure: reported, not rated")
    if target is None:
        return Rating(NO_RATING, "no target set")
    if value is None:
        return Rating(NO_RATING, "no value for this period")
    shortfall = target - value if polarity == "high" else value - target
    if shortfall <= EPSILON:
        return Rating(GREEN, "on or better than target")
    band = rule.band(target)
    if shortfall <= band + EPSILON:
        return Rating(AMBER, f"worse than target, within the {rule.describe()}")
    return Rating(RED, f"worse than target by more than the {rule.describe()}")


def direction_of_travel(current: float | int | None, last_year: float | int | None,
                        polarity: str, noise: NoiseBand | None = None) -> str:
    """``improving``, ``worse`` or ``same`` against last year, or ``not comparable``.

    A change no larger than the noise band (none when ``noise`` is None) is ``same``.
    """
    if polarity == "context" or current is None or last_year is None:
        return NOT_COMPARABLE
    change = current - last_year
    band = noise.width(last_year) if noise is not None else 0.0
    if abs(change) <= band + EPSILON:
        return SAME
    better = change > 0 if polarity == "high" else change < 0
    return IMPROVING if better else WORSE
