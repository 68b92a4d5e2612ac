"""Realistic data errors, injected on purpose so validation and loading can be tested.

The kinds are the ones councils actually send: codes that are not on the year's list
(``Q9``, lower-case ``c2``, ``XXXX``), dates that do not exist or are in the wrong format,
a date of birth after the child came into care, episodes that overlap, and children with
episodes but no Header row. Every injected error is listed in a manifest so a test can check
it is found; rows are numbered from 1 for the first data row after the header.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from carepanel.dates import return_date
from carepanel.ssda903 import schema
from carepanel.ssda903.synth.dates import fmt
from carepanel.ssda903.synth.rand import between

ROW_NUMBERING = "1 = first data row after the header"
TYPICAL_BAD = {
    "PLACE": ("Q9", "U7", "K4", "Z2"),
    "ETHNIC": ("XXXX", "WBR", "White British"),
    "REC": ("E99", "X2", "E4"),
    "RNE": ("X", "N"),
    "SEX": ("3", "Male"),
    "CIN": ("N9", "N0"),
    "PLACE_PROVIDER": ("PR9", "PR"),
    "REVIEW_CODE": ("PN8", "P1"),
    "MISSING": ("X", "Y"),
    "SW_REASON": ("LEFT", "OTHER"),
}
WITHOUT_HEADER_SHARE = 0.2  # of the errors chosen in Header rows


@dataclass(frozen=True)
class InjectedError:
    la_code: str
    return_name: str
    file: str
    row: int | None
    column: str
    kind: str
    value: str
    expected: str

    def as_json(self) -> dict[str, object]:
        return {"la_code": self.la_code, "return": self.return_name, "file": self.file,
                "row": self.row, "column": self.column, "kind": self.kind,
                "value": self.value, "expected": self.expected}


def inject(tables: dict[str, list[list[str]]], year: int, la_code: str, rate: float,
           rng: random.Random) -> list[InjectedError]:
    """Corrupt about ``rate`` of the rows of one return in place; list what was done.

    ``tables`` maps table name to its data rows in file order. Header rows are removed
    first so the row numbers of every other error refer to the file as written.
    """
    found: list[InjectedError] = []
    return_name = f"ssda903_{year}"
    header = tables.get("Header", [])
    with_episodes = {r[0] for r in tables.get("Episodes", [])}
    keep: list[list[str]] = []
    for row in header:
        if row[0] in with_episodes and rng.random() < rate * WITHOUT_HEADER_SHARE:
            found.append(InjectedError(
                la_code, return_name, "header.csv", None, "CHILD", "missing_row", row[0],
                f"a Header row for child {row[0]}, who has Episodes rows"))
        else:
            keep.append(row)
    header[:] = keep
    first_decom = _first_decom(tables.get("Episodes", []))
    for name, rows in tables.items():
        table = schema.TABLES[name]
        file = f"{table.sql_name}.csv"
        share = rate * (1 - WITHOUT_HEADER_SHARE) if name == "Header" else rate
        for i, row in enumerate(rows):
            if rng.random() >= share:
                continue
            err = _corrupt(table, row, i, rows, year, rng, first_decom)
            if err is not None:
                column, kind, value, expected = err
                found.append(InjectedError(la_code, return_name, file, i + 1, column, kind,
                                           value, expected))
    return found


def _first_decom(episodes: list[list[str]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in episodes:
        d = return_date(r[1]).toordinal()
        if r[0] not in out or d < out[r[0]]:
            out[r[0]] = d
    return out


def _corrupt(table: schema.Table, row: list[str], i: int, rows: list[list[str]], year: int,
             rng: random.Random, first_decom: dict[str, int]
             ) -> tuple[str, str, str, str] | None:
    """Change one field of ``row``; return (column, kind, new value, original value)."""
    options: list[str] = []
    cols = table.columns
    if table.name == "Episodes" and row[cols.index("DEC")] and i + 1 < len(rows) \
            and rows[i + 1][0] == row[0]:
        options.append("overlap")
    if any(row[cols.index(c)] for c in table.dates):
        options.append("impossible_date")
    if any(table.field(c).codes(year) and row[k] for k, c in enumerate(cols)):
        options.append("bad_code")
    if not options:
        return None
    kind = options[int(rng.random() * len(options))]
    if kind == "overlap":
        k = cols.index("DEC")
        nxt = return_date(rows[i + 1][cols.index("DECOM")]).toordinal()
        return _set(row, k, "DEC", "overlap", fmt(nxt + between(rng, 1, 20)))
    if kind == "impossible_date":
        names = [c for c in table.dates if row[cols.index(c)]]
        column = names[int(rng.random() * len(names))]
        k = cols.index(column)
        if column == "DOB" and table.name == "Header" and row[0] in first_decom \
                and rng.random() < 0.4:
            return _set(row, k, column, "impossible_date",
                        fmt(first_decom[row[0]] + between(rng, 1, 200)))
        yyyy = row[k][-4:]
        bad = (f"31/02/{yyyy}", f"30/02/{yyyy}", f"{yyyy}-13-01", f"00/01/{yyyy}",
               f"{yyyy}-02-30")[int(rng.random() * 5)]
        return _set(row, k, column, "impossible_date", bad)
    names = [c for k, c in enumerate(cols) if table.field(c).codes(year) and row[k]]
    column = names[int(rng.random() * len(names))]
    k = cols.index(column)
    return _set(row, k, column, "bad_code",
                _bad_code(column, row[k], table.field(column).codes(year) or (), rng))


def _bad_code(column: str, value: str, valid: tuple[str, ...], rng: random.Random) -> str:
    candidates = [value.lower()] if value.lower() != value else []
    candidates += list(TYPICAL_BAD.get(column, (value + "X", "99")))
    candidates = [c for c in candidates if c not in valid]
    return candidates[int(rng.random() * len(candidates))]


def _set(row: list[str], k: int, column: str, kind: str, value: str
         ) -> tuple[str, str, str, str]:
    original = row[k]
    row[k] = value
    return column, kind, value, original
