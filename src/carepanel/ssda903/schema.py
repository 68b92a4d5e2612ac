"""The SSDA903 data contract in Python: tables, columns, code lists per collection year.

The DfE changes the return a little every year (new tables, new codes, retired codes), so
everything that varies by year is data, in one declarative file, ``contract.yaml``: each
table's columns with their type, code list, whether they are required and the DfE rule for
a bad value. This module reads it once into ``Table`` and ``Field`` objects; the loader's
field checks, the warehouse's typed history, the synthetic generator and the documentation
all read the same objects, so a column is described in exactly one place.

A collection year is named by the year its 31 March falls in: ``2025`` is the 2024/25
collection (1 April 2024 to 31 March 2025).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources

from carepanel import config_files

FIRST_YEAR = 2020
LAST_YEAR = 2027
FIELD_TYPES = ("text", "date", "integer")


class ContractError(ValueError):
    """contract.yaml is malformed: a packaging mistake, named with what is wrong."""


@dataclass(frozen=True)
class Field:
    """One column of a table and what it must hold."""

    name: str
    type: str = "text"  # text, date (dd/mm/YYYY) or integer (a whole number)
    code_list: str | None = None  # the code list (contract.yaml code_lists) it is checked by
    required: bool = False
    rule: str | None = None  # the DfE rule for a bad value here
    # A date that cannot fall after the end of the return's collection year (an episode,
    # a review, a birth): one that does is a value gone wrong (01/01/2200), not a plan.
    by_year_end: bool = False

    def codes(self, year: int) -> tuple[str, ...] | None:
        """The valid codes in collection ``year``, or None when the column takes no codes."""
        return codes(self.code_list, year) if self.code_list else None


@dataclass(frozen=True)
class Table:
    """One table of the return (or one local file) and how its rows are keyed.

    ``key`` is what identifies "the same row" across returns: when two returns hold the
    same key, the later return wins in the canonical history. ``snapshot`` tables (OC2, OC3)
    describe one year each and are never merged across returns.
    """

    name: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    from_year: int = FIRST_YEAR
    kind: str = "ssda903"
    snapshot: bool = False
    description: str = ""

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def dates(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.type == "date")

    @property
    def integers(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.type == "integer")

    @property
    def dfe_coded(self) -> tuple[str, ...]:
        """The text columns coded from the DfE's lists, whose codes are in capitals (a local
        table's lists are the council's own: PEP_TYPE is "initial")."""
        if self.kind != "ssda903":
            return ()
        return tuple(f.name for f in self.fields if f.code_list and f.type == "text")

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def sql_name(self) -> str:
        """Warehouse table name of the canonical history (snake case of the DfE name)."""
        return SQL_NAMES[self.name]


SQL_NAMES = {
    "Header": "header",
    "Episodes": "episodes",
    "UASC": "uasc",
    "Reviews": "reviews",
    "OC2": "oc2",
    "OC3": "oc3",
    "AD1": "ad1",
    "PlacedAdoption": "placed_adoption",
    "PrevPerm": "prev_perm",
    "Missing": "missing",
    "SWEpisodes": "sw_episodes",
    "DoLo": "dolo",
    "health_assessments": "health_assessments",
    "peps": "peps",
    "return_interviews": "return_interviews",
    "attendance": "attendance",
    "care_leavers": "care_leavers",
}


def _years(text: object, where: str) -> range:
    first, _, last = str(text).partition("-")
    try:
        return range(int(first), int(last or first) + 1)
    except ValueError:
        raise ContractError(f"contract.yaml {where}: years {text!r} are not like 2020-2027"
                            ) from None


def _code_lists(raw: dict) -> dict[str, list[tuple[range, tuple[str, ...]]]]:
    out = {}
    for name, spans in raw.items():
        out[name] = [(_years(s["years"], name), tuple(str(s["codes"]).split()))
                     for s in spans]
    return out


def _table(name: str, raw: dict, lists: dict) -> Table:
    fields = []
    for col in raw["columns"]:
        f = Field(name=col["name"], type=col.get("type", "text"),
                  code_list=col.get("codes"), required=bool(col.get("required", False)),
                  rule=str(col["rule"]) if col.get("rule") is not None else None,
                  by_year_end=col.get("type") == "date" and col.get("by_year_end", True))
        if f.type not in FIELD_TYPES:
            raise ContractError(f"contract.yaml {name}.{f.name}: type {f.type!r} is not one "
                                f"of {', '.join(FIELD_TYPES)}")
        if f.code_list is not None and f.code_list not in lists:
            raise ContractError(f"contract.yaml {name}.{f.name}: no code list {f.code_list}")
        fields.append(f)
    return Table(name=name, fields=tuple(fields), key=tuple(str(raw["key"]).split()),
                 from_year=int(raw.get("from_year", FIRST_YEAR)),
                 kind=raw.get("kind", "ssda903"), snapshot=bool(raw.get("snapshot", False)),
                 description=raw.get("description", ""))


def _read_contract() -> tuple[dict[str, Table], dict[str, list[tuple[range, tuple[str, ...]]]]]:
    text = (resources.files(__package__) / "contract.yaml").read_text(encoding="utf-8")
    raw = config_files.safe_load(text)
    lists = _code_lists(raw["code_lists"])
    tables = {name: _table(name, t, lists) for name, t in raw["tables"].items()}
    return tables, lists


TABLES, CODE_LISTS = _read_contract()
RETURN_TABLES = [t for t in TABLES.values() if t.kind == "ssda903"]
LOCAL_TABLES = [t for t in TABLES.values() if t.kind == "local"]


def tables_for_year(year: int, kind: str = "ssda903") -> list[Table]:
    """The tables a return of collection ``year`` holds (SWEpisodes from 2023/24, ...)."""
    return [t for t in TABLES.values() if t.kind == kind and t.from_year <= year]


def codes(list_name: str, year: int) -> tuple[str, ...] | None:
    """The codes of the code list ``list_name`` (``PLACE``, ``SEX``, ...) valid in ``year``,
    or None when there is no such list or it has no codes that year."""
    for years, values in CODE_LISTS.get(list_name, ()):
        if year in years:
            return values
    return None


# Groups of codes the indicators, rules and generator name (subsets of the lists above).
FOSTER_PLACEMENTS = ("U1", "U2", "U3", "U4", "U5", "U6")
ADOPTION_PLACEMENTS = ("A3", "A4", "A5", "A6")
TEMPORARY_PLACEMENTS = ("T0", "T1", "T2", "T3", "T4")
SHORT_BREAKS = ("V3", "V4")
ADOPTED = ("E11", "E12")
SPECIAL_GUARDIANSHIP = ("E43", "E44", "E45", "E46", "E47", "E48")


def collection_year_label(year: int) -> str:
    """``2025`` -> ``"2024/25"``, the way the DfE names a collection."""
    return f"{year - 1}/{str(year)[-2:]}"


def year_of(reference_date: dt.date) -> int:
    """The collection year a reference date falls in (1 April to 31 March)."""
    return reference_date.year + 1 if reference_date.month >= 4 else reference_date.year


def year_start(year: int) -> dt.date:
    return dt.date(year - 1, 4, 1)


def year_end(year: int) -> dt.date:
    return dt.date(year, 3, 31)


@dataclass(frozen=True)
class HeaderMatch:
    """How well a file's header row matches one table: what is missing and what is extra."""

    table: Table
    missing: tuple[str, ...] = field(default=())
    extra: tuple[str, ...] = field(default=())

    @property
    def exact(self) -> bool:
        return not self.missing and not self.extra

    @property
    def distance(self) -> int:
        return len(self.missing) + len(self.extra)


def normalise_header(name: str) -> str:
    """Headers are compared case-insensitively, without a BOM or surrounding spaces."""
    return name.replace("\ufeff", "").strip().upper()


def match_header(header: list[str]) -> HeaderMatch:
    """The table whose columns a header row names, or the nearest one if none matches.

    Matching is by the set of column names; order does not matter. Local file column names
    are compared in upper case as well.
    """
    names = [normalise_header(h) for h in header]
    given = set(names)
    best: HeaderMatch | None = None
    for table in TABLES.values():
        wanted = {c.upper() for c in table.columns}
        m = HeaderMatch(
            table,
            missing=tuple(c for c in table.columns if c.upper() not in given),
            extra=tuple(h for h in names if h not in wanted),
        )
        if m.exact:
            return m
        if best is None or m.distance < best.distance:
            best = m
    assert best is not None
    return best
