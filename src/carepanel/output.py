"""Where a command writes its result (``--output``): checked before the work, written whole.

A scorecard can take a minute to build; finding only then that ``--output`` names a folder
that does not exist wasted the minute and ended in a traceback. So the place is checked
first, with the system's own answer (a file is made there and removed: root ignores file
modes but not a read-only mount or an immutable folder). The result is then written to a
temporary file beside it and renamed into place, so a full disk never leaves half a file
that a reader could take for the whole.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from carepanel.faults import DiskFull, OutputUnwritable, os_reason, shown


def check(path: Path, option: str = "--output", *, folder_allowed: bool = False,
          make_folders: bool = False) -> None:
    """Refuse an output the result could not be written to, before any work.

    ``folder_allowed``: the option may name a folder to write into (the papers, one per
    council). ``make_folders``: missing folders will be made, so the nearest existing one
    must let us.
    """
    where = f"{option} {shown(path)}"
    if path.is_dir():
        if not folder_allowed:
            raise OutputUnwritable(f"{where}: it is a folder; give a file name")
        _try_writing_in(path, where)
        return
    folder = path.parent
    if make_folders:
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
    if not folder.exists():
        raise OutputUnwritable(f"{where}: the folder {shown(folder)} does not exist")
    if not folder.is_dir():
        raise OutputUnwritable(f"{where}: {shown(folder)} is a file, not a folder")
    _try_writing_in(folder, where)
    if os.path.lexists(path):
        try:
            os.close(os.open(path, os.O_WRONLY))
        except OSError as e:
            raise OutputUnwritable(f"{where}: it cannot be written: {_reason(path, e)}"
                                   ) from None


def write_text(path: Path, text: str, option: str = "--output") -> None:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all."""
    try:
        if os.path.lexists(path) and not stat.S_ISREG(os.stat(path).st_mode):
            # /dev/stdout, a pipe: nothing to rename over, and it must not be replaced
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            return
        temp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            with open(temp, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.replace(temp, path)
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
    except OSError as e:
        raise _write_fault(path, e, option) from None


def _write_fault(path: Path, error: OSError, option: str) -> Exception:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"{os_reason(error)} while writing {option} {shown(path)}: nothing "
                        "was written; free some space and try again")
    return OutputUnwritable(f"{option} {shown(path)}: it cannot be written: "
                            f"{_reason(path, error)}")


def _try_writing_in(folder: Path, where: str) -> None:
    probe = folder / f".carepanel-{os.getpid()}-{secrets.token_hex(4)}.probe"
    try:
        os.close(os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.unlink(probe)
    except OSError as e:
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(f"{where}: {os_reason(e)} in {shown(folder)}; free some space "
                           "and try again") from None
        raise OutputUnwritable(f"{where}: nothing can be written in the folder "
                               f"{shown(folder)}: {_reason(folder, e)}") from None


def _reason(path: Path, error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        with contextlib.suppress(OSError, AttributeError):
            if os.statvfs(path).f_flag & os.ST_RDONLY:
                return "the file system is read-only"
    return os_reason(error)
