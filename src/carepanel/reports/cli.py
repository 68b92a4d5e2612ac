"""``carepanel report``: the Panel's papers as PDF, Word, Excel or HTML.

Registered by the main command as a sub-app (``app.add_typer(reports.cli.app,
name="report")``) with three commands:

    carepanel report scorecard --period-end DATE [--period quarter] --format pdf,docx,xlsx
        [--public | --with-public] [--paper paper.yaml] [--commentary ...]
    carepanel report progress --strategy strategy.yaml --format ... [--as-of DATE]
        [--warehouse FILE] [--paper paper.yaml]
    carepanel report annual --year YYYY --format ... [--strategy strategy.yaml]

A quarter's papers come from one command: the figures are built once and written in every
format asked for (``--format pdf,docx,xlsx``), the officers' and the public version
(``--with-public``), several files at once on a machine with several processors. Each
command prints the path of every file it writes. Problems the paper itself shows (a Red
measure without commentary) are also printed as warnings; the paper is still written and
the command succeeds, so a paper can go out with the gap visible rather than not at all.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from carepanel import output as output_file
from carepanel.console import DateOptionError, option_date
from carepanel.indicators.options import IndicatorsDirOpt, use_indicators_dir
from carepanel.reports import printers as printers_module
from carepanel.reports.model import Report
from carepanel.reports.printers import WEIGHT, Printers, render_one
from carepanel.reports.render import FORMATS

if TYPE_CHECKING:
    from carepanel.reports.front_sheet import FrontSheet
    from carepanel.scorecard.config import ScorecardConfig
    from carepanel.scorecard.manual import ManualValues

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="The Panel's papers: scorecard, strategy progress, annual report.")
err = Console(stderr=True)

FormatOption = Annotated[str, typer.Option(
    "--format", "-f", help="pdf (tagged PDF/UA), docx (Word), xlsx (Excel) or html; several "
                           "separated by commas (pdf,docx,xlsx) from one build.")]
PaperOption = Annotated[Path | None, typer.Option(
    "--paper", help="The paper file (YAML): meeting, date, title, report of, portfolio "
                    "holder, senior officer, purpose, recommendations, background, "
                    "implications, contact (examples/paper.yaml).")]
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


def _check_formats(fmt: str) -> list[str]:
    """The formats asked for, in order, each once ("pdf,docx" or "pdf")."""
    formats = list(dict.fromkeys(f.strip().lower() for f in fmt.split(",") if f.strip()))
    for f in formats or [fmt]:
        if f not in FORMATS:
            raise _fail(f"--format must be one of {', '.join(FORMATS)} (or several, "
                        f"separated by commas), not {f!r}", 2)
    return formats


def _check_format(fmt: str) -> str:
    formats = _check_formats(fmt)
    if len(formats) != 1:
        raise _fail("--format: this paper is written in one format at a time", 2)
    return formats[0]


def _targets(reports: list[Report], formats: list[str], output: Path | None
             ) -> list[tuple[Report, str, Path]]:
    """Where each paper goes in each format: ``output`` itself for one file; for several
    files of one council, ``output`` names them (scorecard.pdf gives scorecard.docx and
    scorecard_public.pdf beside it); else ``<folder>/<paper name>.<format>``."""
    councils = {r.file_stem.removesuffix("_public") for r in reports}
    versions = {r.public for r in reports}
    if output is not None and not output.is_dir() and len(councils) == 1:
        if len(reports) * len(formats) == 1:
            return [(reports[0], formats[0], output)]
        base = output.with_suffix("") if output.suffix.lower().lstrip(".") in FORMATS \
            else output
        return [(r, f, base.with_name(base.name + ("_public" if r.public and
                                                   len(versions) > 1 else "") + f".{f}"))
                for r in reports for f in formats]
    if output is not None and output.exists() and not output.is_dir():
        raise _fail(f"--output {output} is a file, but {len(councils)} councils' papers are "
                    "being written: give a folder", 2)
    folder = output if output is not None else Path.cwd()
    folder.mkdir(parents=True, exist_ok=True)
    return [(r, f, folder / f"{r.file_stem}.{f}") for r in reports for f in formats]


def _write_all(reports: list[Report], fmt: str | list[str], output: Path | None,
               jobs: int = 1, printers: Printers | None = None) -> None:
    """Write each paper in each format: in the ``printers`` (processes started before the
    figures were read), else in ``jobs`` processes at once when there are several files
    (a PDF takes a second or two; a national run has one per council)."""
    formats = [fmt] if isinstance(fmt, str) else fmt
    work = _targets(reports, formats, output)
    officers = {r.file_stem for r in reports if not r.public}
    for report in reports:
        if report.public and report.file_stem.removesuffix("_public") in officers:
            continue  # the officers' copy of the same paper has said it, and said more
        for warning in report.warnings:
            err.print(f"Warning: {warning}", style="yellow", markup=False, highlight=False,
                      soft_wrap=True)
    if printers is None and jobs > 1 and len(work) > 1:
        printers = Printers(formats, min(jobs, len(work)))
    if printers is None:
        for job in work:
            typer.echo(f"Wrote {render_one(job)}")
        return
    # One PDF alone: its printer has the machine to itself, and prints it in two halves
    # at once (pdf_parts). Several files: each printer takes a file.
    jobs_of = [(*job, len(work) == 1 and job[1] == "pdf") for job in work]
    with printers:
        # The heaviest files first, so that no processor is left with a PDF at the end.
        order = sorted(range(len(work)), key=lambda k: WEIGHT.get(work[k][1], 1),
                       reverse=True)
        done = dict(zip(order, printers.map(render_one, [jobs_of[k] for k in order]),
                        strict=True))
    for k in range(len(work)):
        typer.echo(f"Wrote {done[k]}")


def _printers(formats: list[str], files: int, jobs: int | None) -> Printers | None:
    """Printing processes for ``files`` files, when there is more than one processor to
    run them beside the figures (``--jobs 1``: none): the one ``carepanel.launch`` started
    early, if it did, and more up to one per processor."""
    early = printers_module.adopt(formats)
    cpus = printers_module.processors(jobs)
    if cpus < 2:
        if early is not None:
            early.close()
        return None
    wanted = max(1, min(cpus, files))
    if early is None:
        return Printers(formats, wanted)
    early.grow(wanted)
    return early


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
        "--period-end", help="Last day of the period reported (YYYY-MM-DD), e.g. a "
                             "quarter end.")],
    fmt: FormatOption = "pdf",
    period: Annotated[str | None, typer.Option(
        "--period", help="12-months (the default: the rolling year), quarter (the 3 months "
                         "to --period-end, a quarter end) or year-to-date (from 1 April), "
                         "as carepanel scorecard has. Measures the DfE counts over a year "
                         "show their latest yearly figure, with its date.")] = None,
    public: PublicOption = False,
    with_public: Annotated[bool, typer.Option(
        "--with-public", help="Write the public version too (its files end _public), from "
                              "the same figures.")] = False,
    output: OutputOption = None,
    warehouse: WarehouseOption = None,
    la: Annotated[list[str] | None, typer.Option(
        "--la", help="Council code; repeat for several. Default: every council loaded "
                     "(one paper each).")] = None,
    config: ConfigOption = None,
    manual: ManualOption = None,
    commentary: Annotated[Path | None, typer.Option(
        "--commentary", help="Commentary on the measures (YAML: the period, then measure "
                             "number -> text, author, date). Only the commentary for "
                             "--period-end is printed.")] = None,
    paper_file: PaperOption = None,
    council_name: CouncilOption = None,
    panel_name: PanelOption = "Corporate Parenting Panel",
    meeting_date: MeetingOption = None,
    indicators_dir: IndicatorsDirOpt = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Files written at once (default: one per "
                                    "processor).")] = None,
) -> None:
    """The quarterly scorecard paper: front sheet, purpose, recommendations, key messages,
    the children in care, the scorecard by pledge, trends, every Red measure with its
    commentary, data quality, implications and definitions."""
    from carepanel.cohorts import PERIODS, TWELVE_MONTHS, PeriodError
    from carepanel.indicators.catalogue import IndicatorFileError
    from carepanel.indicators.engine import NoData
    from carepanel.reports import scorecard as paper
    from carepanel.reports.commentary import CommentaryError
    from carepanel.reports.commentary import load as load_commentary
    from carepanel.warehouse import Warehouse, default_path

    formats = _check_formats(fmt)
    use_indicators_dir(indicators_dir)
    if period is not None and period not in PERIODS:
        raise _fail(f"--period must be one of {', '.join(PERIODS)}, not {period!r}", 2)
    if public and with_public:
        raise _fail("give --public (the public version only) or --with-public (both), "
                    "not both", 2)
    _check_output(output)
    end = _date(period_end, "--period-end")
    assert end is not None
    meeting = _date(meeting_date, "--meeting-date")
    cfg, values = _load_inputs(config, manual)
    sheet = _load_paper(paper_file)
    try:
        notes = load_commentary(commentary) if commentary is not None else None
    except CommentaryError as e:
        raise _fail(str(e)) from None
    versions_asked = 2 if with_public else 1
    councils = len(la) if la else _councils_in(warehouse or default_path())
    printers = _printers(formats, len(formats) * versions_asked * councils, jobs)
    options = paper.PaperOptions(council_name=council_name, panel_name=panel_name,
                                 meeting_date=meeting, public=public, commentary=notes,
                                 period=period or TWELVE_MONTHS, front_sheet=sheet)
    try:
        with Warehouse.open(warehouse or default_path(), read_only=True) as wh:
            cards, trends, profiles = paper.gather(
                wh.con, cfg, end, options.period, la_codes=la or None, manual=values,
                trend_quarters=options.trend_quarters)
    except (FileNotFoundError, NoData, PeriodError, IndicatorFileError) as e:
        if printers is not None:
            printers.close()
        raise _fail(str(e)) from None
    if council_name and len(cards) > 1:
        if printers is not None:
            printers.close()
        raise _fail("--council-name names one council, but the paper is for "
                    f"{len(cards)}: choose one with --la", 2)
    versions = [options]
    if with_public:
        versions.append(replace(options, public=True))
    reports = [paper.paper(card, trends, o, profiles.get(card.la_code))
               for card in cards for o in versions]
    _write_all(reports, formats, output, jobs or os.cpu_count() or 1, printers)


def _councils_in(path: Path) -> int:
    """How many councils the warehouse holds (how many papers there will be), read and
    closed before any printer process is forked."""
    from carepanel.warehouse import Warehouse

    try:
        with Warehouse.open(path, read_only=True) as wh:
            return max(1, len(wh.councils()))
    except Exception:  # the real read, next, says what is wrong (once)
        return 1


def _load_paper(path: Path | None) -> FrontSheet | None:
    from carepanel.reports.front_sheet import FrontSheetError
    from carepanel.reports.front_sheet import load as load_sheet

    if path is None:
        return None
    try:
        return load_sheet(path)
    except FrontSheetError as e:
        raise _fail(str(e)) from None


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
    warehouse: Annotated[Path | None, typer.Option(
        "--warehouse", "-w", help="The warehouse: each action's linked measures are shown "
                                  "with their figure, rating and direction of travel for "
                                  "the 12 months to --as-of.")] = None,
    la: Annotated[str | None, typer.Option(
        "--la", help="Council code (needed when the warehouse holds several).")] = None,
    config: ConfigOption = None,
    manual: ManualOption = None,
    paper_file: PaperOption = None,
    council_name: CouncilOption = None,
    panel_name: PanelOption = "Corporate Parenting Panel",
    meeting_date: MeetingOption = None,
    indicators_dir: IndicatorsDirOpt = None,
) -> None:
    """The strategy progress report: each priority's actions with owner, due date, status,
    expected outcome, the measures they should move and their dated updates."""
    from carepanel.reports import progress as paper
    from carepanel.reports.strategy import StrategyError
    from carepanel.reports.strategy import load as load_strategy

    formats = _check_formats(fmt)
    use_indicators_dir(indicators_dir)
    _check_output(output)
    on = _date(as_of, "--as-of") or dt.date.today()
    meeting = _date(meeting_date, "--meeting-date")  # a bad date is said before anything else
    try:
        plan = load_strategy(strategy)
    except StrategyError as e:
        raise _fail(str(e)) from None
    for note in plan.notes:
        err.print(f"Warning: {note}", style="yellow", markup=False, highlight=False,
                  soft_wrap=True)
    sheet = _load_paper(paper_file)
    measures, name = None, council_name or (sheet.council if sheet else None)
    if warehouse is not None:
        linked = sorted({n for a in plan.actions for n in a.measures})
        measures, found = _linked_measures(warehouse, la, on, linked, config, manual, public)
        name = name or found
    if not name:
        raise _fail("the paper needs the council's name: give --council-name, a paper file "
                    "with council:, or the warehouse (--warehouse)", 2)
    report = paper.build(plan, on, council=name, panel_name=panel_name,
                         meeting_date=meeting, public=public,
                         measures=measures, front_sheet=sheet)
    # Printed by the printer carepanel.launch started, if it did (WeasyPrint imported
    # while the strategy and the measures were read).
    _write_all([report], formats, output, printers=printers_module.adopt(formats))


def _linked_measures(warehouse: Path, la: str | None, on: dt.date, numbers: list[str],
                     config: Path | None, manual: Path | None, public: bool
                     ) -> tuple[dict, str | None]:
    """The scorecard's measures the actions name, for the 12 months to ``on``, and the
    council's name as the warehouse holds it."""
    from dataclasses import replace as replaced

    from carepanel.indicators.catalogue import IndicatorFileError
    from carepanel.indicators.engine import NoData
    from carepanel.reports.progress import linked_measures
    from carepanel.scorecard.build import build
    from carepanel.warehouse import Warehouse

    cfg, values = _load_inputs(config, manual)
    wanted = tuple(m for m in cfg.measures if m.number in numbers)
    try:
        with Warehouse.open(warehouse, read_only=True) as wh:
            code = _one_council(wh, la)
            if not wanted:
                cards = build(wh.con, replaced(cfg, measures=cfg.measures[:1]), on,
                              la_codes=[code])
                return {}, cards[0].la_name
            cards = build(wh.con, replaced(cfg, measures=wanted), on, la_codes=[code],
                          manual=values)
    except (FileNotFoundError, NoData, IndicatorFileError) as e:
        raise _fail(str(e)) from None
    return linked_measures(cards[0], public), cards[0].la_name


def _one_council(wh: object, la: str | None) -> str:
    councils = wh.councils()  # type: ignore[attr-defined]
    code = la or (councils[0] if len(councils) == 1 else None)
    if code is None:
        raise _fail("the warehouse holds several councils "
                    f"({', '.join(councils)}): choose one with --la", 2)
    if code not in councils:
        raise _fail(f"no returns loaded for council {code}; the warehouse holds "
                    f"{', '.join(councils) or 'none'}")
    return code


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
    paper_file: PaperOption = None,
    council_name: CouncilOption = None,
    panel_name: PanelOption = "Corporate Parenting Panel",
    meeting_date: MeetingOption = None,
    indicators_dir: IndicatorsDirOpt = None,
) -> None:
    """A draft of the Panel's annual report (Durham's sections): the figures filled in
    from the warehouse, and marked places for the text people must write."""
    from carepanel.indicators.catalogue import IndicatorFileError
    from carepanel.indicators.engine import NoData
    from carepanel.reports import annual as paper
    from carepanel.reports.scorecard import PaperOptions
    from carepanel.reports.strategy import StrategyError
    from carepanel.reports.strategy import load as load_strategy
    from carepanel.warehouse import Warehouse, default_path

    fmt = _check_format(fmt)
    use_indicators_dir(indicators_dir)
    _check_output(output)
    if not 1990 <= year <= 2100:
        raise _fail(f"--year: {year} is not a year such as 2025", 2)
    cfg, values = _load_inputs(config, manual)
    try:
        plan = load_strategy(strategy) if strategy is not None else None
    except StrategyError as e:
        raise _fail(str(e)) from None
    options = PaperOptions(council_name=council_name, panel_name=panel_name,
                           meeting_date=_date(meeting_date, "--meeting-date"), public=public,
                           front_sheet=_load_paper(paper_file))
    try:
        with Warehouse.open(warehouse or default_path(), read_only=True) as wh:
            code = _one_council(wh, la)
            data = paper.gather(wh.con, cfg, year, code, values)
    except (FileNotFoundError, NoData, IndicatorFileError) as e:
        raise _fail(str(e)) from None
    _write_all([paper.build_report(data, options, plan)], fmt, output,
               printers=printers_module.adopt([fmt]))
