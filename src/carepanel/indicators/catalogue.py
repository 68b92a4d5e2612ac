"""The indicator catalogue: every indicator is one SQL file whose header says what it is.

An indicator file starts with a block of ``-- key: value`` comment lines (id, title, unit,
polarity, cohort, source, definition, and ``requires`` when it needs a yearly snapshot or a
local file), then one SELECT returning ``la_code, numerator, denominator`` per council.

``period`` says over which periods the indicator means what it says: ``any`` (the default:
a count at the period end, or what happened in whatever period is asked for, a quarter or
the year to date as well as 12 months) or ``year`` (the DfE defines it only over 12 months,
such as "looked after continuously for 12 months" or "3 or more placements during the
year": over a shorter period it would be a different measure, so the engine reports no
value rather than recompute it). ``period_note`` gives the reason for ``year`` (required)
and, for ``any``, how a shorter period reads where that is not obvious.
Keeping the definition beside the SQL means the documentation, ``--explain`` and the number
can never drift apart.

``history_months`` says how far back before the period end a figure reads, when that is
not the period's start (the default): 60 for the adoption averages (children adopted in
the three years to the end, each counted from the start of their period of care, usually
within two years before: a return holds only the episodes open in its year, so a period of
care that began before the first return loaded would start too late), 30 for long-term
stability (in care for 2.5 years), 0 for a
count at the period end that reads nothing before it (children looked after on that day,
and where they live). A figure whose history reaches back before the first return loaded
would be made of part of its children, so the scorecard leaves it out rather than show it.

``plain`` is the definition in plain English, for the Panel's papers: who is counted, in
words a councillor or a young person on the Panel can read, with no SSDA903 codes
("Of the children looked after on the last day of the period, the share living with
foster carers"). ``definition`` stays the exact rule, for analysts and ``--explain``.

``children`` is a query returning ``la_code, child``: the children behind the figure (the
denominator's children, or for a count the children counted), for saying how many of them
have data errors ("3 of 403 children in this measure have data errors"). It may be left out
when they are every child of the ``cohort`` view. It is run over the same views as the
indicator, and a test checks that it finds as many children as the figure counts.

A council adds its own indicators without editing the installed package: a folder of SQL
files in the same format (``--indicators-dir DIR``, ``CAREPANEL_INDICATORS_DIR`` for the
web app), checked by the same rules as the built-in ones, plus one: an id may not be a
built-in indicator's, so a figure the DfE defines always means what it says. They follow
the built-in ones in the catalogue, marked ``own``. A process uses one folder at a time
(``use_council_folder``): the scorecard configuration, the engine and the papers all read
the same catalogue, so an indicator the scorecard names is one the engine computes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb
import yaml

from carepanel import cohorts
from carepanel.config_files import safe_load, sql_with_header
from carepanel.ssda903 import schema

UNITS = ("count", "percent", "rate_per_10k", "days", "score")
POLARITIES = ("high", "low", "context")
FIELDS = ("id", "title", "unit", "polarity", "cohort", "source", "definition")
PERIODS = ("any", "year")
REQUIREMENTS = ("oc2", "oc3", "population")
"""What ``requires`` may name besides a table: a year's OC2 or OC3 snapshot, the ONS
population estimate (engine.py says what each needs)."""
_ID = re.compile(r"[a-z][a-z0-9_]*")


class IndicatorFileError(ValueError):
    """An indicator file (built-in or a council's own) is malformed or cannot run: named
    with the file and the field or line."""


class UnknownIndicator(KeyError):
    def __str__(self) -> str:
        return f"unknown indicator id {self.args[0]!r}: see carepanel indicators --list"


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: str
    polarity: str
    cohort: str
    source: str
    definition: str
    sql: str
    requires: tuple[str, ...] = ()
    file: str = ""
    period: str = "any"  # "year": only over the 12 months to the period end
    period_note: str = ""
    children: str = ""  # SELECT la_code, child: the children in the measure
    history_months: int | None = None  # months before the end it reads (None: the start)
    plain: str = ""  # the definition in plain English, for papers (no SSDA903 codes)
    own: bool = False  # the council's own, from its --indicators-dir folder

    @property
    def children_sql(self) -> str:
        """The query naming the children in the measure: ``children`` from the header, else
        every child of the cohort."""
        return self.children or f"SELECT la_code, child FROM {self.cohort}"


def parse(name: str, text: str, *, shown: str | None = None, own: bool = False
          ) -> Indicator:
    """Split a file into its metadata comment block and its SQL, and check both.

    ``name`` is the file's name (an id names its file); errors name the file as ``shown``
    (a council's file by its path), with the field or the line at fault.
    """
    file = name
    name = shown or name
    try:
        meta, sql = sql_with_header(name, text, IndicatorFileError, FIELDS)
    except IndicatorFileError:
        _check_header_yaml(name, text)
        raise
    if not isinstance(meta["id"], str) or not _ID.fullmatch(meta["id"]):
        raise IndicatorFileError(f"{name}: id {meta['id']!r} must be lower-case letters, digits "
                             "and _, starting with a letter")
    if meta["unit"] not in UNITS:
        raise IndicatorFileError(f"{name}: unit {meta['unit']!r} is not one of {UNITS}")
    if meta["polarity"] not in POLARITIES:
        raise IndicatorFileError(f"{name}: polarity {meta['polarity']!r} is not one of "
                             f"{POLARITIES}")
    if file != f"{meta['id']}.sql":
        raise IndicatorFileError(f"{name}: the file must be named after its id {meta['id']!r}")
    period = meta.get("period", "any")
    if period not in PERIODS:
        raise IndicatorFileError(f"{name}: period {period!r} is not one of {PERIODS}")
    period_note = " ".join(str(meta.get("period_note") or "").split())
    if period == "year" and not period_note:
        raise IndicatorFileError(f"{name}: period: year needs a period_note saying why the "
                             "indicator is defined only over 12 months")
    children = str(meta.get("children") or "").strip().rstrip(";")
    if children and not children.lower().startswith(("select", "with")):
        raise IndicatorFileError(f"{name}: children must be a query (SELECT la_code, child ...), "
                             f"not {children[:40]!r}")
    history = meta.get("history_months")
    if history is not None and (not isinstance(history, int) or isinstance(history, bool)
                                or history < 0):
        raise IndicatorFileError(f"{name}: history_months must be a whole number of months, "
                             f"not {history!r}")
    requires = meta.get("requires") or ()
    if isinstance(requires, str):
        requires = tuple(requires.split())
    _check_names(name, str(meta["cohort"]), [str(r) for r in requires])
    _check_query(name, sql, text)
    return Indicator(
        id=meta["id"], title=meta["title"], unit=meta["unit"], polarity=meta["polarity"],
        cohort=meta["cohort"], source=str(meta["source"]),
        definition=" ".join(str(meta["definition"]).split()),
        sql=sql, requires=tuple(str(r) for r in requires), file=shown or file,
        period=period, period_note=period_note, children=children, history_months=history,
        plain=" ".join(str(meta.get("plain") or "").split()), own=own)


def _check_header_yaml(name: str, text: str) -> None:
    """A header that is not YAML, said in one line with the line of the file at fault
    (the parser's own message spans several, and counts from the header)."""
    header = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        header.append(line[3:] if line.startswith("-- ") else line[2:])
    try:
        safe_load("\n".join(header))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise IndicatorFileError(f"{name}{where}: the comment header is not valid YAML: "
                             f"{e.problem or e.context}") from None
    except yaml.YAMLError:
        raise IndicatorFileError(f"{name}: the comment header is not valid YAML") from None


def _tables() -> set[str]:
    return {t.sql_name for t in schema.TABLES.values()}


def _check_names(name: str, cohort: str, requires: list[str]) -> None:
    """The cohort is a cohort view or a loaded table, and each requirement is one the
    engine knows how to look for: a misspelt one would otherwise be a note on every
    figure."""
    views = {v for f in cohorts.cohort_files() for v in f.views}
    if cohort not in views | _tables():
        raise IndicatorFileError(f"{name}: cohort {cohort!r} is not a cohort view (see "
                             "src/carepanel/cohorts/sql/) or a table")
    for need in requires:
        if need not in REQUIREMENTS and need not in _tables():
            raise IndicatorFileError(f"{name}: requires {need!r} is not one of "
                                 f"{', '.join(REQUIREMENTS)} or a table's name")


def _check_query(name: str, sql: str, text: str) -> None:
    """The file holds one SELECT (or WITH ... SELECT), and it parses: said with the line
    of the file at fault, before any warehouse is opened."""
    lines = text.splitlines()
    header_lines = 0  # the header's lines and the blank lines after it
    while header_lines < len(lines) and (lines[header_lines].startswith("--")
                                         or not lines[header_lines].strip()):
        header_lines += 1
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.ParserException as e:
        found = re.search(r"LINE (\d+):", str(e))
        where = f" line {header_lines + int(found.group(1))}" if found else ""
        reason = str(e).splitlines()[0].removeprefix("Parser Error: ")
        raise IndicatorFileError(f"{name}{where}: the query is not valid SQL: {reason}") from None
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise IndicatorFileError(f"{name}: after the header, the file must hold one SELECT "
                             "returning la_code, numerator, denominator")


def builtin() -> dict[str, Indicator]:
    """The indicators carepanel ships, by id, in the order of indicators.md."""
    return _builtin()


@cache
def _builtin() -> dict[str, Indicator]:
    folder = resources.files(__package__) / "sql"
    found = [parse(f.name, f.read_text(encoding="utf-8")) for f in folder.iterdir()
             if f.name.endswith(".sql")]
    order = {i: n for n, i in enumerate(ORDER)}
    found.sort(key=lambda i: (order.get(i.id, len(order)), i.id))
    return {i.id: i for i in found}


_council_folder: Path | None = None


def use_council_folder(folder: Path | None) -> dict[str, Indicator]:
    """Add a council's own indicators (``folder``'s SQL files) to the catalogue of this
    process, or none with None; returns the catalogue, so a bad file is refused here,
    before anything is computed. Raises ``IndicatorFileError`` naming the file."""
    global _council_folder
    found = council_catalogue(folder)
    _council_folder = folder
    return found


def catalogue() -> dict[str, Indicator]:
    """Every indicator, by id: the built-in ones in the order of the DfE-facing catalogue
    (indicators.md), then the council's own (``use_council_folder``) by id."""
    return council_catalogue(_council_folder)


def council_catalogue(folder: Path | None) -> dict[str, Indicator]:
    """The built-in indicators and those in ``folder``. Read once per folder: a file
    changed while a process runs is read at its next start."""
    if folder is None:
        return _builtin()
    return _with_folder(folder.expanduser().resolve())


@cache
def _with_folder(folder: Path) -> dict[str, Indicator]:
    if not folder.is_dir():
        raise IndicatorFileError(f"{_shown(folder)}: no such folder of indicators")
    files = sorted(f for f in folder.iterdir() if f.suffix == ".sql" and f.is_file())
    if not files:
        raise IndicatorFileError(f"{_shown(folder)}: the folder holds no .sql indicator files")
    known = dict(_builtin())
    own = []
    for f in files:
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise IndicatorFileError(f"{_shown(f)}: not UTF-8 text") from None
        except OSError as e:
            raise IndicatorFileError(f"{_shown(f)}: cannot be read ({e.strerror})") from None
        ind = parse(f.name, text, shown=_shown(f), own=True)
        if ind.id in known:
            raise IndicatorFileError(f"{_shown(f)}: id {ind.id!r} is a built-in indicator's; "
                                 "give the council's own indicator another id and file name")
        own.append(ind)
    return known | {i.id: i for i in own}


def _shown(path: Path) -> str:
    """A path as messages show it: control characters escaped, so a file's name can never
    move a terminal's cursor."""
    text = str(path)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def get(indicator_id: str) -> Indicator:
    try:
        return catalogue()[indicator_id]
    except KeyError:
        raise UnknownIndicator(indicator_id) from None


# The order of indicators.md, which is the order councils read them in.
ORDER = """
cla_at_end cla_rate_per_10k cla_started cla_ceased cla_during uasc_at_end uasc_at_end_pct
placements_3plus_pct long_term_stability_pct placement_foster_pct placement_foster_own_pct
placement_foster_external_pct placement_childrens_home_pct placement_with_parents_pct
placed_over_20_miles_pct placed_outside_la_pct oc2_cohort health_assessment_pct
immunisations_pct dental_check_pct development_assessment_pct sdq_received_pct
sdq_average_score sdq_concern_pct substance_misuse_pct convicted_pct
care_leavers_19_21_in_touch_pct care_leavers_19_21_eet_pct care_leavers_19_21_neet_pct
care_leavers_19_21_suitable_accom_pct care_leavers_17_18_eet_pct
care_leavers_17_18_suitable_accom_pct adopted adopted_pct_of_ceased sgo sgo_pct_of_ceased
adoption_a1_days adoption_a2_days adoption_a10_days missing_incidence_pct
away_incidence_pct missing_incidents reviews_participation_pct social_worker_3plus_pct
iha_within_20wd_pct rha_on_time_pct pep_within_10wd_pct attendance_below_90_pct
rhi_within_72h_pct
""".split()
