"""Trend charts: one figure per pledge, a small panel per measure, drawn by carepanel itself.

Each panel plots the council's 12-month figure at each period end against its target and
the England benchmark. The chart is built for readers who cannot tell colours apart, and
for readers who cannot see it at all:

- colours from the Okabe-Ito palette (distinguishable with every common colour-vision
  deficiency), and never colour alone: the council is a solid line with round markers, the
  target a dashed line, England a dotted line, and a legend names each;
- every scale starts at zero, so a small change is not drawn as a cliff; counts and days
  have whole-number ticks; a percentage never runs past 100%;
- the latest figure is written next to its point, above it unless the target or England
  line runs there (then below, or to its left);
- a measure with only one figure says so in its panel ("one figure only: no trend yet");
- every chart carries a text alternative, and the report puts the numbers it plots in a
  table beside it (the ``table`` the caller passes in).

The figure is laid out once, as a list of lines, dots and labels measured in points
(:class:`Scene`), and written from that one layout as SVG (for HTML and PDF: small, text
kept as text) or as PNG (for Word and Excel, through Pillow). carepanel used matplotlib
before: its SVG took most of a paper's drawing and printing time, for five kinds of shape.
Output is byte-for-byte repeatable, and each distinct figure is drawn once per process
however many papers (or versions of a paper) show it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from carepanel.reports.model import Chart, Table, figure, join_words, month_label

if TYPE_CHECKING:  # Pillow is imported only when a PNG is drawn
    from PIL.ImageFont import FreeTypeFont, ImageFont

COUNCIL_COLOUR = "#0072B2"  # Okabe-Ito blue
TARGET_COLOUR = "#D55E00"   # Okabe-Ito vermillion
ENGLAND_COLOUR = "#000000"
GRID_COLOUR = "#D9D9D9"
AXIS_COLOUR = "#505A5F"
NOTE_COLOUR = "#505A5F"
PNG_DPI = 150
PANEL_SIZE = (2.55, 1.6)  # inches, one measure
MAX_COLUMNS = 4
MAX_PANELS = 8  # more measures than this are split over several charts (readable panels)
FONT_FAMILY = "Liberation Sans, Arial, Helvetica, sans-serif"

LEGEND_ROW = 0.22      # inches per row of the legend above the panels
TITLE_HEIGHT = 0.55    # inches above each panel: up to three lines of its title
TICKS_HEIGHT = 0.24    # inches below each panel: the dates
Y_LABELS_WIDTH = 0.52  # inches left of each panel: the scale
RIGHT_MARGIN = 0.12    # inches right of each panel
TITLE_CHARACTERS = 38  # a panel's title is wrapped at this many characters a line
PT = 72                # points an inch

WHOLE_UNITS = ("count", "days")  # scales of whole numbers: no tick at 2.5 children


@dataclass(frozen=True)
class Series:
    """One measure's figures for the chart. ``points`` are (period end, value) with None
    where there is no figure (not computed, or suppressed in a public paper)."""

    number: str
    title: str
    unit: str
    points: Sequence[tuple[dt.date, float | None]]
    target: float | None = None
    england: float | None = None
    england_label: str = "England"

    def __post_init__(self) -> None:
        object.__setattr__(self, "points", tuple(tuple(p) for p in self.points))

    @property
    def has_values(self) -> bool:
        return any(v is not None for _, v in self.points)

    @property
    def known(self) -> list[tuple[int, float]]:
        """(position, value) of the points that have a figure."""
        return [(x, float(v)) for x, (_, v) in enumerate(self.points) if v is not None]


# ---------------------------------------------------------------------------------------
# Words: the text alternative


def _label(value: float, unit: str) -> str:
    """A figure as the paper's tables show it (same rounding: halves away from zero)."""
    return figure(value, unit).text


def describe(series: Series) -> str:
    """One sentence per measure for the text alternative: first and last figure, and how
    they stand against the target and England."""
    known = [(d, v) for d, v in series.points if v is not None]
    name = f"{series.number} {series.title}".strip()
    if not known:
        return f"{name}: no figures to plot."
    (d0, v0), (d1, v1) = known[0], known[-1]
    if len(known) == 1:
        said = f"{name}: {_label(v1, series.unit)} in {month_label(d1)} (one figure only)"
    else:
        move = "rose" if v1 > v0 else "fell" if v1 < v0 else "stayed"
        said = (f"{name}: {move} from {_label(v0, series.unit)} in {month_label(d0)} "
                f"to {_label(v1, series.unit)} in {month_label(d1)}")
        if move == "stayed":
            said = (f"{name}: {_label(v1, series.unit)} in both {month_label(d0)} and "
                    f"{month_label(d1)}")
    extras = []
    if series.target is not None:
        extras.append(f"target {_label(series.target, series.unit)}")
    if series.england is not None:
        extras.append(f"{series.england_label} {_label(series.england, series.unit)}")
    return said + (f" ({join_words(extras)})." if extras else ".")


def alt_text(title: str, series: Sequence[Series], every: str = "quarter end") -> str:
    """The chart's text alternative: what it shows, then each measure in a sentence."""
    plotted = [s for s in series if s.has_values]
    dates = sorted({d for s in plotted for d, _ in s.points})
    span = (f" at each {every} from {month_label(dates[0])} to {month_label(dates[-1])}"
            if len(dates) > 1 else "")
    against = [what for what, present in
               (("its target (dashed line)", any(s.target is not None for s in plotted)),
                ("England (dotted line)", any(s.england is not None for s in plotted)))
               if present]
    head = (f"Line charts for {title}: one panel per measure, showing the 12-month "
            f"figure{span} (solid line, on a scale starting at zero)"
            + (f" against {join_words(against)}" if against else "")
            + ". The figures are in the table after the chart. ")
    return head + " ".join(describe(s) for s in plotted)


def trend_chart(title: str, series: Sequence[Series], table: Table,
                every: str = "quarter end",
                council_label: str = "Council (12 months to each date)") -> Chart | None:
    """A figure of small panels, one per measure with at least one figure; None when no
    measure has any (there is nothing to draw). The picture is drawn when a renderer
    first asks for it, and only in the format it asks for (SVG or PNG)."""
    plotted = tuple(s for s in series if s.has_values)
    if not plotted:
        return None
    scene = layout(plotted, council_label)
    size = (round(scene.width / PT * PNG_DPI), round(scene.height / PT * PNG_DPI))
    return Chart(title, alt_text(title, series, every), table, size,
                 draw=functools.partial(draw, plotted, council_label))  # picklable


@functools.lru_cache(maxsize=256)
def draw(plotted: tuple[Series, ...], council_label: str, fmt: str) -> bytes:
    """The figure as SVG or PNG bytes (drawn once per process for the same figures)."""
    scene = layout(plotted, council_label)
    if fmt == "svg":
        return to_svg(scene)
    if fmt == "png":
        return to_png(scene, PNG_DPI)
    raise ValueError(f"a chart is drawn as svg or png, not {fmt!r}")


# ---------------------------------------------------------------------------------------
# The scene: what is drawn, in points from the top left


@dataclass(frozen=True)
class Stroke:
    """A polyline (or one segment): ``dash`` is (on, off) in points, or None for solid."""

    points: tuple[tuple[float, float], ...]
    colour: str
    width: float
    dash: tuple[float, float] | None = None


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    colour: str


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Label:
    """Text with its baseline at ``y``; ``anchor`` start, middle or end."""

    x: float
    y: float
    text: str
    size: float = 8
    bold: bool = False
    italic: bool = False
    colour: str = "#0B0C0C"
    anchor: str = "start"


@dataclass
class Scene:
    width: float
    height: float
    items: list[Stroke | Dot | Box | Label] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Measuring text: Liberation Sans (Arial's metrics) when installed


FONT_DIRS = ("/usr/share/fonts/truetype/liberation", "/usr/share/fonts/liberation",
             "/usr/share/fonts/truetype/liberation2", "/usr/local/share/fonts",
             "/Library/Fonts", "C:/Windows/Fonts")
FONT_FILES = {(False, False): ("LiberationSans-Regular.ttf", "arial.ttf", "Arial.ttf"),
              (True, False): ("LiberationSans-Bold.ttf", "arialbd.ttf", "Arial Bold.ttf"),
              (False, True): ("LiberationSans-Italic.ttf", "ariali.ttf", "Arial Italic.ttf")}


@functools.cache
def font_file(bold: bool = False, italic: bool = False) -> str | None:
    """The path of Liberation Sans (or Arial) in the style asked, if installed."""
    for folder in FONT_DIRS:
        for name in FONT_FILES[(bold, italic and not bold)]:
            path = Path(folder) / name
            if path.is_file():
                return str(path)
    return None


@functools.cache
def _font(bold: bool, italic: bool, size_px: float) -> FreeTypeFont | ImageFont:
    from PIL import ImageFont

    path = font_file(bold, italic)
    if path is None:
        return ImageFont.load_default(size_px)
    return ImageFont.truetype(path, size_px)


@functools.lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points at ``size`` points."""
    if font_file(bold) is None:
        return 0.56 * size * len(text)
    return _font(bold, False, 100).getlength(text) * size / 100


# ---------------------------------------------------------------------------------------
# Scales


def scale(values: Sequence[float], unit: str) -> tuple[float, float, list[float]]:
    """(bottom, top, ticks) of a panel's scale: from zero (or below it, for a negative
    figure) to a round number above the highest value, with 3 or 4 round ticks; whole
    numbers for counts and days; never past 100 for a percentage."""
    high = max([0.0, *values])
    low = min([0.0, *values])
    span = (high - low) * 1.12 or (1.0 if unit in WHOLE_UNITS else 10.0)
    raw_step = span / 3
    magnitude = 10 ** math.floor(math.log10(raw_step))
    steps = (1, 2, 5, 10) if unit in WHOLE_UNITS else (1, 2, 2.5, 5, 10)
    step = next(s * magnitude for s in steps if s * magnitude >= raw_step - 1e-12)
    if unit in WHOLE_UNITS:
        step = max(1.0, round(step))
    bottom = math.floor(low / step) * step if low < 0 else 0.0
    top = math.ceil((high + (high - low) * 0.12) / step) * step
    if top <= high:
        top += step
    if unit == "percent" and top > 100 >= high:
        top = 100.0
    ticks = []
    k = 0
    while bottom + k * step <= top + 1e-9:
        ticks.append(round(bottom + k * step, 10))
        k += 1
    return bottom, top, ticks


def tick_labels(ticks: Sequence[float], unit: str) -> list[str]:
    """Labels with as many decimals as the ticks need (9.5%, 10.0%; never 2.5 children)."""
    decimals = 0 if all(float(v).is_integer() for v in ticks) else 1
    suffix = "%" if unit == "percent" else ""
    return [f"{v:,.{decimals}f}{suffix}" for v in ticks]


# ---------------------------------------------------------------------------------------
# Layout


def _legend(plotted: Sequence[Series], council_label: str, width: float
            ) -> tuple[list[Stroke | Dot | Label], float]:
    """The legend's items, centred and wrapped onto as many rows as the width needs (a
    one-panel chart is narrow), and its height."""
    entries: list[tuple[str, str, tuple[float, float] | None, bool]] = [
        (council_label, COUNCIL_COLOUR, None, True)]
    if any(s.target is not None for s in plotted):
        entries.append(("Target", TARGET_COLOUR, (5.0, 3.0), False))
    if any(s.england is not None for s in plotted):
        entries.append(("England (latest published year)", ENGLAND_COLOUR, (1.5, 2.0), False))
    sample, gap, size = 22.0, 14.0, 8.0
    widths = [sample + 4 + text_width(name, size) for name, *_ in entries]
    rows: list[list[int]] = [[]]
    used = 0.0
    for k, w in enumerate(widths):
        if rows[-1] and used + gap + w > width - 8:
            rows.append([])
            used = 0.0
        used += (gap if rows[-1] else 0) + w
        rows[-1].append(k)
    items: list[Stroke | Dot | Label] = []
    row_height = LEGEND_ROW * PT
    for r, row in enumerate(rows):
        total = sum(widths[k] for k in row) + gap * (len(row) - 1)
        x = (width - total) / 2
        y = r * row_height + row_height * 0.65
        for k in row:
            name, colour, dash, marker = entries[k]
            items.append(Stroke(((x, y - 3), (x + sample, y - 3)), colour,
                               2.0 if marker else 1.5, dash))
            if marker:
                items.append(Dot(x + sample / 2, y - 3, 2.5, colour))
            items.append(Label(x + sample + 4, y, name, size))
            x += widths[k] + gap
    return items, len(rows) * row_height


def layout(plotted: Sequence[Series], council_label: str = "Council (12 months to each date)"
           ) -> Scene:
    """The whole figure: the legend, then the panels in rows of up to four."""
    columns = min(MAX_COLUMNS, len(plotted))
    rows = math.ceil(len(plotted) / columns)
    width = PANEL_SIZE[0] * columns * PT
    legend, legend_height = _legend(plotted, council_label, width)
    height = PANEL_SIZE[1] * rows * PT + legend_height
    scene = Scene(width, height, [Box(0, 0, width, height, "#FFFFFF"), *legend])
    for k, s in enumerate(plotted):
        left = (k % columns) * PANEL_SIZE[0] * PT
        top = legend_height + (k // columns) * PANEL_SIZE[1] * PT
        scene.items += _panel(s, left, top)
    return scene


def _panel(s: Series, left: float, top: float) -> list[Stroke | Dot | Box | Label]:
    """One measure: its title, scale, dates, line, target and England lines."""
    items: list[Stroke | Dot | Box | Label] = []
    heading = textwrap.wrap(f"{s.number} {s.title}".strip(), TITLE_CHARACTERS)
    if len(heading) > 3:
        heading = [*heading[:2], heading[2].rstrip(".,; ") + "…"]
    for i, line in enumerate(heading):
        items.append(Label(left + 4, top + 9 + i * 9.5, line, 8, bold=True))
    x0 = left + Y_LABELS_WIDTH * PT
    x1 = left + (PANEL_SIZE[0] - RIGHT_MARGIN) * PT
    y0 = top + TITLE_HEIGHT * PT            # top of the plot area
    y1 = top + (PANEL_SIZE[1] - TICKS_HEIGHT) * PT  # its bottom (the zero line)
    known = s.known
    references = [v for v in (s.target, s.england) if v is not None]
    bottom, ceiling, ticks = scale([v for _, v in known] + references, s.unit)

    def y_of(v: float) -> float:
        return y1 - (v - bottom) / (ceiling - bottom) * (y1 - y0)

    n = len(s.points)
    step = (x1 - x0) / n

    def x_of(i: float) -> float:
        return x0 + step * (i + 0.5)

    for tick, text in zip(ticks, tick_labels(ticks, s.unit), strict=True):
        y = y_of(tick)
        items.append(Stroke(((x0, y), (x1, y)), GRID_COLOUR, 0.6))
        items.append(Label(x0 - 4, y + 2.5, text, 7, colour=AXIS_COLOUR, anchor="end"))
    zero = y_of(max(bottom, 0.0))
    items.append(Stroke(((x0, zero), (x1, zero)), AXIS_COLOUR, 0.8))
    for i, (d, _) in enumerate(s.points):
        # Every date has a tick; the first and last are named (the table under the chart
        # names them all): fewer words to read, and to print.
        items.append(Stroke(((x_of(i), y1), (x_of(i), y1 + 2.5)), AXIS_COLOUR, 0.6))
        if i in (0, n - 1):
            items.append(Label(x_of(i), y1 + 10, f"{d:%b} {d:%y}", 7, colour=AXIS_COLOUR,
                               anchor="middle"))
    lines = []
    if s.target is not None:
        lines.append(y_of(s.target))
        items.append(Stroke(((x0, y_of(s.target)), (x1, y_of(s.target))), TARGET_COLOUR,
                           1.5, (5.0, 3.0)))
    if s.england is not None:
        lines.append(y_of(s.england))
        items.append(Stroke(((x0, y_of(s.england)), (x1, y_of(s.england))), ENGLAND_COLOUR,
                           1.5, (1.5, 2.0)))
    points = tuple((x_of(i), y_of(v)) for i, v in known)
    if len(points) > 1:
        items.append(Stroke(points, COUNCIL_COLOUR, 2.0))
    items += [Dot(x, y, 2.5, COUNCIL_COLOUR) for x, y in points]
    x_last, y_last = points[-1]
    items += _value_label(_label(known[-1][1], s.unit), x_last, y_last, lines, points,
                          (x0, y0, x1, y1))
    if len(points) == 1:
        # Where the panel is emptiest: away from the target, England and the figure.
        taken = [*lines, y_last]
        spot = max((y0 + 8, (y0 + y1) / 2 + 3, y1 - 5),
                   key=lambda y: min(abs(y - 3 - t) for t in taken))
        items.append(Label((x0 + x1) / 2 - 12, spot, "One figure only: no trend yet", 7,
                           italic=True, colour=NOTE_COLOUR, anchor="middle"))
    return items


def _value_label(text: str, x: float, y: float, lines: list[float],
                 points: Sequence[tuple[float, float]], area: tuple[float, float, float, float]
                 ) -> list[Box | Label]:
    """The latest figure beside its point: above it, else below, else to its left, the
    first place where it covers neither the target nor the England line (nor the line
    into the point), inside the panel."""
    size = 8.0
    w = text_width(text, size, bold=True)
    x0, y0, x1, y1 = area
    previous = points[-2] if len(points) > 1 else None
    candidates = [  # (baseline x, baseline y, anchor)
        (x, y - 6, "middle"), (x, y + 13, "middle"), (x - 6, y + 3, "end")]

    def box(cx: float, cy: float, anchor: str) -> tuple[float, float, float, float]:
        left = cx - w / 2 if anchor == "middle" else cx - w if anchor == "end" else cx
        return left - 1.5, cy - 7.5, left + w + 1.5, cy + 2

    def clash(b: tuple[float, float, float, float]) -> float:
        left, top, right, bottom = b
        out = 0.0
        out += sum(1 for ly in lines if top - 1 <= ly <= bottom + 1)
        if previous is not None:  # the segment into the last point, sampled
            for t in (0.25, 0.5, 0.75, 0.9):
                px = previous[0] + (x - previous[0]) * t
                py = previous[1] + (y - previous[1]) * t
                if left <= px <= right and top <= py <= bottom:
                    out += 0.5
                    break
        if top < y0 - 10 or bottom > y1 + 1 or left < x0 - 2 or right > x1 + 8:
            out += 10
        return out

    best = min(candidates, key=lambda c: (clash(box(*c)), candidates.index(c)))
    left, top, right, bottom = box(*best)
    return [Box(left, top, right - left, bottom - top, "#FFFFFF"),
            Label(best[0], best[1], text, size, bold=True, colour=COUNCIL_COLOUR,
                  anchor=best[2])]


# ---------------------------------------------------------------------------------------
# Writing: SVG and PNG from the same scene


def _n(v: float) -> str:
    """A coordinate, short and repeatable."""
    return f"{v:.2f}".rstrip("0").rstrip(".")


def to_svg(scene: Scene) -> bytes:
    """The scene as a small SVG document (a few hundred elements at most), text as text."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(scene.width)}pt" '
           f'height="{_n(scene.height)}pt" viewBox="0 0 {_n(scene.width)} '
           f'{_n(scene.height)}" font-family="{FONT_FAMILY}">']
    for item in scene.items:
        if isinstance(item, Box):
            out.append(f'<rect x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" '
                       f'height="{_n(item.h)}" fill="{item.fill}"/>')
        elif isinstance(item, Stroke):
            d = " ".join(f"{_n(x)},{_n(y)}" for x, y in item.points)
            dash = (f' stroke-dasharray="{_n(item.dash[0])} {_n(item.dash[1])}"'
                    if item.dash else "")
            out.append(f'<polyline points="{d}" fill="none" stroke="{item.colour}" '
                       f'stroke-width="{_n(item.width)}" stroke-linejoin="round"{dash}/>')
        elif isinstance(item, Dot):
            out.append(f'<circle cx="{_n(item.x)}" cy="{_n(item.y)}" r="{_n(item.r)}" '
                       f'fill="{item.colour}"/>')
        else:
            style = (' font-weight="bold"' if item.bold else "") + (
                ' font-style="italic"' if item.italic else "")
            anchor = f' text-anchor="{item.anchor}"' if item.anchor != "start" else ""
            out.append(f'<text x="{_n(item.x)}" y="{_n(item.y)}" font-size="{_n(item.size)}"'
                       f' fill="{item.colour}"{style}{anchor}>{escape(item.text)}</text>')
    out.append("</svg>")
    return "\n".join(out).encode("utf-8")


SUPERSAMPLE = 2  # drawn at twice the size and reduced: smooth lines without anti-aliasing


def to_png(scene: Scene, dpi: int) -> bytes:
    """The scene as a PNG at ``dpi`` (Pillow), drawn large and reduced for smooth edges."""
    from PIL import Image, ImageDraw

    k = dpi / PT * SUPERSAMPLE
    size = (round(scene.width / PT * dpi), round(scene.height / PT * dpi))
    image = Image.new("RGB", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), "#FFFFFF")
    pen = ImageDraw.Draw(image)
    anchors = {"start": "ls", "middle": "ms", "end": "rs"}
    for item in scene.items:
        if isinstance(item, Box):
            pen.rectangle([item.x * k, item.y * k, (item.x + item.w) * k,
                           (item.y + item.h) * k], fill=item.fill)
        elif isinstance(item, Stroke):
            width = max(1, round(item.width * k))
            if item.dash is None:
                pen.line([(x * k, y * k) for x, y in item.points], fill=item.colour,
                         width=width, joint="curve")
                continue
            for a, b in _segments(item.points, item.dash):
                pen.line([(a[0] * k, a[1] * k), (b[0] * k, b[1] * k)], fill=item.colour,
                         width=width)
        elif isinstance(item, Dot):
            r = item.r * k
            pen.ellipse([item.x * k - r, item.y * k - r, item.x * k + r, item.y * k + r],
                        fill=item.colour)
        else:
            font = _font(item.bold, item.italic, item.size * k)
            pen.text((item.x * k, item.y * k), item.text, fill=item.colour, font=font,
                     anchor=anchors[item.anchor])
    image = image.reduce(SUPERSAMPLE)  # the mean of each 2 x 2: smooth, and quick
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi), optimize=False)
    return buffer.getvalue()


def _segments(points: Sequence[tuple[float, float]], dash: tuple[float, float]
              ) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """A dashed polyline as its dashes."""
    pairs = list(itertools.pairwise(points))
    on, off = dash
    out = []
    for (ax, ay), (bx, by) in pairs:
        length = math.hypot(bx - ax, by - ay)
        if not length:
            continue
        t = 0.0
        while t < length:
            end = min(t + on, length)
            out.append(((ax + (bx - ax) * t / length, ay + (by - ay) * t / length),
                        (ax + (bx - ax) * end / length, ay + (by - ay) * end / length)))
            t += on + off
    return out
