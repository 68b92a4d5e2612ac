"""``carepanel scorecard``: the Panel's scorecard for a period, as text, JSON or CSV.

Registered by the main command as a sub-app (``app.add_typer(scorecard.cli.app,
name="scorecard")``); its callback is the command itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from carepanel import output as output_file
from carepanel.console import DateOptionError, option_date
from carepanel.indicators.options import IndicatorsDirOpt, use_indicators_dir
from carepanel.reports.safe import safe_text
from carepanel.scorecard.build import MeasureResult, Scorecard

app = typer.Typer(add_completion=False)
err = Console(stderr=True)

FORMATS = ("text", "json", "csv")
CSV_COLUMNS = (
    "la_code", "la_name", "period_start", "period_end", "pledge_id", "pledge", "number",
    "title", "source", "indicator", "unit", "polarity", "value", "numerator", "denominator",
    "note", "target", "tolerance", "tolerance_type", "rag", "rag_reason",
    "commentary_required", "direction", "previous_quarter_end", "previous_quarter_value",
    "previous_quarter_note", "last_year_end", "last_year_value", "last_year_note",
    "benchmark_year", "england", "region", "region_name", "statistical_neighbours",
    "statistical_neighbours_count", "la_published", "owner", "frequency", "manual_source",
    "period", "children_in_measure", "children_with_errors",
)
RAG_STYLE = {"green": "bold green", "amber": "bold yellow", "red": "bold red",
             "no rating": "dim"}
DIRECTION_WORD = {"improving": "Improving", "worse": "Worse", "same": "No change",
                  "not comparable": "Not comparable"}


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"Error: {message}", style="red", markup=False, highlight=False,
              soft_wrap=True)
    return typer.Exit(code)


@app.callback(invoke_without_command=True)
def scorecard(
    period_end: Annotated[str, typer.Option(
        "--period-end", help="Last day of the period to report (YYYY-MM-DD), e.g. a "
                             "quarter end.")],
    period: Annotated[str | None, typer.Option(
        "--period", help="The period of every measure that does not set its own (period: "
                         "in the configuration): 12-months (the default: the rolling year), "
                         "quarter (the 3 months to --period-end, which must then be 30 "
                         "June, 30 September, 31 December or 31 March) or year-to-date "
                         "(from the 1 April on or before it). The previous quarter and last "
                         "year are periods of the same kind.")] = None,
    period_start: Annotated[str | None, typer.Option(
        "--period-start", help="First day of the period (YYYY-MM-DD), for any other "
                               "period; instead of --period.")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", help="Scorecard configuration (YAML). Default: carepanel's example "
                         "default.yaml.")] = None,
    manual: Annotated[Path | None, typer.Option(
        "--manual", help="Values of the manual measures (CSV or YAML).")] = None,
    warehouse: Annotated[Path | None, typer.Option(
        "--warehouse", "-w", help="DuckDB warehouse file. Default: $CAREPANEL_WAREHOUSE, "
                                  "else warehouse.duckdb in your user data directory.")] = None,
    la: Annotated[list[str] | None, typer.Option(
        "--la", help="Council code; repeat for several. Default: every council loaded.")
    ] = None,
    fmt: Annotated[str, typer.Option(
        "--format", help="text (a table per pledge), json (a list, one scorecard per "
                         "council) or csv (one row per measure and council).")] = "text",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of the screen.")] = None,
    indicators_dir: IndicatorsDirOpt = None,
) -> None:
    """The Panel's scorecard: every measure by pledge with target, RAG, trend and benchmarks.

    RAG: Green on or better than target, Amber worse but within the measure's tolerance,
    Red beyond it; No rating without a target or a value, or for context measures.
    Direction of travel compares with the same period last year.
    """
    from carepanel.cohorts import PERIODS, TWELVE_MONTHS, PeriodError
    from carepanel.indicators.catalogue import IndicatorFileError
    from carepanel.indicators.engine import NoData
    from carepanel.scorecard import build as build_mod
    from carepanel.scorecard.config import ConfigError
    from carepanel.scorecard.config import load as load_config
    from carepanel.scorecard.manual import ManualError
    from carepanel.scorecard.manual import load as load_manual
    from carepanel.warehouse import Warehouse, default_path

    if fmt not in FORMATS:
        raise _fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", 2)
    try:
        end = option_date(period_end, "--period-end")
        start = option_date(period_start, "--period-start") if period_start else None
    except DateOptionError as e:
        raise _fail(str(e), 2) from None
    if period is not None and period_start is not None:
        raise _fail("give either --period or --period-start, not both", 2)
    if period is not None and period not in PERIODS:
        raise _fail(f"--period must be one of {', '.join(PERIODS)}, not {period!r}", 2)
    if output is not None:
        output_file.check(output)
    use_indicators_dir(indicators_dir)
    try:
        cfg = load_config(config)
        values = load_manual(manual, cfg) if manual is not None else None
    except (ConfigError, ManualError) as e:
        raise _fail(str(e)) from None
    target = warehouse or default_path()
    try:
        with Warehouse.open(target, read_only=True) as wh:
            cards = build_mod.build(wh.con, cfg, end, la_codes=la or None, manual=values,
                                    period=period or TWELVE_MONTHS, period_start=start)
    except PeriodError as e:
        raise _fail(f"--period-start/--period: {e}", 2) from None
    except FileNotFoundError as e:
        raise _fail(str(e)) from None
    except (NoData, IndicatorFileError) as e:
        raise _fail(str(e)) from None

    if fmt == "json":
        text = json.dumps([c.as_dict() for c in cards], indent=2) + "\n"
    elif fmt == "csv":
        text = to_csv(cards)
    else:
        text = None
    if output is not None:
        if text is None:
            buffer = io.StringIO()
            print_text(cards, Console(file=buffer, width=160, color_system=None))
            text = buffer.getvalue()
        output_file.write_text(output, text)
        err.print(f"Wrote the scorecard to {output}", highlight=False, markup=False)
    elif text is None:
        screen = Console()
        print_text(cards, screen if screen.is_terminal else Console(width=160))
    else:
        typer.echo(text, nl=False)


# ---------------------------------------------------------------------------------------
# CSV


def safe_cell(value: Any) -> Any:
    """A cell spreadsheet software will not run as a formula; numbers stay numbers.

    Text a spreadsheet would run gets a leading apostrophe (``reports.safe``, the one
    guard: OWASP's advice for CSV injection); a measure title such as "-5% on last year"
    is thus shown, not evaluated.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    return safe_text(str(value))


def csv_row(card: Scorecard, pledge_id: str, pledge: str, r: MeasureResult) -> dict:
    d = r.as_dict()
    b = d["benchmarks"] or {}
    return {
        "la_code": card.la_code, "la_name": card.la_name,
        "period_start": d["period_start"] or card.period_start.isoformat(),
        "period_end": card.period_end.isoformat(), "pledge_id": pledge_id, "pledge": pledge,
        "period": r.period,
        **{k: d[k] for k in ("number", "title", "source", "indicator", "unit", "polarity",
                             "value", "numerator", "denominator", "note", "target", "rag",
                             "rag_reason", "commentary_required", "direction", "owner",
                             "frequency", "manual_source")},
        "tolerance": r.measure.rag.tolerance, "tolerance_type": r.measure.rag.tolerance_type,
        "previous_quarter_end": d["previous_quarter"]["period_end"],
        "previous_quarter_value": d["previous_quarter"]["value"],
        "previous_quarter_note": d["previous_quarter"]["note"],
        "last_year_end": d["last_year"]["period_end"],
        "last_year_value": d["last_year"]["value"], "last_year_note": d["last_year"]["note"],
        "benchmark_year": b.get("year"), "england": b.get("england"),
        "region": b.get("region"), "region_name": b.get("region_name"),
        "statistical_neighbours": b.get("statistical_neighbours"),
        "statistical_neighbours_count": b.get("statistical_neighbours_count"),
        "la_published": b.get("la"),
        "children_in_measure": r.data_quality.children if r.data_quality else None,
        "children_with_errors": (r.data_quality.children_with_errors if r.data_quality
                                 else None),
    }


def to_csv(cards: list[Scorecard]) -> str:
    """One row per measure and council, columns as ``CSV_COLUMNS``, values unrounded."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for card in cards:
        for p in card.pledges:
            for r in p.measures:
                row = csv_row(card, p.pledge.id, p.pledge.title, r)
                w.writerow([safe_cell(row[c]) for c in CSV_COLUMNS])
    return buf.getvalue()


# ---------------------------------------------------------------------------------------
# Text


def show(value: float | int | None, unit: str) -> str:
    """A value rounded for reading: 10.1%, 276, 68.4 per 10,000, 412 days, 14.2."""
    if value is None:
        return "n/a"
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "count":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if unit == "days":
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _year(year: int) -> str:
    """A collection year as councils write it: 2025 -> 2024/25."""
    return f"{year - 1}/{str(year)[2:]}"


def period_words(kind: str, start: dt.date, end: dt.date) -> str:
    """A period as the scorecard names it: "the 12 months 1 April 2024 to 31 March 2025",
    "the quarter 1 January 2025 to 31 March 2025", ..."""
    name = {"12-months": "the 12 months", "quarter": "the quarter",
            "year-to-date": "the year to date"}.get(kind, "the period")
    return f"{name} {start:%d %B %Y} to {end:%d %B %Y}"


def print_text(cards: list[Scorecard], console: Console) -> None:
    """A table per pledge; RAG and trend are words, so colour is never the only signal."""
    for card in cards:
        who = f"{card.la_code} {card.la_name}" if card.la_name else card.la_code
        console.print(Text(f"{card.title}: council {who}", style="bold"))
        kind = {"12-months": "12 months", "quarter": "quarter",
                "year-to-date": "year to date"}.get(card.period, "period")
        console.print(Text(
            f"{period_words(card.period, card.period_start, card.period_end)}; previous "
            f"quarter: the {kind} to {card.previous_quarter_end:%d %B %Y}"))
        console.print(Text(
            f"Trend against the {kind} to {card.last_year_end:%d %B %Y}; benchmarks: the "
            f"DfE's latest published year up to {_year(card.benchmark_year)}"))
        s = card.summary()
        console.print(Text(f"Green {s['green']}, Amber {s['amber']}, Red {s['red']}, "
                           f"No rating {s['no rating']}"))
        notes: list[str] = []
        for r in card.measures:
            if r.period != card.period and r.current.period_start is not None:
                now, prev, before = (
                    period_words(r.period, pv.period_start, pv.period_end)
                    if pv.period_start else pv.period_end.isoformat()
                    for pv in (r.current, r.previous_quarter, r.last_year))
                console.print(Text(f"Measure {r.measure.number} is for {now}; previous "
                                   f"quarter: {prev}; last year: {before}"))
        for p in card.pledges:
            table = Table(title=Text(f"Pledge {p.pledge.id}: {p.pledge.title}"),
                          title_justify="left", show_lines=False)
            table.add_column("No.", no_wrap=True)
            table.add_column("Measure", min_width=28)
            for col in ("Value", "Target", "RAG", "Previous quarter", "Last year", "Trend",
                        "England", "Region", "Stat. neighbours"):
                table.add_column(col, justify="right" if col not in ("RAG", "Trend") else
                                 "left", no_wrap=col in ("Value", "RAG", "Trend"))
            for r in p.measures:
                m, b = r.measure, r.benchmarks
                value = "suppressed" if r.current.suppressed else show(r.current.value, m.unit)
                table.add_row(
                    Text(m.number), Text(m.title), Text(value),
                    Text(show(m.target, m.unit) if m.target is not None else "none"),
                    Text(r.rating.word, style=RAG_STYLE[r.rating.rag]),
                    Text(show(r.previous_quarter.value, m.unit)),
                    Text(show(r.last_year.value, m.unit)),
                    Text(DIRECTION_WORD[r.direction]),
                    Text(show(b.england, m.unit) if b else "n/a"),
                    Text(show(b.region, m.unit) if b else "n/a"),
                    Text(show(b.statistical_neighbours, m.unit) if b else "n/a"))
                if r.current.note:
                    notes.append(f"{m.number}: {r.current.note}")
            console.print(table)
        earlier: dict[int, list[str]] = {}
        for r in card.measures:
            if r.benchmarks and r.benchmarks.year != card.benchmark_year:
                earlier.setdefault(r.benchmarks.year, []).append(r.measure.number)
        for year, numbers in sorted(earlier.items()):
            console.print(Text(f"Benchmarks from {_year(year)} (the latest published) for: "
                               f"{', '.join(numbers)}"))
        red = [r.measure.number for r in card.measures if r.rating.rag == "red"]
        if red:
            console.print(Text(f"Rated Red, commentary required: {', '.join(red)}",
                               style="bold"))
        if notes:
            console.print(Text("Notes on values not available:"))
            for n in notes:
                console.print(Text(f"  {n}"))
        print_data_quality(card, console)
        console.print()


def data_quality_lines(card: Scorecard) -> list[str]:
    """What the text scorecard says about data errors: the period's returns, then each
    measure whose children have any ("3.1: 3 of 403 children in this measure have data
    errors"); nothing for a measure with none."""
    q = card.data_quality
    if q is None:
        return []
    if not q.errors:
        return ["Data quality: the returns for this period hold no data errors."]
    lines = [f"Data quality: the returns for this period hold {q.errors:,} data "
             f"error{'s' if q.errors != 1 else ''} in {q.rows:,} row{'s' if q.rows != 1 else ''}"
             f", for {q.children:,} child{'ren' if q.children != 1 else ''} (carepanel "
             "findings lists them)."]
    for r in card.measures:
        said = r.data_quality.sentence() if r.data_quality else None
        if said:
            lines.append(f"  {r.measure.number}: {said}")
    return lines


def print_data_quality(card: Scorecard, console: Console) -> None:
    for line in data_quality_lines(card):
        console.print(Text(line))
