"""A private folder for the temporary files a run writes: child rows on their way into DuckDB.

Returns go into DuckDB through temporary CSV files (far faster than row inserts), and DuckDB
spills large sorts to temporary files of its own. Both hold children's rows. Left in a
shared ``/tmp`` under guessable names, a killed run used to leave them there for anyone on
the machine to read (7 of 40 killed runs left ``carepanel-validate-*/raw_episodes_last.csv``).
So every file goes in one folder per process, readable by its user only::

    $TMPDIR/carepanel-<uid>/           mode 0700, owned by the user, checked before use
        <pid>-<random>/                this process's folder, mode 0700, locked while it runs
            run-<random>/              one per ``run_folder()`` block, removed at its end
            duckdb/                    DuckDB's spill files (``duckdb_config()``)

The process's folder is removed when the process exits. A process that is killed cannot
remove it, so the next process that makes its own folder removes every folder whose owner
has gone: the owner holds an advisory lock on its folder for its whole life, and the
kernel drops the lock when the process dies, however it dies (a PID alone could have been
reused by a new process by then).
"""

from __future__ import annotations

import atexit
import os
import re
import secrets
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from carepanel.faults import ScratchUnavailable, os_reason, shown

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, no sweeping
    fcntl = None  # type: ignore[assignment]

_FOLDER = re.compile(r"^(\d+)-[0-9a-f]{16}$")
_NEW = re.compile(r"^\.new-(\d+)-")

_guard = threading.Lock()
_mine: tuple[int, Path, int | None] | None = None  # (pid, folder, fd holding its lock)


def base() -> Path:
    """``$TMPDIR/carepanel-<uid>``: one per user, so that no one else can look inside."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"carepanel-{uid}"


def folder() -> Path:
    """This process's private folder, made on first use and removed when it exits.

    Making it also removes the folders that killed processes left behind. A forked child
    makes its own: the parent removes its folder when it exits, whatever the child does.
    """
    global _mine
    with _guard:
        if _mine is not None and _mine[0] == os.getpid() and _mine[1].is_dir():
            return _mine[1]
        root = _private_base()
        sweep(root)
        path, fd = _make_locked(root)
        _mine = (os.getpid(), path, fd)
        atexit.register(_remove, os.getpid(), path, fd)
        return path


@contextmanager
def run_folder() -> Iterator[Path]:
    """A fresh private folder inside this process's, removed when the block ends (or by
    the next run, if this one is killed)."""
    try:
        path = Path(tempfile.mkdtemp(prefix="run-", dir=folder()))
    except OSError as e:
        raise ScratchUnavailable(f"cannot make a temporary folder in {shown(base())}: "
                                 f"{os_reason(e)}; set TMPDIR to a folder with room") from e
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def duckdb_config() -> dict[str, str]:
    """DuckDB settings that keep its spill files in this process's private folder
    (by default an in-memory database spills to ``.tmp`` in the working folder, and a file
    database beside the file, where a killed run leaves them)."""
    return {"temp_directory": str(folder() / "duckdb")}


def sweep(root: Path | None = None) -> list[Path]:
    """Remove the folders of processes that are no longer running; return them."""
    root = root or base()
    removed: list[Path] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        if _abandoned(entry):
            shutil.rmtree(entry.path, ignore_errors=True)
            if not os.path.lexists(entry.path):
                removed.append(Path(entry.path))
    return removed


def _abandoned(entry: os.DirEntry) -> bool:
    if not entry.is_dir(follow_symlinks=False):
        return False
    if (m := _NEW.match(entry.name)) is not None:
        # A folder being made (locked, then renamed): abandoned only if its maker is gone.
        return not alive(int(m.group(1)))
    if (m := _FOLDER.match(entry.name)) is None:
        return False
    if fcntl is None:  # pragma: no cover - Windows
        return False
    try:
        fd = os.open(entry.path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # its process holds the lock: it is running
    except OSError:
        return not alive(int(m.group(1)))  # a file system without locks: the PID must do
    finally:
        os.close(fd)
    return True


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (True when it cannot be told: keep, never remove)."""
    if pid == os.getpid():
        return True
    if not hasattr(os, "kill") or os.name == "nt":  # pragma: no cover - signal 0 kills there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _private_base() -> Path:
    """Make ``base()`` if needed and check no one else can use it: in a shared /tmp another
    user could have made it first, or put a symbolic link there."""
    root = base()
    try:
        with suppress(FileExistsError):  # a file or link in its place is told apart below
            root.mkdir(mode=0o700)
        info = os.lstat(root)
    except OSError as e:
        raise ScratchUnavailable(f"cannot make the temporary folder {shown(root)}: "
                                 f"{os_reason(e)}; set TMPDIR to a folder you can write "
                                 "in") from e
    if not stat.S_ISDIR(info.st_mode):
        raise ScratchUnavailable(f"the temporary folder {shown(root)} is not a folder (a link "
                                 "or a file is in its place): remove it, or set TMPDIR")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise ScratchUnavailable(f"the temporary folder {shown(root)} belongs to another "
                                 "user, who could read the files carepanel writes there: "
                                 "remove it, or set TMPDIR to a folder of your own")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(root, 0o700)
    return root


def _make_locked(root: Path) -> tuple[Path, int | None]:
    """Make this process's folder under a name no sweeper takes for abandoned, lock it,
    then give it its final name: a sweeper never sees it both named and unlocked."""
    try:
        path = Path(tempfile.mkdtemp(prefix=f".new-{os.getpid()}-", dir=root))
    except OSError as e:
        raise ScratchUnavailable(f"cannot make a temporary folder in {shown(root)}: "
                                 f"{os_reason(e)}; set TMPDIR to a folder with room") from e
    fd = None
    if fcntl is not None:
        fd = os.open(path, os.O_RDONLY)
        with suppress(OSError):  # no locks on this file system: sweepers go by the PID
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    final = root / f"{os.getpid()}-{secrets.token_hex(8)}"
    os.rename(path, final)
    return final, fd


def _remove(pid: int, path: Path, fd: int | None) -> None:
    if os.getpid() != pid:
        return  # a forked child exiting: the folder is its parent's
    shutil.rmtree(path, ignore_errors=True)
    if fd is not None:
        with suppress(OSError):
            os.close(fd)
