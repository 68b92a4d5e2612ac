"""Benchmarks: carepanel's time and peak memory at the sizes issues 9 and 10 set targets for,
beside csc-validator-be-903, the validator councils use, on the same files.

``make bench`` runs the quick set (about 10 minutes on 2 cores); ``--only`` picks
scenarios, ``--heavy`` adds the slow ones. Every step is a ``carepanel`` command (or the
peer) run as a process of its own, so the figures mean the same before and after a rewrite
of carepanel's insides. Results go to ``bench/results/latest.json`` and ``latest.md``
with the machine (cores, Python, DuckDB) and its load average at the start and end of
each scenario, so figures from a busy or different machine are not taken for others.

Scenarios (``--list`` shows them): peer, national_return, national_1y, regional_20x1,
quarterly_cycle, scaling, errors_100k (quick set); episodes_1m and national_5y (heavy:
``--episodes-1m``, ``--national-5y`` or ``--heavy``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import results_md
import scenarios as S
from measure import DEFAULT_MEMORY_CAP_MB, DEFAULT_TIMEOUT

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def carepanel_command() -> list[str]:
    """The ``carepanel`` command of the Python running the harness (the project's venv)."""
    script = Path(sys.executable).parent / "carepanel"
    return [str(script)] if script.exists() else [sys.executable, "-m", "carepanel"]


def machine() -> dict:
    import duckdb

    from carepanel import __version__

    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    # The last commit that changed carepanel itself: bench-only commits do not change it.
    src_commit = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h", "--",
                                 "src"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
                           capture_output=True, text=True).stdout.strip()
    return {"cores": os.cpu_count(), "memory_gb": round(pages / 2**30, 1),
            "python": platform.python_version(), "duckdb": duckdb.__version__,
            "platform": platform.platform(), "carepanel_version": __version__,
            "commit": commit, "src_commit": src_commit + (" (changed since)" if dirty else "")}


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run_scenario(name: str, args: argparse.Namespace, options: dict, command: str) -> dict:
    """One scenario in a scratch folder of its own, removed afterwards (unless --keep)."""
    if args.work_dir:
        Path(args.work_dir).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"carepanel-bench-{name}-", dir=args.work_dir))
    bench = S.Bench(carepanel_command(), work, args.timeout, args.memory_cap_mb, options)
    # With --merge a results file holds scenarios from several runs: each says its own.
    started = {"date": dt.datetime.now().isoformat(timespec="seconds"), "command": command,
               "limits": {"timeout_s": args.timeout, "memory_cap_mb": args.memory_cap_mb},
               "load_average_start": load_average()}
    try:
        out = S.SCENARIOS[name](bench)
    except S.ScenarioFailed as e:
        out = e.partial | {"error": str(e)}
    except Exception as e:  # the other scenarios still run; the cause goes in the results
        traceback.print_exc()
        out = {"error": f"the harness failed: {type(e).__name__}: {e}"}
    finally:
        if args.keep:
            print(f"{name}: files kept in {work}", flush=True)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return started | {"load_average_end": load_average()} | out


def chosen(args: argparse.Namespace) -> list[str]:
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in S.SCENARIOS]
        if unknown:
            raise SystemExit(f"unknown scenario(s): {', '.join(unknown)}; "
                             f"known: {', '.join(S.SCENARIOS)}")
        return names
    names = list(S.QUICK)
    if args.heavy or args.episodes_1m:
        names.append("episodes_1m")
    if args.heavy or args.national_5y:
        names.append("national_5y")
    return names


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", help="comma-separated scenarios, e.g. peer,scaling")
    p.add_argument("--list", action="store_true", help="list the scenarios and stop")
    p.add_argument("--heavy", action="store_true", help="add episodes_1m and national_5y")
    p.add_argument("--episodes-1m", action="store_true", help="add episodes_1m")
    p.add_argument("--national-5y", action="store_true",
                   help="add national_5y (153 councils x 5 years loaded)")
    p.add_argument("--national-papers", action="store_true",
                   help="national_1y also writes the scorecard PDF for all 153 councils "
                        "(target: under 5 minutes on 2 cores)")
    p.add_argument("--no-peer", action="store_true",
                   help="peer scenario without the peer (no virtual environment made)")
    p.add_argument("--peer-children", type=int, default=S.D.CHILDREN_FOR_16485_HEADER,
                   help="children at 31 March in the peer scenario (default gives a "
                        "Header of 16,485 children)")
    p.add_argument("--peer-errors", default="0,0.03",
                   help="shares of rows given errors in the peer scenario, one variant "
                        "each (default: a clean return and one with 3%% of rows in error)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help="seconds before a step is killed and recorded as a timeout")
    p.add_argument("--memory-cap-mb", type=float, default=DEFAULT_MEMORY_CAP_MB,
                   help="resident memory of a step's process tree above which it is killed")
    p.add_argument("--results-dir", type=Path, default=RESULTS)
    p.add_argument("--save-as", help="also write the results as NAME.json and NAME.md")
    p.add_argument("--merge", action="store_true",
                   help="keep the scenarios of latest.json that this run does not run")
    p.add_argument("--work-dir", type=Path, help="where scratch folders go (default TMPDIR)")
    p.add_argument("--keep", action="store_true", help="keep each scenario's scratch folder")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="a scenario option, e.g. scaling_factors=1,2 or cycle_children=400")
    return p


def options_of(args: argparse.Namespace) -> dict:
    options = {"no_peer": args.no_peer, "national_papers": args.national_papers,
               "peer_children": args.peer_children, "peer_errors": args.peer_errors}
    for item in args.set:
        key, _, value = item.partition("=")
        options[key.strip()] = value.strip()
    return options


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    if args.list:
        for name, fn in S.SCENARIOS.items():
            kind = "quick" if name in S.QUICK else "heavy" if name in S.HEAVY else "test"
            print(f"{name:16} {kind:6} {(fn.__doc__ or '').strip().splitlines()[0]}")
        return
    names, options = chosen(args), options_of(args)
    results_path = args.results_dir / "latest.json"
    results = {"date": dt.datetime.now().isoformat(timespec="seconds"),
               "command": " ".join(["python bench/run.py", *(argv or sys.argv[1:])]),
               "machine": machine(), "scenarios": {}}
    if args.merge and results_path.exists():
        results["scenarios"] = json.loads(results_path.read_text(encoding="utf-8"))["scenarios"]
    for name in names:
        print(f"{name}: running", flush=True)
        row = run_scenario(name, args, options, results["command"])
        if "peer_environment" in row:
            results["peer_environment"] = row.pop("peer_environment")
        results["scenarios"][name] = row
        print(f"{name}: " + "; ".join(_summary(row)), flush=True)
        _write(results, results_path, args.save_as)  # a killed run keeps what it measured
    print(f"written to {results_path} and {results_path.with_suffix('.md')}")


def _summary(row: dict) -> list[str]:
    if row.get("error"):
        return [f"stopped: {row['error']}"]
    if not row.get("targets"):
        return [f"{name} {step['status']} {step['seconds']} s {step['peak_rss_mb']} MB"
                for name, step in row.get("steps", {}).items()]
    return [f"{t['what']}: {t['carepanel']} (target {t['target'] or '-'}, "
            f"met {t['met']})" for t in row.get("targets", [])]


def _write(results: dict, path: Path, save_as: str | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")
    results_md.write(path)
    if save_as:
        named = path.with_name(f"{save_as}.json")
        named.write_text(text, encoding="utf-8")
        results_md.write(named)


if __name__ == "__main__":
    main()
