"""INTERIM (replaced by the readers branch): finding returns among the paths a user gives."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from carepanel.ssda903.findings import Finding, Unreadable

DATA_SUFFIXES = {".csv", ".xlsx"}


@dataclass(frozen=True)
class ReturnSource:
    name: Path
    files: tuple[Path, ...]


def shown(text: object) -> str:
    s = str(text)
    if s.isprintable() and s.isascii():
        return s
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace")
                   .decode("ascii") for c in s.encode("utf-8", "surrogateescape")
                   .decode("utf-8", "backslashreplace"))


def discover(paths: Iterable[Path]) -> list[ReturnSource]:
    groups: list[ReturnSource] = []
    loose: dict[Path, list[Path]] = {}
    paths = list(paths)
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise Unreadable(Finding(shown(path), None, None, "no such file or folder"))
        if path.is_file():
            if path.suffix.lower() == ".xlsx":
                groups.append(ReturnSource(path, (path,)))
            elif path.suffix.lower() == ".csv":
                loose.setdefault(path.parent, []).append(path)
            else:
                raise Unreadable(Finding(shown(path), None, None,
                                         "not a CSV file or an XLSX workbook"))
        else:
            groups.extend(_folder(path))
    groups.extend(ReturnSource(k, tuple(sorted(v))) for k, v in sorted(loose.items()))
    if not groups:
        raise Unreadable(Finding(", ".join(shown(p) for p in paths), None, None,
                                 "no CSV files or XLSX workbooks found"))
    return groups


def _folder(folder: Path) -> list[ReturnSource]:
    files = sorted(p for p in folder.iterdir()
                   if p.is_file() and p.suffix.lower() in DATA_SUFFIXES
                   and not p.name.startswith(("~$", ".")))
    csvs = tuple(p for p in files if p.suffix.lower() == ".csv")
    groups = [ReturnSource(p, (p,)) for p in files if p.suffix.lower() == ".xlsx"]
    if csvs:
        groups.insert(0, ReturnSource(folder, csvs))
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        groups.extend(_folder(sub))
    return groups
