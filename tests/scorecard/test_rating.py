"""RAG and direction of travel, worked out by hand on and around every boundary."""

from __future__ import annotations

import pytest

from carepanel.scorecard.config import RagRule
from carepanel.scorecard.rating import direction_of_travel, rate

POINTS_5 = RagRule(tolerance=5, tolerance_type="points")


@pytest.mark.parametrize(("value", "expected"), [
    (75, "green"),       # above target
    (70, "green"),       # exactly on target: on target is Green
    (69.99, "amber"),    # just below target
    (65, "amber"),       # 70 - 5 = 65: the edge of the tolerance is still Amber
    (64.99, "red"),      # beyond the tolerance
    (0, "red"),
])
def test_high_polarity_target_70_tolerance_5_points(value: float, expected: str) -> None:
    """More is better: Green >= 70, Amber 65 to 70, Red < 65."""
    assert rate(value, 70, "high", POINTS_5).rag == expected


@pytest.mark.parametrize(("value", "expected"), [
    (8, "green"),        # below target
    (10, "green"),       # on target
    (10.01, "amber"),
    (12, "amber"),       # 10 + 2 = 12: the edge is Amber
    (12.01, "red"),
])
def test_low_polarity_target_10_tolerance_2_points(value: float, expected: str) -> None:
    """Less is better (e.g. 3+ placements): Green <= 10, Amber 10 to 12, Red > 12."""
    rule = RagRule(tolerance=2, tolerance_type="points")
    assert rate(value, 10, "low", rule).rag == expected


@pytest.mark.parametrize(("value", "expected"), [(20, "green"), (18, "amber"), (17.9, "red")])
def test_tolerance_as_percent_of_target_high(value: float, expected: str) -> None:
    """Target 20 foster households, tolerance 10% of target = 2: Amber down to 18."""
    rule = RagRule(tolerance=10, tolerance_type="percent")
    assert rate(value, 20, "high", rule).rag == expected


@pytest.mark.parametrize(("value", "expected"), [(426, "green"), (468.6, "amber"),
                                                 (468.7, "red")])
def test_tolerance_as_percent_of_target_low_days(value: float, expected: str) -> None:
    """Adoption A1 target 426 days, tolerance 10% = 42.6 days: Amber up to 468.6.

    468.6 - 426 is 42.60000000000002 in floating point; it must still be Amber.
    """
    rule = RagRule(tolerance=10, tolerance_type="percent")
    assert rate(value, 426, "low", rule).rag == expected


def test_no_tolerance_means_no_amber() -> None:
    assert rate(69.9, 70, "high", RagRule()).rag == "red"
    assert rate(70, 70, "high", RagRule()).rag == "green"


def test_two_thirds_is_rated_unrounded() -> None:
    """2 of 3 = 66.666...%: below a target of 66.67 (Amber), above 66.6 (Green)."""
    value = 100 * 2 / 3
    assert rate(value, 66.67, "high", POINTS_5).rag == "amber"
    assert rate(value, 66.6, "high", POINTS_5).rag == "green"


@pytest.mark.parametrize(("value", "target", "polarity", "suppressed", "reason"), [
    (50, None, "high", False, "no target set"),
    (None, 70, "high", False, "no value for this period"),
    (276, 250, "context", False, "context measure: reported, not rated"),
    (50, 70, "high", True, "value suppressed"),
    (None, 70, "low", True, "value suppressed"),
])
def test_no_rating(value, target, polarity, suppressed, reason) -> None:
    r = rate(value, target, polarity, POINTS_5, suppressed=suppressed)
    assert (r.rag, r.word, r.reason) == ("no rating", "No rating", reason)


def test_rating_reads_as_a_word() -> None:
    """The word, not a colour, carries the rating (WCAG 1.4.1)."""
    assert rate(80, 70, "high", POINTS_5).word == "Green"
    assert rate(66, 70, "high", POINTS_5).word == "Amber"
    r = rate(50, 70, "high", POINTS_5)
    assert r.word == "Red"
    assert r.reason == "worse than target by more than the tolerance 5 points"


@pytest.mark.parametrize(("now", "before", "polarity", "expected"), [
    (60, 55, "high", "improving"),
    (50, 55, "high", "worse"),
    (8, 10, "low", "improving"),     # fewer moves is better
    (12, 10, "low", "worse"),
    (10, 10, "low", "same"),
    (100 * 1 / 3, 100 / 3, "high", "same"),
    (300, 250, "context", "not comparable"),
    (None, 50, "high", "not comparable"),
    (50, None, "high", "not comparable"),
])
def test_direction_of_travel(now, before, polarity, expected) -> None:
    assert direction_of_travel(now, before, polarity) == expected


@pytest.mark.parametrize(("now", "before", "polarity", "expected"), [
    (44.8, 44.9, "high", "same"),      # 0.1 points: ordinary variation, not "Worse"
    (45.9, 44.9, "high", "same"),      # exactly the band: still no change
    (46.0, 44.9, "high", "improving"),  # beyond it
    (43.5, 44.9, "high", "worse"),
])
def test_a_change_inside_the_noise_band_is_no_change(now, before, polarity, expected) -> None:
    from carepanel.scorecard.config import NoiseBand

    assert direction_of_travel(now, before, polarity, NoiseBand(1.0)) == expected


def test_a_noise_band_as_a_share_of_last_years_figure() -> None:
    from carepanel.scorecard.config import NoiseBand

    two_percent = NoiseBand(2.0, "percent")
    assert direction_of_travel(400, 395, "high", two_percent) == "same"   # 5 < 7.9
    assert direction_of_travel(287, 300, "low", two_percent) == "improving"  # 13 > 6
