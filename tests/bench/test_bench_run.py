"""`python bench/run.py` runs scenarios through the carepanel command line and writes
well-formed results. The peer (csc-validator-be-903) is never installed here: it is too
slow for a test and runs only in `make bench`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "bench" / "run.py"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A tiny council (smoke), and the peer scenario on a tiny return without the peer."""
    tmp = tmp_path_factory.mktemp("bench")
    env = os.environ | {"CAREPANEL_BENCH_PEER_VENV": str(tmp / "peer-venv")}
    done = subprocess.run(
        [sys.executable, str(RUN), "--only", "smoke,peer", "--no-peer", "--peer-children",
         "40", "--peer-errors", "0,0.05", "--results-dir", str(tmp / "results"),
         "--work-dir", str(tmp), "--save-as", "baseline"],
        capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    return {"tmp": tmp, "stdout": done.stdout,
            "json": json.loads((tmp / "results" / "latest.json").read_text()),
            "md": (tmp / "results" / "latest.md").read_text()}


def test_results_name_the_machine_and_how_busy_it_was(run: dict) -> None:
    machine = run["json"]["machine"]
    assert machine["cores"] == os.cpu_count()
    assert machine["python"] == ".".join(map(str, sys.version_info[:3]))
    assert {"duckdb", "platform", "memory_gb", "commit", "src_commit",
            "carepanel_version"} <= set(machine)
    for scenario in run["json"]["scenarios"].values():
        assert scenario["command"] == run["json"]["command"]
        assert scenario["limits"] == {"timeout_s": 900, "memory_cap_mb": 8192}
        for when in ("load_average_start", "load_average_end"):
            assert len(scenario[when]) == 3
            assert all(isinstance(x, float | int) and x >= 0 for x in scenario[when])


def test_each_step_has_its_time_memory_and_status(run: dict) -> None:
    smoke = run["json"]["scenarios"]["smoke"]
    assert "error" not in smoke
    assert set(smoke["steps"]) == {"synth", "validate", "load"}
    for step in smoke["steps"].values():
        assert step["status"] == "ok"
        assert step["seconds"] > 0 and step["peak_rss_mb"] > 0
        assert step["command"].split()[1] in {"synth", "validate", "load"}
    assert smoke["steps"]["synth"]["setup"] is True
    assert smoke["data"]["returns"] == 2 and smoke["data"]["header_rows"] > 40


def test_targets_say_whether_they_were_met(run: dict) -> None:
    peer = run["json"]["scenarios"]["peer"]
    targets = {t["what"]: t for t in peer["targets"]}
    for variant in ("clean", "errors_0.05"):
        faster = targets[f"{variant}: times faster than the peer"]
        # Without the peer there is no ratio, so the target cannot be met.
        assert faster["carepanel"] is None and faster["met"] is False
        assert faster["target"] == ">= 10 x"
        seconds = targets[f"{variant}: validate seconds (peer beside)"]
        assert seconds["carepanel"] > 0 and seconds["peer"] is None
        assert seconds["met"] is None
    assert peer["comparisons"]["peer"] == "not run (--no-peer)"
    assert peer["comparisons"]["clean"]["carepanel_findings"]["errors"] == 0
    assert peer["comparisons"]["errors_0.05"]["carepanel_findings"]["errors"] > 0
    assert peer["data"]["errors_0.05"]["injected_errors"] > 0


def test_the_peer_is_not_installed_without_being_asked(run: dict) -> None:
    assert not (run["tmp"] / "peer-venv").exists()
    steps = run["json"]["scenarios"]["peer"]["steps"]
    assert set(steps) == {"synth_clean", "carepanel_validate_clean", "synth_errors_0.05",
                          "carepanel_validate_errors_0.05"}


def test_the_readable_table_is_made_from_the_json(run: dict) -> None:
    md = run["md"]
    assert md.startswith("# carepanel benchmarks\n")
    assert "| peer | clean: times faster than the peer | - | - | >= 10 x | **no** |" in md
    assert "### smoke" in md and "| validate | ok |" in md


def test_a_named_copy_is_kept_for_before_and_after_figures(run: dict) -> None:
    results = run["tmp"] / "results"
    assert json.loads((results / "baseline.json").read_text()) == run["json"]
    assert (results / "baseline.md").read_text() == run["md"]


def test_scratch_folders_are_removed(run: dict) -> None:
    assert list(run["tmp"].glob("carepanel-bench-*")) == []


def test_an_unknown_scenario_is_named() -> None:
    done = subprocess.run([sys.executable, str(RUN), "--only", "smoke,nope"],
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert "unknown scenario(s): nope" in done.stderr
