"""Read the DfE's published local-authority tables into the warehouse, for benchmarking.

A council compares each of its figures with England, its region and its statistical
neighbours. The DfE publishes those figures as tidy CSV tables (Explore Education
Statistics); ``mapping.yaml`` beside this file says which published row is which carepanel
indicator. This module reads a folder of those files, recognises each by its header (never
by its name), checks every value it uses, and writes four tables in one transaction:

* ``benchmark_values``: one row per indicator, year (to 31 March), level (``england``,
  ``region``, ``la``) and area, with the published value, or NULL and the DfE's symbol
  (``c`` suppressed, ``x`` not available, ``z`` not applicable, ``k`` rounds to zero but is
  not zero, ``low``, ``u``) where the DfE shows one. A ``k`` is never stored as 0.
* ``la_geography``: each council's name, ONS code and region, as the latest file says.
* ``statistical_neighbours``: the DfE's groupings (models 2025 and 2021).
* ``population``: ONS mid-year estimates of children aged 0-17, councils only (England and
  regional populations are the denominators of the ``cla_rate_per_10k`` benchmark rows).

Everything is read and checked before the warehouse is opened for writing: a malformed file
is refused with its name, line and column and the warehouse is left as it was. Loading the
same files again changes nothing: rows from a file replace the rows an earlier load took
from a file of the same name, and a later load wins for the same indicator, year and area.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb

from carepanel import config_files
from carepanel.database import transaction
from carepanel.ssda903.decoding import BadText, Decoder

MAPPING_FILE = Path(__file__).with_name("mapping.yaml")

ENGLAND = "E92000001"
SYMBOLS = ("c", "x", "z", "k", "low", "u")
LEVELS = {"national": "england", "regional": "region", "local authority": "la"}

# Columns every tidy EES table carries (new_la_code and country_code are used when present).
EES_COLUMNS = ("time_period", "geographic_level", "region_code", "region_name",
               "old_la_code", "la_name")

_LA_CODE = re.compile(r"\d{3}")
_YEAR = re.compile(r"\d{4}")
_MODEL_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")

Progress = Callable[[int, int, str], None]


class BenchmarkFileError(ValueError):
    """A published file that cannot be read as it should: named by file, line and column."""

    def __init__(self, file: str, line: int | None, column: str | None, message: str):
        self.file, self.line, self.column, self.message = file, line, column, message
        where = file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


# --- the mapping ------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedIndicator:
    """Where a DfE table publishes one indicator: which rows, and which columns hold what.
    (Not a scorecard measure: ``carepanel.scorecard.Measure`` is a line of the scorecard.)"""

    indicator_id: str
    table: str
    where: tuple[tuple[str, str], ...]
    value: str
    numerator: str | None
    denominator_column: str | None
    denominator_row: tuple[tuple[str, str], ...] | None  # the `where` of the cohort's row
    value_format: str | None = None  # years_months: "01:07" (1 year 7 months), kept as days

    @property
    def filter_columns(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.where)

    @property
    def filter_values(self) -> tuple[str, ...]:
        return tuple(v for _, v in self.where)

    def columns(self) -> set[str]:
        return {self.value, *(c for c in (self.numerator, self.denominator_column) if c),
                *self.filter_columns}


@dataclass(frozen=True)
class TableSpec:
    file: str
    title: str
    columns: frozenset[str]
    indicators: tuple[PublishedIndicator, ...]
    national_only: bool = False  # England's rows only: no region or council columns


@dataclass(frozen=True)
class PopulationSpec:
    file: str
    columns: frozenset[str]
    where: tuple[tuple[str, str], ...]
    value: str


@dataclass(frozen=True)
class NeighbourSpec:
    layout: str
    file: str
    model: str


@dataclass(frozen=True)
class Mapping:
    tables: tuple[TableSpec, ...]
    population: PopulationSpec
    neighbours: tuple[NeighbourSpec, ...]
    not_used: dict[str, str] = field(default_factory=dict)  # file name -> why
    no_benchmark: dict[str, str] = field(default_factory=dict)  # indicator -> why

    def indicator_ids(self) -> list[str]:
        return [m.indicator_id for t in self.tables for m in t.indicators]


def _norm(name: str) -> str:
    """Header names compared without case, surrounding spaces or a BOM."""
    return name.replace("\ufeff", "").strip().lower()


def _pairs(where: dict) -> tuple[tuple[str, str], ...]:
    return tuple((_norm(k), str(v).strip()) for k, v in where.items())


@cache
def mapping() -> Mapping:
    """The declarative mapping in ``mapping.yaml``, checked for consistency."""
    raw = config_files.safe_load(MAPPING_FILE.read_text(encoding="utf-8"))
    tables = []
    for t in raw["tables"]:
        columns = frozenset(_norm(c) for c in t["columns"])
        indicators = []
        for ind in t["indicators"]:
            den = ind.get("denominator")
            den_row = den_col = None
            if isinstance(den, dict):
                base = dict(_pairs(ind["where"]))
                base.update(_pairs(den["row"]))
                den_row, den_col = tuple(base.items()), _norm(den["column"])
            elif den is not None:
                den_col = _norm(den)
            m = PublishedIndicator(ind["id"], t["file"], _pairs(ind["where"]), _norm(ind["value"]),
                        _norm(ind["numerator"]) if ind.get("numerator") else None,
                        den_col, den_row, ind.get("value_format"))
            if m.value_format not in (None, "years_months"):
                raise ValueError(f"{MAPPING_FILE.name}: {m.indicator_id}: unknown "
                                 f"value_format {m.value_format!r}")
            missing = m.columns() - columns
            if missing:
                raise ValueError(f"{MAPPING_FILE.name}: {m.indicator_id} uses "
                                 f"{sorted(missing)}, not among the columns of {t['file']}")
            indicators.append(m)
        tables.append(TableSpec(t["file"], t.get("title", ""), columns, tuple(indicators),
                                bool(t.get("national_only"))))
    ids = [m.indicator_id for t in tables for m in t.indicators]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"{MAPPING_FILE.name}: indicators mapped twice: {sorted(dupes)}")
    p = raw["population"]
    population = PopulationSpec(p["file"], frozenset(_norm(c) for c in p["columns"]),
                                _pairs(p["where"]), _norm(p["value"]))
    neighbours = tuple(NeighbourSpec(n["layout"], n["file"], str(n["model"]))
                       for n in raw["statistical_neighbours"])
    def words(mapping_: dict | None) -> dict[str, str]:
        return {str(k): " ".join(str(v).split()) for k, v in (mapping_ or {}).items()}

    return Mapping(tuple(tables), population, neighbours, words(raw.get("not_used")),
                   words(raw.get("no_benchmark")))


def why_no_benchmark(indicator_id: str | None) -> str:
    """Why an indicator has no published comparator, in words for a paper."""
    if indicator_id is None:
        return "a measure from the council's own records: no comparable figure is published"
    m = mapping()
    if indicator_id in m.indicator_ids():
        return "its DfE table has not been loaded (carepanel benchmarks load)"
    return m.no_benchmark.get(indicator_id, "the DfE publishes no comparable figure")


# --- what a load finds ------------------------------------------------------------------


@dataclass
class FileReport:
    """What a load made of one file: loaded (with what) or skipped (and why)."""

    name: str
    kind: str  # benchmarks, population, neighbours, skipped
    rows: int = 0
    detail: str = ""


@dataclass
class Parsed:
    """Everything read from the files, checked, ready to write in one transaction."""

    benchmark_rows: list[tuple] = field(default_factory=list)
    geography_rows: list[tuple] = field(default_factory=list)
    benchmark_sources: list[str] = field(default_factory=list)
    population_rows: list[tuple[str, int, int]] = field(default_factory=list)
    population_keys: list[tuple[str, int]] = field(default_factory=list)
    neighbour_rows: list[tuple[str, str, int, str, str | None]] = field(default_factory=list)
    neighbour_models: dict[str, str] = field(default_factory=dict)  # model -> file
    files: list[FileReport] = field(default_factory=list)

    @property
    def loaded(self) -> list[FileReport]:
        return [f for f in self.files if f.kind != "skipped"]

    @property
    def skipped(self) -> list[FileReport]:
        return [f for f in self.files if f.kind == "skipped"]


# --- reading CSV ------------------------------------------------------------------------


def _text(path: Path) -> tuple[str, str]:
    """The file's text, and a note when it was read as Windows-1252 (re-saved from Excel on
    Windows). Bytes that are text in neither refuse the load, naming the line they are on."""
    notes: list[str] = []
    pieces: list[str] = []
    try:
        with path.open("rb") as fh:
            pieces.extend(Decoder(fh, notes.append))
    except BadText as e:
        line = "".join(pieces).count("\n") + 1  # every piece before the problem was handed out
        raise BenchmarkFileError(path.name, line, None, e.message) from None
    return "".join(pieces), "; ".join(notes)


def _records(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, cells) for every non-blank record; header included."""
    reader = csv.reader(io.StringIO(text), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise BenchmarkFileError(path.name, reader.line_num, None,
                                     f"not readable as CSV ({e})") from None
        if any(cell.strip() for cell in row):
            yield start, row


def _cell(file: str, line: int, column: str, text: str) -> tuple[float | None, str | None]:
    """A published value: a number, or None and the DfE symbol shown instead of one."""
    t = text.strip()
    if t.lower() in SYMBOLS:
        return None, t.lower()
    try:
        value = float(t)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        shown = repr(t) if t else "a blank"
        raise BenchmarkFileError(file, line, column,
                                 f"{shown} is neither a number nor a DfE symbol "
                                 f"({', '.join(SYMBOLS)})")
    return value, None


DAYS_A_MONTH = 365.25 / 12
_YEARS_MONTHS = re.compile(r"(\d{1,2}):(\d{2})")


def _years_months(file: str, line: int, column: str, text: str
                  ) -> tuple[float | None, str | None]:
    """A time published as years and months ("01:07": 1 year 7 months), as days."""
    t = text.strip()
    if t.lower() in SYMBOLS:
        return None, t.lower()
    found = _YEARS_MONTHS.fullmatch(t)
    if not found or int(found.group(2)) > 11:
        raise BenchmarkFileError(file, line, column, f"{t!r} is not a time in years and "
                                 "months (YY:MM) nor a DfE symbol")
    months = 12 * int(found.group(1)) + int(found.group(2))
    return months * DAYS_A_MONTH, None


def _year(file: str, line: int, text: str, column: str = "time_period") -> int:
    t = text.strip()
    if not _YEAR.fullmatch(t):
        raise BenchmarkFileError(file, line, column, f"{t!r} is not a year (YYYY)")
    return int(t)


def _la_code(file: str, line: int, column: str, text: str) -> str:
    t = text.strip()
    if not _LA_CODE.fullmatch(t):
        raise BenchmarkFileError(file, line, column,
                                 f"{t!r} is not a 3-digit DfE local authority code")
    return t


# --- recognising a file -----------------------------------------------------------------


def _neighbour_layout(header: list[str]) -> str | None:
    names = set(header)
    if "old_la_code" in names and all(
            f"sn_{k}" in names and f"sn_{k}p" in names for k in range(1, 11)):
        return "wide"
    if "la number" in names and "snp" in names and all(f"sn{k}" in names
                                                       for k in range(1, 11)):
        return "dfe_tool"
    return None


def _is_ees(header: list[str]) -> bool:
    return all(c in header for c in EES_COLUMNS)


def _is_national_ees(header: list[str]) -> bool:
    """A national-only tidy table: time_period and geographic_level, no area columns."""
    return "time_period" in header and "geographic_level" in header


def read_dir(path: Path, progress: Progress | None = None) -> Parsed:
    """Read and check every file in a folder (or one file); write nothing."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    elif path.is_file():
        files = [path]
    else:
        raise FileNotFoundError(f"{path}: no such folder or file")
    names = [p.name for p in files]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:  # impossible in one folder; kept for safety when files are passed directly
        raise BenchmarkFileError(dupes[0], None, None, "two files of the same name")
    parsed = Parsed()
    seen: dict[tuple[str, int, str, str], str] = {}
    for i, p in enumerate(files):
        if progress:
            progress(i, len(files), p.name)
        parsed.files.append(_read_file(p, parsed, seen))
    if progress:
        progress(len(files), len(files), "")
    return parsed


def _read_file(path: Path, parsed: Parsed, seen: dict) -> FileReport:
    if path.suffix.lower() != ".csv":
        return FileReport(path.name, "skipped", detail="not a CSV file")
    text, note = _text(path)
    report = _read_table(path, _records(path, text), parsed, seen)
    if note:
        report.detail = f"{report.detail}; {note}" if report.detail else note
    return report


def _read_table(path: Path, records: Iterator[tuple[int, list[str]]], parsed: Parsed,
                seen: dict) -> FileReport:
    first = next(records, None)
    if first is None:
        return FileReport(path.name, "skipped", detail="empty")
    header = [_norm(h) for h in first[1]]
    m = mapping()
    layout = _neighbour_layout(header)
    if layout:
        return _read_neighbours(path, header, records, layout, parsed)
    if _is_ees(header) and m.population.columns <= set(header):
        return _read_population(path, header, records, m.population, parsed)
    if _is_ees(header) or _is_national_ees(header):
        tables = [t for t in m.tables if t.columns <= set(header)
                  and (_is_ees(header) or t.national_only)]
        if tables:
            report = _read_ees(path, header, records, tables, parsed, seen)
            if report.kind == "skipped" and path.name in m.not_used:
                report.detail = f"a DfE table carepanel does not use: {m.not_used[path.name]}"
            return report
    if path.name in m.not_used:
        return FileReport(path.name, "skipped",
                          detail=f"a DfE table carepanel does not use: {m.not_used[path.name]}")
    return FileReport(path.name, "skipped",
                      detail="columns not recognised as a DfE table carepanel benchmarks")


# --- tidy EES tables --------------------------------------------------------------------


def _area(file: str, line: int, col: dict[str, int], row: list[str], level: str
          ) -> tuple[str, str | None]:
    """(area code, area name) of a row: E92000001, the region code or the 3-digit LA code."""
    def get(name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None else ""

    if level == "england":
        return get("country_code") or ENGLAND, get("country_name") or "England"
    if level == "region":
        code = get("region_code")
        if not code:
            raise BenchmarkFileError(file, line, "region_code", "blank on a regional row")
        return code, get("region_name") or None
    return _la_code(file, line, "old_la_code", get("old_la_code")), get("la_name") or None


def _read_ees(path: Path, header: list[str], records: Iterator[tuple[int, list[str]]],
              tables: list[TableSpec], parsed: Parsed, seen: dict) -> FileReport:
    """Pick the rows the mapping names out of one tidy table and check their values."""
    name = path.name
    col = {c: i for i, c in enumerate(header)}
    indicators = [m for t in tables for m in t.indicators]
    # The filter values wanted, grouped by filter columns: the indicators' own rows and the
    # rows holding their cohort totals.
    wanted: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for m in indicators:
        for where in (m.where, m.denominator_row):
            if where:
                wanted.setdefault(tuple(c for c, _ in where), set()).add(
                    tuple(v for _, v in where))
    level_i, year_i = col["geographic_level"], col["time_period"]
    # (filter columns, filter values) -> (year, level, area code) -> (line, row, area name)
    index: dict[tuple, dict[tuple, tuple[int, list[str], str | None]]] = {}
    for line, row in records:
        if len(row) != len(header):
            raise BenchmarkFileError(name, line, None,
                                     f"{len(row)} values where the header has {len(header)}")
        level = LEVELS.get(row[level_i].strip().lower())
        if level is None:
            continue  # other geographies (e.g. local authority district) are not benchmarks
        for cols, values in wanted.items():
            key_values = tuple(row[col[c]].strip() for c in cols)
            if key_values not in values:
                continue
            year = _year(name, line, row[year_i])
            code, area_name = _area(name, line, col, row, level)
            rows_of = index.setdefault((cols, key_values), {})
            if (year, level, code) in rows_of:
                raise BenchmarkFileError(
                    name, line, None, f"repeats the row on line {rows_of[year, level, code][0]}"
                                      f" ({level} {code}, {year}, {' / '.join(key_values)})")
            rows_of[year, level, code] = (line, row, area_name)

    rows: list[tuple] = []
    found: list[str] = []
    geography: dict[str, tuple] = {}
    for m in indicators:
        n_before = len(rows)
        totals = (index.get((tuple(c for c, _ in m.denominator_row),
                             tuple(v for _, v in m.denominator_row)), {})
                  if m.denominator_row else {})
        own_rows = index.get((m.filter_columns, m.filter_values), {})
        for (year, level, code), (line, row, area_name) in own_rows.items():
            if m.value_format == "years_months":
                value, symbol = _years_months(name, line, m.value, row[col[m.value]])
            else:
                value, symbol = _cell(name, line, m.value, row[col[m.value]])
            numerator = (_cell(name, line, m.numerator, row[col[m.numerator]])[0]
                         if m.numerator else None)
            denominator = None
            if m.denominator_row and m.denominator_column:
                total = totals.get((year, level, code))
                if total:
                    t_line, t_row, _ = total
                    denominator = _cell(name, t_line, m.denominator_column,
                                        t_row[col[m.denominator_column]])[0]
            elif m.denominator_column:
                denominator = _cell(name, line, m.denominator_column,
                                    row[col[m.denominator_column]])[0]
            clash = seen.get((m.indicator_id, year, level, code))
            if clash and clash != name:
                raise BenchmarkFileError(
                    name, line, None,
                    f"{m.indicator_id} for {level} {code} in {year} is also in {clash}: "
                    "load one of the two files")
            seen[(m.indicator_id, year, level, code)] = name
            rows.append((m.indicator_id, year, level, code, area_name, value, symbol,
                         numerator, denominator, name))
            if level == "la":
                _note_geography(geography, year, code, col, row)
        if len(rows) > n_before:
            found.append(m.indicator_id)
    if not rows:
        return FileReport(name, "skipped",
                          detail=f"has the columns of {' / '.join(t.file for t in tables)} "
                                 "but none of the rows carepanel benchmarks")
    parsed.benchmark_rows.extend(rows)
    parsed.benchmark_sources.append(name)
    parsed.geography_rows.extend((name, *g) for g in geography.values())
    return FileReport(name, "benchmarks", len(rows), ", ".join(found))


def _note_geography(geography: dict[str, tuple], year: int, code: str, col: dict[str, int],
                    row: list[str]) -> None:
    """Keep each council's latest name, ONS code and region seen in a file."""
    if code in geography and geography[code][0] >= year:
        return

    def get(name: str) -> str | None:
        i = col.get(name)
        return (row[i].strip() or None) if i is not None else None

    geography[code] = (year, code, get("la_name"), get("new_la_code"), get("region_code"),
                       get("region_name"))


# --- population -------------------------------------------------------------------------


def _read_population(path: Path, header: list[str], records: Iterator[tuple[int, list[str]]],
                     spec: PopulationSpec, parsed: Parsed) -> FileReport:
    """Council rows of the ONS mid-year estimates; time_period is the mid-year."""
    name = path.name
    col = {c: i for i, c in enumerate(header)}
    level_i, year_i, value_i = col["geographic_level"], col["time_period"], col[spec.value]
    where = [(col[c], v) for c, v in spec.where]
    lines: dict[tuple[str, int], int] = {}
    rows: list[tuple[str, int, int]] = []
    geography: dict[str, tuple] = {}
    for line, row in records:
        if len(row) != len(header):
            raise BenchmarkFileError(name, line, None,
                                     f"{len(row)} values where the header has {len(header)}")
        if LEVELS.get(row[level_i].strip().lower()) != "la":
            continue
        if any(row[i].strip() != v for i, v in where):
            continue
        year = _year(name, line, row[year_i])
        code = _la_code(name, line, "old_la_code", row[col["old_la_code"]])
        if (code, year) in lines:
            raise BenchmarkFileError(name, line, None, f"repeats council {code}, {year} "
                                     f"(line {lines[(code, year)]})")
        lines[(code, year)] = line
        value, _symbol = _cell(name, line, spec.value, row[value_i])
        if value is not None:
            if value < 0 or not value.is_integer():
                raise BenchmarkFileError(name, line, spec.value,
                                         f"{row[value_i]!r} is not a count of children")
            rows.append((code, year, int(value)))
        _note_geography(geography, year, code, col, row)
    if not lines:
        return FileReport(name, "skipped", detail="has the columns of the ONS estimates but "
                          "no council rows for children aged 0 to 17")
    parsed.population_rows.extend(rows)
    parsed.population_keys.extend(lines)
    parsed.geography_rows.extend((name, *g) for g in geography.values())
    years = sorted({y for _, y in lines})
    return FileReport(name, "population", len(rows),
                      f"children aged 0-17, mid-{years[0]} to mid-{years[-1]}")


# --- statistical neighbours -------------------------------------------------------------


def _model(path: Path, layout: str) -> str:
    """The model year: the year in the file's name, else the layout's usual model."""
    found = _MODEL_IN_NAME.search(path.stem)
    if found:
        return found.group(1)
    return next(n.model for n in mapping().neighbours if n.layout == layout)


def _read_neighbours(path: Path, header: list[str], records: Iterator[tuple[int, list[str]]],
                     layout: str, parsed: Parsed) -> FileReport:
    """One row per council: its 10 neighbours' codes in rank order, each with closeness."""
    name = path.name
    model = _model(path, layout)
    if model in parsed.neighbour_models:
        raise BenchmarkFileError(name, None, None,
                                 f"statistical neighbours model {model} is also in "
                                 f"{parsed.neighbour_models[model]}: load one of the two")
    # (rank, the name it is shown by, its column, the column of its closeness if any)
    ranks: list[tuple[int, str, int, int | None]]
    if layout == "wide":
        code_col = "old_la_code"
        code_i = header.index(code_col)
        ranks = [(k, f"SN_{k}", header.index(f"sn_{k}"), header.index(f"sn_{k}p"))
                 for k in range(1, 11)]
    else:
        # The April 2021 tool repeats one "SNP" header after every SNk; the council's code is
        # "LA number" ("LA num" holds the same code).
        code_col = "LA number"
        code_i = header.index("la number")
        ranks = []
        for k in range(1, 11):
            i = header.index(f"sn{k}")
            closeness_i = i + 1 if i + 1 < len(header) and header[i + 1] == "snp" else None
            ranks.append((k, f"SN{k}", i, closeness_i))
    lines: dict[str, int] = {}
    rows = []
    for line, row in records:
        row = row + [""] * (len(header) - len(row))  # the 2021 tool omits trailing commas
        if len(row) > len(header):
            raise BenchmarkFileError(name, line, None,
                                     f"{len(row)} values where the header has {len(header)}")
        if not row[code_i].strip():
            continue  # blank lines and section titles ("Old SNs:") in the 2021 tool
        la = _la_code(name, line, code_col, row[code_i])
        if la in lines:
            raise BenchmarkFileError(name, line, code_col,
                                     f"council {la} is also on line {lines[la]}")
        lines[la] = line
        for k, label, i, closeness_i in ranks:
            if not row[i].strip():
                continue
            neighbour = _la_code(name, line, label, row[i])
            closeness = ((row[closeness_i].strip() or None) if closeness_i is not None
                         else None)
            rows.append((la, model, k, neighbour, closeness))
    if not rows:
        return FileReport(name, "skipped", detail="statistical neighbour layout but no rows")
    parsed.neighbour_models[model] = name
    parsed.neighbour_rows.extend(rows)
    return FileReport(name, "neighbours", len(rows),
                      f"model {model}, {len(lines)} councils")


# --- writing ----------------------------------------------------------------------------

DDL = """
CREATE TABLE IF NOT EXISTS benchmark_values (
    indicator_id VARCHAR NOT NULL,
    year         INTEGER NOT NULL,   -- time_period: the year ending 31 March
    level        VARCHAR NOT NULL,   -- england, region, la
    area_code    VARCHAR NOT NULL,   -- E92000001, the region code, the 3-digit LA code
    area_name    VARCHAR,
    value        DOUBLE,             -- NULL where the DfE shows a symbol
    symbol       VARCHAR,            -- c, x, z, k, low, u; NULL when there is a value
    numerator    DOUBLE,
    denominator  DOUBLE,
    source       VARCHAR NOT NULL    -- the published file's name
);
CREATE TABLE IF NOT EXISTS la_geography (
    la_code     VARCHAR NOT NULL,
    la_name     VARCHAR,
    new_la_code VARCHAR,
    region_code VARCHAR,
    region_name VARCHAR
);
CREATE TABLE IF NOT EXISTS statistical_neighbours (
    la_code        VARCHAR NOT NULL,
    model          VARCHAR NOT NULL,
    rank           INTEGER NOT NULL,
    neighbour_code VARCHAR NOT NULL,
    closeness      VARCHAR
);
CREATE TABLE IF NOT EXISTS population (
    la_code    VARCHAR NOT NULL,
    year       INTEGER NOT NULL,
    population BIGINT
);
-- Each council's geography as each loaded file gives it (latest year in that file);
-- la_geography is rebuilt from it so that the newest file wins whatever the load order.
CREATE TABLE IF NOT EXISTS benchmark_geography (
    source      VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    la_code     VARCHAR NOT NULL,
    la_name     VARCHAR,
    new_la_code VARCHAR,
    region_code VARCHAR,
    region_name VARCHAR
);
"""

_BENCHMARK_TYPES = ("VARCHAR", "INTEGER", "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE", "VARCHAR",
                    "DOUBLE", "DOUBLE", "VARCHAR")
_GEOGRAPHY_TYPES = ("VARCHAR", "INTEGER", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR",
                    "VARCHAR")


def _columns_sql(types: tuple[str, ...]) -> str:
    """A SELECT that zips list parameters into rows: one statement, however many rows."""
    return ", ".join(f"unnest(${i + 1}::{t}[])" for i, t in enumerate(types))


def _columns(rows: list[tuple], width: int) -> list[list]:
    return [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


def write(con: duckdb.DuckDBPyConnection, parsed: Parsed) -> None:
    """Write what was read, all in one transaction: either all of it is there or none."""
    with transaction(con):
        con.execute(DDL)
        _write_benchmarks(con, parsed)
        if parsed.population_keys:
            con.execute(
                "DELETE FROM population p USING (SELECT unnest($1::VARCHAR[]) AS la_code, "
                "unnest($2::INTEGER[]) AS year) k WHERE p.la_code = k.la_code "
                "AND p.year = k.year", _columns(parsed.population_keys, 2))
            con.execute("INSERT INTO population SELECT "
                        + _columns_sql(("VARCHAR", "INTEGER", "BIGINT")),
                        _columns(parsed.population_rows, 3))
        if parsed.neighbour_models:
            con.execute("DELETE FROM statistical_neighbours WHERE model IN "
                        "(SELECT unnest($1::VARCHAR[]))", [list(parsed.neighbour_models)])
            con.execute("INSERT INTO statistical_neighbours SELECT "
                        + _columns_sql(("VARCHAR", "VARCHAR", "INTEGER", "VARCHAR", "VARCHAR")),
                        _columns(parsed.neighbour_rows, 5))


def _write_benchmarks(con: duckdb.DuckDBPyConnection, parsed: Parsed) -> None:
    sources = parsed.benchmark_sources + sorted({r[0] for r in parsed.geography_rows}
                                                - set(parsed.benchmark_sources))
    if not sources:
        return
    con.execute("DELETE FROM benchmark_values WHERE source IN (SELECT unnest($1::VARCHAR[]))",
                [sources])
    con.execute("DELETE FROM benchmark_geography WHERE source IN "
                "(SELECT unnest($1::VARCHAR[]))", [sources])
    con.execute("CREATE TEMP TABLE new_benchmark_values AS SELECT * FROM benchmark_values "
                "LIMIT 0")
    try:
        con.execute("INSERT INTO new_benchmark_values SELECT " + _columns_sql(_BENCHMARK_TYPES),
                    _columns(parsed.benchmark_rows, len(_BENCHMARK_TYPES)))
        # A later load wins for the same indicator, year and area, whatever file it came from.
        con.execute("DELETE FROM benchmark_values b USING new_benchmark_values n "
                    "WHERE b.indicator_id = n.indicator_id AND b.year = n.year "
                    "AND b.level = n.level AND b.area_code = n.area_code")
        con.execute("INSERT INTO benchmark_values SELECT * FROM new_benchmark_values "
                    "ORDER BY indicator_id, year, level, area_code")
    finally:
        con.execute("DROP TABLE new_benchmark_values")
    con.execute("INSERT INTO benchmark_geography SELECT " + _columns_sql(_GEOGRAPHY_TYPES),
                _columns(parsed.geography_rows, len(_GEOGRAPHY_TYPES)))
    con.execute("DELETE FROM la_geography")
    con.execute("""
        INSERT INTO la_geography
        SELECT la_code, la_name, new_la_code, region_code, region_name
        FROM benchmark_geography
        QUALIFY row_number() OVER (PARTITION BY la_code ORDER BY year DESC, source DESC) = 1
        ORDER BY la_code""")


@dataclass
class LoadReport:
    files: list[FileReport]
    warehouse: Path | None

    @property
    def loaded(self) -> list[FileReport]:
        return [f for f in self.files if f.kind != "skipped"]

    @property
    def skipped(self) -> list[FileReport]:
        return [f for f in self.files if f.kind == "skipped"]


def load(path: Path | str, warehouse: Path | str | None = None,
         progress: Progress | None = None) -> LoadReport:
    """Read every published file under ``path``, then write them all in one transaction."""
    from carepanel.warehouse import Warehouse

    parsed = read_dir(Path(path), progress)
    if not parsed.loaded:
        return LoadReport(parsed.files, None)
    with Warehouse.open(warehouse) as wh:
        if progress:
            progress(len(parsed.files), len(parsed.files), "writing the warehouse")
        write(wh.con, parsed)
        return LoadReport(parsed.files, wh.path)
