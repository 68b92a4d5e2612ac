"""Benchmark of the DfE rule runner alone: every rule once over all the returns of a run.

    python bench/rules.py regional            # 20 councils x 560 children, 1 year, one run
    python bench/rules.py large               # 8,000 children: this year's with last year's
    python bench/rules.py regional --alone    # ... and each return in a run of its own
    python bench/rules.py large --profile 10  # each rule timed once: the slowest ten

The returns are generated once into ``--data`` (default: a folder under the system's
temporary folder, kept between runs) and staged as the intake stages them; only
``run_rules`` is timed, ``--repeat`` times (median and best printed), with the machine's
load average beside it: on a shared machine the figures mean little without it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from carepanel.ssda903 import schema, staging
from carepanel.ssda903.validate.runner import run_rules

SCENARIOS = {
    "regional": {"children": 560, "years": 1, "councils": 20},
    "large": {"children": 8000, "years": 2, "councils": 1},
}


def generate(data: Path, scenario: str) -> list[Path]:
    """The scenario's returns (generated once): the folders to check."""
    from carepanel.ssda903.synth import generate as synth

    folder = data / scenario
    if not folder.is_dir():
        synth(folder, seed=1, la_code="201", **SCENARIOS[scenario])
    folders = sorted(folder.glob("*/ssda903_*"))
    last_year = max(int(f.name.split("_")[1]) for f in folders)
    return [f for f in folders if int(f.name.split("_")[1]) == last_year]


def stage(con: duckdb.DuckDBPyConnection, folder: Path, tmp: Path, checked: bool) -> int:
    year = int(folder.name.split("_")[1])
    return_id = staging.add_return(con, str(folder), checked=checked)
    for path in sorted(folder.glob("*.csv")):
        table = next(t for t in schema.RETURN_TABLES if t.sql_name == path.stem)
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            at = [header.index(c) for c in table.columns]
            staging.stage_table(con, return_id, table, str(path), header,
                                ((n, [r[i] for i in at]) for n, r in enumerate(reader, 2)),
                                tmp)
    staging.set_return(con, return_id, la_code=folder.parent.name, collection_year=year,
                       reference_date=dt.date(year, 3, 31))
    return return_id


def staged(folders: list[Path], tmp: Path) -> duckdb.DuckDBPyConnection:
    """A run of ``folders``, each with its council's return of the year before."""
    con = duckdb.connect()
    staging.create(con)
    for folder in folders:
        this = stage(con, folder, tmp, checked=True)
        last = folder.parent / f"ssda903_{int(folder.name.split('_')[1]) - 1}"
        if last.is_dir():
            staging.set_return(con, this, previous_id=stage(con, last, tmp, checked=False))
    return con


def timed(con: duckdb.DuckDBPyConnection, workers: int | None) -> float:
    con.execute("DELETE FROM run_findings")
    start = time.perf_counter()
    run_rules(con, workers=workers)
    return time.perf_counter() - start


def profile(con: duckdb.DuckDBPyConnection, top: int) -> None:
    """Each rule run once on its own (one worker), slowest first."""
    from carepanel.ssda903.validate.catalogue import implemented

    times = []
    for code in implemented():
        con.execute("DELETE FROM run_findings")
        start = time.perf_counter()
        run_rules(con, codes=[code], workers=1)
        times.append((time.perf_counter() - start, code))
    base = dict((code, s) for s, code in times)["103"]  # the cheapest rule there is
    times.sort(reverse=True)
    print(f"each rule on its own, less {base:.3f} s for the typed tables (rule 103's run)")
    for seconds, code in times[:top]:
        print(f"  {code:<10} {(seconds - base) * 1000:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--data", type=Path,
                        default=Path(tempfile.gettempdir()) / "carepanel-bench-rules")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None, help="DuckDB's threads")
    parser.add_argument("--alone", action="store_true",
                        help="also each return in a run of its own")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="time each rule once and print the slowest N")
    args = parser.parse_args()
    folders = generate(args.data, args.scenario)
    with tempfile.TemporaryDirectory() as tmp:
        con = staged(folders, Path(tmp))
        alone = [staged([f], Path(tmp)) for f in folders] if args.alone else []
    for c in [con, *alone]:
        if args.threads:
            c.execute(f"SET threads = {args.threads}")
    if args.profile:
        profile(con, args.profile)
        return
    together, separately = [], []
    for _ in range(args.repeat):
        together.append(timed(con, args.workers))
        if alone:
            separately.append(sum(timed(c, args.workers) for c in alone))
    load = os.getloadavg()[0]
    print(f"{args.scenario}: {len(folders)} returns checked, load average {load:.1f}, "
          f"workers {args.workers or 'default'}, threads {args.threads or 'default'}")
    print(f"  one run:        median {statistics.median(together):.2f} s, "
          f"best {min(together):.2f} s")
    if separately:
        print(f"  a run each:     median {statistics.median(separately):.2f} s, "
              f"best {min(separately):.2f} s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
