"""The ``carepanel`` command: the user's front door to every step of the pipeline."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, overload

import typer
from rich.console import Console
from rich.table import Table as RichTable

from carepanel import output as output_file
from carepanel.console import (
    DateOptionError,
    WarehouseOpt,
    console,
    err,
    option_date,
    progress,
)
from carepanel.indicators.options import IndicatorsDirOpt, use_indicators_dir
from carepanel.ssda903.findings import Finding, LoadRefused

if TYPE_CHECKING:
    from carepanel.ssda903.intake import Request
    from carepanel.ssda903.returns import Return
    from carepanel.ssda903.validation_report import FindingSource


class TextOrCsv(enum.StrEnum):
    text = "text"
    csv = "csv"


class TextOrJson(enum.StrEnum):
    text = "text"
    json = "json"


class FindingsFormat(enum.StrEnum):
    text = "text"
    json = "json"
    xlsx = "xlsx"


def escaped(text: str) -> str:
    """Text from a council's file as a terminal may show it: control characters escaped,
    so a file can never move the cursor or recolour the screen."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)

app = typer.Typer(
    help="carepanel: SSDA903 returns to the Corporate Parenting Panel's scorecard and reports.",
    no_args_is_help=True,
    add_completion=False,
)

LaOpt = Annotated[
    str | None,
    typer.Option("--la", help="Council code (e.g. 883) when the folder name does not say."),
]
RefOpt = Annotated[
    str | None,
    typer.Option("--reference-date",
                 help="Date an in-year extract describes (YYYY-MM-DD): a June extract gives "
                      "the Quarter 1 picture. Default: the collection year's 31 March."),
]
YearOpt = Annotated[
    str | None,
    typer.Option("--year",
                 help="Collection year of the return, e.g. 2024/25. Default: from the folder "
                      "or file names (ssda903_2025, 2024-25), else from the bulk of the "
                      "return's dates."),
]


def _year(text: str | None) -> int | None:
    from carepanel.ssda903.collection_year import YearError, parse_year

    if text is None:
        return None
    try:
        return parse_year(text)
    except YearError as e:
        err.print(f"--year: {e}", style="red", markup=False, highlight=False)
        raise typer.Exit(2) from None


def _la(code: str | None) -> str | None:
    """Council codes are three digits: a typo here would file a return under no council."""
    from carepanel.ssda903.intake import LA_CODE

    if code is not None and not LA_CODE.fullmatch(code):
        err.print(f"--la: {code!r} is not a council code: council codes are three digits, "
                  "e.g. 883", style="red", markup=False, highlight=False)
        raise typer.Exit(2)
    return code


@overload
def _date(text: str, option: str) -> dt.date: ...
@overload
def _date(text: None, option: str) -> None: ...
def _date(text: str | None, option: str) -> dt.date | None:
    """The option's date; a bad one is one line on standard error and exit status 2."""
    if text is None:
        return None
    try:
        return option_date(text, option)
    except DateOptionError as e:
        err.print(str(e), style="red", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def _print_findings(findings: list[Finding], limit: int = 50, total: int | None = None
                    ) -> None:
    for f in findings[:limit]:
        colour = "red" if f.severity == "error" else "yellow"
        err.print(f"{f.severity}: {escaped(str(f))}", style=colour, markup=False,
                  highlight=False, soft_wrap=True)
    total = len(findings) if total is None else total
    if total > min(limit, len(findings)):
        err.print(f"... and {total - min(limit, len(findings))} more (carepanel validate "
                  "--format json or xlsx lists them all)")


@app.command()
def synth(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the returns into.")],
    children: Annotated[int, typer.Option(help="Children looked after at each 31 March.")] = 500,
    years: Annotated[int, typer.Option(help="Number of annual returns.")] = 3,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same bytes.")] = 1,
    la_code: Annotated[str, typer.Option("--la-code", help="Council code of the first council.")
                       ] = "999",
    councils: Annotated[int, typer.Option(help="Number of councils to generate.")] = 1,
    errors: Annotated[float, typer.Option(help="Share of rows given realistic errors (0-1).")
                      ] = 0.0,
    last_year: Annotated[int, typer.Option(help="Year of the last return's 31 March.")] = 2025,
) -> None:
    """Write synthetic SSDA903 returns (one folder per return) for testing and demos."""
    from carepanel.ssda903 import synth as synth_mod

    if children < 1 or years < 1 or councils < 1 or not 0 <= errors <= 1:
        err.print("[red]--children, --years and --councils must be at least 1; "
                  "--errors between 0 and 1[/red]")
        raise typer.Exit(2)
    try:
        with progress("Generating") as update:
            result = synth_mod.generate(out_dir, children=children, years=years, seed=seed,
                                        la_code=la_code, councils=councils, errors=errors,
                                        last_year=last_year,
                                        progress=lambda d, t: update(d, t, "returns"))
    except ValueError as e:  # the generator's own checks: years it knows, council codes
        err.print(str(e), style="red", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    console.print(f"Wrote {len(result.returns)} returns for {len(result.la_codes)} "
                  f"council(s) under {out_dir}")
    if result.manifest:
        console.print(f"Injected errors are listed in {result.manifest}")


CompareOpt = Annotated[
    Path | None,
    typer.Option("--warehouse", "-w",
                 help="A warehouse to take last year's returns from when they are not among "
                      "PATHs, for the DfE rules that compare with last year. Opened "
                      "read-only: validate never changes it. Default: none."),
]
PreviousOpt = Annotated[
    list[Path] | None,
    typer.Option("--previous",
                 help="Last year's return (a folder, CSV files or a workbook), for the DfE "
                      "rules that compare with last year. Only read: its own errors do not "
                      "count. Default: last year's return among PATHs, else in --warehouse."),
]

ProviderListsOpt = Annotated[
    list[Path] | None,
    typer.Option("--provider-lists",
                 help="Ofsted's children's homes list and social care providers list (the "
                      ".xlsx workbooks as Ofsted publishes them), for the DfE rules that "
                      "check a placement's URN (1008, 219, 221, 224, 227, 228, 229, 241). "
                      "Give the option once per file. Default: those rules are not run."),
]


def _print_notes(notes: list[str], out: Console) -> None:
    for note in notes:
        out.print(note, markup=False, highlight=False, soft_wrap=True)


def _request(paths: list[Path], la: str | None, year: str | None, reference_date: str | None,
             previous: list[Path] | None = None,
             provider_lists: list[Path] | None = None) -> Request:
    from carepanel.ssda903.intake import Request

    return Request(paths, la_code=_la(la), year=_year(year),
                   reference_date=_date(reference_date, "--reference-date"),
                   previous=previous or (), provider_lists=provider_lists or ())


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Return folders, CSV files or workbooks.")],
    la: LaOpt = None,
    year: YearOpt = None,
    reference_date: RefOpt = None,
    previous: PreviousOpt = None,
    provider_lists: ProviderListsOpt = None,
    fmt: Annotated[FindingsFormat, typer.Option(
        "--format", help="text: by rule, then by child; json: the contract in "
                         "docs/validation_json.md; xlsx: the workbook councils download "
                         "(needs --output).")] = FindingsFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Write to this file.")] = None,
    warehouse: CompareOpt = None,
) -> None:
    """Check returns against the DfE's rules without loading them.

    Exit status: 0 when clean or with warnings only, 1 when errors are found, 2 when the
    input cannot be used (a file that cannot be read, no council, no year).
    """
    from carepanel.ssda903 import intake

    if warehouse is not None and not warehouse.is_file():
        err.print(f"[red]--warehouse: no warehouse at {warehouse}[/red]")
        raise typer.Exit(2)
    if fmt is FindingsFormat.xlsx and output is None:
        err.print("[red]--format xlsx needs --output FILE.xlsx[/red]")
        raise typer.Exit(2)
    if output is not None:
        output_file.check(output)
    request = _request(paths, la, year, reference_date, previous, provider_lists)
    from carepanel.ssda903 import validation_report

    with progress("Checking") as update, intake.open_run(request, warehouse=warehouse,
                                                          progress=update) as run:
        source = validation_report.from_run(run.con, run.returns, run.refusals)
        if fmt is not FindingsFormat.text or output is not None:
            # The report goes to the file or standard output; what was checked, to stderr.
            _print_notes([f"Checked {r.describe_year()}" for r in run.returns]
                         + run.notes, err)
        _write_findings(source, fmt, output, run.folder)
        status = validation_report.exit_status(source)
    raise typer.Exit(status)


def _write_findings(source: FindingSource, fmt: FindingsFormat, output: Path | None,
                    folder: Path | None = None) -> None:
    from carepanel.ssda903 import validation_report

    if fmt is FindingsFormat.xlsx:
        assert output is not None
        try:
            validation_report.write_xlsx(source, output, tmpdir=folder)
        except OSError as e:
            err.print(f"--output {output}: {e.strerror or e}", style="red", markup=False,
                      highlight=False)
            raise typer.Exit(2) from None
    else:
        with _opened(output) as out:
            (validation_report.write_json if fmt is FindingsFormat.json
             else validation_report.write_text)(source, out)
    if output is not None:
        err.print(f"Wrote {output}", markup=False, highlight=False)


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Return folders, CSV files or workbooks.")],
    warehouse: WarehouseOpt = None,
    la: LaOpt = None,
    year: YearOpt = None,
    reference_date: RefOpt = None,
    previous: PreviousOpt = None,
    provider_lists: ProviderListsOpt = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Refuse any return with an error, leaving the warehouse unchanged. "
                         "Default: bad values are stored as findings and left out of the "
                         "figures, so the Panel still gets its scorecard.")] = False,
    allow_shrink: Annotated[bool, typer.Option(
        "--allow-shrink", help="Load a return even though it would close most of a council's "
                               "open episodes or holds no rows (usually a partial extract).")
                            ] = False,
) -> None:
    """Load returns and local files into the warehouse, all or nothing.

    A return that cannot be read safely is refused whole. Bad values are not: each is a
    finding of severity error (see carepanel findings), kept as received and left out of
    the figures.
    """
    from carepanel.ssda903 import intake
    from carepanel.warehouse import default_path

    target = warehouse or default_path()
    request = _request(paths, la, year, reference_date, previous, provider_lists)
    try:
        with progress("Loading") as update, intake.open_run(
                request, warehouse=target, write=True, progress=update) as run:
            notes = run.notes
            result = intake.store(run, strict=strict, allow_shrink=allow_shrink,
                                  progress=update)
            loaded = sorted({r.la_code for r in result.loaded + result.unchanged})
            summary = run.warehouse.summary(loaded) if run.warehouse else {"councils": []}
    except LoadRefused as e:
        _print_findings(e.findings, total=e.total)
        err.print(f"[red bold]Refused: {e.total} problem(s). Nothing was loaded; the "
                  "warehouse is unchanged.[/red bold]")
        raise typer.Exit(1) from None
    console.print(f"Warehouse: {target}", markup=False, highlight=False, soft_wrap=True)
    for ret in sorted(result.loaded, key=lambda r: (r.kind != "ssda903", r.la_code,
                                                    r.reference_date)):
        console.print(_loaded_line(ret), highlight=False, markup=False, soft_wrap=True)
    if result.unchanged:
        console.print(f"{len(result.unchanged)} return(s) already loaded and unchanged.")
    _print_notes(notes, console)
    warnings = sum(r.warnings for r in result.loaded)
    if warnings:
        console.print(f"{warnings} DfE validation warning(s) recorded: "
                      "see carepanel findings for details.")
    _print_summary(summary)


def _loaded_line(ret: Return) -> str:
    """"Loaded 883 2024/25 with 93 errors in 71 rows (see carepanel findings)", and why
    that year."""
    what = (f"Loaded {ret.la_code} {ret.year_label}" if ret.kind == "ssda903"
            else f"Loaded {ret.la_code}'s local files for {ret.year_label}")
    if ret.in_year:
        what += f" to {ret.reference_date:%-d %B %Y}"
    if ret.errors:
        what += (f" with {ret.errors} error(s) in {ret.error_rows} row(s) (see "
                 f"carepanel findings --la {ret.la_code} --year {ret.year_label})")
    else:
        what += " with no errors"
    return f"{what}; the year is {ret.year_from}"


@app.command()
def findings(
    warehouse: WarehouseOpt = None,
    la: LaOpt = None,
    year: YearOpt = None,
    fmt: Annotated[FindingsFormat, typer.Option(
        "--format", help="text, json or xlsx (xlsx needs --output).")] = FindingsFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Write to this file.")] = None,
) -> None:
    """The errors and warnings stored with the returns in the warehouse (analysts: shows
    child identifiers)."""
    from carepanel.ssda903 import validation_report
    from carepanel.warehouse import Warehouse

    if fmt is FindingsFormat.xlsx and output is None:
        err.print("[red]--format xlsx needs --output FILE.xlsx[/red]")
        raise typer.Exit(2)
    code, wanted = _la(la), _year(year)
    if output is not None:
        output_file.check(output)
    try:
        with Warehouse.open(warehouse, read_only=True) as wh:
            source = validation_report.from_warehouse(wh.con, code, wanted)
            _write_findings(source, fmt, output)
    except FileNotFoundError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from None


@contextmanager
def _opened(output: Path | None, *, binary: bool = False) -> Iterator[IO]:
    """``output`` opened for writing, or standard output; a folder that does not exist or
    a file that cannot be written is one clear line, not a traceback."""
    if output is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    try:
        fh: IO = (open(output, "wb") if binary  # noqa: SIM115
                  else open(output, "w", encoding="utf-8", newline=""))  # noqa: SIM115
    except OSError as e:
        err.print(f"--output {output}: {e.strerror or e}", style="red", markup=False,
                  highlight=False)
        raise typer.Exit(2) from None
    with fh:
        yield fh


# Up to this many councils, a table each; beyond (a region, England), one row each.
SUMMARY_TABLES = 5


def _print_summary(summary: dict) -> None:
    if len(summary["councils"]) > SUMMARY_TABLES:
        _print_councils(summary)
        return
    for c in summary["councils"]:
        t = RichTable(title=f"Council {c['la_code']}: {c['children']} children, "
                            f"{c['episodes']} episodes in the history")
        for col in ("Collection year", "Looked after during year", "Episodes in year",
                    "Looked after at 31 March"):
            t.add_column(col, justify="right")
        for y in c["years"]:
            t.add_row(y["collection_year"], str(y["children_looked_after"]),
                      str(y["episodes"]), str(y["looked_after_at_31_march"]))
        console.print(t)
        if c["repairs"]:
            for reason, n in c["repairs"].items():
                console.print(f"  repairs to the history: {n} x {reason}")
        else:
            console.print("  repairs to the history: none")


def _print_councils(summary: dict) -> None:
    t = RichTable(title=f"{len(summary['councils'])} councils in the history")
    for col in ("Council", "Returns", "Children", "Episodes", "Latest year",
                "Looked after at 31 March", "Errors", "Warnings", "Repairs"):
        t.add_column(col, justify="right")
    for c in summary["councils"]:
        latest = c["years"][-1] if c["years"] else None
        t.add_row(c["la_code"], str(len(c["returns"])), f"{c['children']:,}",
                  f"{c['episodes']:,}", latest["collection_year"] if latest else "",
                  f"{latest['looked_after_at_31_march']:,}" if latest else "",
                  f"{c['errors']:,}", f"{c['warnings']:,}", f"{sum(c['repairs'].values()):,}")
    console.print(t)


@app.command()
def summary(
    warehouse: WarehouseOpt = None,
    fmt: Annotated[TextOrJson, typer.Option("--format", help="text or json")] = TextOrJson.text,
) -> None:
    """What the warehouse holds: councils, returns, children and episodes per year."""
    from carepanel.warehouse import Warehouse

    try:
        with Warehouse.open(warehouse, read_only=True) as wh:
            data = wh.summary()
    except FileNotFoundError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from None
    if fmt is TextOrJson.json:
        console.print_json(json.dumps(data, default=str))
    else:
        _print_summary(data)


@app.command()
def repairs(
    warehouse: WarehouseOpt = None,
    la: LaOpt = None,
    fmt: Annotated[TextOrCsv, typer.Option("--format", help="text or csv")] = TextOrCsv.text,
) -> None:
    """List the repairs the history made to what returns said (analysts: shows child ids)."""
    from carepanel.warehouse import Warehouse

    try:
        with Warehouse.open(warehouse, read_only=True) as wh:
            rows = wh.repairs(la)
    except FileNotFoundError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from None
    if fmt is TextOrCsv.csv:
        w = csv.writer(sys.stdout)
        if rows:
            w.writerow(rows[0].keys())
        for r in rows:
            w.writerow([_csv_cell(v) for v in r.values()])
        return
    for r in rows:
        console.print(f"{r['la_code']} child {r['child']} episode from {r['decom']}: "
                      f"{r['reason']}, ended {r['new_dec']}", highlight=False)
    console.print(f"{len(rows)} repair(s)")


@app.command()
def indicators(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Return folders to compute from directly (kept in memory, nothing stored). "
             "Leave out to use the warehouse.")] = None,
    period_end: Annotated[str | None, typer.Option(
        "--period-end", help="Last day of the period measured (YYYY-MM-DD), e.g. the "
                             "30 June of a Quarter 1 extract.")] = None,
    period: Annotated[str | None, typer.Option(
        "--period", help="Which period ends on --period-end: 12-months (the default: the "
                         "rolling year), quarter (the 3 months to it, which must then be "
                         "30 June, 30 September, 31 December or 31 March) or year-to-date "
                         "(from the 1 April on or before it). Indicators the DfE defines "
                         "only over 12 months are null with a note for a shorter period.")
    ] = None,
    period_start: Annotated[str | None, typer.Option(
        "--period-start", help="First day of the period (YYYY-MM-DD), for any other "
                               "period; instead of --period.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json or csv")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")
                      ] = None,
    warehouse: WarehouseOpt = None,
    la: LaOpt = None,
    only: Annotated[list[str] | None, typer.Option("--id", help="Only these indicators.")
                    ] = None,
    explain: Annotated[str | None, typer.Option(
        "--explain", help="Print an indicator's definition and SQL, and stop.")] = None,
    list_all: Annotated[bool, typer.Option("--list", help="List every indicator and stop.")
                        ] = False,
    indicators_dir: IndicatorsDirOpt = None,
) -> None:
    """Compute every indicator for the period to --period-end (by default the 12 months
    to it), for every council."""
    from carepanel.indicators.catalogue import UnknownIndicator, catalogue, get

    use_indicators_dir(indicators_dir)
    try:
        if explain:
            _explain(get(explain))
            return
        if list_all:
            for ind in catalogue().values():
                own = "  (council's own)" if ind.own else ""
                console.print(f"{ind.id:40} {ind.unit:13} {ind.polarity:8} "
                              f"{escaped(ind.title)}{own}", markup=False, highlight=False)
            return
        if period_end is None:
            err.print("[red]--period-end is required (YYYY-MM-DD)[/red]")
            raise typer.Exit(2)
        if fmt not in ("json", "csv"):
            err.print(f"[red]--format must be json or csv, not {fmt!r}[/red]")
            raise typer.Exit(2)
        end = _date(period_end, "--period-end")
        start = _period_start(end, period, period_start)
        if output:
            output_file.check(output)
        results = _compute(paths, end, start, warehouse, la, only)
    except UnknownIndicator as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from None
    text = _format_results(results, fmt, start, end)
    if output:
        output_file.write_text(output, text)
        console.print(f"Wrote {len(results)} results to {output}", markup=False,
                      highlight=False)
    else:
        sys.stdout.write(text)


def _explain(ind) -> None:
    """An indicator's header and SQL. A council's own file is shown as text: never read as
    Rich markup, control characters escaped."""
    def say(text: str = "") -> None:
        console.print("\n".join(escaped(line) for line in text.split("\n")), markup=False,
                      highlight=False, soft_wrap=True)  # a path or SQL is never cut

    console.print(f"[bold]{ind.id}[/bold]: ", end="")
    say(ind.title)
    if ind.own:
        say(f"the council's own indicator, from {ind.file}")
    say(f"unit: {ind.unit}   polarity: {ind.polarity}   cohort: {ind.cohort}   "
        f"source: {ind.source}")
    if ind.requires:
        say(f"needs: {', '.join(ind.requires)}")
    period = "any" if ind.period == "any" else "12 months only"
    say(f"period: {period}" + (f" ({ind.period_note})" if ind.period_note else ""))
    say(ind.definition)
    say()
    say(ind.sql)
    say()
    from carepanel.indicators.docs import CHILDREN_NOTE

    say("Children in this measure" + ("" if ind.children else " (every child of its cohort)")
        + ":")
    say(ind.children_sql)
    say()
    say(CHILDREN_NOTE)


def _period_start(end: dt.date, period: str | None, start_text: str | None) -> dt.date:
    """The first day of the period asked for with --period or --period-start."""
    from carepanel.cohorts import PERIODS, PeriodError, chosen_start

    if period is not None and period not in PERIODS:
        err.print(f"--period must be one of {', '.join(PERIODS)}, not {period!r}",
                  style="red", markup=False, highlight=False)
        raise typer.Exit(2)
    try:
        return chosen_start(end, period, _date(start_text, "--period-start"))
    except PeriodError as e:
        err.print(str(e), style="red", markup=False, highlight=False)
        raise typer.Exit(2) from None


def _compute(paths: list[Path] | None, period_end: dt.date, period_start: dt.date,
             warehouse: Path | None, la: str | None, only: list[str] | None) -> list:
    from carepanel.indicators.catalogue import IndicatorFileError
    from carepanel.indicators.engine import NoData, compute
    from carepanel.ssda903 import intake
    from carepanel.warehouse import Warehouse

    try:
        if paths:
            request = intake.Request(paths, la_code=_la(la))
            try:
                with progress("Reading") as update, \
                        intake.in_memory(request, progress=update) as wh:
                    return compute(wh.con, period_end, period_start, ids=only,
                                   progress=update)
            except LoadRefused as e:
                _print_findings(e.findings, total=e.total)
                err.print("[red bold]Refused: fix the problems above first.[/red bold]")
                raise typer.Exit(1) from None
        with Warehouse.open(warehouse, read_only=True) as wh, progress("Computing") as update:
            return compute(wh.con, period_end, period_start, la_codes=[la] if la else None,
                           ids=only, progress=update)
    except (NoData, FileNotFoundError) as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from None
    except IndicatorFileError as e:
        err.print(str(e), style="red", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


def _format_results(results: list, fmt: str, start: dt.date, end: dt.date) -> str:
    fields = ["id", "la_code", "unit", "numerator", "denominator", "value", "note"]
    if fmt == "json":
        doc = {"period_start": start.isoformat(), "period_end": end.isoformat(),
               "indicators": [{k: getattr(r, k) for k in fields} for r in results]}
        return json.dumps(doc, indent=2) + "\n"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["period_start", "period_end", *fields])
    for r in results:
        w.writerow([r.period_start, r.period_end, *[_csv_cell(getattr(r, k)) for k in fields]])
    return buf.getvalue()


def _csv_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is written as plain text (the one
    guard, reports.safe)."""
    from carepanel.reports.safe import safe_text

    return "" if value is None else safe_text(value)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[bool, typer.Option(help="Create demo people for each role and a demo "
                                            "strategy, and print their logins.")] = False,
    demo_password: Annotated[str | None, typer.Option(
        help="Password for the demo people (default: a new random one).")] = None,
) -> None:
    """Run the web application on this machine (Django's server, for a demo or one user)."""
    from carepanel.web.serve import serve as run  # imported here: the CLI needs no Django

    run(host=host, port=port, demo=demo, password=demo_password)


@app.command()
def worker(
    once: Annotated[bool, typer.Option(
        "--once", help="Run the jobs waiting now, then exit (cron).")] = False,
) -> None:
    """Run the web application's background jobs (uploads, recalculations) as a process of
    its own, for a server with CAREPANEL_WORKER=external. Stops on Ctrl+C or SIGTERM once
    the job running has finished."""
    from carepanel.web.serve import run_worker  # imported here: the CLI needs no Django

    run_worker(once=once)


def _register_subcommands() -> None:
    from carepanel import care_leaver_cli
    from carepanel.benchmarks.cli import app as benchmarks_app
    from carepanel.reports.cli import app as report_app
    from carepanel.scorecard.cli import app as scorecard_app

    app.add_typer(care_leaver_cli.app, name="care-leavers",
                  help="Care leavers by status (eligible, relevant, former relevant) and age.")
    app.add_typer(benchmarks_app, name="benchmarks",
                  help="Load the DfE's published tables; show England, region, neighbours.")
    app.add_typer(report_app, name="report",
                  help="The Panel's papers: scorecard, strategy progress, annual report.")
    app.add_typer(scorecard_app, name="scorecard",
                  help="The Panel's scorecard: measures by pledge with RAG, trend, benchmarks.")


_register_subcommands()


def main() -> None:
    """The ``carepanel`` command (the console script, and ``python -m carepanel``).

    Nothing a user does should end in a traceback. A fault (a full disk, a locked or
    damaged warehouse, an output folder that does not exist) is one line saying what to
    do; anything else is one line naming the command and where in carepanel it failed,
    exit status 2. Never the error's own text: it can quote a value from a return (a
    DuckDB conversion error, a KeyError on a child's identifier). ``CAREPANEL_DEBUG=1``
    shows the traceback instead, for a developer.
    """
    try:
        try:
            app()
        finally:
            _flush_output()
    except BrokenPipeError:  # `carepanel ... | head`: the reader has all it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for Python's flush at exit
        sys.exit(1)
    except Exception as e:
        if os.environ.get("CAREPANEL_DEBUG") == "1":
            raise
        sys.stderr.write(f"carepanel: {_backstop_line(e, sys.argv[1:])}\n")
        sys.stderr.flush()
        sys.exit(2)


def _flush_output() -> None:
    """Flush what is still buffered for standard output now, while a failure (a full disk
    under a redirect, a closed pipe) can still be told in one line; Python's own flush at
    exit would print "Exception ignored" and a traceback."""
    from carepanel.faults import DiskFull, disk_full

    try:
        sys.stdout.flush()
    except OSError as e:
        # Open for the rest of the process: nothing is left for Python to flush at exit.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        if disk_full(e) is not None:
            raise DiskFull("no space left on device while writing the output: free some "
                           "space and try again") from None
        raise


def _backstop_line(error: BaseException, args: list[str]) -> str:
    from carepanel.faults import explain

    known = explain(error)
    if known is not None:
        return known
    where = _where(error)
    return (f"unexpected error in {_command_name(args)}{where}; run with CAREPANEL_DEBUG=1 "
            "for the details")


def _command_name(args: list[str]) -> str:
    """"report scorecard": the command words of the arguments, as the user typed them."""
    group = typer.main.get_command(app)
    words = []
    for arg in args:
        commands = getattr(group, "commands", {})
        if arg not in commands:
            break
        words.append(arg)
        group = commands[arg]
    return " ".join(words) or "carepanel"


def _where(error: BaseException) -> str:
    """" (in carepanel/warehouse.py, line 231)": the last place in carepanel's own code,
    for a bug report; a file and line hold no data."""
    import traceback

    package = Path(__file__).resolve().parent
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if Path(f.filename).resolve().is_relative_to(package)]
    if not frames:
        return ""
    last = frames[-1]
    shown = Path(last.filename).resolve().relative_to(package.parent).as_posix()
    return f" (in {shown}, line {last.lineno})"
