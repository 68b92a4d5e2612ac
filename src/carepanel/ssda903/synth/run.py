"""Generate councils one at a time and write their returns and local files.

One council is simulated, cut into returns and written before the next starts, so memory
stays at one council's worth whatever ``councils`` is. Every council has its own seed drawn
from the run's seed, and everything written is sorted, so the same arguments give the same
bytes.
"""

from __future__ import annotations

import csv
import json
import math
import multiprocessing as mp
import os
import random
import re
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path
from pickle import PicklingError

from carepanel.ssda903 import schema
from carepanel.ssda903.synth import errors as E
from carepanel.ssda903.synth import params as P
from carepanel.ssda903.synth.dates import year_end, year_start
from carepanel.ssda903.synth.details import draw_details
from carepanel.ssda903.synth.episodes import Builder, urn_pools
from carepanel.ssda903.synth.model import (
    BURN_IN_YEARS,
    Child,
    Window,
    is_care_leaver,
    simulate_periods,
)
from carepanel.ssda903.synth.rand import stream
from carepanel.ssda903.synth.records import ChildRows, Tables

MANIFEST = "errors_manifest.json"
_LA_CODE = re.compile(r"[A-Za-z0-9_-]{1,16}")


@dataclass(frozen=True)
class SynthResult:
    """What ``generate`` wrote.

    ``counts[(la_code, year)]`` has the number of children (Header rows) and the rows of
    every file of that council's return and local files for the year, keyed by file stem.
    """

    out_dir: Path
    returns: list[Path]
    local: list[Path]
    la_codes: list[str]
    counts: dict[tuple[str, int], dict[str, int]] = field(default_factory=dict)
    manifest: Path | None = None


@dataclass(frozen=True)
class CouncilJob:
    """Everything a worker needs to simulate and write one council (picklable)."""

    out_dir: Path
    la_code: str
    children: int
    index: int
    seed: int
    window: Window
    errors: float


@dataclass
class CouncilOutcome:
    la_code: str
    returns: list[Path] = field(default_factory=list)
    local: list[Path] = field(default_factory=list)
    counts: dict[tuple[str, int], dict[str, int]] = field(default_factory=dict)
    injected: list[E.InjectedError] = field(default_factory=list)


def generate(out_dir: Path, *, children: int, years: int, seed: int, la_code: str = "999",
             councils: int = 1, errors: float = 0.0, last_year: int = 2025,
             progress: Callable[[int, int], None] | None = None) -> SynthResult:
    """Write synthetic SSDA903 returns and local files for ``councils`` councils.

    ``children`` is about how many children each council looks after at 31 March;
    ``years`` consecutive returns end with the one for 31 March ``last_year``. Layout:
    ``out_dir/<la_code>/ssda903_<YYYY>/<table>.csv`` and ``out_dir/<la_code>/local_<YYYY>/``.
    With ``errors`` above 0, about that share of return rows get a realistic error, listed
    in ``out_dir/errors_manifest.json`` (without errors, no manifest is left there).
    ``progress(done, total)`` is called as councils' years are written. Four or more
    councils are spread over the machine's cores (``CAREPANEL_SYNTH_WORKERS=1`` keeps them
    in one process); the bytes are the same either way.
    """
    _check(children, years, councils, errors, last_year, la_code)
    out_dir = Path(out_dir)
    first_year = last_year - years + 1
    start = year_start(first_year)
    window = Window(first_year, last_year, start - BURN_IN_YEARS * 365 - 5, start,
                    year_end(last_year))
    codes = council_codes(la_code, councils)
    sizes = council_sizes(children, councils, seed)
    jobs = [CouncilJob(out_dir, code, sizes[i], i, seed, window, errors)
            for i, code in enumerate(codes)]
    ticker = _Ticker(progress, councils * years)
    outcomes = _run_parallel(jobs, ticker, years) if _workers(councils) > 1 else None
    if outcomes is None:
        ticker.restart()
        outcomes = [_run_council(job, ticker) for job in jobs]
    result = SynthResult(out_dir, [], [], codes)
    injected: list[E.InjectedError] = []
    for outcome in outcomes:
        result.returns.extend(outcome.returns)
        result.local.extend(outcome.local)
        result.counts.update(outcome.counts)
        injected.extend(outcome.injected)
    path = out_dir / MANIFEST
    if errors > 0:
        _write_manifest(path, injected, seed, errors)
        result = SynthResult(result.out_dir, result.returns, result.local, result.la_codes,
                             result.counts, path)
    elif path.is_file():
        path.unlink()  # left by an earlier run into this folder: it would describe other data
    return result


class _Ticker:
    """Calls ``progress(done, total)``, starting with (0, total)."""

    def __init__(self, progress: Callable[[int, int], None] | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0
        if progress is not None:
            progress(0, total)

    def restart(self) -> None:
        if self.done:
            self.done = 0
            if self.progress is not None:
                self.progress(0, self.total)

    def tick(self, n: int = 1) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.total)


def _workers(councils: int) -> int:
    """Processes to use: one per core for four or more councils, unless told otherwise."""
    configured = os.environ.get("CAREPANEL_SYNTH_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return min(int(configured), councils)
    if councils < 4:
        return 1
    return max(1, min(os.cpu_count() or 1, councils, 8))


def _run_parallel(jobs: list[CouncilJob], ticker: _Ticker,
                  years: int) -> list[CouncilOutcome] | None:
    """Councils in worker processes (each writes its own folder); results in council order.

    Returns None if worker processes cannot be used here (for example a calling script
    without an ``if __name__ == "__main__":`` guard), and the caller then runs them in this
    process: the files are the same either way.
    """
    outcomes: dict[int, CouncilOutcome] = {}
    try:
        with ProcessPoolExecutor(max_workers=_workers(len(jobs)), mp_context=_context()) as pool:
            futures = {pool.submit(_run_council, job): job.index for job in jobs}
            for future in as_completed(futures):
                outcomes[futures[future]] = future.result()
                ticker.tick(years)
    except (BrokenProcessPool, OSError, RuntimeError, PicklingError):
        return None
    return [outcomes[i] for i in range(len(jobs))]


def _context() -> BaseContext:
    """Fork when this process has no other threads (cheap, nothing re-imported); otherwise a
    fork server, so threads the caller runs (a progress bar's refresher) are never copied."""
    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    if "forkserver" not in methods:
        return mp.get_context("spawn")
    context = mp.get_context("forkserver")
    context.set_forkserver_preload([__name__])  # not the caller's __main__
    return context


def _run_council(job: CouncilJob, ticker: _Ticker | None = None) -> CouncilOutcome:
    """Simulate one council and write its returns and local files."""
    council = P.council_profile(job.la_code, job.seed, job.children, job.index)
    tables = simulate_council(council, job.window)
    outcome = CouncilOutcome(job.la_code)
    for year in tables.years:
        _write_year(tables, year, council, job.out_dir, outcome, job.errors, job.seed)
        if ticker is not None:
            ticker.tick()
    return outcome


def _check(children: int, years: int, councils: int, errors: float, last_year: int,
           la_code: str) -> None:
    if children < 1 or years < 1 or councils < 1:
        raise ValueError("children, years and councils must be at least 1")
    if not 0.0 <= errors <= 1.0:
        raise ValueError("errors is a share of rows, from 0 to 1")
    first = last_year - years + 1
    if first < schema.FIRST_YEAR or last_year > schema.LAST_YEAR:
        raise ValueError(f"returns must lie within {schema.FIRST_YEAR}-{schema.LAST_YEAR} "
                         f"(the years the schema knows); asked for {first}-{last_year}")
    if not _LA_CODE.fullmatch(la_code):
        raise ValueError(f"la_code {la_code!r}: use letters, digits, - or _ only")


def council_codes(first: str, councils: int) -> list[str]:
    """The first council's code, then distinct three-digit codes from 201 upwards."""
    codes = [first]
    n = 201
    while len(codes) < councils:
        if n > 999:
            raise ValueError(f"at most {len(codes)} councils can be given distinct codes")
        if str(n) != first:
            codes.append(str(n))
        n += 1
    return codes


def council_sizes(children: int, councils: int, seed: int) -> list[int]:
    """Sizes around ``children`` (lognormal, as real councils vary), summing to the total."""
    if councils == 1:
        return [children]
    rng = stream(f"carepanel-synth-sizes:{seed}")
    weights = [math.exp(rng.gauss(0, 0.55)) for _ in range(councils)]
    total = sum(weights)
    sizes = [max(10, round(children * councils * w / total)) for w in weights]
    return sizes


def simulate_council(council: P.Council, window: Window) -> Tables:
    """Simulate one council and cut every child into the returns of the window."""
    rng = stream(council.seed)
    children = simulate_periods(council, window, rng)
    urns = urn_pools(rng)
    workers = sorted({f"SW{rng.randrange(100000, 999999)}"
                      for _ in range(max(6, council.children // 14))})
    ids = _child_ids(len(children), rng)
    tables = Tables(list(range(window.first_year, window.last_year + 1)))
    for n, child in enumerate(children):
        child.number, child.cid = n, ids[n]
        _emit_child(child, council, window, urns, workers, tables)
    return tables


def _emit_child(child: Child, council: P.Council, window: Window,
                urns: dict[str, list[str]], workers: list[str], tables: Tables) -> None:
    """One child from periods to rows, all from the child's own random stream."""
    rng = stream(child.seed)
    if child.periods[-1].end >= window.start:
        Builder(child, council, window, urns, rng).build()
    leaver = is_care_leaver(child, window.horizon)
    det = draw_details(child, council, window, rng, workers, leaver)
    ChildRows(child, det, council, window, leaver, rng).emit(tables)


def _child_ids(n: int, rng: random.Random) -> list[str]:
    """Opaque 8-digit ids, unique within the council (an affine bijection of 0..n-1)."""
    modulus = 90_000_000
    while True:
        a = rng.randrange(1_000_001, modulus)
        if math.gcd(a, modulus) == 1:
            break
    b = rng.randrange(modulus)
    return [str(10_000_000 + (a * i + b) % modulus) for i in range(n)]


def _write_year(tables: Tables, year: int, council: P.Council, out_dir: Path,
                outcome: CouncilOutcome, rate: float, seed: int) -> None:
    base = out_dir / council.la_code
    ret_dir, local_dir = base / f"ssda903_{year}", base / f"local_{year}"
    rows = {name: tables.sorted_rows(year, name) for name in tables.rows[year]}
    if rate > 0:
        returned = {n: r for n, r in rows.items() if schema.TABLES[n].kind == "ssda903"}
        rng = stream(f"carepanel-synth-errors:{seed}:{council.la_code}:{year}")
        outcome.injected += E.inject(returned, year, council.la_code, rate, rng)
    counts: dict[str, int] = {"children": len(rows["Header"])}
    for name, data in rows.items():
        table = schema.TABLES[name]
        folder = ret_dir if table.kind == "ssda903" else local_dir
        _write_csv(folder / f"{table.sql_name}.csv", table.columns, data)
        counts[table.sql_name] = len(data)
    outcome.returns.append(ret_dir)
    outcome.local.append(local_dir)
    outcome.counts[(council.la_code, year)] = counts
    tables.rows[year] = {}


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def _write_manifest(path: Path, injected: list[E.InjectedError], seed: int,
                    rate: float) -> None:
    entries = sorted((e.as_json() for e in injected),
                     key=lambda d: (str(d["la_code"]), str(d["return"]), str(d["file"]),
                                    d["row"] or 0, str(d["column"]), str(d["value"])))
    doc = {"row_numbering": E.ROW_NUMBERING, "seed": seed, "rate": rate,
           "count": len(entries), "errors": entries}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
