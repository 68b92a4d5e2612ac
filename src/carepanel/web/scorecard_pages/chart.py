"""A measure's trend as an SVG bar chart drawn on the server.

No script and no inline CSS (the content security policy allows neither): the chart is SVG
markup with presentation attributes, placed in the page. It is an image with a title and a
description that say what it shows in words, and the page gives the same numbers in a table
beside it, so nobody needs to see the chart to read the trend (WCAG 1.1.1, 1.4.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from carepanel.web.scorecard_pages.presentation import TrendPoint, number_text

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 16, 72
BAR = "#1d70b8"       # GOV.UK blue: 5.2:1 against white
TEXT = "#0b0c0c"
TARGET = "#0b0c0c"
AXIS = "#505a5f"


def _date(d: object) -> str:
    return f"{d:%b %Y}"  # type: ignore[str-format]


def describe(title: str, points: Sequence[TrendPoint], unit: str,
             target: float | int | None, span: str = "12 months") -> str:
    """The chart in words: the text alternative. ``span`` is what each figure covers
    before "to each date" (a measure may be counted over a quarter)."""
    if not points:
        return f"{title}: no figures to chart yet."
    parts = [f"{_date(p.period_end)}: "
             f"{p.figure.text if p.figure.symbol is None else p.figure.explanation.lower()}"
             for p in points]
    text = f"{title}, for {span} to each date. " + "; ".join(parts) + "."
    if target is not None:
        text += f" Target: {number_text(target, unit)}."
    return text


def bar_chart(chart_id: str, title: str, points: Sequence[TrendPoint], unit: str,
              target: float | int | None, span: str = "12 months") -> SafeString:
    """An SVG bar per period (a hidden figure is a gap marked with its symbol), the
    target as a dashed line behind the bars with a key, each bar labelled with its value
    and date."""
    values = [p.figure.value for p in points if p.figure.value is not None]
    top = max([*values, *([target] if target is not None else []), 0])
    top = top * 1.15 if top else 1
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    bar_w = min(72.0, slot * 0.6)

    def y(v: float) -> float:
        return TOP + plot_h - (v / top) * plot_h

    desc = describe(title, points, unit, target, span)
    out = [f'<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" preserveAspectRatio="xMinYMin meet" '
           f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
           f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}" '
           f'stroke="{AXIS}" stroke-width="2"/>']
    if target is not None:
        ty = y(target)
        out.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" '
                   f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="8 6"/>')
        # Behind the bars: a bar that passes its target hides the line.
        # The key, below the dates: a sample of the dashed line and what it is.
        ky = HEIGHT - 14
        out.append(f'<line x1="{LEFT}" y1="{ky - 5}" x2="{LEFT + 40}" y2="{ky - 5}" '
                   f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="8 6"/>')
        out.append(f'<text x="{LEFT + 48}" y="{ky}" font-size="15" '
                   f'font-family="Arial, sans-serif" fill="{TEXT}">Target: '
                   f'{escape(number_text(target, unit))}</text>')
    for i, p in enumerate(points):
        cx = LEFT + slot * i + slot / 2
        label_y = HEIGHT - BOTTOM + 22
        out.append(f'<text x="{cx:.1f}" y="{label_y}" text-anchor="middle" font-size="15" '
                   f'font-family="Arial, sans-serif" fill="{TEXT}">{_date(p.period_end)}</text>')
        v = p.figure.value
        if v is None:
            out.append(f'<text x="{cx:.1f}" y="{y(0) - 8:.1f}" text-anchor="middle" '
                       f'font-size="16" font-family="Arial, sans-serif" fill="{TEXT}">'
                       f'{escape(p.figure.text)}</text>')
            continue
        height = max(y(0) - y(v), 0)
        out.append(f'<rect x="{cx - bar_w / 2:.1f}" y="{y(v):.1f}" width="{bar_w:.1f}" '
                   f'height="{height:.1f}" fill="{BAR}"/>')
        # The value inside the top of its bar (white on blue) or, for a short bar, above it.
        inside = height >= 30
        label_at = y(v) + 21 if inside else y(v) - 8
        out.append(f'<text x="{cx:.1f}" y="{label_at:.1f}" text-anchor="middle" font-size="16" '
                   f'font-weight="bold" font-family="Arial, sans-serif" '
                   f'fill="{"#ffffff" if inside else TEXT}">{escape(p.figure.text)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  (every text in it is escaped above)
