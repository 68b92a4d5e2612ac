"""``carepanel report``: the Panel's papers as PDF, Word, Excel or HTML.

Registered by the main command as a sub-app (``app.add_typer(reports.cli.app,
name="report")``) with three commands:

    carepanel report scorecard --period-end DATE --format pdf|docx|xlsx|html [--public]
    carepanel report progress --strategy strategy.yaml --format ... [--as-of DATE]
    carepanel report annual --year YYYY --format ... [--strategy strategy.yaml]

Each prints the path of every file it writes. Problems the paper itself shows (a Red
measure without commentary) are also printed as warnings; the paper is still written and
the command succeeds, so a paper can go out with the gap visible rather than not at all.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from carepanel import output as output_file
from carepanel.console import DateOptionError, option_date
from carepanel.reports.model import Report
from carepanel.reports.render import FORMATS
from carepanel.reports.render import write as write_report

if TYPE_CHECKING:
    from carepanel.scorecard.config import ScorecardConfig
    from carepanel.scorecard.manual import ManualValues

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="The Panel's papers: scorecard, strategy progress, annual report.")
err = Console(stderr=True)

FormatOption = Annotated[str, typer.Option(
    "--format", "-f", help="pdf (tagged PDF/UA), docx (Word), xlsx (Excel) or html.")]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help="The file to write (or a folder to write into). Default: a "
                           "name made from the paper, council and date, in this folder.")]
PublicOption = Annotated[bool, typer.Option(
    "--public", help="Apply disclosure control for publication: counts of 1 to 5 shown as "
                     "c, with secondary suppression, and no rating for hidden figures.")]
CouncilOption = Annotated[str | None, typer.Option(
    "--council-name", help="The council's name on the cover (default: from the DfE's "
                           "geography table in the warehouse).")]
PanelOption = Annotated[str, typer.Option(
    "--panel-name", help="The body the paper goes to.")]
MeetingOption = Annotated[str | None, typer.Option(
    "--meeting-date", help="The date of the meeting (YYYY-MM-DD).")]
WarehouseOption = Annotated[Path | None, typer.Option(
    "--warehouse", "-w", help="DuckDB warehouse file. Default: $CAREPANEL_WAREHOUSE, else "
                              "warehouse.duckdb in your user data directory.")]
ConfigOption = Annotated[Path | None, typer.Option(
    "--config", help="Scorecard configuration (YAML). Default: carepanel's default.yaml.")]
ManualOption = Annotated[Path | None, typer.Option(
    "--manual", help="Values of the manual measures (CSV or YAML).")]


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"Error: {message}", style="red", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _date(raw: str | None, option: str) -> dt.date | None:
    if raw is None:
        return None
    try:
        return option_date(raw, option)
    except DateOptionError as e:
        raise _fail(str(e), 2) from None


def _check_output(output: Path | None) -> None:
    """Before the paper is built: a file, or a folder to write into (made if missing)."""
    if output is not None:
        output_file.check(output, folder_allowed=True, make_folders=True)


def _check_format(fmt: str) -> str:
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise _fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", 2)
    return fmt


def _targets(reports: list[Report], fmt: str, output: Path | None) -> list[Path]:
    """Where each paper goes: ``output`` itself for one paper (unless it is a folder),
    else ``<folder>/<paper name>.<format>``."""
    if output is not None and len(reports) == 1 and not output.is_dir():
        return [output]
    if output is not None and output.exists() and not output.is_dir():
        raise _fail(f"--output {output} is a file, but {len(reports)} papers are being "
                    "written (one per council): give a folder", 2)
    folder = output if output is not None else Path.cwd()
    folder.mkdir(parents=True, exist_ok=True)
    return [folder / f"{r.file_stem}.{fmt}" for r in reports]


def _render_one(job: tuple[Report, str, Path]) -> Path:
    report, fmt, target = job
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_report(report, fmt, target)


def _write_all(reports: list[Report], fmt: str, output: Path | None, jobs: int = 1) -> None:
    """Write each paper, in ``jobs`` processes at once when there are several (each PDF
    takes seconds; a regional or national run has one per council)."""
    targets = _targets(reports, fmt, output)
    for report in reports:
        for warning in report.warnings:
            err.print(f"Warning: {warning}", style="yellow", markup=False, highlight=False,
                      soft_wrap=True)
    work = list(zip(reports, [fmt] * len(reports), targets, strict=True))
    if jobs > 1 and len(work) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
            for target in pool.map(_render_one, work):
                typer.echo(f"Wrote {target}")
    else:
        for job in work:
            typer.echo(f"Wrote {_render_one(job)}")


def _load_inputs(config: Path | None, manual: Path | None
                 ) -> tuple[ScorecardConfig, ManualValues | None]:
    from carepanel.scorecard.config import ConfigError
    from carepanel.scorecard.config import load as load_config
    from carepanel.scorecard.manual import ManualError
    from carepanel.scorecard.manual import load as load_manual

    try:
        cfg = load_config(config)
        values = load_manual(manual, cfg) if manual is not None else None
    except (ConfigError, ManualError) as e:
        raise _fail(str(e)) from None
    return cfg, values


@app.command()
def scorecard(
    period_end: Annotated[str, typer.Option(
        "--period-end", help="Last day of the 12 months reported (YYYY-MM-DD), e.g. a "
                             "quarter end.")],
    fmt: FormatOption = "pdf",
    public: PublicOption = False,
    output: OutputOption = None,
    warehouse: WarehouseOption = None,
    la: Annotated[list[str] | None, typer.Option(
        "--la", help="Council code; repeat for several. Default: every council loaded "
                     "(one paper each).")] = None,
    config: ConfigOption = None,
    manual: ManualOption = None,
    commentary: Annotated[Path | None, typer.Option(
        "--commentary", help="Commentary on the measures (YAML: measure number -> text, "
                             "author, date).")] = None,
    council_name: CouncilOption = None,
    panel_name: PanelOption = "Corporate Parenting Panel",
    meeting_date: MeetingOption = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Papers written at once when there are several "
                                    "councils (default: one per processor).")] = None,
) -> None:
    """The quarterly scorecard paper: summary, scorecard by pledge, trend charts, and every
    Red measure with its commentary ("commentary missing" where none was given)."""
    from carepanel.indicators.engine import NoData
    from carepanel.reports import scorecard as paper
    from carepanel.reports.commentary import CommentaryError
    from carepanel.reports.commentary import load as load_commentary
    from carepanel.warehouse import Warehouse, default_path

    fmt = _check_format(fmt)
    _check_output(output)
    end = _date(period_end, "--period-end")
    assert end is not None
    meeting = _date(meeting_date, "--meeting-date")
    cfg, values = _load_inputs(config, manual)
    try:
        notes = load_commentary(commentary) if commentary is not None else None
    except CommentaryError as e:
        raise _fail(str(e)) from None
    options = paper.PaperOptions(council_name=council_name, panel_name=panel_name,
                                 meeting_date=meeting, public=public, commentary=notes)
    try:
        with Warehouse.open(warehouse or default_path(), read_only=True) as wh:
            reports = paper.build_papers(wh.con, cfg, end, options, la_codes=la or None,
                                         manual=values)
    except (FileNotFoundError, NoData) as e:
        raise _fail(str(e)) from None
    if council_name and len(reports) > 1:
        raise _fail("--council-name names one council, but the paper is for "
                    f"{len(reports)}: choose one with --la", 2)
    _write_all(reports, fmt, output, jobs or os.cpu_count() or 1)


@app.command()
def progress(
    strategy: Annotated[Path, typer.Option(
        "--strategy", help="The strategy and its actions (YAML, or CSV with the tracker "
                           "export's columns).")],
    fmt: FormatOption = "pdf",
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Report progress as at this date (YYYY-MM-DD). Default: today.")
    ] = None,
    public: PublicOption = False,
    output: OutputOption = None,
    council_name: CouncilOption = None,
    panel_name: PanelOption = "Corporate Parenting Panel",
    meeting_date: MeetingOption = None,
) -> None:
    """The strategy progress report: each priority's actions with owner, due date, status
    and latest progress; overdue actions first."""
    from carepanel.reports import progress as paper
    from carepanel.reports.strategy import StrategyError
    from carepanel.reports.strategy import load as load_strategy

    fmt = _check_format(fmt)
    _check_output(output)
    on = _date(as_of, "--as-of") or dt.date.today()
    try:
        plan = load_strategy(strategy)
    except StrategyError as e:
        raise _fail(str(e)) from None
    report = paper.build(plan, on, council=council_name or "Council name not given",
                         panel_name=panel_name, meeting_date=_date(meeting_date,
                                                                   "--meeting-date"),
                         public=public)
    _write_all([report], fmt, output)


@app.command()
def annual(
    year: Annotated[int, typer.Option(
        "--year", help="The year to 31 March YYYY (2025 is 2024/25).")],
    fmt: FormatOption = "pdf",
    strategy: Annotated[Path | None, typer.Option(
        "--strategy", help="The strategy file: achievements, 'You said, we did' and next "
                           "year's priorities come from it.")] = None,
    public: PublicOption = False,
    output: OutputOption = None,
    warehouse: WarehouseOption = None,
    la: Annotated[str | None, typer.Option(
        "--la", help="Council code (needed when the warehouse holds several).")] = None,
    config: ConfigOption = None,
    manual: ManualOption = None,
    council_name: CouncilOption = None,
    panel_name: PanelOption = "Corporate Parenting Panel",
    meeting_date: MeetingOption = None,
) -> None:
    """A draft of the Panel's annual report (Durham's sections): the figures filled in
    from the warehouse, and marked places for the text people must write."""
    from carepanel.indicators.engine import NoData
    from carepanel.reports import annual as paper
    from carepanel.reports.scorecard import PaperOptions
    from carepanel.reports.strategy import StrategyError
    from carepanel.reports.strategy import load as load_strategy
    from carepanel.warehouse import Warehouse, default_path

    fmt = _check_format(fmt)
    _check_output(output)
    if not 1990 <= year <= 2100:
        raise _fail(f"--year: {year} is not a year such as 2025", 2)
    cfg, values = _load_inputs(config, manual)
    try:
        plan = load_strategy(strategy) if strategy is not None else None
    except StrategyError as e:
        raise _fail(str(e)) from None
    options = PaperOptions(council_name=council_name, panel_name=panel_name,
                           meeting_date=_date(meeting_date, "--meeting-date"), public=public)
    try:
        with Warehouse.open(warehouse or default_path(), read_only=True) as wh:
            councils = wh.councils()
            code = la or (councils[0] if len(councils) == 1 else None)
            if code is None:
                raise _fail("the warehouse holds several councils "
                            f"({', '.join(councils)}): choose one with --la", 2)
            if code not in councils:
                raise _fail(f"no returns loaded for council {code}; the warehouse holds "
                            f"{', '.join(councils) or 'none'}")
            data = paper.gather(wh.con, cfg, year, code, values)
    except (FileNotFoundError, NoData) as e:
        raise _fail(str(e)) from None
    _write_all([paper.build_report(data, options, plan)], fmt, output)
