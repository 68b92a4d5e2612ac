"""Faults: what goes wrong around the data rather than in it, each as one line to act on.

A full disk, a warehouse another process holds, a warehouse that is not one, a folder that
does not exist: none is a fault in a return, and none should end in a traceback. Each is a
``Fault`` whose text is the one line the user sees ("carepanel: the warehouse /x/y.duckdb
is not a DuckDB database (it is an empty file)"). The ``carepanel`` command prints it and
exits with status 2; the web worker can show it as the job's summary.

Messages are built from paths and the operating system's own words, never from an
exception's text that could quote a value from a return: a DuckDB conversion error or a
KeyError can hold a child's identifier, and messages end up in logs and screenshots.
"""

from __future__ import annotations

import errno
import re
import unicodedata
from pathlib import Path

import duckdb


class Fault(Exception):
    """A problem of the machine or the files around the data. ``str()`` is the line shown."""


class WarehouseUnavailable(Fault):
    """The warehouse cannot be opened, read or written: it is not a DuckDB database, it is
    damaged or read-only, made by a newer DuckDB, or held by another process."""

    def __init__(self, path: Path | str, why: str):
        self.path = Path(path)
        self.why = why
        super().__init__(f"the warehouse {shown(path)} {why}")


class WarehouseBusy(WarehouseUnavailable):
    """Another process held the warehouse for longer than we would wait."""

    def __init__(self, path: Path | str, holder: str, waited: float):
        self.holder = holder
        self.waited = waited
        then = (f"gave up after waiting {waited:g} s (set CAREPANEL_LOCK_WAIT to wait longer)"
                if waited > 0 else
                "try again when it has finished, or set CAREPANEL_LOCK_WAIT to wait for it")
        super().__init__(path, f"is in use by {holder}: {then}")


class DiskFull(Fault):
    """No space left (or the quota reached) while writing; what was being written is
    rolled back, so the message can say so."""


class ScratchUnavailable(Fault):
    """The private folder for temporary files cannot be made or used (see scratch.py)."""


class OutputUnwritable(Fault):
    """``--output`` names a place the result cannot be written to."""


# --- words for what went wrong ----------------------------------------------------------

_REASONS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "the system does not allow it (an immutable file, or a security policy)",
    errno.EROFS: "the file system is read-only",
    errno.ENOENT: "it does not exist",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.EEXIST: "something is already there",
    errno.EFBIG: "the file size limit was reached (ulimit -f)",
    errno.EIO: "input/output error: the disk may be failing",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many symbolic links",
    errno.EMFILE: "too many files open",
    errno.ENFILE: "too many files open on the system",
    errno.ENOMEM: "out of memory",
}

# The words operating systems (and DuckDB, which quotes them) use for the errors above.
_STRERROR = {
    "no space left on device": errno.ENOSPC,
    "disk quota exceeded": errno.EDQUOT,
    "permission denied": errno.EACCES,
    "operation not permitted": errno.EPERM,
    "read-only file system": errno.EROFS,
    "file too large": errno.EFBIG,
    "input/output error": errno.EIO,
    "no such file or directory": errno.ENOENT,
    "is a directory": errno.EISDIR,
    "not a directory": errno.ENOTDIR,
}

_DUCKDB_FILE = re.compile(r'file "([^"]*)"')
_LOCK_PID = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")


def os_reason(error: OSError) -> str:
    """The OS error in plain words (no errno numbers, no class names)."""
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    return (error.strerror or "the operating system refused").lower()


def error_number(error: BaseException) -> int | None:
    """The errno behind an OSError, or behind a DuckDB error that quotes the OS's words."""
    if isinstance(error, OSError):
        return error.errno
    if isinstance(error, duckdb.Error):
        text = str(error).lower()
        for words, number in _STRERROR.items():
            if words in text:
                return number
    return None


def failed_file(error: BaseException) -> str | None:
    """The file an OSError or a DuckDB I/O error names, if it names one."""
    if isinstance(error, OSError):
        return str(error.filename) if error.filename is not None else None
    if isinstance(error, duckdb.Error):
        m = _DUCKDB_FILE.search(str(error))
        return m.group(1) if m else None
    return None


def chain(error: BaseException) -> list[BaseException]:
    """The error and those it was raised from or while handling, newest first: a failed
    commit is often followed by a failed rollback, which hides the cause."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [error]
    while todo:
        e = todo.pop(0)
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        todo += [e.__cause__, e.__context__]
    return seen


def disk_full(error: BaseException) -> BaseException | None:
    """The error in the chain that says the disk is full (or the quota reached), if any."""
    for e in chain(error):
        if error_number(e) in (errno.ENOSPC, errno.EDQUOT):
            return e
    return None


def lock_holder(error: BaseException) -> tuple[int, str] | None:
    """(PID, program) of the process DuckDB says holds the file's lock, if that is the error.

    DuckDB says: Could not set lock on file "/x.duckdb": Conflicting lock is held in
    /usr/bin/python3 (PID 1234) ...
    """
    if isinstance(error, duckdb.Error) and (m := _LOCK_PID.search(str(error))):
        return int(m.group(2)), m.group(1)
    return None


def describe_holder(pid: int, program: str) -> str:
    """"another carepanel process (PID 1234)", or the program it is when it is not ours
    (a DuckDB shell someone left open)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            words = fh.read().split(b"\0")
    except OSError:
        words = []
    if any(b"carepanel" in w for w in words):
        return f"another carepanel process (PID {pid})"
    name = Path(program).name or "a program"
    return f"another process (PID {pid}, {shown(name)})"


# --- showing text from outside on a terminal ----------------------------------------------

def shown(text: object) -> str:
    """``text`` with control and invisible characters escaped (\\x1b, \\u202e ...), so a
    file name or a message never moves the cursor, recolours or reorders a terminal."""
    out = []
    for ch in str(text):
        if unicodedata.category(ch)[0] == "C" or ch in "\u2028\u2029":
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


# --- the backstop's words -----------------------------------------------------------------

def explain(error: BaseException) -> str | None:
    """One line for an error of a kind we know, or None.

    Only the error's kind, the OS's words and the file it names are used, never the rest
    of its text: see the module's docstring.
    """
    if isinstance(error, Fault):
        return str(error)
    full = disk_full(error)
    if full is not None:
        where = failed_file(full)
        return (f"no space left on device while writing {shown(where)}: free some space and "
                "try again" if where else
                "no space left on device: free some space and try again")
    for e in chain(error):
        if isinstance(e, MemoryError | duckdb.OutOfMemoryException):
            return "ran out of memory: close other programs and try again"
        if (held := lock_holder(e)) is not None:
            return f"{shown(failed_file(e) or 'the warehouse')} is in use by " \
                   f"{describe_holder(*held)}: try again when it has finished"
        number = error_number(e)
        if isinstance(e, OSError | duckdb.IOException) and number in _REASONS:
            where = failed_file(e)
            reason = _REASONS[number]
            return f"{shown(where)}: {reason}" if where else reason
        if isinstance(e, duckdb.IOException) and (where := failed_file(e)):
            return f"{shown(where)}: DuckDB could not read or write it"
    return None
