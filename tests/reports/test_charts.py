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
                                "Mar 2025 (solid line, on a scale starting at zero) against "
                                "its target (dashed line) and England (dotted line).")
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
    dashes = set(re.findall(r'stroke-dasharray="([0-9., ]+)"', svg))
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
    assert height == round((2 * charts.PANEL_SIZE[1] + charts.LEGEND_ROW) * charts.PNG_DPI)


def test_scales_start_at_zero_with_whole_ticks_for_counts_and_stop_at_100_percent() -> None:
    """A truncated axis makes 70% to 72% look like a cliff; a count has no 2.5 children."""
    bottom, top, ticks = charts.scale([66.0, 72.0, 75.0, 68.0], "percent")
    assert bottom == 0 and ticks[0] == 0 and top >= 75 and ticks[-1] <= 100
    bottom, top, ticks = charts.scale([2.0, 3.0, 5.0], "count")
    assert bottom == 0 and all(float(t).is_integer() for t in ticks) and top > 5
    assert charts.tick_labels(ticks, "count")[0] == "0"
    _, top, ticks = charts.scale([99.0, 100.0, 95.0], "percent")
    assert top == 100 and ticks[-1] == 100
    assert charts.tick_labels([0, 2.5, 5.0], "percent") == ["0.0%", "2.5%", "5.0%"]


def test_the_latest_figure_is_not_written_over_the_england_or_target_line() -> None:
    """The value label sits above its point unless a reference line runs there."""
    def label_box(series: charts.Series) -> tuple[float, float]:
        scene = charts.layout([series])
        value = next(i for i in scene.items if isinstance(i, charts.Label)
                     and i.bold and i.colour == charts.COUNCIL_COLOUR)
        return value.y - 7.5, value.y + 2

    crowded = charts.Series("3.1", "Foster care", "percent",
                            list(zip(DATES, [70.0, 72.0, 71.0, 71.5, 66.0], strict=True)),
                            target=68.0, england=69.0)
    scene = charts.layout([crowded])
    lines = [i.points[0][1] for i in scene.items if isinstance(i, charts.Stroke)
             and i.dash is not None and i.points[0][0] != i.points[-1][0]
             and len(i.points) == 2 and i.points[0][1] == i.points[1][1]]
    top, bottom = label_box(crowded)
    assert lines and not any(top - 1 <= y <= bottom + 1 for y in lines)


def test_a_single_figure_is_labelled_as_such() -> None:
    one = charts.Series("3.10", "Days to adoption", "days",
                        [(d, None) for d in DATES[:-1]] + [(DATES[-1], 287.0)], target=426)
    chart = charts.trend_chart("Pledge 3", [one], EMPTY)
    assert chart is not None
    assert "One figure only: no trend yet" in chart.svg.decode("utf-8")
    assert "one figure only" in chart.alt
