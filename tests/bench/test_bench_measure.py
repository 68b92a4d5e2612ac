"""The harness measures each step as a process tree of its own, and stops runaway steps.

No timing is asserted: only what a reader of the results relies on (a step's status, that a
memory figure covers the processes the step started, that a killed step says why and
leaves nothing running).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench_harness import load

measure = load("measure")
PY = sys.executable


def hold(mb: int, seconds: float = 1.0) -> str:
    """Python code that keeps ``mb`` megabytes resident for a while."""
    return (f"import time; b = bytearray({mb} * 2**20); b[::4096] = b'x' * len(b[::4096]); "
            f"time.sleep({seconds})")


def test_a_step_that_succeeds_gives_its_time_memory_and_output(tmp_path: Path) -> None:
    result = measure.run_step([PY, "-c", "print('hello')"], tmp_path, "hello")
    assert (result.status, result.exit_code, result.note) == ("ok", 0, "")
    assert result.seconds > 0 and result.peak_rss_mb > 0
    assert Path(result.stdout_path).read_text() == "hello\n"


def test_memory_is_that_of_the_process_the_step_starts_in_turn(tmp_path: Path) -> None:
    """A command that runs its work in a child process (as the papers' workers do) is
    measured with that child, not as the small parent alone."""
    inner = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {hold(200)!r}])"
    result = measure.run_step([PY, "-c", inner], tmp_path, "tree")
    assert result.ok
    assert result.peak_rss_mb >= 200


def test_a_step_over_its_time_limit_is_killed_and_says_so(tmp_path: Path) -> None:
    result = measure.run_step([PY, "-c", "import time; time.sleep(60)"], tmp_path, "slow",
                              timeout=1)
    assert result.status == "timeout"
    assert result.note == "timeout after 1 s"
    assert not result.ok


def test_a_step_over_the_memory_cap_is_killed_and_says_so(tmp_path: Path) -> None:
    result = measure.run_step([PY, "-c", hold(400, 30)], tmp_path, "big", memory_cap_mb=150)
    assert result.status == "killed_memory"
    assert result.note.startswith("killed: memory above 150 MB after ")


def test_processes_a_step_leaves_behind_are_ended(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    leave = ("import subprocess, sys; p = subprocess.Popen([sys.executable, '-c', "
             "'import time; time.sleep(60)']); "
             f"open({str(pid_file)!r}, 'w').write(str(p.pid))")
    assert measure.run_step([PY, "-c", leave], tmp_path, "leave").ok
    pid = int(pid_file.read_text())
    assert not _running_after_a_moment(pid)


def _running_after_a_moment(pid: int) -> bool:
    """A killed process takes a few milliseconds to go: look for up to two seconds."""
    deadline = time.monotonic() + 2
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return _running(pid)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_an_exit_status_counts_as_success_only_when_the_step_says_so(tmp_path: Path) -> None:
    """validate exits 1 when it finds errors: for a return with errors that is its job."""
    exit_one = [PY, "-c", "raise SystemExit(1)"]
    assert measure.run_step(exit_one, tmp_path, "a", ok_codes=(0, 1)).status == "ok"
    failed = measure.run_step(exit_one, tmp_path, "b")
    assert (failed.status, failed.note) == ("failed", "exit status 1")
