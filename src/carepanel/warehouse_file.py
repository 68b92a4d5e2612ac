"""The warehouse's DuckDB file: checked before DuckDB opens it, made whole, waited for.

DuckDB's own errors name neither the cause nor what to do ("IO Error: The file ... exists,
but it is not a valid DuckDB database file!", and a traceback). Here each way the file can
be unusable is found first, or DuckDB's error is read, and becomes one line naming the file
and the cause (``WarehouseUnavailable``).

* A path that is a folder, a pipe, an empty file, a file of another kind, a file cut short:
  checked from the file system and the first bytes (a DuckDB file says ``DUCK`` at byte 8
  and is at least three 4 KiB headers long). A pipe would otherwise block DuckDB forever.
* A file or folder that cannot be written, for a load: tried with the system's own checks
  (root ignores file modes, not an immutable file or a read-only mount).
* A new warehouse is made under a temporary name with all its tables and then given its
  name, so a run killed while making it never leaves an empty or half-made file.
* A file another process holds: DuckDB lets one process write, or several read. We retry
  until the wait runs out, saying once who holds it.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

from carepanel import scratch
from carepanel.faults import (
    DiskFull,
    Fault,
    WarehouseBusy,
    WarehouseUnavailable,
    describe_holder,
    disk_full,
    error_number,
    failed_file,
    lock_holder,
    os_reason,
    shown,
)

LOCK_WAIT = 60.0
"""Seconds to wait for another process to let go of the warehouse, unless
``$CAREPANEL_LOCK_WAIT`` says otherwise: a load of a large return takes about a minute."""

HEADER = 3 * 4096  # a DuckDB file starts with three 4 KiB headers
_VERSION = re.compile(r"storage version number (\d+), but we can only read storage "
                      r"versions between (\d+) and (\d+)")
_DAMAGED = ("could not read enough bytes", "corrupt database file", "checksum",
            "not a valid duckdb database")


T = TypeVar("T")


def config() -> dict[str, object]:
    """Every connection's settings: no extension downloads, spill files in our own folder.

    The same for every connection of a process: DuckDB refuses a second connection to a
    file with settings different from the first's."""
    return {"autoinstall_known_extensions": False, "autoload_known_extensions": False,
            **scratch.duckdb_config()}


def lock_wait() -> float:
    """``$CAREPANEL_LOCK_WAIT`` seconds (0: do not wait), else ``LOCK_WAIT``."""
    text = os.environ.get("CAREPANEL_LOCK_WAIT", "").strip()
    if not text:
        return LOCK_WAIT
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value < math.inf:
        raise Fault(f"CAREPANEL_LOCK_WAIT: {shown(text)!r} is not a number of seconds "
                    "(e.g. 60, or 0 not to wait)")
    return value


def tell_waiting(line: str) -> None:
    """The default ``on_wait``: one line on stderr, so a user knows why nothing happens."""
    print(f"carepanel: {line}", file=sys.stderr, flush=True)


# --- before DuckDB opens it ---------------------------------------------------------------

def check(target: Path, read_only: bool) -> None:
    """Refuse a path DuckDB would fail on (or hang on, for a pipe), with the cause."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        if os.path.islink(target):
            raise WarehouseUnavailable(target, "is a symbolic link to a file that does not "
                                               "exist") from None
        if not read_only:
            _check_folder(target.parent, target, creating=True)
        return
    except OSError as e:
        raise WarehouseUnavailable(target, f"cannot be reached: {os_reason(e)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise WarehouseUnavailable(target, "is a folder, not a DuckDB database: give the "
                                           "path of the warehouse file (e.g. "
                                           f"{shown(target / 'warehouse.duckdb')})")
    if not stat.S_ISREG(info.st_mode):
        raise WarehouseUnavailable(target, "is not a DuckDB database (it is not a regular "
                                           "file but a device, pipe or socket)")
    try:
        with open(target, "rb") as fh:
            head = fh.read(64)
    except OSError as e:
        raise WarehouseUnavailable(target, f"cannot be read: {os_reason(e)}") from None
    if info.st_size == 0:
        raise WarehouseUnavailable(target, "is not a DuckDB database (it is an empty file)")
    if head[8:12] != b"DUCK":
        raise WarehouseUnavailable(target, f"is not a DuckDB database ({_kind(head)})")
    if info.st_size < HEADER:
        raise WarehouseUnavailable(target, f"is damaged: it is cut short ({info.st_size:,} "
                                           f"bytes, where a DuckDB database has at least "
                                           f"{HEADER:,}); restore it from a backup")
    if not read_only:
        _check_writable(target)


def _kind(head: bytes) -> str:
    """What a file that is not a DuckDB database seems to be, from its first bytes."""
    kinds = {b"SQLite format 3\0": "it is an SQLite database",
             b"PK\x03\x04": "it is a zip file, such as a workbook",
             b"%PDF": "it is a PDF", b"PAR1": "it is a Parquet file",
             b"\xd0\xcf\x11\xe0": "it is an old Office file"}
    for start, words in kinds.items():
        if head.startswith(start):
            return words
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and all(c.isprintable() or c in "\r\n\t" for c in text):
        return "it is a text file"
    return "it does not start as a DuckDB database does"


def _check_writable(target: Path) -> None:
    """A load needs to write the file, and to make its journal (``.wal``) beside it."""
    for path in (target, target.with_name(target.name + ".wal")):
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            continue
        except OSError as e:
            raise WarehouseUnavailable(target, f"cannot be written: {_why_not(path, e)}"
                                       ) from None
        os.close(fd)
    _check_folder(target.parent, target, creating=False)


def _check_folder(folder: Path, target: Path, *, creating: bool) -> None:
    """Make the folder if needed, and try making a file in it: the only check that
    answers as the write will (for root, for an immutable folder, on a read-only mount)."""
    verb = "cannot be created" if creating else "cannot be written"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.probe"
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        if error_number(e) in (errno.ENOSPC, errno.EDQUOT):  # not even an empty file
            raise DiskFull(f"no space left on device in {shown(folder)} for the warehouse "
                           f"{shown(target)}: free some space and try again") from None
        what = "its folder " + shown(folder) if not creating else shown(folder)
        raise WarehouseUnavailable(target, f"{verb}: {what}: {_why_not(folder, e)}"
                                   ) from None


def _why_not(path: Path, error: OSError) -> str:
    """The OS's reason, told apart where it can be (a read-only mount from a mode)."""
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        try:
            if os.statvfs(path).f_flag & os.ST_RDONLY:
                return "the file system is read-only"
        except (OSError, AttributeError):
            pass
    return os_reason(error)


# --- making a new warehouse ---------------------------------------------------------------

def create(target: Path, init: Callable[[duckdb.DuckDBPyConnection], None]) -> None:
    """Make the warehouse with its tables (``init``) under a temporary name, then give it
    its name: a run killed meanwhile leaves no empty or half-made warehouse."""
    _remove_abandoned(target)
    temp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.new")
    try:
        con = duckdb.connect(str(temp), config=config())
        try:
            init(con)
        finally:
            con.close()
        try:
            os.link(temp, target)
        except FileExistsError:
            pass  # another process made it meanwhile: theirs is as good
        except OSError:  # a file system without hard links
            if not target.exists():
                os.replace(temp, target)
    except (OSError, duckdb.Error) as e:
        if disk_full(e) is not None:
            raise DiskFull(f"no space left on device while making the warehouse "
                           f"{shown(target)}: nothing was loaded; free some space and try "
                           "again") from None
        number = error_number(e)
        raise WarehouseUnavailable(target, "cannot be created: " + (
            os_reason(OSError(number, "")) if number else "DuckDB could not make it")
        ) from None
    finally:
        for leftover in (temp, temp.with_name(temp.name + ".wal")):
            leftover.unlink(missing_ok=True)


def _remove_abandoned(target: Path) -> None:
    """Half-made warehouses of runs killed while making one (schema only, no rows)."""
    pattern = re.compile(re.escape(f".{target.name}.") + r"(\d+)-[0-9a-f]+\.new(\.wal)?$")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        m = pattern.match(name)
        if m and not scratch.alive(int(m.group(1))):
            (target.parent / name).unlink(missing_ok=True)


# --- connecting ---------------------------------------------------------------------------

def connect(target: Path, read_only: bool, wait: float,
            on_wait: Callable[[str], None]) -> duckdb.DuckDBPyConnection:
    """A connection to the file, waiting up to ``wait`` s for another process's lock."""
    return _waiting(lambda: duckdb.connect(str(target), read_only=read_only, config=config()),
                    target, read_only, wait, on_wait)


def attach(con: duckdb.DuckDBPyConnection, target: Path, read_only: bool, wait: float,
           on_wait: Callable[[str], None], alias: str = "wh") -> None:
    """Attach the file to a run's connection as ``alias``, waiting as ``connect`` does."""
    mode = " (READ_ONLY)" if read_only else ""
    quoted = str(target).replace("'", "''")
    _waiting(lambda: con.execute(f"ATTACH '{quoted}' AS {alias}{mode}"),
             target, read_only, wait, on_wait)


def _waiting(open_once: Callable[[], T], target: Path, read_only: bool, wait: float,
             on_wait: Callable[[str], None]) -> T:
    """``open_once()``, again and again while another process holds the file's lock, for
    up to ``wait`` s; telling ``on_wait`` once, then giving up naming the holder."""
    deadline = time.monotonic() + wait
    told = False
    pause = 0.05
    while True:
        try:
            return open_once()
        except duckdb.Error as e:
            held = lock_holder(e)
            if held is None:
                raise opening_fault(e, target, read_only) from None
            holder = describe_holder(*held)
        left = deadline - time.monotonic()
        if left <= 0:
            raise WarehouseBusy(target, holder, wait)
        if not told:
            on_wait(f"waiting up to {wait:g} s for the warehouse {shown(target)}: {holder} "
                    "is using it")
            told = True
        time.sleep(min(pause, left))
        pause = min(pause * 2, 0.5)


def opening_fault(error: duckdb.Error, target: Path, read_only: bool) -> Fault:
    """DuckDB's refusal to open the file, as one line naming the cause."""
    text = str(error)
    if (m := _VERSION.search(text)) is not None:
        found, highest = int(m.group(1)), int(m.group(3))
        made_by = _made_by(target)
        if found > highest:
            return WarehouseUnavailable(
                target, f"was made by a newer DuckDB{made_by} than this carepanel's (DuckDB "
                        f"{duckdb.__version__}): upgrade carepanel, or use the carepanel "
                        "that made it")
        return WarehouseUnavailable(
            target, f"was made by an older DuckDB{made_by} that this carepanel's (DuckDB "
                    f"{duckdb.__version__}) cannot read: load the returns again into a new "
                    "warehouse")
    if disk_full(error) is not None:
        return DiskFull(f"no space left on device while opening the warehouse "
                        f"{shown(target)}: free some space and try again")
    number = error_number(error)
    if number in (errno.EACCES, errno.EPERM, errno.EROFS):
        verb = "read" if read_only else "written"
        where = Path(failed_file(error) or target)
        return WarehouseUnavailable(target, f"cannot be {verb}: "
                                            f"{_why_not(where, OSError(number, ''))}")
    if number == errno.EISDIR:
        return WarehouseUnavailable(target, "is a folder, not a DuckDB database")
    if any(words in text.lower() for words in _DAMAGED):
        return WarehouseUnavailable(target, "is damaged: DuckDB cannot read it (cut short, "
                                            "or overwritten); restore it from a backup")
    return WarehouseUnavailable(target, "could not be opened: DuckDB cannot read it (is it "
                                        "a carepanel warehouse?)")


def _made_by(target: Path) -> str:
    """" (v1.4.2)": the DuckDB version a file's header names (bytes 52 to 84), if any."""
    try:
        with open(target, "rb") as fh:
            head = fh.read(84)
    except OSError:
        return ""
    version = head[52:84].split(b"\0")[0].decode("ascii", "replace")
    return f" ({shown(version)})" if re.fullmatch(r"v?\d+\.\d+[\w.\-]*", version) else ""


# --- while it is open ---------------------------------------------------------------------

def fault_in_use(error: Exception, target: Path | None, read_only: bool) -> Fault | None:
    """A full disk or a damaged file met while the warehouse was open, as one line; None
    for anything else. A write that failed was rolled back, so a load says nothing was
    loaded."""
    if isinstance(error, Fault):
        return None
    full = disk_full(error)
    if full is not None:
        where = failed_file(full)
        temp = shown(scratch.base())
        if read_only or target is None or (where or "").startswith(str(scratch.base())):
            # Only temporary files are written: ours, or DuckDB's spilled sorts.
            unchanged = " (the warehouse is unchanged)" if target is not None else ""
            return DiskFull(f"no space left on device for temporary files in {temp}"
                            f"{unchanged}: free some space there, or set TMPDIR to a folder "
                            "on a larger disk, and try again")
        place = ("the warehouse's disk" if where else
                 f"the warehouse's disk or in the temporary folder {temp}")
        return DiskFull(f"no space left on device while writing the warehouse "
                        f"{shown(target)}: nothing was loaded; free some space on {place} "
                        "and try again")
    if target is not None and isinstance(error, duckdb.Error):
        text = str(error).lower()
        if any(words in text for words in _DAMAGED[:3]):
            return WarehouseUnavailable(target, "is damaged: DuckDB cannot read part of it "
                                                "(cut short, or overwritten); restore it from "
                                                "a backup")
    return None


def close(con: duckdb.DuckDBPyConnection) -> None:
    """Close, never failing: DuckDB folds its journal into the file on close, and when
    that cannot be done (a full disk) the journal stays and is read on the next open."""
    with contextlib.suppress(duckdb.Error):
        con.close()
