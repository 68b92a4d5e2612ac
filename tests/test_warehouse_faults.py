"""A load that is killed, or that runs out of disk, leaves the warehouse as it was.

Real ``carepanel load`` processes on a synthetic return: killed with SIGKILL at points
found by watching what the process does (its private folder appears, the returns are
staged through CSVs and those are read and removed, DuckDB's journal appears, is written,
is folded into the file, the load prints its result), never at fixed times, so that a slow
machine moves the points with it. After each kill the warehouse holds exactly the old or the
new content (every table's rows and checksum), the next run clears the temporary files with
child rows the killed one left, and a retry succeeds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from faults_support import (
    carepanel,
    copy_warehouse,
    environment,
    files_under,
    fingerprint,
    in_namespace,
    one_line,
    require_mounts,
    start,
)


@dataclass
class Returns:
    folder: Path
    old: Path  # the warehouse before the load: the 2023 and 2024 returns
    old_state: dict
    new_state: dict  # after loading the 2025 return into it
    fresh_state: dict  # the 2025 return alone, in a new warehouse

    @property
    def latest(self) -> Path:
        return self.folder / "999" / "ssda903_2025"


@pytest.fixture(scope="module")
def returns(tmp_path_factory: pytest.TempPathFactory) -> Returns:
    tmp = tmp_path_factory.mktemp("returns")
    env = environment(tmp)
    done = carepanel("synth", tmp / "r", "--children", "300", "--years", "3", env=env)
    assert done.returncode == 0, done.stderr
    r = tmp / "r" / "999"
    old = tmp / "old.duckdb"
    done = carepanel("load", r / "ssda903_2023", r / "ssda903_2024", "-w", old, env=env)
    assert done.returncode == 0, done.stderr
    new = copy_warehouse(old, tmp / "new.duckdb")
    done = carepanel("load", r / "ssda903_2025", "-w", new, env=env)
    assert done.returncode == 0, done.stderr
    fresh = tmp / "fresh.duckdb"
    assert carepanel("load", r / "ssda903_2025", "-w", fresh, env=env).returncode == 0
    states = fingerprint(old), fingerprint(new), fingerprint(fresh)
    assert states[0] != states[1]
    return Returns(tmp / "r", old, *states)


# --- killed ---------------------------------------------------------------------------------

def _found(folder: Path, pattern: str) -> list[Path]:
    """What matches now. The run makes and removes these folders while we look: one that
    goes between listing and opening is simply not there."""
    try:
        return list(folder.glob(pattern))
    except FileNotFoundError:
        return []


def _private_folder(temp: Path) -> bool:
    return any(p.is_dir() and p.name[0].isdigit() for p in _found(temp, "carepanel-*/*"))


def _staging_csv(temp: Path) -> bool:
    """The run stages each table's rows through a CSV in its private folder."""
    return bool(_found(temp, "carepanel-*/*/*/stg_*.csv"))


class Staged:
    """The staging CSVs have appeared and then gone: read into the staging database, the
    run now checks, rules, and writes."""

    def __init__(self) -> None:
        self.seen = False

    def __call__(self, run: Run) -> bool:
        present = _staging_csv(run.temp)
        self.seen = self.seen or present
        return self.seen and not present


def _half_made(warehouse: Path) -> bool:
    return bool(_found(warehouse.parent, f".{warehouse.name}.*.new"))


class Journal:
    """Watches DuckDB's journal (``.wal``) beside the warehouse: it appears when a load
    commits, grows while the commit writes, and goes when DuckDB folds it into the file."""

    def __init__(self, warehouse: Path):
        self.path = warehouse.with_name(warehouse.name + ".wal")
        self.seen = False
        self.size = -1
        self.steady = 0

    def appeared(self) -> bool:
        return self.path.exists()

    def written(self) -> bool:
        """Appeared and stopped growing for a few looks."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            size = -1
        self.steady = self.steady + 1 if size == self.size and size > 0 else 0
        self.size = size
        return self.steady >= 3

    def folded(self) -> bool:
        self.seen = self.seen or self.path.exists()
        return self.seen and not self.path.exists()


class Run:
    """A ``carepanel load`` process and what it has done so far."""

    def __init__(self, returns: Returns, tmp: Path, warehouse: Path):
        env = environment(tmp)
        self.temp = Path(env["TMPDIR"])
        self.warehouse = warehouse
        self.journal = Journal(warehouse)
        self.proc = start("load", returns.latest, "-w", warehouse, env=env)
        self.printed: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.printed.append(line)

    def kill_when(self, ready: Callable[[Run], bool]) -> bool:
        """SIGKILL the load as soon as ``ready``; True if it was still running then."""
        while self.proc.poll() is None and not ready(self):
            time.sleep(0.0005)
        running = self.proc.poll() is None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        return running


KILL_POINTS: dict[str, Callable[[Run], bool]] = {
    "as it starts": lambda run: True,
    "its private folder appears": lambda run: _private_folder(run.temp),
    "a staging CSV is written": lambda run: _staging_csv(run.temp),
    "the staging CSVs are read": Staged(),
    "DuckDB's journal appears": lambda run: run.journal.appeared(),
    "the journal is written": lambda run: run.journal.written(),
    "the journal is folded into the file": lambda run: run.journal.folded(),
    "the load prints what it stored": lambda run: bool(run.printed),
}


def _retry_and_check(returns: Returns, tmp: Path, warehouse: Path, expected: dict) -> None:
    """The next run clears what the killed one left, and loads the return."""
    env = environment(tmp)
    temp = Path(env["TMPDIR"])
    left = files_under(temp)
    assert all(p.relative_to(temp).parts[0].startswith("carepanel-") for p in left), left
    retry = carepanel("load", returns.latest, "-w", warehouse, env=env)
    assert retry.returncode == 0, retry.stderr
    assert fingerprint(warehouse) == expected
    assert files_under(temp) == []  # the killed run's child rows are gone
    assert list(warehouse.parent.glob(f".{warehouse.name}.*")) == []


def test_a_killed_load_leaves_the_old_or_the_new_warehouse(returns: Returns,
                                                           tmp_path: Path) -> None:
    outcomes = {}
    for i, (name, ready) in enumerate(KILL_POINTS.items()):
        tmp = tmp_path / f"kill{i}"
        tmp.mkdir()
        warehouse = copy_warehouse(returns.old, tmp / "warehouse.duckdb")
        running = Run(returns, tmp, warehouse).kill_when(ready)
        state = fingerprint(warehouse)
        assert state in (returns.old_state, returns.new_state), f"killed when {name}"
        outcomes[name] = (running, "old" if state == returns.old_state else "new")
        _retry_and_check(returns, tmp, warehouse, returns.new_state)
    # The points must have caught the load at work, not after it: else this tests nothing.
    assert sum(running for running, _ in outcomes.values()) >= 6, outcomes
    assert outcomes["a staging CSV is written"] == (True, "old"), outcomes
    assert outcomes["the load prints what it stored"][1] == "new", outcomes


def test_a_killed_first_load_leaves_no_warehouse_or_a_whole_one(returns: Returns,
                                                                tmp_path: Path) -> None:
    """A new warehouse is made whole under another name: killed while it is made, there is
    no warehouse, never an empty or half-made file that the next load would refuse."""
    points: dict[str, Callable[[Run], bool]] = {
        "the new warehouse is being made": lambda run: _half_made(run.warehouse),
        "a staging CSV is written": lambda run: _staging_csv(run.temp),
        "DuckDB's journal appears": lambda run: run.journal.appeared(),
    }
    running = 0
    for i, (name, ready) in enumerate(points.items()):
        tmp = tmp_path / f"kill{i}"
        tmp.mkdir()
        warehouse = tmp / "warehouse.duckdb"
        running += Run(returns, tmp, warehouse).kill_when(ready)
        if warehouse.exists():  # made whole, tables and all, with the return or without
            state = fingerprint(warehouse)
            assert state == returns.fresh_state or state["submissions"][0] == 0, name
        _retry_and_check(returns, tmp, warehouse, returns.fresh_state)
    assert running >= 2


# --- full disk ------------------------------------------------------------------------------

def test_a_full_disk_under_the_warehouse_refuses_the_load_and_changes_nothing(
        returns: Returns, tmp_path: Path) -> None:
    """The warehouse on a tmpfs with room for it and hardly more: the load's commit runs
    out of space, DuckDB rolls it back, and one line says so."""
    require_mounts()
    disk = tmp_path / "disk"
    disk.mkdir()
    after = tmp_path / "after"
    after.mkdir()
    size_kib = returns.old.stat().st_size // 1024 + 96
    script = f"""
        mount -t tmpfs -o size={size_kib}k tmpfs '{disk}'
        cp '{returns.old}' '{disk}/warehouse.duckdb'
        status=0
        '{sys.executable}' -m carepanel load '{returns.latest}' -w '{disk}/warehouse.duckdb' \
            > '{after}/stdout' 2> '{after}/stderr' || status=$?
        echo $status > '{after}/status'
        cp '{disk}'/warehouse.duckdb* '{after}/'
    """
    done = in_namespace(script, environment(tmp_path))
    assert done.returncode == 0, done.stderr
    result = subprocess.CompletedProcess([], int((after / "status").read_text()),
                                         (after / "stdout").read_text(),
                                         (after / "stderr").read_text())
    line = one_line(result)
    assert line == (f"carepanel: no space left on device while writing the warehouse "
                    f"{disk}/warehouse.duckdb: nothing was loaded; free some space on the "
                    "warehouse's disk and try again")
    assert fingerprint(after / "warehouse.duckdb") == returns.old_state


def test_a_full_temporary_folder_refuses_the_load_and_changes_nothing(
        returns: Returns, tmp_path: Path) -> None:
    """TMPDIR on a tmpfs too small for the return's rows on their way into DuckDB."""
    require_mounts()
    temp = tmp_path / "small-tmp"
    temp.mkdir()
    warehouse = copy_warehouse(returns.old, tmp_path / "warehouse.duckdb")
    script = f"""
        mount -t tmpfs -o size=16k tmpfs '{temp}'
        status=0
        TMPDIR='{temp}' '{sys.executable}' -m carepanel load '{returns.latest}' \
            -w '{warehouse}' > '{tmp_path}/stdout' 2> '{tmp_path}/stderr' || status=$?
        echo $status > '{tmp_path}/status'
        find '{temp}' -type f > '{tmp_path}/left'
    """
    done = in_namespace(script, environment(tmp_path))
    assert done.returncode == 0, done.stderr
    result = subprocess.CompletedProcess([], int((tmp_path / "status").read_text()),
                                         (tmp_path / "stdout").read_text(),
                                         (tmp_path / "stderr").read_text())
    assert one_line(result) == (
        f"carepanel: no space left on device for temporary files in {temp}/carepanel-"
        f"{os.getuid()} (the warehouse is unchanged): free some space there, or set TMPDIR "
        "to a folder on a larger disk, and try again")
    assert fingerprint(warehouse) == returns.old_state
    assert (tmp_path / "left").read_text() == ""  # not even a partial CSV stays


def test_a_journal_that_cannot_be_written_refuses_the_load_and_changes_nothing(
        returns: Returns, tmp_path: Path) -> None:
    """Without mounts (any user, any machine): DuckDB's journal beside the warehouse is
    /dev/full, where every write fails with "no space left on device", as on a full disk."""
    warehouse = copy_warehouse(returns.old, tmp_path / "warehouse.duckdb")
    os.symlink("/dev/full", tmp_path / "warehouse.duckdb.wal")
    result = carepanel("load", returns.latest, "-w", warehouse, env=environment(tmp_path))
    assert one_line(result) == (
        f"carepanel: no space left on device while writing the warehouse {warehouse}: "
        "nothing was loaded; free some space on the warehouse's disk and try again")
    (tmp_path / "warehouse.duckdb.wal").unlink()
    assert fingerprint(warehouse) == returns.old_state
