"""Run one benchmark step as a process of its own and measure its wall time and peak memory.

Every step (carepanel or the peer) is a separate process tree, started here and waited for
here, so one step's memory never counts towards another's and a step that runs away is
stopped instead of taking the machine with it.

Peak memory is the larger of two figures, both of the step's own process tree:

- the sum of the resident set sizes of every live process in the tree, read from
  ``/proc/PID/status`` (VmRSS) every ``POLL_SECONDS``; this sees worker processes that run
  at the same time (the scorecard papers use one process per core), but can miss a spike
  shorter than the poll interval. Finding the tree means reading every process's
  ``/proc/PID/stat`` (about 5 ms on a busy machine), so the tree is looked up again only
  every ``TREE_EVERY`` polls: the harness takes well under 1% of a core;
- ``ru_maxrss`` of the step's process from ``os.wait4`` once it has exited: the kernel's
  exact high-water mark of the largest single process in the tree (the process itself or
  any descendant it waited for), which no poll can miss.

A step is stopped (its whole process group killed) when it runs past its time limit or
its tree's resident memory goes above the memory cap; the result then says which and when,
so a baseline on slow code records "timeout after 900 s" rather than hanging.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

POLL_SECONDS = 0.1
TREE_EVERY = 10
DEFAULT_TIMEOUT = 900.0
DEFAULT_MEMORY_CAP_MB = 8192.0


@dataclass
class StepResult:
    """What one step cost and how it ended; ``status`` is ok, failed, timeout or killed_memory."""

    command: list[str]
    status: str
    exit_code: int | None
    seconds: float
    peak_rss_mb: float
    polled_tree_peak_mb: float
    largest_process_peak_mb: float
    note: str = ""
    stdout_path: str = ""
    stderr_path: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _children_of() -> dict[int, list[int]]:
    """Map each process id to its children's ids, from /proc (the tree changes as it runs)."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: the parent id follows it.
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_of(root: int) -> list[int]:
    """A process and all its descendants now."""
    tree, found, todo = _children_of(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes now, in MB (2**20 bytes); gone ones count 0."""
    return sum(_rss_kb(pid) for pid in pids) / 1024


class _Watcher(threading.Thread):
    """Polls the step's tree: keeps the peak, and kills the group past the limits."""

    def __init__(self, pid: int, started: float, timeout: float, cap_mb: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.started, self.timeout, self.cap_mb = pid, started, timeout, cap_mb
        self.peak_mb = 0.0
        self.stopped_for = ""
        self.done = threading.Event()

    def run(self) -> None:
        polls, tree = 0, [self.pid]
        while not self.done.is_set():
            if polls % TREE_EVERY == 0 or polls < TREE_EVERY:
                tree = tree_of(self.pid)  # each poll for the first second: workers start
            polls += 1
            rss = rss_mb(tree)
            self.peak_mb = max(self.peak_mb, rss)
            elapsed = time.perf_counter() - self.started
            if rss > self.cap_mb:
                self._kill(f"killed: memory above {self.cap_mb:.0f} MB after {elapsed:.0f} s",
                           "killed_memory")
            elif elapsed > self.timeout:
                self._kill(f"timeout after {self.timeout:.0f} s", "timeout")
            self.done.wait(POLL_SECONDS)

    def _kill(self, note: str, status: str) -> None:
        if not self.stopped_for:
            self.stopped_for, self.note = status, note
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)  # the group this module started


def run_step(command: list[str], logs: Path, name: str, *, cwd: Path | None = None,
             env: dict[str, str] | None = None, timeout: float = DEFAULT_TIMEOUT,
             memory_cap_mb: float = DEFAULT_MEMORY_CAP_MB,
             ok_codes: tuple[int, ...] = (0,)) -> StepResult:
    """Run ``command`` in a new process group; its output goes to ``logs/name.out|.err``.

    ``ok_codes`` are the exit statuses that mean the step did its work (``validate`` exits 1
    when it finds errors, which is its job on a return with errors).

    Output goes to files, not pipes, so that a step printing 45 MB of findings is measured
    as it would run for a user redirecting to a file, and this process holds none of it.
    """
    logs.mkdir(parents=True, exist_ok=True)
    out_path, err_path = logs / f"{name}.out", logs / f"{name}.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                cwd=cwd, env=env, start_new_session=True)
        watcher = _Watcher(proc.pid, started, timeout, memory_cap_mb)
        watcher.start()
        _, wait_status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        watcher.done.set()
        watcher.join()
    proc.returncode = os.waitstatus_to_exitcode(wait_status)  # already reaped by wait4
    _kill_leftovers(proc.pid)
    largest = usage.ru_maxrss / 1024
    status = watcher.stopped_for or ("ok" if proc.returncode in ok_codes else "failed")
    note = getattr(watcher, "note", "") or ("" if status == "ok"
                                           else f"exit status {proc.returncode}")
    return StepResult(command=[str(c) for c in command], status=status,
                      exit_code=proc.returncode, seconds=round(seconds, 2),
                      peak_rss_mb=round(max(largest, watcher.peak_mb), 1),
                      polled_tree_peak_mb=round(watcher.peak_mb, 1),
                      largest_process_peak_mb=round(largest, 1), note=note,
                      stdout_path=str(out_path), stderr_path=str(err_path))


def _kill_leftovers(pgid: int) -> None:
    """Workers the step left running would skew the next step: end the step's own group."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
