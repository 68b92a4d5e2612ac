"""The benchmark scenarios: what issue 10 and issue 9 set targets for, run as a user runs it.

Every step is a ``carepanel`` command (or the peer) started as a process of its own by
``measure.run_step``, so the harness works the same before and after carepanel's intake is
rewritten: it knows nothing of carepanel's insides, only its command line. Where the command
line grew an option (``validate --previous``), the harness looks for it in ``--help`` and
says in the results which form it used.

Each scenario returns a dict: its parameters, the size of the data, every step's figures,
the targets with whether each was met, and comparisons (the peer's figures beside
carepanel's). Steps marked ``setup`` make the data and are timed only for information.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import data as D
import peer as P
from measure import StepResult, run_step

PERIOD_END = "2025-03-31"
YEAR_END = 2025  # the 31 March of the newest return every scenario generates
EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "carepanel" / "reports" / "examples"


@dataclass
class Bench:
    """What every scenario needs: the carepanel command, a scratch folder, the limits."""

    carepanel: list[str]
    work: Path
    timeout: float
    memory_cap_mb: float
    options: dict = field(default_factory=dict)
    _help: dict[str, str] = field(default_factory=dict)

    @property
    def logs(self) -> Path:
        return self.work / "logs"

    def run(self, name: str, args: list[str], *, ok_codes: tuple[int, ...] = (0,),
            timeout: float | None = None, env: dict[str, str] | None = None) -> StepResult:
        setting = ["env", *(f"{k}={v}" for k, v in env.items())] if env else []
        return run_step([*setting, *self.carepanel, *args], self.logs, name, cwd=self.work,
                        timeout=timeout or self.timeout, memory_cap_mb=self.memory_cap_mb,
                        ok_codes=ok_codes)

    def has_option(self, command: str, option: str) -> bool:
        """Whether ``carepanel COMMAND --help`` lists ``option`` (the CLI is changing)."""
        if command not in self._help:
            self._help[command] = subprocess.run(
                [*self.carepanel, command, "--help"], capture_output=True, text=True,
                env=os.environ | {"COLUMNS": "200"}).stdout
        return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])",
                         self._help[command]) is not None


class Scenario:
    """Collects one scenario's figures as it runs."""

    def __init__(self, description: str, **parameters: object) -> None:
        self.out: dict = {"description": description, "parameters": parameters, "data": {},
                          "steps": {}, "targets": [], "comparisons": {}}

    def step(self, name: str, result: StepResult, *, setup: bool = False,
             part_of: str = "") -> StepResult:
        row = result.as_dict()
        for key in ("stdout_path", "stderr_path"):
            row.pop(key)
        row["command"] = " ".join(row["command"])
        if setup:
            row["setup"] = True
        if part_of:
            row["part_of"] = part_of
        self.out["steps"][name] = row
        return result

    def target(self, what: str, value: float | None, limit: float | None, unit: str, *,
               at_least: bool = False, peer: float | None = None, note: str = "") -> None:
        """Record a target; one not measured (a step killed or failed) is not met.

        Without a limit the row is a figure reported beside the targets (``met`` is None).
        """
        if limit is None:
            target, met = "", None
        else:
            target = f"{'>=' if at_least else '<='} {limit:g} {unit}".strip()
            met = value is not None and (value >= limit if at_least else value <= limit)
        self.out["targets"].append({
            "what": what, "carepanel": None if value is None else round(value, 3),
            "peer": peer, "target": target, "unit": unit, "met": met, "note": note})


def seconds_of(result: StepResult) -> float | None:
    return result.seconds if result.ok else None


def mb_of(result: StepResult) -> float | None:
    return result.peak_rss_mb if result.ok else None


def why_not(result: StepResult) -> str:
    return "" if result.ok else result.note


def text_counts(result: StepResult) -> dict[str, int] | None:
    """Errors and warnings from validate's text summary line, when it has one."""
    text = Path(result.stdout_path).read_text(encoding="utf-8", errors="replace")
    # One summary line per return checked: "15 error(s) in 12 row(s), 3 warning(s)".
    found = re.findall(r"([\d,]+) error\(s\)(?: in [\d,]+ row\(s\))?, ([\d,]+) warning\(s\)",
                       text)
    if not found:
        return None
    errors = sum(int(e.replace(",", "")) for e, _ in found)
    warnings = sum(int(w.replace(",", "")) for _, w in found)
    return {"errors": errors, "warnings": warnings, "findings": errors + warnings}


def json_counts(result: StepResult) -> dict[str, int] | None:
    """Findings by severity from validate's JSON (read after the step, not measured)."""
    try:
        doc = json.loads(Path(result.stdout_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    findings = doc.get("findings", []) if isinstance(doc, dict) else []
    errors = sum(1 for f in findings if f.get("severity") == "error")
    return {"errors": errors, "warnings": len(findings) - errors, "findings": len(findings)}


def synth(bench: Bench, sc: Scenario, name: str, out: Path, **kwargs) -> StepResult:
    result = sc.step(name, run_step(D.synth_command(bench.carepanel, out, **kwargs),
                                    bench.logs, name, cwd=bench.work,
                                    timeout=bench.timeout,
                                    memory_cap_mb=bench.memory_cap_mb), setup=True)
    if not result.ok:
        raise ScenarioFailed(f"{name}: {result.note}", sc.out)
    return result


class ScenarioFailed(Exception):
    """The data could not be made: the scenario stops, and says why in the results."""

    def __init__(self, message: str, partial: dict) -> None:
        super().__init__(message)
        self.partial = partial


def validate_args(bench: Bench, current: Path, previous: Path | None) -> tuple[list[str], str]:
    """``validate`` on this year's return with last year's, in the form this CLI has.

    With ``--previous`` last year's return is only read; without it both are given as
    paths, and carepanel then checks last year's return as well (more work than the peer
    does: the results say which form was used).
    """
    if previous is None:
        return ["validate", str(current)], "this year's return only"
    if bench.has_option("validate", "--previous"):
        return (["validate", str(current), "--previous", str(previous)],
                "--previous (last year's return read, not checked)")
    return (["validate", str(previous), str(current)],
            "both returns as paths (last year's is checked too)")


# ---------------------------------------------------------------------------- scenarios


def peer_comparison(bench: Bench) -> dict:
    """A 2024/25 return of 16,485 children with last year's: carepanel beside the peer.

    By default twice: a clean return (as issue 10 measured) and one with 3% of rows given
    errors, as councils' extracts have (the peer slows down and grows on errors). Each
    variant is synthesised once and validated by both on the very same files.
    """
    children = int(bench.options.get("peer_children", D.CHILDREN_FOR_16485_HEADER))
    rates = [float(r) for r in str(bench.options.get("peer_errors", "0,0.03")).split(",")]
    sc = Scenario("2024/25 return with last year's, validated by carepanel and by "
                  "csc-validator-be-903 on the same files", children_at_31_march=children,
                  errors=rates, la_code="883")
    if bench.options.get("no_peer"):
        sc.out["comparisons"]["peer"] = "not run (--no-peer)"
    else:
        sc.out["peer_environment"] = P.ensure_peer(bench.logs / "peer_install.log")
    for rate in rates:
        _peer_variant(bench, sc, rate, children)
    return sc.out


def _peer_variant(bench: Bench, sc: Scenario, rate: float, children: int) -> None:
    label = "clean" if rate == 0 else f"errors_{rate:g}"
    out = bench.work / f"returns_{label}"
    synth(bench, sc, f"synth_{label}", out, children=children, years=2, errors=rate)
    current, previous = out / "883" / f"ssda903_{YEAR_END}", out / "883" / f"ssda903_{YEAR_END - 1}"
    sc.out["data"][label] = {"current": D.describe_return(current),
                             "previous": D.describe_return(previous),
                             "injected_errors": D.injected_errors(out)}
    args, mode = validate_args(bench, current, previous)
    sc.out["parameters"]["carepanel_validate"] = mode
    name = f"carepanel_validate_{label}"
    mine = sc.step(name, bench.run(name, args, ok_codes=(0, 1)))
    figures = sc.out["comparisons"].setdefault(label, {})
    figures["carepanel_findings"] = text_counts(mine) if mine.ok else None
    theirs = None
    if not bench.options.get("no_peer"):
        theirs = sc.step(f"peer_validate_{label}", P.run_peer(
            sorted(current.glob("*.csv")), sorted(previous.glob("*.csv")), YEAR_END, "883",
            bench.logs / label, timeout=bench.timeout, memory_cap_mb=bench.memory_cap_mb))
        _peer_findings(figures, theirs)
    _compare(sc, label, figures, mine, theirs)


def _peer_findings(figures: dict, theirs: StepResult) -> None:
    extra = theirs.extra or {}
    figures["peer_findings"] = {
        k: extra.get(k) for k in ("findings", "issue_rows", "rules_in_pack",
                                  "rules_with_findings", "rules_failed")}
    valid = theirs.ok and (extra.get("findings") or 0) > 0
    figures["peer_valid"] = valid
    if not valid:
        figures["peer_invalid_reason"] = theirs.note or "the peer found nothing"


def _compare(sc: Scenario, label: str, figures: dict, mine: StepResult,
             theirs: StepResult | None) -> None:
    peer_ok = theirs is not None and figures.get("peer_valid")
    speedup = memory_share = None
    if mine.ok and peer_ok:
        speedup = theirs.seconds / mine.seconds
        memory_share = mine.peak_rss_mb / theirs.peak_rss_mb
        figures.update({"speedup": round(speedup, 2), "memory_share": round(memory_share, 3)})
    note = why_not(mine) or ("" if peer_ok else "the peer did not run validly")
    sc.target(f"{label}: times faster than the peer", speedup, 10, "x", at_least=True,
              note=note)
    sc.target(f"{label}: memory as a share of the peer's", memory_share, 0.5, "x", note=note)
    sc.target(f"{label}: validate seconds (peer beside)", seconds_of(mine), None, "s",
              peer=seconds_of(theirs) if peer_ok else None, note=why_not(mine))
    sc.target(f"{label}: validate peak MB (peer beside)", mb_of(mine), None, "MB",
              peer=mb_of(theirs) if peer_ok else None, note=why_not(mine))


def national_return(bench: Bench) -> dict:
    """One return the size of England's (85,000 children at 31 March), validated."""
    sc = Scenario("a single national-size return validated",
                  children_at_31_march=D.NATIONAL_CHILDREN, la_code="883")
    out = bench.work / "returns"
    synth(bench, sc, "synth", out, children=D.NATIONAL_CHILDREN, years=1)
    current = out / "883" / f"ssda903_{YEAR_END}"
    sc.out["data"] = {"current": D.describe_return(current)}
    args, mode = validate_args(bench, current, None)
    sc.out["parameters"]["carepanel_validate"] = mode
    result = sc.step("validate", bench.run("validate", args, ok_codes=(0, 1)))
    sc.out["comparisons"]["carepanel_findings"] = text_counts(result) if result.ok else None
    sc.target("validate: seconds", seconds_of(result), 30, "s", note=why_not(result))
    sc.target("validate: peak MB", mb_of(result), None, "MB", note=why_not(result))
    return sc.out


Limits = tuple[float | None, float | None]


def _councils_loaded(bench: Bench, councils: int, years: int, description: str,
                     limits: Limits | None, papers: bool = False) -> dict:
    sc = Scenario(description, councils=councils, years=years,
                  children_per_council=D.AVERAGE_COUNCIL_CHILDREN, la_code="201")
    out, wh = bench.work / "returns", bench.work / "warehouse.duckdb"
    synth(bench, sc, "synth", out, children=D.AVERAGE_COUNCIL_CHILDREN, years=years,
          councils=councils, la_code="201")
    sc.out["data"] = D.describe_set(out)
    load = sc.step("load", bench.run("load", ["load", str(out), "--warehouse", str(wh)]))
    if load.ok:
        sc.out["data"]["warehouse_mb"] = round(wh.stat().st_size / 2**20, 1)
        sc.step("indicators", bench.run("indicators", [
            "indicators", "--warehouse", str(wh), "--period-end", PERIOD_END,
            "--output", str(bench.work / "indicators.json")]))
        if papers:
            made = sc.step("scorecard_papers_pdf", bench.run("scorecard_papers_pdf", [
                "report", "scorecard", "--period-end", PERIOD_END, "--warehouse", str(wh),
                "--format", "pdf", "--output", str(bench.work / "papers")]))
            sc.target(f"{councils} councils' scorecard PDFs: seconds", seconds_of(made),
                      300 if councils >= 150 else None, "s", note=why_not(made))
    if limits:
        sc.target("load: seconds", seconds_of(load), limits[0], "s", note=why_not(load))
        sc.target("load: peak MB", mb_of(load), limits[1], "MB", note=why_not(load))
    return sc.out


def national_1y(bench: Bench) -> dict:
    """National set, 153 councils x 1 year: loaded (validated, history built), indicators."""
    return _councils_loaded(bench, 153, 1, "national set, 153 councils x 1 year, loaded "
                            "(validated, history built)", (20, 1024),
                            papers=bool(bench.options.get("national_papers")))


def national_5y(bench: Bench) -> dict:
    """Five years of England, 153 councils x 5 years: loaded."""
    return _councils_loaded(bench, 153, 5, "five years of England, 153 councils x 5 years, "
                            "loaded", (90, None))


def regional_20x1(bench: Bench) -> dict:
    """20 councils x 1 year: loaded and indicators (the size issue 10 profiled)."""
    return _councils_loaded(bench, 20, 1, "20 councils x 1 year loaded (the size issue 10 "
                            "profiled)", None)


def quarterly_cycle(bench: Bench) -> dict:
    """One council's quarter: validate and load the new return, then every figure and paper.

    The council's four earlier returns are loaded first (setup, timed apart), so the cycle
    is what a performance team runs when the new return arrives, as ``make demo`` does:
    validate, load, the indicators, the scorecard to check, then the Panel's papers: the
    scorecard paper in PDF, Word and Excel, the officers' and the public version, from one
    build; the strategy progress report with its linked measures; the annual report (the
    bench's quarter ends on 31 March). Apart from the cycle, the scorecard PDF alone (the
    officers' copy), which a council writes most often (issue 13: under 3 s): as it is
    written again after the cycle (a commentary changed), reading the figures the cycle
    kept in the results store, and with every figure computed again (the store off).
    """
    children = int(bench.options.get("cycle_children", 2000))
    sc = Scenario("one council's quarterly cycle: validate, load, indicators, scorecard, "
                  "the papers", children_at_31_march=children, years=5, la_code="883")
    out, wh = bench.work / "returns", bench.work / "warehouse.duckdb"
    synth(bench, sc, "synth", out, children=children, years=5)
    council = out / "883"
    earlier = [str(council / f"ssda903_{y}") for y in range(YEAR_END - 4, YEAR_END)]
    earlier += [str(council / f"local_{y}") for y in range(YEAR_END - 4, YEAR_END)]
    new = [str(council / f"ssda903_{YEAR_END}"), str(council / f"local_{YEAR_END}")]
    sc.out["data"] = {"current": D.describe_return(council / f"ssda903_{YEAR_END}")}
    setup = sc.step("load_earlier_4_years", bench.run(
        "load_earlier_4_years", ["load", *earlier, "--warehouse", str(wh)]), setup=True)
    if not setup.ok:
        raise ScenarioFailed(f"load_earlier_4_years: {setup.note}", sc.out)
    steps = _cycle_steps(bench, new, wh)
    results = {name: sc.step(name, bench.run(name, args, ok_codes=codes), part_of="cycle")
               for name, args, codes in steps}
    failed = {name: r for name, r in results.items() if not r.ok}
    total = None if failed else round(sum(r.seconds for r in results.values()), 2)
    peak = max(r.peak_rss_mb for r in results.values())
    sc.out["comparisons"].update({"cycle_seconds": total, "cycle_peak_mb": peak})
    sc.target("cycle: seconds end to end", total, 15, "s",
              note="; ".join(f"{name}: {r.note}" for name, r in failed.items()))
    sc.target("cycle: peak MB of any step", None if failed else peak, None, "MB")
    alone = sc.step("paper_scorecard_pdf_alone", bench.run(
        "paper_scorecard_pdf_alone", _scorecard_pdf_args(wh, bench.work / "papers")))
    sc.target("one council's scorecard PDF: seconds", seconds_of(alone), 3, "s",
              note=why_not(alone))
    computed = sc.step("paper_scorecard_pdf_alone_computed", bench.run(
        "paper_scorecard_pdf_alone_computed", _scorecard_pdf_args(wh, bench.work / "papers"),
        env={"CAREPANEL_RESULTS_STORE": "0"}))
    sc.target("the same, every figure computed again (no results store): seconds",
              seconds_of(computed), None, "s", note=why_not(computed))
    return sc.out


def _paper_inputs() -> list[str]:
    """The demo's manual values, commentary and paper file."""
    return ["--manual", str(EXAMPLES / "manual.yaml"), "--commentary",
            str(EXAMPLES / "commentary.yaml"), "--paper", str(EXAMPLES / "paper.yaml")]


def _scorecard_pdf_args(wh: Path, papers: Path) -> list[str]:
    papers.mkdir(exist_ok=True)
    return ["report", "scorecard", "--period-end", PERIOD_END, "--warehouse", str(wh),
            *_paper_inputs(), "--format", "pdf", "--output", str(papers / "alone.pdf")]


def _cycle_steps(bench: Bench, new: list[str], wh: Path) -> list[tuple[str, list[str],
                                                                      tuple[int, ...]]]:
    w, p, papers = str(wh), PERIOD_END, bench.work / "papers"
    papers.mkdir(exist_ok=True)
    manual, strategy = str(EXAMPLES / "manual.yaml"), str(EXAMPLES / "strategy.yaml")
    paper = str(EXAMPLES / "paper.yaml")
    check = ["validate", new[0]] + (["--warehouse", w]
                                    if bench.has_option("validate", "--warehouse") else [])
    return [
        ("validate", check, (0, 1)),
        ("load", ["load", *new, "--warehouse", w], (0,)),
        ("indicators", ["indicators", "--warehouse", w, "--period-end", p, "--output",
                        str(papers / "indicators.json")], (0,)),
        ("scorecard", ["scorecard", "--warehouse", w, "--period-end", p, "--manual", manual,
                       "--format", "text"], (0,)),
        ("papers_scorecard_pdf_docx_xlsx_with_public", [
            "report", "scorecard", "--period-end", p, "--warehouse", w, *_paper_inputs(),
            "--format", "pdf,docx,xlsx", "--with-public", "--output",
            str(papers / "scorecard.pdf")], (0,)),
        ("paper_progress_html", ["report", "progress", "--strategy", strategy, "--as-of", p,
                                 "--warehouse", w, "--manual", manual, "--paper", paper,
                                 "--format", "html", "--output",
                                 str(papers / "progress.html")], (0,)),
        ("paper_annual_docx", ["report", "annual", "--year", str(YEAR_END), "--warehouse", w,
                               "--strategy", strategy, "--manual", manual, "--paper", paper,
                               "--format", "docx", "--output",
                               str(papers / "annual_report.docx")], (0,)),
    ]


def scaling(bench: Bench) -> dict:
    """One council at 1x, 4x and 16x an average council's size: validate and load.

    The cost exponent between 4x and 16x (log of the cost ratio over log 4) is 1 when the
    cost is linear; it is taken from 4x up because a process's fixed start-up cost (also
    reported) dominates at 1x. A threshold of 1.1 for "close to linear" is the harness's.
    """
    factors = [int(f) for f in str(bench.options.get("scaling_factors", "1,4,16")).split(",")]
    base = D.AVERAGE_COUNCIL_CHILDREN
    sc = Scenario("one council at 1x, 4x and 16x an average council, two years: validate "
                  "this year's with last year's, and load both", base_children=base,
                  factors=factors, la_code="883")
    sc.step("startup", bench.run("startup", ["validate", "--help"]))
    rows: dict[int, dict[str, StepResult]] = {}
    for k in factors:
        out, wh = bench.work / f"returns_{k}x", bench.work / f"warehouse_{k}x.duckdb"
        synth(bench, sc, f"synth_{k}x", out, children=base * k, years=2)
        council = out / "883"
        current, previous = council / f"ssda903_{YEAR_END}", council / f"ssda903_{YEAR_END - 1}"
        sc.out["data"][f"{k}x"] = D.describe_set(out)
        args, mode = validate_args(bench, current, previous)
        sc.out["parameters"]["carepanel_validate"] = mode
        rows[k] = {
            "validate": sc.step(f"validate_{k}x", bench.run(f"validate_{k}x", args,
                                                            ok_codes=(0, 1))),
            "load": sc.step(f"load_{k}x", bench.run(f"load_{k}x", [
                "load", str(previous), str(current), "--warehouse", str(wh)])),
        }
    if len(factors) >= 2:
        low, high = factors[-2], factors[-1]
        for step in ("validate", "load"):
            for what, get in (("seconds", seconds_of), ("peak MB", mb_of)):
                exponent = _exponent(get(rows[low][step]), get(rows[high][step]), high / low)
                sc.out["comparisons"][f"{step} {what} exponent {low}x-{high}x"] = exponent
                sc.target(f"{step}: {what} grows as size^b, b from {low}x to {high}x",
                          exponent, 1.1, "", note=why_not(rows[high][step]))
    return sc.out


def _exponent(low: float | None, high: float | None, ratio: float) -> float | None:
    if not low or not high:
        return None
    return round(math.log(high / low) / math.log(ratio), 3)


def episodes_1m(bench: Bench) -> dict:
    """A 1,000,000-row Episodes table with a matching Header: loaded, then validated.

    The return is built from a synthetic one copied with new child ids (``data.scale_episodes``).
    """
    rows = int(bench.options.get("episodes_rows", 1_000_000))
    children = int(bench.options.get("episodes_source_children", D.CHILDREN_FOR_16485_HEADER))
    sc = Scenario("a 1,000,000-row Episodes table, with a matching Header, loaded and "
                  "validated", episodes_rows=rows, source_children=children, la_code="883")
    source = bench.work / "source"
    synth(bench, sc, "synth", source, children=children, years=1)
    big = bench.work / "big" / "883" / f"ssda903_{YEAR_END}"
    sc.out["data"] = D.scale_episodes(source / "883" / f"ssda903_{YEAR_END}", big, rows)
    sc.out["data"]["return_csv_mb"] = round(
        sum(p.stat().st_size for p in big.glob("*.csv")) / 2**20, 1)
    wh = bench.work / "warehouse.duckdb"
    load = sc.step("load", bench.run("load", ["load", str(big), "--warehouse", str(wh)]))
    check = sc.step("validate", bench.run("validate", ["validate", str(big)], ok_codes=(0, 1)))
    sc.target("load: seconds", seconds_of(load), 60, "s", note=why_not(load))
    sc.target("load: peak MB", mb_of(load), 1024, "MB", note=why_not(load))
    sc.target("validate: seconds", seconds_of(check), None, "s", note=why_not(check))
    sc.target("validate: peak MB", mb_of(check), None, "MB", note=why_not(check))
    return sc.out


def errors_100k(bench: Bench) -> dict:
    """A return with 100,000 injected errors validated, as text and as JSON.

    ``carepanel synth --errors`` corrupts about that share of rows (its manifest counts
    them); the rate is set so the manifest holds at least 100,000. JSON may not take more
    memory than text (issue 9, point 7): allowed 10% for the noise of a single run.
    """
    rate = float(bench.options.get("errors_rate", 0.95))
    children = int(bench.options.get("errors_children", D.CHILDREN_FOR_16485_HEADER))
    sc = Scenario("a return with 100,000 errors validated, as text and as JSON",
                  children_at_31_march=children, errors=rate, la_code="883")
    out = bench.work / "returns"
    synth(bench, sc, "synth", out, children=children, years=1, errors=rate)
    current = out / "883" / f"ssda903_{YEAR_END}"
    sc.out["data"] = {"current": D.describe_return(current),
                      "injected_errors": D.injected_errors(out)}
    text = sc.step("validate_text", bench.run("validate_text", ["validate", str(current)],
                                              ok_codes=(0, 1)))
    as_json = sc.step("validate_json", bench.run(
        "validate_json", ["validate", str(current), "--format", "json"], ok_codes=(0, 1)))
    sc.out["comparisons"]["text_findings"] = text_counts(text) if text.ok else None
    sc.out["comparisons"]["json_findings"] = json_counts(as_json) if as_json.ok else None
    injected = sc.out["data"]["injected_errors"] or 0
    short = f"only {injected:,} errors injected" if injected < 100_000 else ""
    sc.target("validate (text): seconds", seconds_of(text), 30, "s",
              note=why_not(text) or short)
    sc.target("validate (json): seconds", seconds_of(as_json), 30, "s", note=why_not(as_json))
    share = (as_json.peak_rss_mb / text.peak_rss_mb) if text.ok and as_json.ok else None
    sc.target("validate (json): peak memory as a share of text's", share, 1.1, "x",
              note=why_not(as_json) or why_not(text))
    sc.target("validate (text): peak MB", mb_of(text), None, "MB", note=why_not(text))
    return sc.out


def smoke(bench: Bench) -> dict:
    """A tiny council, for the harness's own test: synth, validate, load."""
    sc = Scenario("a tiny council (the harness's own test)", children_at_31_march=40)
    out, wh = bench.work / "returns", bench.work / "warehouse.duckdb"
    synth(bench, sc, "synth", out, children=40, years=2)
    council = out / "883"
    current, previous = council / f"ssda903_{YEAR_END}", council / f"ssda903_{YEAR_END - 1}"
    sc.out["data"] = D.describe_set(out)
    args, mode = validate_args(bench, current, previous)
    sc.out["parameters"]["carepanel_validate"] = mode
    check = sc.step("validate", bench.run("validate", args, ok_codes=(0, 1)))
    load = sc.step("load", bench.run("load", ["load", str(previous), str(current),
                                               "--warehouse", str(wh)]))
    sc.target("validate: seconds", seconds_of(check), None, "s", note=why_not(check))
    sc.target("load: seconds", seconds_of(load), None, "s", note=why_not(load))
    return sc.out


SCENARIOS: dict[str, Callable[[Bench], dict]] = {
    "peer": peer_comparison,
    "national_return": national_return,
    "national_1y": national_1y,
    "regional_20x1": regional_20x1,
    "quarterly_cycle": quarterly_cycle,
    "scaling": scaling,
    "errors_100k": errors_100k,
    "episodes_1m": episodes_1m,
    "national_5y": national_5y,
    "smoke": smoke,
}
QUICK = ["peer", "national_return", "national_1y", "regional_20x1", "quarterly_cycle",
         "scaling", "errors_100k"]
HEAVY = ["episodes_1m", "national_5y"]
