"""``carepanel benchmarks``: load the DfE's published tables and show a council's comparators.

``load DIR`` reads a folder of the DfE's CSV tables (as downloaded from Explore Education
Statistics) into the warehouse; ``show`` prints England, the region and the statistical
neighbours' median beside the council's own published figure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from carepanel.console import WarehouseOpt, console, err, progress

app = typer.Typer(
    help="Benchmarks: England, regional and statistical-neighbour figures the DfE publishes.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def load(
    directory: Annotated[Path, typer.Argument(
        help="Folder of the DfE's CSV tables (or one CSV file).")],
    warehouse: WarehouseOpt = None,
) -> None:
    """Load the DfE's published tables: benchmarks, neighbours, populations."""
    from carepanel.benchmarks.load import BenchmarkFileError
    from carepanel.benchmarks.load import load as load_dir
    from carepanel.warehouse import default_path

    target = warehouse or default_path()
    try:
        with progress("Reading") as update:
            report = load_dir(directory, target, progress=update)
    except (BenchmarkFileError, FileNotFoundError) as e:
        err.print(f"error: {e}", style="red", markup=False, highlight=False, soft_wrap=True)
        err.print("Nothing was loaded: the warehouse is unchanged.")
        raise typer.Exit(1) from None
    table = RichTable("file", "loaded as", "rows", "what", title="Loaded")
    for f in report.loaded:
        table.add_row(f.name, f.kind, str(f.rows), f.detail)
    if report.loaded:
        console.print(table)
    for f in report.skipped:
        console.print(f"skipped {f.name}: {f.detail}", markup=False, highlight=False)
    if not report.loaded:
        err.print(f"No DfE table carepanel uses was found in {directory}: nothing loaded.",
                  style="red")
        raise typer.Exit(1)
    console.print(f"Warehouse: {report.warehouse}")


def _fmt(value: float | None, symbol: str | None) -> str:
    if value is None:
        return symbol or "-"
    return f"{value:g}"


@app.command()
def show(
    la: Annotated[str, typer.Option("--la", help="Council code (3 digits, e.g. 883).")],
    year: Annotated[int, typer.Option("--year", help="Year ending 31 March (e.g. 2025).")],
    indicator: Annotated[str | None, typer.Option(
        "--indicator", help="One indicator id; all benchmarked indicators if omitted.")] = None,
    warehouse: WarehouseOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """England, region and statistical-neighbour figures for one council and year."""
    from carepanel.benchmarks.query import available_indicators, benchmarks_for, geography
    from carepanel.warehouse import Warehouse

    if fmt not in ("text", "json"):
        err.print("--format must be text or json", style="red")
        raise typer.Exit(2)
    try:
        with Warehouse.open(warehouse, read_only=True) as wh:
            ids = [indicator] if indicator else available_indicators(wh.con)
            if not ids:
                err.print("No benchmarks loaded: run carepanel benchmarks load DIR",
                          style="red")
                raise typer.Exit(1)
            geo = geography(wh.con, la)
            results = [benchmarks_for(wh.con, la, i, year) for i in ids]
    except FileNotFoundError as e:
        err.print(f"error: {e}", style="red", markup=False)
        raise typer.Exit(1) from None
    found = [r for r in results if r is not None]
    missing = [i for i, r in zip(ids, results, strict=True) if r is None]
    if geo is None and not any(r["la"] is not None or r["neighbours"] for r in found):
        err.print(f"No published figures for council {la}: is it a 3-digit DfE code?",
                  style="red")
        raise typer.Exit(1)
    if fmt == "json":
        console.print_json(json.dumps({"la_code": la, "requested_year": year,
                                       "geography": geo, "benchmarks": found,
                                       "not_published": missing}))
        return
    name = (geo or {}).get("la_name") or la
    region = (geo or {}).get("region_name") or "region unknown"
    table = RichTable(title=f"{name} ({la}), {region}: published figures, year to 31 March "
                            f"{year}",
                      caption="SN median: median of the statistical neighbours whose figure "
                              "is published (SNs: how many of them)")
    table.add_column("indicator", overflow="fold")
    for heading in ("year", "council", "England", "region", "SN median", "SNs"):
        table.add_column(heading, justify="right", no_wrap=True)
    for r in found:
        shown_year = str(r["year"]) + ("*" if r["year"] != year else "")
        table.add_row(r["indicator_id"], shown_year, _fmt(r["la"], r["symbols"]["la"]),
                      _fmt(r["england"], r["symbols"]["england"]),
                      _fmt(r["region"], r["symbols"]["region"]),
                      _fmt(r["neighbours_median"], None),
                      f"{r['neighbours_counted']}/{len(r['neighbours'])}")
    console.print(table)
    if any(r["year"] != year for r in found):
        console.print(f"* not yet published for {year}: the latest earlier year is shown.")
    for i in missing:
        console.print(f"{i}: not published for {year} or earlier")
    if indicator and found and found[0]["neighbours"]:
        nt = RichTable("rank", "code", "council", "closeness", "value",
                       title=f"Statistical neighbours (model {found[0]['model']})")
        for n in found[0]["neighbours"]:
            nt.add_row(str(n["rank"]), n["la_code"], n["la_name"] or "", n["closeness"] or "",
                       _fmt(n["value"], n["symbol"]))
        console.print(nt)
    console.print("Symbols: c suppressed, x not available, z not applicable, "
                  "k rounds to zero but is not zero.")
