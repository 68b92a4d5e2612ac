"""Find the returns among the paths a user gives, refusing what cannot be read safely.

A council hands over a return as a folder of CSV files or as one workbook, and often a
folder of several years' returns. ``discover`` groups what it finds into returns without
opening a single data file for reading: it only checks that each can be opened. Anything
that would make the read go wrong later, or go quietly wrong, is refused here with one
line naming it: a path that does not exist, a link to nothing, a named pipe (opening one
blocks for ever), a folder called ``episodes.csv``, a file or folder this user may not
read. Hidden files and Excel's ``~$`` lock files are left alone: they are never returns.

How paths are grouped:

- a workbook alone in its folder, or among other workbooks only, is a return by itself
  (a folder of ``ssda903_2024.xlsx``, ``ssda903_2025.xlsx`` is two returns);
- a folder holding CSV files is one return, together with any workbook beside them: a
  council that saved one table both ways must be told the two disagree, which the stage
  that recognises tables can only do if both files reach it in the same return;
- a folder is searched below as well (a folder of council folders of year folders);
- files named one by one are grouped by their folder by the same two rules.

File names that are not valid UTF-8 (bytes that ``os.listdir`` hands back as surrogate
escapes) are kept as they are, so the files open, and are shown escaped by ``shown``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from carepanel.ssda903.findings import Finding, Unreadable

DATA_SUFFIXES = (".csv", ".xlsx")
# Spreadsheets a return might have been saved as by mistake: refused with a way out rather
# than skipped, so a table saved as .xls is never silently missing from a return.
_OTHER_SPREADSHEETS = {
    ".xls": "an Excel 97-2003 workbook (.xls): save it as Excel Workbook (.xlsx) or CSV",
    ".xlsm": "a macro-enabled workbook (.xlsm): save it as Excel Workbook (.xlsx) or CSV",
    ".xlsb": "a binary workbook (.xlsb): save it as Excel Workbook (.xlsx) or CSV",
    ".ods": "an OpenDocument spreadsheet (.ods): save it as Excel Workbook (.xlsx) or CSV",
    ".tsv": "a tab-separated file (.tsv): save it as CSV (comma delimited)",
}


@dataclass(frozen=True)
class ReturnSource:
    """One return as found on disk: a folder of CSV files, or one XLSX workbook."""

    name: Path  # the folder, or the workbook: what messages name
    files: tuple[Path, ...]  # the folder's CSVs (sorted), then its workbooks; or (workbook,)


def shown(value: str | os.PathLike[str]) -> str:
    """A path or a text from a file as it can safely be printed and stored.

    Control characters (a terminal escape ``\\x1b[2J`` among them), invisible and
    direction-changing characters are written as Python escapes; a byte of a file name
    that is not UTF-8 is written as ``\\xff``. The result is printable, valid UTF-8 and one
    line, so it can go in a message, a log or a DuckDB column.
    """
    text = os.fspath(value)
    if text.isprintable():
        return text
    return "".join(_escaped(c) for c in text)


def _escaped(c: str) -> str:
    if c.isprintable():
        return c
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.listdir could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return ascii(c)[1:-1]


def discover(paths: Iterable[Path]) -> list[ReturnSource]:
    """Group the given paths into returns (see the module's docstring for the rules).

    Raises ``Unreadable`` naming the first path that cannot be used, or when nothing is
    found at all.
    """
    paths = [Path(p) for p in paths]
    found: list[ReturnSource] = []
    named: dict[Path, list[Path]] = {}
    visited: set[tuple[int, int]] = set()
    for path in paths:
        kind = _kind(path)
        if kind == "folder":
            found.extend(_search(path, visited))
        elif kind == "file":
            named.setdefault(path.parent, []).append(_data_file(path))
        else:
            raise _refused(path, kind)
    for folder in sorted(named):
        found.extend(_grouped(folder, named[folder]))
    if not found:
        given = ", ".join(shown(p) for p in paths) or "(no path given)"
        raise Unreadable(Finding(given, None, None, "no CSV files or XLSX workbooks found"))
    return found


def _search(folder: Path, visited: set[tuple[int, int]]) -> list[ReturnSource]:
    """The returns in ``folder`` and below; each folder once, however links lead to it."""
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in visited:
            return []
        visited.add((st.st_dev, st.st_ino))
        with os.scandir(folder) as it:
            names = sorted(entry.name for entry in it)
    except PermissionError:
        raise Unreadable(Finding(shown(folder), None, None,
                                 "no permission to read this folder")) from None
    except OSError as e:
        raise Unreadable(Finding(shown(folder), None, None,
                                 f"the folder cannot be read: {_reason(e)}")) from None
    files: list[Path] = []
    subfolders: list[Path] = []
    for name in names:
        if name.startswith((".", "~$")):
            continue
        path = folder / name
        suffix = _suffix(path)
        kind = _kind(path)
        if kind == "folder":
            if suffix in DATA_SUFFIXES:
                raise Unreadable(Finding(shown(path), None, None,
                                         f"a folder named like a {suffix} file: a return's "
                                         "tables must be files"))
            subfolders.append(path)
        elif suffix in _OTHER_SPREADSHEETS and kind == "file":
            raise Unreadable(Finding(shown(path), None, None, _OTHER_SPREADSHEETS[suffix]))
        elif suffix in DATA_SUFFIXES or kind == "forbidden" or (
                kind == "dangling" and not suffix):
            # Where a table (or a folder of them) could be, anything but a readable file is
            # refused; elsewhere (a README, a pipe called "log") it is no part of a return
            # and is left alone.
            if kind != "file":
                raise _refused(path, kind)
            files.append(_data_file(path))
    found = _grouped(folder, files)
    for sub in subfolders:
        found.extend(_search(sub, visited))
    return found


def _grouped(folder: Path, files: list[Path]) -> list[ReturnSource]:
    """CSVs with the workbooks beside them as one return, or each workbook on its own."""
    files = sorted(set(files))
    csvs = [p for p in files if _suffix(p) == ".csv"]
    books = [p for p in files if _suffix(p) == ".xlsx"]
    if csvs:
        return [ReturnSource(folder, tuple(csvs + books))]
    return [ReturnSource(book, (book,)) for book in books]


def _data_file(path: Path) -> Path:
    """``path`` if it is a CSV or workbook this user can open, else ``Unreadable``."""
    suffix = _suffix(path)
    if path.name.startswith("~$"):
        raise Unreadable(Finding(shown(path), None, None,
                                 "an Excel lock file (left while a workbook is open in "
                                 "Excel), not a workbook"))
    if suffix not in DATA_SUFFIXES:
        why = _OTHER_SPREADSHEETS.get(suffix, "not a CSV file or an XLSX workbook")
        raise Unreadable(Finding(shown(path), None, None, why))
    try:
        with open(path, "rb"):
            pass
    except PermissionError:
        raise Unreadable(Finding(shown(path), None, None,
                                 "no permission to read this file")) from None
    except OSError as e:
        raise Unreadable(Finding(shown(path), None, None,
                                 f"the file cannot be opened: {_reason(e)}")) from None
    return path


def _kind(path: Path) -> str:
    """What is at ``path``, without opening it: a pipe must never be opened."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "dangling" if os.path.islink(path) else "missing"
    except PermissionError:
        return "forbidden"
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "loop"
        raise Unreadable(Finding(shown(path), None, None,
                                 f"cannot be read: {_reason(e)}")) from None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def _refused(path: Path, kind: str) -> Unreadable:
    if kind == "dangling":
        try:
            target = shown(os.readlink(path))
        except OSError:
            target = "?"
        message = f"a link to {target}, which does not exist"
    else:
        message = {
            "missing": "no such file or folder",
            "forbidden": "no permission to reach this path",
            "loop": "a link that leads back to itself",
            "fifo": "a named pipe (FIFO), not a file: save the table as a file",
            "socket": "a socket, not a file",
            "device": "a device, not a file",
        }[kind]
    return Unreadable(Finding(shown(path), None, None, message))


def _suffix(path: Path) -> str:
    # "episodes.CSV " and "episodes.csv\n" are still CSV files: a name mangled on the way
    # must not make a table vanish from the return.
    return path.suffix.strip().lower()


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
