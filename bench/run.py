"""Benchmarks: time and peak memory of each pipeline step, each measured in its own process.

Run with ``make bench``. Figures go to ``bench/results/latest.json`` and are printed as a
table with the machine noted (cores, Python, DuckDB), so that figures from different
machines are never compared as if they were the same.

Scenarios: one council of 2,000 children over 5 years, and a national set of 153 councils
(about 85,000 children looked after at 31 March) for one year. Steps: generate the returns,
load them (read, check, store, build the history), compute every indicator for the year to
31 March 2025 for every council in the warehouse, write the scorecard PDF for every council
(for the national set only with --national-papers: it takes about 20 minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"

SCENARIOS = {
    "council_2000x5": {"children": 2000, "years": 5, "councils": 1},
    "regional_20x1": {"children": 556, "years": 1, "councils": 20},
    "national_153x1": {"children": 556, "years": 1, "councils": 153},
}


def stage(name: str, work: Path, scenario: dict) -> None:
    """Run one step in this process and print its time and peak memory as JSON."""
    start = time.perf_counter()
    if name == "synth":
        from carepanel.ssda903.synth import generate

        generate(work / "returns", children=scenario["children"], years=scenario["years"],
                 seed=1, la_code="201", councils=scenario["councils"])
    elif name == "load":
        from carepanel.ssda903 import intake

        intake.load(intake.Request([work / "returns"]), work / "warehouse.duckdb")
    elif name == "indicators":
        import datetime as dt

        from carepanel.indicators.engine import compute
        from carepanel.warehouse import Warehouse

        with Warehouse.open(work / "warehouse.duckdb", read_only=True) as wh:
            compute(wh.con, dt.date(2025, 3, 31))
    elif name == "report":
        # The quarterly scorecard paper as a PDF, for every council in the warehouse, through
        # the command a user runs (one paper per council, one process per core).
        subprocess.run([sys.executable, "-m", "carepanel", "report", "scorecard",
                        "--period-end", "2025-03-31", "--warehouse",
                        str(work / "warehouse.duckdb"), "--format", "pdf",
                        "--output", str(work / "papers")], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The generator runs councils in worker processes: report the largest one too.
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak_mb, 1),
                      "worker_peak_mb": round(worker_mb, 1)}))


def measure(name: str, work: Path, scenario_name: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--stage", name, "--work", str(work),
         "--scenario", scenario_name],
        check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> dict:
    import duckdb

    return {"cores": os.cpu_count(), "python": platform.python_version(),
            "duckdb": duckdb.__version__, "platform": platform.platform(),
            # Other work on the machine slows every figure: say how busy it was.
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--national-papers", action="store_true",
                        help="also write the scorecard PDF for all 153 councils (about 20 "
                             "minutes on 2 cores)")
    args = parser.parse_args()
    if args.stage:
        stage(args.stage, args.work, SCENARIOS[args.scenario])
        return
    results = {"machine": machine(), "scenarios": {}}
    names = [args.scenario] if args.scenario else list(SCENARIOS)
    for scenario_name in names:
        work = Path(tempfile.mkdtemp(prefix="carepanel-bench-"))
        try:
            steps = ["synth", "load", "indicators"]
            if scenario_name != "national_153x1" or args.national_papers:
                steps.append("report")
            row = {step: measure(step, work, scenario_name) for step in steps}
            row["warehouse_mb"] = round((work / "warehouse.duckdb").stat().st_size / 2**20, 1)
            results["scenarios"][scenario_name] = row
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"{scenario_name}: {json.dumps(row)}", flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"machine: {json.dumps(results['machine'])}")
    print(f"written to {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
