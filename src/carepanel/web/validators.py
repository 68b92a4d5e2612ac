"""Checks shared by the apps: measure numbers as the scorecard numbers them."""

from __future__ import annotations

from django.core.exceptions import ValidationError

# Scorecards number measures by pledge or priority and position: "2.15", "3.1", "4"; the
# tracker import checks them the same way.
from carepanel.reports.tracker import MEASURE_NUMBER, split_measures

__all__ = ["MEASURE_NUMBER", "split_measures", "validate_measure_list",
           "validate_measure_number"]


def validate_measure_number(value: str) -> None:
    if not MEASURE_NUMBER.match(value.strip()):
        raise ValidationError(
            f"“{value}” is not a measure number: use numbers and dots, like 2.15")


def validate_measure_list(value: str) -> None:
    bad = [m for m in split_measures(value) if not MEASURE_NUMBER.match(m)]
    if bad:
        raise ValidationError(
            f"Not a measure number: {', '.join(bad)}. Use numbers and dots, separated by "
            "commas, like 2.15, 3.1")
