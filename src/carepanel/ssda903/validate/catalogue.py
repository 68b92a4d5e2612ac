"""The DfE validation rule catalogue: one SQL file per rule, its header saying what it is.

A rule file (``sql/<code>.sql``) starts with a block of ``-- key: value`` comment lines
read as YAML:

- ``code``: the DfE rule code, exactly as the DfE writes it (``501``, ``197B``, ``INT03``);
- ``years``: the collection years the DfE lists the rule in, named by their 31 March as
  ``schema.py`` names them (``2023-2027`` is 2022/23 to 2026/27; ``2023 2024`` works too);
- ``tables`` and ``fields``: what the DfE says the rule reads;
- ``message``: the DfE's message, verbatim, so councils recognise the finding. When the
  DfE reworded it between years, a mapping from years to message;
- ``note`` (optional): plain English where the DfE text is ambiguous, saying how carepanel
  reads it.

Then one SELECT returning the offending rows as ``return_id, table_name, row_number,
column_name, child``: the return, the table the council should look at (``Episodes``, or
``Episodes_last`` for a row of the previous year's return), the spreadsheet row (header is
row 1), the column(s) to name and the child. A rule runs once over every return of a run:
the tables it reads (``tables.sql``, ``shared.sql``) hold all of them, so every join,
window, grouping and subquery goes by ``return_id`` (``rule_sql.strays`` says where one
does not, and the tests hold every rule to it). A rule that reads a ``*_last`` table
compares with the previous year's return and runs only for returns that have one.

Rules the catalogue does not implement are listed, with the reason, in
``not_implemented.yaml``, so the documentation covers every DfE rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from carepanel import config_files
from carepanel.config_files import sql_with_header

FIELDS = ("code", "years", "tables", "fields", "message")
_YEARS = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_LAST_TABLE = re.compile(r"\b[a-z0-9_]+_last\b")
_PROVIDERS = re.compile(r"\bref_provider\b")
_HISTORY = re.compile(r"\bepisodes_earlier\b")


class RuleFileError(ValueError):
    """A rule file is malformed: named with the file and what is wrong."""


@dataclass(frozen=True)
class Rule:
    """One DfE validation rule as carepanel implements it (or lists it as not implemented)."""

    code: str
    years: tuple[int, ...]
    tables: tuple[str, ...]
    fields: tuple[str, ...]
    messages: dict[int, str]
    sql: str = ""
    note: str = ""
    file: str = ""
    reason: str = ""  # why it is not implemented; empty for an implemented rule
    by_loader: bool = False  # a value check the loader makes, as an error, instead

    @property
    def implemented(self) -> bool:
        return bool(self.sql)

    @property
    def uses_previous(self) -> bool:
        """Whether the rule compares with last year's return (reads a ``*_last`` table).

        Read from the SQL rather than the DfE's table list, which misses it for some
        rules (503D names only Episodes).
        """
        if not self.implemented:
            return any(t.lower().endswith("_last") for t in self.tables)
        return bool(_LAST_TABLE.search(self.sql))

    @property
    def uses_providers(self) -> bool:
        """Whether the rule reads Ofsted's provider lists (``ref_provider``), which are not
        part of the return: it runs only when the council gives them."""
        if not self.implemented:
            return "Provider Info" in self.tables
        return bool(_PROVIDERS.search(self.sql))

    @property
    def uses_history(self) -> bool:
        """Whether the rule reads the episodes of the council's earlier returns
        (``episodes_earlier``, from the warehouse): it runs only with a warehouse."""
        return bool(_HISTORY.search(self.sql))

    def applies_to(self, year: int) -> bool:
        return year in self.years

    def message(self, year: int) -> str:
        """The DfE's message for ``year`` (the nearest year's wording outside them)."""
        if year in self.messages:
            return self.messages[year]
        nearest = min(self.messages, key=lambda y: abs(y - year))
        return self.messages[nearest]


def parse_years(text: object, name: str) -> tuple[int, ...]:
    """``2023-2027`` or ``2023 2025`` (or a YAML int) -> the years, in order."""
    years: list[int] = []
    for part in str(text).replace(",", " ").split():
        m = _YEARS.match(part)
        if not m:
            raise RuleFileError(f"{name}: years {text!r} are not like 2023-2027")
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if last < first:
            raise RuleFileError(f"{name}: years {part!r} run backwards")
        years.extend(range(first, last + 1))
    if not years:
        raise RuleFileError(f"{name}: the header has no years")
    return tuple(sorted(set(years)))


def _messages(value: object, years: tuple[int, ...], name: str) -> dict[int, str]:
    if isinstance(value, dict):
        out: dict[int, str] = {}
        for key, text in value.items():
            for y in parse_years(key, name):
                out[y] = " ".join(str(text).split())
        missing = sorted(set(years) - set(out))
        if missing:
            raise RuleFileError(f"{name}: no message for years {missing}")
        return out
    return {y: " ".join(str(value).split()) for y in years}


def _split_list(value: object) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value)
    return tuple(p.strip() for p in str(value).split(",") if p.strip())


def parse(name: str, text: str) -> Rule:
    """Split a rule file into its metadata comment block and its SQL."""
    meta, sql = sql_with_header(name, text, RuleFileError, FIELDS)
    code = str(meta["code"])
    if name != f"{code}.sql":
        raise RuleFileError(f"{name}: the file must be named after its code {code!r}")
    if not sql.upper().startswith(("SELECT", "WITH")):
        raise RuleFileError(f"{name}: after the header comes one SELECT")
    years = parse_years(meta["years"], name)
    return Rule(code=code, years=years, tables=_split_list(meta["tables"]),
                fields=_split_list(meta["fields"]),
                messages=_messages(meta["message"], years, name), sql=sql,
                note=" ".join(str(meta.get("note") or "").split()), file=name)


def _not_implemented() -> list[Rule]:
    text = (resources.files(__package__) / "not_implemented.yaml").read_text(encoding="utf-8")
    out = []
    for code, meta in (config_files.safe_load(text) or {}).items():
        name = f"not_implemented.yaml: {code}"
        years = parse_years(meta["years"], name)
        out.append(Rule(code=str(code), years=years, tables=_split_list(meta["tables"]),
                        fields=_split_list(meta["fields"]),
                        messages=_messages(meta["message"], years, name),
                        reason=" ".join(str(meta["reason"]).split()),
                        by_loader=bool(meta.get("by_loader"))))
    return out


def _sort_key(code: str) -> tuple:
    """Numeric codes in number order first, then the lettered ones (INT01, SW01STG1)."""
    m = re.match(r"^(\d+)(.*)$", code)
    return (0, int(m.group(1)), m.group(2).lower()) if m else (1, 0, code.lower())


@cache
def implemented() -> dict[str, Rule]:
    """Every implemented rule, by code, in DfE code order."""
    folder = resources.files(__package__) / "sql"
    rules = [parse(f.name, f.read_text(encoding="utf-8")) for f in folder.iterdir()
             if f.name.endswith(".sql")]
    rules.sort(key=lambda r: _sort_key(r.code))
    return {r.code: r for r in rules}


@cache
def not_implemented() -> dict[str, Rule]:
    """The DfE rules carepanel does not check, with the reason for each."""
    rules = sorted(_not_implemented(), key=lambda r: _sort_key(r.code))
    return {r.code: r for r in rules}


@cache
def peer_differences() -> dict[str, dict]:
    """The rules on which carepanel and csc-validator-be-903 flag different rows, and why
    (``peer_differences.yaml``), in DfE code order."""
    text = (resources.files(__package__) / "peer_differences.yaml").read_text(encoding="utf-8")
    found = config_files.safe_load(text) or {}
    return {str(code): found[code] for code in sorted(found, key=lambda c: _sort_key(str(c)))}


def all_rules() -> list[Rule]:
    """Implemented and not implemented rules together, in DfE code order."""
    rules = [*implemented().values(), *not_implemented().values()]
    return sorted(rules, key=lambda r: _sort_key(r.code))


def rule_year(year: int) -> int:
    """The collection year whose DfE rule list checks a return of collection ``year``.

    carepanel holds the DfE's rule lists from 2022/23 (2023). An older return is checked
    against the 2022/23 rules: the nearest list there is, and the rules that return was
    submitted under changed little.
    """
    return max(year, _first_year())


@cache
def _first_year() -> int:
    return min(y for r in implemented().values() for y in r.years)


def rules_for(year: int) -> list[Rule]:
    """The implemented rules the DfE lists for collection ``year`` (see ``rule_year``)."""
    year = rule_year(year)
    return [r for r in implemented().values() if r.applies_to(year)]
