"""Trend charts: one figure per pledge, a small panel per measure (matplotlib, no browser).

Each panel plots the council's 12-month figure at each period end against its target and
the England benchmark. The chart is built for readers who cannot tell colours apart, and
for readers who cannot see it at all:

- colours from the Okabe-Ito palette (distinguishable with every common colour-vision
  deficiency), and never colour alone: the council is a solid line with round markers, the
  target a dashed line, England a dotted line, and a legend names each;
- the latest figure is written next to its point;
- every chart carries a text alternative, and the report puts the numbers it plots in a
  table beside it (the ``table`` the caller passes in).

Figures are drawn on the Agg backend through ``matplotlib.figure.Figure`` (no pyplot
global state), as SVG with real text for HTML and PDF and as PNG for Word and Excel. Text
uses Liberation Sans (Arial's metrics) when installed, so the charts look the same on
every machine that has it; output is byte-for-byte repeatable.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from carepanel.reports.model import Chart, Table, figure, join_words, month_label

COUNCIL_COLOUR = "#0072B2"  # Okabe-Ito blue
TARGET_COLOUR = "#D55E00"   # Okabe-Ito vermillion
ENGLAND_COLOUR = "#000000"
GRID_COLOUR = "#D9D9D9"
PNG_DPI = 150
PANEL_SIZE = (2.55, 1.6)  # inches, one measure
MAX_COLUMNS = 4
MAX_PANELS = 8  # more measures than this are split over several charts (readable panels)


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

    @property
    def has_values(self) -> bool:
        return any(v is not None for _, v in self.points)


def _font() -> str:
    from matplotlib import font_manager

    try:
        font_manager.findfont("Liberation Sans", fallback_to_default=False)
        return "Liberation Sans"
    except ValueError:
        return "DejaVu Sans"


def _rc() -> dict[str, object]:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [_font(), "Arial", "DejaVu Sans"],
        "font.size": 8,
        "svg.fonttype": "none",      # text stays text: selectable, and the PDF's own font
        "svg.hashsalt": "carepanel",  # the same ids every time: repeatable files
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _ticks(low: float, high: float, unit: str) -> tuple[list[float], list[str]]:
    """Up to 5 round tick values, labelled with as many decimals as they need (so a
    narrow percentage range reads 9.5%, 10.0%, not 10%, 10%)."""
    from matplotlib.ticker import MaxNLocator

    locator = MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10])
    values = [v for v in locator.tick_values(low, high) if low <= v <= high]
    decimals = 0 if all(float(v).is_integer() for v in values) else 1
    suffix = "%" if unit == "percent" else ""
    return values, [f"{v:,.{decimals}f}{suffix}" for v in values]


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
        said = f"{name}: {_label(v1, series.unit)} in {month_label(d1)}"
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
            f"figure{span} (solid line)"
            + (f" against {join_words(against)}" if against else "")
            + ". The figures are in the table after the chart. ")
    return head + " ".join(describe(s) for s in plotted)


def trend_chart(title: str, series: Sequence[Series], table: Table,
                every: str = "quarter end") -> Chart | None:
    """A figure of small panels, one per measure with at least one figure; None when no
    measure has any (there is nothing to draw). The picture is drawn when a renderer
    first asks for it, and only in the format it asks for (SVG or PNG)."""
    plotted = tuple(s for s in series if s.has_values)
    if not plotted:
        return None
    columns = min(MAX_COLUMNS, len(plotted))
    rows = math.ceil(len(plotted) / columns)
    width, height = PANEL_SIZE[0] * columns, PANEL_SIZE[1] * rows + LEGEND_HEIGHT
    size = (round(width * PNG_DPI), round(height * PNG_DPI))
    return Chart(title, alt_text(title, series, every), table, size,
                 draw=functools.partial(draw, plotted))  # picklable: papers can be
    # rendered in other processes


LEGEND_HEIGHT = 0.35  # inches above the panels
TITLE_HEIGHT = 0.46   # inches above each panel: up to three lines of its title
TICKS_HEIGHT = 0.24   # inches below each panel: the dates
Y_LABELS_WIDTH = 0.52  # inches left of each panel: the scale


def draw(plotted: Sequence[Series], fmt: str) -> bytes:
    """The figure as SVG or PNG bytes.

    The layout is fixed (measured in inches for titles, dates and scales) rather than
    computed by matplotlib's constrained layout, which takes most of the drawing time.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    columns = min(MAX_COLUMNS, len(plotted))
    rows = math.ceil(len(plotted) / columns)
    width, height = PANEL_SIZE[0] * columns, PANEL_SIZE[1] * rows + LEGEND_HEIGHT
    axes_width = PANEL_SIZE[0] - Y_LABELS_WIDTH - 0.12
    axes_height = PANEL_SIZE[1] - TITLE_HEIGHT - TICKS_HEIGHT
    with rc_context(_rc()):
        fig = Figure(figsize=(width, height))
        grid = fig.add_gridspec(
            rows, columns, left=Y_LABELS_WIDTH / width, right=1 - 0.12 / width,
            top=1 - (LEGEND_HEIGHT + TITLE_HEIGHT) / height, bottom=TICKS_HEIGHT / height,
            wspace=(Y_LABELS_WIDTH + 0.12) / axes_width,
            hspace=(TITLE_HEIGHT + TICKS_HEIGHT) / axes_height)
        for k, s in enumerate(plotted):
            _panel(fig.add_subplot(grid[k // columns, k % columns]), s)
        handles = [Line2D([], [], color=COUNCIL_COLOUR, linestyle="-", marker="o",
                          linewidth=2, markersize=4, label="Council (12 months to each date)")]
        if any(s.target is not None for s in plotted):
            handles.append(Line2D([], [], color=TARGET_COLOUR, linestyle="--", linewidth=1.5,
                                  label="Target"))
        if any(s.england is not None for s in plotted):
            handles.append(Line2D([], [], color=ENGLAND_COLOUR, linestyle=":", linewidth=1.5,
                                  label="England (latest published year)"))
        fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1.0),
                   ncols=len(handles), frameon=False, fontsize=8)
        out = io.BytesIO()
        if fmt == "svg":
            fig.savefig(out, format="svg", metadata={"Date": None})
        elif fmt == "png":
            fig.savefig(out, format="png", dpi=PNG_DPI, metadata={"Software": None})
        else:
            raise ValueError(f"a chart is drawn as svg or png, not {fmt!r}")
    return out.getvalue()


def _panel(ax: object, s: Series) -> None:
    """One measure: its line, the target and England as horizontal reference lines."""
    xs = list(range(len(s.points)))
    # The line joins the figures there are: a yearly measure (OC2, OC3) is drawn from one
    # 31 March to the next, and a gap is visible as a missing marker.
    known = [(x, float(v)) for x, (_, v) in zip(xs, s.points, strict=True) if v is not None]
    ax.plot([x for x, _ in known], [y for _, y in known], color=COUNCIL_COLOUR,
            linestyle="-", marker="o", linewidth=2, markersize=4, zorder=3)
    values = [y for _, y in known]
    if s.target is not None:
        ax.axhline(s.target, color=TARGET_COLOUR, linestyle="--", linewidth=1.5, zorder=2)
        values.append(s.target)
    if s.england is not None:
        ax.axhline(s.england, color=ENGLAND_COLOUR, linestyle=":", linewidth=1.5, zorder=2)
        values.append(s.england)
    low, high = min(values), max(values)
    pad = (high - low) * 0.25 or max(abs(high) * 0.1, 1)
    bottom, top = low - pad, high + pad
    if low >= 0:
        bottom = max(bottom, 0)
    if s.unit == "percent":
        top = min(top, 100 + pad * 0.2)
    ax.set_ylim(bottom, top)
    x_last, y_last = known[-1]
    ax.annotate(_label(y_last, s.unit), (x_last, y_last), textcoords="offset points",
                xytext=(0, 6), ha="center", fontsize=8, fontweight="bold",
                color=COUNCIL_COLOUR, zorder=4,
                bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none",
                      "alpha": 0.85})
    ax.set_xticks(xs, [f"{d:%b} {d:%y}" for d, _ in s.points], fontsize=7)
    ax.set_xlim(-0.4, len(xs) - 0.6)
    ticks, labels = _ticks(bottom, top, s.unit)
    ax.set_yticks(ticks, labels)
    ax.tick_params(axis="y", labelsize=7)
    ax.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
    heading = textwrap.fill(f"{s.number} {s.title}".strip(), 38)
    if heading.count("\n") > 2:
        heading = "\n".join(heading.split("\n")[:3]).rstrip(".,; ") + "…"
    ax.set_title(heading, fontsize=8, loc="left", fontweight="bold")
