"""The readable table of a benchmark run, made from its JSON (never edited by hand).

``python bench/results_md.py bench/results/latest.json`` writes ``latest.md`` beside it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _met(met: bool | None) -> str:
    return {True: "yes", False: "**no**", None: ""}[met]


def _machine(results: dict) -> list[str]:
    m = results["machine"]
    lines = [f"Run {results.get('date', '?')} on {m.get('cores')} cores, "
             f"{m.get('memory_gb')} GB, Python {m.get('python')}, DuckDB {m.get('duckdb')}, "
             f"{m.get('platform')}; carepanel {m.get('carepanel_version')} at commit "
             f"{m.get('commit', '?')}"
             + (f" (src/ last changed at {m['src_commit']})" if m.get("src_commit") else "")
             + ".",
             f"Command: `{results.get('command', '')}`. Each step is a process of its own; "
             "peak memory is its process tree's (see bench/measure.py).", ""]
    peer = results.get("peer_environment")
    if peer:
        v = peer.get("versions", {})
        lines += [f"Peer: csc-validator-be-903 {v.get('csc-validator-be-903')} (pandas "
                  f"{v.get('pandas')}, numpy {v.get('numpy')}, Python {v.get('python')}), "
                  f"in {peer.get('venv')}.", ""]
    return lines


def _targets(results: dict) -> list[str]:
    lines = ["## Targets", "",
             "| scenario | measure | carepanel | peer | target | met | note |",
             "|---|---|---:|---:|---|---|---|"]
    for name, sc in results["scenarios"].items():
        for t in sc.get("targets", []):
            lines.append(f"| {name} | {t['what']} | {_fmt(t['carepanel'])} | "
                         f"{_fmt(t['peer'])} | {t['target']} | {_met(t['met'])} | "
                         f"{t.get('note', '')} |")
        if sc.get("error"):
            lines.append(f"| {name} | (scenario stopped) | - | - | | **no** | {sc['error']} |")
    return [*lines, ""]


def _scenario(name: str, sc: dict) -> list[str]:
    lines = [f"### {name}", "", sc.get("description", ""), ""]
    start, end = sc.get("load_average_start"), sc.get("load_average_end")
    lines.append(f"Load average (1, 5, 15 min) at start {start}, at end {end}; "
                 f"{sc.get('date', '')}.")
    if sc.get("command"):
        limits = sc.get("limits", {})
        lines.append(f"Run by `{sc['command']}`; a step is stopped after "
                     f"{_fmt(limits.get('timeout_s'))} s or above "
                     f"{_fmt(limits.get('memory_cap_mb'))} MB.")
    if sc.get("parameters"):
        lines.append("Parameters: " + ", ".join(f"{k} {_fmt(v)}"
                                                 for k, v in sc["parameters"].items()) + ".")
    if sc.get("data"):
        lines.append(f"Data: `{json.dumps(sc['data'], separators=(', ', ': '))}`.")
    comparisons = {k: v for k, v in sc.get("comparisons", {}).items()
                   if k != "peer_findings" or v}
    if comparisons:
        lines.append(f"Figures: `{json.dumps(comparisons, separators=(', ', ': '))}`.")
    lines += ["", "| step | status | seconds | peak MB | note |", "|---|---|---:|---:|---|"]
    for step, row in sc.get("steps", {}).items():
        label = step + (" (setup)" if row.get("setup") else "")
        lines.append(f"| {label} | {row['status']} | {_fmt(row['seconds'])} | "
                     f"{_fmt(row['peak_rss_mb'])} | {row.get('note', '')} |")
    return [*lines, ""]


def render(results: dict) -> str:
    """The whole page: machine, every target met or not, then each scenario's steps."""
    lines = ["# carepanel benchmarks", "", *_machine(results), *_targets(results),
             "## Scenarios", ""]
    for name, sc in results["scenarios"].items():
        lines += _scenario(name, sc)
    return "\n".join(lines).rstrip() + "\n"


def write(json_path: Path) -> Path:
    md = json_path.with_suffix(".md")
    md.write_text(render(json.loads(json_path.read_text(encoding="utf-8"))), encoding="utf-8")
    return md


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(write(Path(arg)))
