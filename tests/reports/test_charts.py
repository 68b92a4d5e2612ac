"""Trend charts: drawn for every reader, described for readers who cannot see them."""

from __future__ import annotations

import datetime as dt
import re

from carepanel.reports import charts
from carepanel.reports.model import Table

DATES = [dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30),
         dt.date(2024, 12, 31), dt.date(2025, 3, 31)]
EMPTY = Table("figures", ["No."], [])


def foster(values: list[float | None]) -> charts.Series:
    return charts.Series("3.1", "Children looked after in foster care", "percent",
                         list(zip(DATES, values, strict=True)), target=75.0, england=68.0,
                         england_label="England 2024/25")


def test_alt_text_says_what_is_plotted_and_each_measures_movement() -> None:
    chart = charts.trend_chart("Pledge 3", [foster([70.0, 72.0, None, 71.5, 66.25])], EMPTY)
    assert chart is not None
    assert chart.alt.startswith("Line charts for Pledge 3: one panel per measure, showing "
                                "the 12-month figure at each quarter end from Mar 2024 to "
                                "Mar 2025 (solid line) against its target (dashed line) "
                                "and England (dotted line).")
    # First and last figures, rounded as the table rounds them (66.25 is 66.3, half up).
    assert chart.alt.endswith(
        "3.1 Children looked after in foster care: fell from 70.0% in Mar 2024 to 66.3% in "
        "Mar 2025 (target 75.0% and England 2024/25 68.0%).")


def test_a_measure_with_no_figures_is_not_drawn_and_no_chart_is_empty() -> None:
    blank = charts.Series("3.7", "Placed more than 20 miles away", "percent",
                          [(d, None) for d in DATES], target=20.0)
    assert charts.trend_chart("Pledge 3", [blank], EMPTY) is None
    chart = charts.trend_chart("Pledge 3", [blank, foster([1.0, 2.0, 3.0, 4.0, 5.0])], EMPTY)
    assert chart is not None
    assert "3.7" not in chart.alt


def test_svg_keeps_text_as_text_and_lines_differ_by_more_than_colour() -> None:
    chart = charts.trend_chart("Pledge 3", [foster([70.0, 72.0, 71.0, 71.5, 66.0])], EMPTY)
    assert chart is not None
    svg = chart.svg.decode("utf-8")
    # Real text (searchable, read in the PDF's own font), not outlines.
    assert "3.1 Children looked after in" in svg
    assert "Target" in svg and "England (latest published year)" in svg
    # The target is dashed and England dotted: distinguishable in black and white.
    dashes = set(re.findall(r"stroke-dasharray: ([0-9., ]+)", svg))
    assert len(dashes) >= 2
    assert "66.0%" in svg  # the latest figure is written beside its point


def test_pictures_are_repeatable_and_png_has_the_size_it_reports() -> None:
    def draw() -> charts.Chart:
        chart = charts.trend_chart("Pledge 3", [foster([70.0, 72.0, 71.0, 71.5, 66.0])], EMPTY)
        assert chart is not None
        return chart

    first, second = draw(), draw()
    assert first.svg == second.svg  # same figures, same file: papers can be compared
    png = first.png
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert abs(width - first.png_size[0]) <= 2 and abs(height - first.png_size[1]) <= 2


def test_many_measures_are_laid_out_in_rows_of_four() -> None:
    """Eight panels: two rows of four, so the figure is twice a panel's height (plus the
    legend)."""
    many = [charts.Series(f"3.{k}", f"Measure {k}", "count",
                          list(zip(DATES, [1, 2, 3, 4, k], strict=True))) for k in range(8)]
    chart = charts.trend_chart("Pledge 3", many, EMPTY)
    assert chart is not None
    width, height = chart.png_size
    assert width == round(4 * charts.PANEL_SIZE[0] * charts.PNG_DPI)
    assert height == round((2 * charts.PANEL_SIZE[1] + charts.LEGEND_HEIGHT) * charts.PNG_DPI)
