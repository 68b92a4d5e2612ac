"""Opening the warehouse: every way the file can be unusable is one line naming the cause.

Each case is a real file on a real file system, opened by a real ``carepanel`` process
(a read-only command and a load): a folder, an empty file, random bytes, a text file, an
SQLite database, a workbook, a file cut short, one truncated, one from a newer DuckDB, a
pipe, a broken link, an immutable file or folder, a read-only mount, a file locked by
another process. A refused load leaves the file byte for byte as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pytest

from carepanel.faults import WarehouseBusy, WarehouseUnavailable
from carepanel.warehouse import Warehouse
from carepanel.warehouse_file import HEADER
from faults_support import (
    can_be_immutable,
    carepanel,
    environment,
    fingerprint,
    in_namespace,
    one_line,
    require_mounts,
)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small synthetic return, and a warehouse holding last year's."""
    tmp = tmp_path_factory.mktemp("small")
    env = environment(tmp)
    assert carepanel("synth", tmp / "r", "--children", "40", "--years", "2",
                     env=env).returncode == 0
    warehouse = tmp / "warehouse.duckdb"
    done = carepanel("load", tmp / "r" / "999" / "ssda903_2024", "-w", warehouse, env=env)
    assert done.returncode == 0, done.stderr
    return tmp / "r" / "999" / "ssda903_2025", warehouse


def newer_duckdb(real: Path, target: Path) -> Path:
    """A copy of ``real`` whose header says a newer DuckDB made it (storage version 1000,
    "v9.9.0"), with the header's checksum made right again, as a newer DuckDB would write.

    DuckDB's header block (4 KiB) holds a checksum (8 bytes) of the rest of the block:
    5381 xor'ed with each 8-byte word times 0xbf58476d1ce4e5b9. The storage version is
    at byte 12 and the DuckDB version that wrote it at byte 52.
    """
    data = bytearray(real.read_bytes())
    struct.pack_into("<Q", data, 12, 1000)
    data[52:84] = b"v9.9.0".ljust(32, b"\0")
    checksum = 5381
    for (word,) in struct.iter_unpack("<Q", bytes(data[8:4096])):
        checksum ^= (word * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    struct.pack_into("<Q", data, 0, checksum)
    target.write_bytes(bytes(data))
    return target


def _sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()


def _workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")


def _dangling(path: Path) -> None:
    os.symlink(path.with_name("gone.duckdb"), path)


BAD = {
    "an empty file": (lambda p, real: p.write_bytes(b""),
                      "is not a DuckDB database (it is an empty file)"),
    "random bytes": (lambda p, real: p.write_bytes(bytes(range(256)) * 40),
                     "is not a DuckDB database (it does not start as a DuckDB database does)"),
    "a CSV file": (lambda p, real: p.write_text("CHILD,SEX\n1,1\n"),
                   "is not a DuckDB database (it is a text file)"),
    "an SQLite database": (lambda p, real: _sqlite(p),
                           "is not a DuckDB database (it is an SQLite database)"),
    "a workbook": (lambda p, real: _workbook(p),
                   "is not a DuckDB database (it is a zip file, such as a workbook)"),
    "a file cut short": (lambda p, real: p.write_bytes(real.read_bytes()[:8000]),
                         "is damaged: it is cut short (8,000 bytes, where a DuckDB database "
                         f"has at least {HEADER:,}); restore it from a backup"),
    "a truncated warehouse": (
        lambda p, real: p.write_bytes(real.read_bytes()[:real.stat().st_size // 2]),
        "is damaged: DuckDB cannot read"),
    "a newer DuckDB's file": (
        lambda p, real: newer_duckdb(real, p),
        f"was made by a newer DuckDB (v9.9.0) than this carepanel's (DuckDB "
        f"{duckdb.__version__}): upgrade carepanel, or use the carepanel that made it"),
    "a pipe": (lambda p, real: os.mkfifo(p),
               "is not a DuckDB database (it is not a regular file but a device, pipe or "
               "socket)"),
    "a link to nothing": (lambda p, real: _dangling(p),
                          "is a symbolic link to a file that does not exist"),
}


@pytest.mark.parametrize("kind", list(BAD))
def test_a_file_that_is_not_a_warehouse_is_named_in_one_line(
        kind: str, small: tuple[Path, Path], tmp_path: Path) -> None:
    ret, real = small
    make, why = BAD[kind]
    path = tmp_path / "warehouse.duckdb"
    make(path, real)
    before = path.read_bytes() if path.is_file() else None
    env = environment(tmp_path)
    for args in (["summary"], ["load", ret]):
        line = one_line(carepanel(*args, "-w", path, env=env))
        assert line.startswith(f"carepanel: the warehouse {path} {why}"), (args, line)
    assert (path.read_bytes() if path.is_file() else None) == before


def test_a_folder_given_as_the_warehouse(small: tuple[Path, Path], tmp_path: Path) -> None:
    ret, _ = small
    env = environment(tmp_path)
    for args in (["summary"], ["load", ret]):
        assert one_line(carepanel(*args, "-w", tmp_path, env=env)) == (
            f"carepanel: the warehouse {tmp_path} is a folder, not a DuckDB database: give "
            f"the path of the warehouse file (e.g. {tmp_path}/warehouse.duckdb)")
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_the_api_raises_warehouse_unavailable(tmp_path: Path) -> None:
    """What the web worker and the new intake catch: one type, the line as its text."""
    path = tmp_path / "w.duckdb"
    path.write_bytes(b"")
    for read_only in (True, False):
        with pytest.raises(WarehouseUnavailable) as caught, Warehouse.open(
                path, read_only=read_only):
            pass
        assert caught.value.path == path
        assert str(caught.value) == (f"the warehouse {path} is not a DuckDB database (it is "
                                     "an empty file)")


# --- read-only --------------------------------------------------------------------------------

def test_an_immutable_warehouse_can_be_read_but_a_load_is_refused(
        small: tuple[Path, Path], tmp_path: Path) -> None:
    """chattr +i stops root too; the check is the system's own answer, not the file mode."""
    why = can_be_immutable(tmp_path)
    if why:
        pytest.skip(why)
    ret, real = small
    path = shutil.copyfile(real, tmp_path / "warehouse.duckdb")
    before = fingerprint(path)
    env = environment(tmp_path)
    subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        assert carepanel("summary", "-w", path, env=env).returncode == 0
        assert one_line(carepanel("load", ret, "-w", path, env=env)) == (
            f"carepanel: the warehouse {path} cannot be written: the system does not allow "
            "it (an immutable file, or a security policy)")
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    assert fingerprint(path) == before


def test_a_warehouse_in_an_immutable_folder_cannot_take_a_load(
        small: tuple[Path, Path], tmp_path: Path) -> None:
    """DuckDB writes its journal beside the file: a folder that refuses new files refuses
    the load before it starts, not halfway."""
    why = can_be_immutable(tmp_path)
    if why:
        pytest.skip(why)
    ret, real = small
    folder = tmp_path / "locked"
    folder.mkdir()
    path = shutil.copyfile(real, folder / "warehouse.duckdb")
    subprocess.run(["chattr", "+i", str(folder)], check=True)
    try:
        line = one_line(carepanel("load", ret, "-w", path, env=environment(tmp_path)))
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert line == (f"carepanel: the warehouse {path} cannot be written: its folder {folder}: "
                    "the system does not allow it (an immutable file, or a security policy)")


def test_a_warehouse_on_a_read_only_mount_can_be_read_but_not_loaded(
        small: tuple[Path, Path], tmp_path: Path) -> None:
    require_mounts()
    ret, real = small
    folder = tmp_path / "ro"
    folder.mkdir()
    path = shutil.copyfile(real, folder / "warehouse.duckdb")
    out = tmp_path / "out"
    out.mkdir()
    script = f"""
        mount --bind '{folder}' '{folder}'
        mount -o remount,ro,bind '{folder}'
        s=0; '{sys.executable}' -m carepanel summary -w '{path}' > /dev/null 2> '{out}/e1' || s=$?
        echo $s > '{out}/s1'
        s=0; '{sys.executable}' -m carepanel load '{ret}' -w '{path}' > /dev/null \
            2> '{out}/e2' || s=$?
        echo $s > '{out}/s2'
    """
    done = in_namespace(script, environment(tmp_path))
    assert done.returncode == 0, done.stderr
    assert (out / "s1").read_text().strip() == "0", (out / "e1").read_text()
    loaded = subprocess.CompletedProcess([], int((out / "s2").read_text()), "",
                                         (out / "e2").read_text())
    assert one_line(loaded) == (f"carepanel: the warehouse {path} cannot be written: the "
                                "file system is read-only")


def test_a_warehouse_without_write_permission_refuses_a_load(
        small: tuple[Path, Path], tmp_path: Path) -> None:
    """chmod a-w, for an ordinary user (root ignores it; the mounts above stop root)."""
    ret, real = small
    if os.geteuid() == 0:
        pytest.skip("file modes do not stop root: the immutable and read-only mount tests "
                    "cover root")
    path = shutil.copyfile(real, tmp_path / "warehouse.duckdb")
    path.chmod(0o444)
    assert one_line(carepanel("load", ret, "-w", path, env=environment(tmp_path))) == (
        f"carepanel: the warehouse {path} cannot be written: permission denied")


# --- another process holds it ---------------------------------------------------------------

HOLD = """
import sys
from carepanel.warehouse import Warehouse
with Warehouse.open(sys.argv[1], read_only=sys.argv[2] == "read"):
    print("holding", flush=True)
    sys.stdin.readline()
"""


def _hold(path: Path, mode: str, env: dict[str, str]) -> subprocess.Popen:
    """Another carepanel process holding the warehouse until its stdin is closed; returns
    once it holds it."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), mode], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "holding\n"
    return proc


def _release(holder: subprocess.Popen) -> None:
    holder.stdin.close()
    holder.wait(timeout=60)


@pytest.mark.parametrize("mode", ["write", "read"])
def test_a_second_process_waits_for_the_warehouse_saying_who_holds_it(
        mode: str, small: tuple[Path, Path], tmp_path: Path) -> None:
    ret, real = small
    path = shutil.copyfile(real, tmp_path / "warehouse.duckdb")
    env = environment(tmp_path, CAREPANEL_LOCK_WAIT="120")
    holder = _hold(path, mode, env)
    # A load needs the file alone; a summary only needs no one writing.
    args = ["load", ret] if mode == "read" else ["summary"]
    second = subprocess.Popen([sys.executable, "-m", "carepanel", *map(str, args), "-w",
                               str(path)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        told = second.stderr.readline()  # it waits, and says so, while the holder holds
        assert second.poll() is None
    finally:
        _release(holder)
    rest = second.stderr.read()
    assert second.wait(timeout=300) == 0, rest
    assert told == (f"carepanel: waiting up to 120 s for the warehouse {path}: another "
                    f"carepanel process (PID {holder.pid}) is using it\n")
    assert rest == ""


def test_a_second_process_gives_up_after_the_wait_naming_the_holder(
        small: tuple[Path, Path], tmp_path: Path) -> None:
    ret, real = small
    path = shutil.copyfile(real, tmp_path / "warehouse.duckdb")
    before = fingerprint(path)
    holder = _hold(path, "write", environment(tmp_path))
    try:
        began = time.monotonic()
        done = carepanel("load", ret, "-w", path,
                         env=environment(tmp_path, CAREPANEL_LOCK_WAIT="1.5"))
        waited = time.monotonic() - began
        waiting = carepanel("summary", "-w", path,
                            env=environment(tmp_path, CAREPANEL_LOCK_WAIT="0"))
    finally:
        _release(holder)
    assert done.returncode == 2 and waited >= 1.5
    assert done.stderr.splitlines() == [
        f"carepanel: waiting up to 1.5 s for the warehouse {path}: another carepanel process "
        f"(PID {holder.pid}) is using it",
        f"carepanel: the warehouse {path} is in use by another carepanel process (PID "
        f"{holder.pid}): gave up after waiting 1.5 s (set CAREPANEL_LOCK_WAIT to wait longer)"]
    assert one_line(waiting) == (
        f"carepanel: the warehouse {path} is in use by another carepanel process (PID "
        f"{holder.pid}): try again when it has finished, or set CAREPANEL_LOCK_WAIT to wait "
        "for it")
    assert fingerprint(path) == before


def test_overlapping_loads_both_succeed(small: tuple[Path, Path], tmp_path: Path) -> None:
    """Pairs of loads of the same return started together: one stores it, the other
    waits and finds it already loaded (DuckDB's lock error was a traceback in 5 of 8)."""
    ret, real = small
    for pair in range(2):
        path = shutil.copyfile(real, tmp_path / f"warehouse{pair}.duckdb")
        env = environment(tmp_path)
        procs = [subprocess.Popen([sys.executable, "-m", "carepanel", "load", str(ret),
                                   "-w", str(path)], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [p.communicate(timeout=300) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outputs
        assert "Traceback" not in "".join(out + err for out, err in outputs)
        assert sum("Loaded 999 2024/25" in out for out, _ in outputs) == 1, outputs
        assert fingerprint(path)["submissions"][0] == 2


def test_the_api_waits_then_raises_warehouse_busy_with_the_pid(small: tuple[Path, Path],
                                                               tmp_path: Path) -> None:
    _, real = small
    path = shutil.copyfile(real, tmp_path / "warehouse.duckdb")
    holder = _hold(path, "write", environment(tmp_path))
    told: list[str] = []
    try:
        with pytest.raises(WarehouseBusy) as caught, Warehouse.open(
                path, read_only=True, wait=0.3, on_wait=told.append):
            pass
    finally:
        _release(holder)
    assert caught.value.holder == f"another carepanel process (PID {holder.pid})"
    assert told == [f"waiting up to 0.3 s for the warehouse {path}: another carepanel process "
                    f"(PID {holder.pid}) is using it"]


def test_a_lock_wait_that_is_not_a_number(small: tuple[Path, Path], tmp_path: Path) -> None:
    _, real = small
    done = carepanel("summary", "-w", real,
                     env=environment(tmp_path, CAREPANEL_LOCK_WAIT="a minute"))
    assert one_line(done) == ("carepanel: CAREPANEL_LOCK_WAIT: 'a minute' is not a number of "
                              "seconds (e.g. 60, or 0 not to wait)")


# --- a new warehouse ------------------------------------------------------------------------

def test_a_new_warehouse_is_made_whole_and_leftovers_of_killed_runs_go(tmp_path: Path) -> None:
    """Made under a temporary name and then named, so no run leaves an empty file; a half-
    made one of a killed run (its process gone) is removed by the next."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    leftover = tmp_path / f".warehouse.duckdb.{dead.stdout.strip()}-0badcafe.new"
    leftover.write_bytes(b"half made")
    path = tmp_path / "warehouse.duckdb"
    with Warehouse.open(path) as wh:
        assert wh.councils() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["warehouse.duckdb"]
    assert fingerprint(path)["submissions"] == (0, "0")


def test_a_new_warehouse_whose_folder_cannot_be_made(small: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    ret, _ = small
    blocker = tmp_path / "file"
    blocker.write_text("x")
    path = blocker / "warehouse.duckdb"
    line = one_line(carepanel("load", ret, "-w", path, env=environment(tmp_path)))
    assert line == (f"carepanel: the warehouse {path} cannot be reached: a part of the path is "
                    "a file, not a folder")
    deeper = tmp_path / "sub" / "dir" / "warehouse.duckdb"
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "dir").write_text("x")  # a file where the folder would be made
    with pytest.raises(WarehouseUnavailable) as caught, Warehouse.open(deeper.parent / "w"):
        pass
    assert "cannot be reached: a part of the path is a file, not a folder" in str(caught.value)
