"""``carepanel care-leavers``: how many care leavers a council has on a date, by status and age.

What a Panel is told ("218 care leavers over 18") is an aggregate, so this command prints
counts only, never a child's identifier; child-level statuses are for analysts, through
``carepanel.care_leaver.statuses``. Counts are not suppressed here: disclosure control is
applied where figures are published.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from carepanel import care_leaver
from carepanel.console import DateOptionError, option_date

app = typer.Typer(add_completion=False)
console = Console()
err = Console(stderr=True)

FORMATS = ("text", "json", "csv")


def _summarise(rows: list[care_leaver.CountRow], las: list[str], on: dt.date) -> dict:
    """Counts per council: by status, by age (each age 16 to 24, split by status), total."""
    n: dict[tuple[str, str, int], int] = defaultdict(int)
    for r in rows:
        n[(r.la_code, r.status, r.age)] += r.young_people
    councils = []
    for la in las:
        by_status = {s: sum(n[(la, s, a)] for a in care_leaver.AGES)
                     for s in care_leaver.STATUSES}
        by_age = []
        for a in care_leaver.AGES:
            row = {"age": a, **{s: n[(la, s, a)] for s in care_leaver.STATUSES}}
            row["total"] = sum(row[s] for s in care_leaver.STATUSES)
            by_age.append(row)
        councils.append({"la_code": la, "by_status": by_status,
                         "total": sum(by_status.values()), "by_age": by_age})
    return {"date": on.isoformat(), "councils": councils}


def _print_text(summary: dict) -> None:
    on = dt.date.fromisoformat(summary["date"])
    for c in summary["councils"]:
        t = RichTable(title=f"Care leavers on {on:%d %B %Y}, council {c['la_code']}")
        t.add_column("Status")
        t.add_column("Young people", justify="right")
        for s in care_leaver.STATUSES:
            t.add_row(care_leaver.LABELS[s], str(c["by_status"][s]))
        t.add_row("all care leavers", str(c["total"]), style="bold")
        console.print(t)
        a = RichTable(title=f"By age on {on:%d %B %Y}, council {c['la_code']}")
        a.add_column("Age", justify="right")
        for s in care_leaver.STATUSES:
            a.add_column(s.replace("_", " "), justify="right")
        a.add_column("all", justify="right")
        for row in c["by_age"]:
            a.add_row(str(row["age"]), *(str(row[s]) for s in care_leaver.STATUSES),
                      str(row["total"]))
        console.print(a)


def _print_csv(summary: dict) -> None:
    """Long format, one row per council, status and age (zeros included); text through the
    one spreadsheet formula guard, as every export."""
    from carepanel.reports.safe import safe_text

    w = csv.writer(sys.stdout)
    w.writerow(["date", "la_code", "status", "age", "young_people"])
    for c in summary["councils"]:
        for row in c["by_age"]:
            for s in care_leaver.STATUSES:
                w.writerow([summary["date"], safe_text(c["la_code"]), s, row["age"], row[s]])


@app.callback(invoke_without_command=True)
def care_leavers(
    date: Annotated[str, typer.Option("--date", help="The date to count on (YYYY-MM-DD).")],
    warehouse: Annotated[
        Path | None,
        typer.Option("--warehouse", "-w",
                     help="DuckDB warehouse file. Default: $CAREPANEL_WAREHOUSE, else "
                          "warehouse.duckdb in your user data directory."),
    ] = None,
    la: Annotated[str | None, typer.Option("--la", help="Only this council (e.g. 883).")
                  ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, json or csv")] = "text",
) -> None:
    """Count care leavers on a date, by status and by age (counts only, no child ids).

    Eligible: aged 16-17, looked after, 13 weeks in care since 14 (some after 16).

    Relevant: aged 16-17, left care as an eligible child.

    Former relevant: aged 18 up to 25, eligible or relevant before 18 (Children Act 1989).
    """
    from carepanel.warehouse import Warehouse, default_path

    try:
        on = option_date(date, "--date")
    except DateOptionError as e:
        err.print(str(e), style="red", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    if fmt not in FORMATS:
        err.print(f"[red]--format: {fmt!r} is not one of {', '.join(FORMATS)}[/red]")
        raise typer.Exit(2)
    path = warehouse or default_path()
    try:
        with Warehouse.open(path, read_only=True) as wh:
            known = wh.councils()
            if la is not None and la not in known:
                err.print(f"[red]no returns loaded for council {la}; the warehouse holds "
                          f"{', '.join(known) or 'none'}[/red]")
                raise typer.Exit(1)
            las = [la] if la is not None else known
            rows = care_leaver.counts(wh.con, on, la_codes=las)
    except FileNotFoundError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from None
    summary = _summarise(rows, las, on)
    if fmt == "json":
        typer.echo(json.dumps(summary, indent=2))
    elif fmt == "csv":
        _print_csv(summary)
    else:
        _print_text(summary)
