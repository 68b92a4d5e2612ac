"""The peer: csc-validator-be-903, the validator councils use, run on the benchmark's files.

It needs pandas < 2 and its own Python, so it gets a virtual environment of its own outside
the repository, made on first use:

- where: ``$CAREPANEL_BENCH_PEER_VENV``, else ``~/.cache/carepanel-bench/peer-venv``;
- with: ``$CAREPANEL_BENCH_PEER_PYTHON``, else ``python3.11``;
- what: ``$CAREPANEL_BENCH_PEER_REQUIREMENT`` (default ``csc-validator-be-903==0.1.17``,
  pinned so figures from different days compare the same peer) and ``pandas<2``, from
  PyPI with pip.

``bench/peer_driver.py`` runs under that environment and does what the validator's web
front end does for an upload (``rpc_main.lac_validate``); ``run_peer`` starts it as a
process of its own through ``measure.run_step``, so its time and peak memory are measured
exactly as carepanel's are.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from measure import StepResult

DEFAULT_VENV = Path.home() / ".cache" / "carepanel-bench" / "peer-venv"
DEFAULT_REQUIREMENT = "csc-validator-be-903==0.1.17"
DRIVER = Path(__file__).resolve().parent / "peer_driver.py"
# The validator's long council codes, for the councils the benchmarks generate. Only the
# placement's in/out-of-area flag depends on it.
LONG_CODES = {"883": "E06000034"}  # Thurrock
READY = ".carepanel-bench-ready"


def venv_path() -> Path:
    return Path(os.environ.get("CAREPANEL_BENCH_PEER_VENV", DEFAULT_VENV)).expanduser()


def python_of(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_peer(log: Path) -> dict:
    """Make the peer's environment unless it is there already; say what it holds.

    A marker file is written only once pip has finished, so an install that was stopped
    half-way is done again rather than used.
    """
    venv = venv_path()
    requirement = os.environ.get("CAREPANEL_BENCH_PEER_REQUIREMENT", DEFAULT_REQUIREMENT)
    marker = venv / READY
    installed_now, seconds = False, 0.0
    if not marker.exists() or marker.read_text(encoding="utf-8") != requirement:
        base = os.environ.get("CAREPANEL_BENCH_PEER_PYTHON", "python3.11")
        started = time.perf_counter()
        with log.open("ab") as out:
            subprocess.run([base, "-m", "venv", "--clear", str(venv)], check=True,
                           stdout=out, stderr=subprocess.STDOUT)
            subprocess.run([str(python_of(venv)), "-m", "pip", "install", "--quiet",
                            requirement, "pandas<2"], check=True, stdout=out,
                           stderr=subprocess.STDOUT)
        marker.write_text(requirement, encoding="utf-8")
        installed_now, seconds = True, round(time.perf_counter() - started, 1)
    versions = subprocess.run(
        [str(python_of(venv)), "-c",
         "import json, sys; from importlib.metadata import version as v; print(json.dumps("
         "{n: v(n) for n in ('csc-validator-be-903', 'pandas', 'numpy')} | "
         "{'python': sys.version.split()[0]}))"],
        check=True, capture_output=True, text=True).stdout
    return {"venv": str(venv), "requirement": requirement, "installed_now": installed_now,
            "install_seconds": seconds, "versions": json.loads(versions)}


def peer_command(this_year: list[Path], previous_year: list[Path], year_end: int,
                 la_code: str, flagged: Path | None = None,
                 provider_lists: tuple[Path, Path] | None = None) -> list[str]:
    """The command that validates one return (with last year's) with the peer.

    ``year_end`` is the year of the return's 31 March: 2025 for 2024/25, which the peer
    calls its collection year and maps to its rule pack lac2024_25. ``flagged``: where the
    driver writes every (rule, table, row) it flagged (``bench/parity.py``).
    ``provider_lists``: Ofsted's children's homes list and social care providers list, for
    the rules that check a placement's URN (not run by the peer without them).
    """
    return [str(python_of(venv_path())), str(DRIVER), "--collection-year", str(year_end),
            "--local-authority", LONG_CODES.get(la_code, LONG_CODES["883"]),
            "--this-year", *map(str, this_year),
            *(["--previous-year", *map(str, previous_year)] if previous_year else []),
            *(["--flagged", str(flagged)] if flagged else []),
            *(["--ch-list", str(provider_lists[0]), "--scp-list", str(provider_lists[1])]
              if provider_lists else [])]


def run_peer(this_year: list[Path], previous_year: list[Path], year_end: int, la_code: str,
             logs: Path, *, timeout: float, memory_cap_mb: float) -> StepResult:
    """Validate with the peer in its own process; its findings go in ``result.extra``.

    The run counts as valid only when the peer exited normally and printed its summary:
    anything else is recorded as failed, with the reason, rather than as a fast time.
    """
    from measure import run_step  # bench/ is on the path when the benchmarks run

    result = run_step(peer_command(this_year, previous_year, year_end, la_code), logs,
                      "peer_validate", timeout=timeout, memory_cap_mb=memory_cap_mb)
    if result.ok:
        lines = Path(result.stdout_path).read_text(encoding="utf-8",
                                                   errors="replace").splitlines()
        try:
            result.extra = json.loads(lines[-1])
        except (IndexError, json.JSONDecodeError):
            result.status, result.note = "failed", "the peer printed no summary"
    return result
