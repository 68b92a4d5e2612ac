"""Checks shared by the apps: measure numbers as the scorecard numbers them."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# Scorecards number measures by pledge or priority and position: "2.15", "3.1", "4".
MEASURE_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3}){0,2}$")


def validate_measure_number(value: str) -> None:
    if not MEASURE_NUMBER.match(value.strip()):
        raise ValidationError(
            f"“{value}” is not a measure number: use numbers and dots, like 2.15")


def split_measures(text: str) -> list[str]:
    """``"2.15, 3.1; 4.2"`` -> ``["2.15", "3.1", "4.2"]`` (commas, semicolons or spaces)."""
    return [part for part in re.split(r"[,;\s]+", text.strip()) if part]


def validate_measure_list(value: str) -> None:
    bad = [m for m in split_measures(value) if not MEASURE_NUMBER.match(m)]
    if bad:
        raise ValidationError(
            f"Not a measure number: {', '.join(bad)}. Use numbers and dots, separated by "
            "commas, like 2.15, 3.1")
