"""The scorecard configuration: pledges and numbered measures, read from YAML and checked.

A council edits this file, usually by hand, so every problem is reported with the file,
the line and the measure or pledge it is in ("scorecard.yaml line 14, measure 2.15: target
must be a number") instead of a traceback. The format (``default.yaml`` is a full example)::

    title: Corporate Parenting Scorecard
    defaults:                      # optional: applies to every measure that does not say
      rag: {tolerance: 5, tolerance_type: points}
      frequency: quarterly
    pledges:
      - id: 2                      # referred to by measures; text or a number
        title: Education, employment and training
        order: 2                   # optional: position in the scorecard (default: as listed)
        promise: We promise to help you reach your dreams   # optional: in children's words
    measures:
      - number: "2.15"             # the measure's number on the scorecard
        title: Care leavers aged 19 to 21 not in education, employment or training
        indicator: care_leavers_19_21_neet_pct   # an id from the indicator catalogue
        pledge: 2
        target: 35                 # optional; in the measure's unit
        polarity: low              # optional for indicators (default: the indicator's)
        rag: {tolerance: 5, tolerance_type: points}
        owner: Head of Service, Care Leavers
        frequency: quarterly
        promise: helping you find work, training or study   # optional: the part it tests
        noise: {band: 1, band_type: points}   # optional: smaller changes are "No change"
      - number: "1.7"
        title: Children who started to be looked after in the quarter
        indicator: cla_started
        pledge: 1
        period: quarter            # optional: quarter, year-to-date or 12-months
      - number: "3.15"
        title: Foster households recruited
        source: manual             # values come from a file (carepanel scorecard --manual)
        unit: count                # required for manual measures
        polarity: high             # required for manual measures
        pledge: 3
        target: 20

The RAG rule is explained in ``rating.py``: Green on or better than target; Amber worse
but within the tolerance (``points`` in the measure's unit, or ``percent`` of the target);
Red beyond it.

``promise`` on a pledge is the promise it makes, in the words children and young people
wrote (Thurrock's Pledge: "We promise to help you reach your dreams"); on a measure, the
part of that promise the measure tests. The papers print both, so a Panel can see which
promise each figure holds the council to.

``noise`` is the band within which a change from last year is "No change" rather than
"Improving" or "Worse" (44.9% to 44.8% is not an improvement): ``points`` in the measure's
unit, or ``percent`` of last year's figure. The default is 1 percentage point for a
percentage and 2% of last year's figure for anything else (``NoiseBand.default``).

``period`` lets a measure choose its own period ending on the scorecard's period end: the
quarter, the year to date or the 12 months. Without it a measure follows the scorecard's
period (``carepanel scorecard --period``, the 12 months by default). An indicator the DfE
defines only over 12 months (``period: year`` in its SQL header) cannot be given a shorter
one: the configuration is refused rather than show a column of empty values.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import NoReturn

from carepanel.cohorts import PERIODS, TWELVE_MONTHS
from carepanel.config_files import LinedMap, read_text, read_yaml, scalar_text
from carepanel.indicators.catalogue import POLARITIES, UNITS, catalogue

TOLERANCE_TYPES = ("points", "percent")
TOP_FIELDS = ("title", "description", "defaults", "pledges", "measures")
DEFAULT_FIELDS = ("rag", "owner", "frequency")
PLEDGE_FIELDS = ("id", "title", "order", "promise")
MEASURE_FIELDS = ("number", "title", "indicator", "source", "unit", "pledge", "target",
                  "polarity", "rag", "owner", "frequency", "definition", "period", "promise",
                  "noise")
RAG_FIELDS = ("tolerance", "tolerance_type")
NOISE_FIELDS = ("band", "band_type")


class ConfigError(ValueError):
    """The configuration is malformed: the message names the file, line and field."""


@dataclass(frozen=True)
class RagRule:
    """How far from target a value may be and still be Amber rather than Red.

    ``tolerance`` is in the measure's own unit (``points``: 5 means 5 percentage points for
    a percentage, 5 children for a count) or a share of the target (``percent``: 10 means
    within 10% of the target). The default, tolerance 0, has no Amber band.
    """

    tolerance: float = 0
    tolerance_type: str = "points"

    def band(self, target: float) -> float:
        """The width of the Amber band for this target, in the measure's unit."""
        if self.tolerance_type == "percent":
            return abs(target) * self.tolerance / 100
        return self.tolerance

    def describe(self) -> str:
        if not self.tolerance:
            return "no tolerance"
        unit = "% of target" if self.tolerance_type == "percent" else " points"
        return f"tolerance {self.tolerance:g}{unit}"


@dataclass(frozen=True)
class NoiseBand:
    """How far a figure may move from last year's and still be "No change".

    ``band`` is in the measure's own unit (``points``) or a share of last year's figure
    (``percent``). A change inside the band is ordinary variation in a small cohort, not a
    direction a Panel should act on.
    """

    band: float
    band_type: str = "points"

    @classmethod
    def default(cls, unit: str) -> NoiseBand:
        """1 percentage point for a percentage; 2% of last year's figure otherwise."""
        return cls(1.0, "points") if unit == "percent" else cls(2.0, "percent")

    def width(self, last_year: float) -> float:
        """The band around last year's figure, in the measure's unit."""
        if self.band_type == "percent":
            return abs(last_year) * self.band / 100
        return self.band

    def describe(self, unit: str) -> str:
        if self.band_type == "percent":
            return f"{self.band:g}% of last year's figure"
        return f"{self.band:g} percentage point{'s' if self.band != 1 else ''}" \
            if unit == "percent" else f"{self.band:g}"


@dataclass(frozen=True)
class Pledge:
    id: str
    title: str
    order: int
    line: int = 0
    promise: str | None = None  # the pledge's promise, in children's words


@dataclass(frozen=True)
class Measure:
    """One numbered line of the scorecard."""

    number: str
    title: str
    pledge: str
    source: str  # "indicator" or "manual"
    indicator: str | None
    unit: str
    polarity: str
    target: float | int | None = None
    rag: RagRule = field(default_factory=RagRule)
    owner: str | None = None
    frequency: str | None = None
    definition: str | None = None
    line: int = 0
    period: str | None = None  # None: the scorecard's period (12 months unless told)
    promise: str | None = None  # the part of its pledge's promise it tests
    noise: NoiseBand | None = None  # None: NoiseBand.default(unit)

    @property
    def is_manual(self) -> bool:
        return self.source == "manual"

    @property
    def noise_band(self) -> NoiseBand:
        return self.noise or NoiseBand.default(self.unit)


@dataclass(frozen=True)
class ScorecardConfig:
    title: str
    pledges: tuple[Pledge, ...]
    measures: tuple[Measure, ...]
    file: str = "scorecard.yaml"
    description: str | None = None

    def pledge_measures(self, pledge_id: str) -> list[Measure]:
        """The pledge's measures in the order the file lists them."""
        return [m for m in self.measures if m.pledge == pledge_id]

    def measure(self, number: str) -> Measure | None:
        return next((m for m in self.measures if m.number == number), None)

    @property
    def indicator_ids(self) -> list[str]:
        """Each catalogue indicator the scorecard needs, once, in scorecard order."""
        return list(dict.fromkeys(m.indicator for m in self.measures if m.indicator))


# ---------------------------------------------------------------------------------------
# Checking


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _text(x: object) -> bool:
    return isinstance(x, str) and bool(x.strip())


Where = Callable[[int], str]
"""Turns a line number into the start of a message: 'scorecard.yaml line 14, measure 2.15'."""


def _unknown_fields(m: LinedMap, allowed: tuple[str, ...], where: Where) -> None:
    for key in m:
        if key not in allowed:
            near = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise ConfigError(f"{where(m.line_of(key))}: unknown field {key!r}{hint}; "
                              f"the fields are {', '.join(allowed)}")


def _rag(value: object, line: int, where: Where, default: RagRule) -> RagRule:
    if value is None:
        return default
    if not isinstance(value, LinedMap):
        raise ConfigError(f"{where(line)}: rag must be a mapping such as "
                          "{tolerance: 5, tolerance_type: points}")
    _unknown_fields(value, RAG_FIELDS, where)
    tol = value.get("tolerance", default.tolerance)
    if not _is_number(tol) or tol < 0:
        raise ConfigError(f"{where(value.line_of('tolerance'))}: rag tolerance must be a "
                          f"number of 0 or more, not {tol!r}")
    kind = value.get("tolerance_type", default.tolerance_type)
    if kind not in TOLERANCE_TYPES:
        raise ConfigError(f"{where(value.line_of('tolerance_type'))}: rag tolerance_type "
                          f"must be one of {', '.join(TOLERANCE_TYPES)}, not {kind!r}")
    return RagRule(tolerance=tol, tolerance_type=kind)


def _require_title(m: LinedMap, where: Where) -> None:
    if "title" not in m:
        raise ConfigError(f"{where(m.line)}: title is missing")
    if not _text(m["title"]):
        raise ConfigError(f"{where(m.line_of('title'))}: title must be text")


def _optional_text(m: LinedMap, key: str, where: Where, default: str | None = None) -> str | None:
    if m.get(key) is None:
        return default
    if not isinstance(m[key], str | int | float) or isinstance(m[key], bool):
        raise ConfigError(f"{where(m.line_of(key))}: {key} must be text")
    return scalar_text(m, key)


def parse(text: str, name: str = "scorecard.yaml") -> ScorecardConfig:
    """Read and check a scorecard configuration; any problem raises ``ConfigError``."""
    doc = read_yaml(text, name, ConfigError)
    if doc is None:
        raise ConfigError(f"{name}: the file is empty")
    if not isinstance(doc, LinedMap):
        raise ConfigError(f"{name} line 1: expected a mapping with title, pledges and "
                          "measures")

    def top(line: int) -> str:
        return f"{name} line {line}"

    _unknown_fields(doc, TOP_FIELDS, top)
    for key in ("title", "pledges", "measures"):
        if key not in doc:
            raise ConfigError(f"{name}: the file has no {key!r}")
    if not _text(doc["title"]):
        raise ConfigError(f"{top(doc.line_of('title'))}: title must be text")

    defaults = doc.get("defaults") or LinedMap()
    if not isinstance(defaults, LinedMap):
        raise ConfigError(f"{top(doc.line_of('defaults'))}: defaults must be a mapping")
    _unknown_fields(defaults, DEFAULT_FIELDS, top)
    default_rag = _rag(defaults.get("rag"), defaults.line_of("rag"), top, RagRule())
    default_owner = _optional_text(defaults, "owner", top)
    default_frequency = _optional_text(defaults, "frequency", top)

    pledges = _pledges(doc, name)
    known_pledges = {p.id for p in pledges}
    raw_measures = doc["measures"]
    if not isinstance(raw_measures, list) or not raw_measures:
        raise ConfigError(f"{top(doc.line_of('measures'))}: measures must be a list with at "
                          "least one measure")
    measures: list[Measure] = []
    first_line: dict[str, int] = {}
    for item in raw_measures:
        m = _measure(item, name, known_pledges, default_rag, default_owner,
                     default_frequency, doc.line_of("measures"))
        if m.number in first_line:
            raise ConfigError(f"{name} line {m.line}, measure {m.number}: the number is "
                              f"already used on line {first_line[m.number]}")
        first_line[m.number] = m.line
        measures.append(m)
    return ScorecardConfig(title=doc["title"].strip(), pledges=tuple(pledges),
                           measures=tuple(measures), file=name,
                           description=_optional_text(doc, "description", top))


def _pledges(doc: LinedMap, name: str) -> list[Pledge]:
    raw = doc["pledges"]
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{name} line {doc.line_of('pledges')}: pledges must be a list with "
                          "at least one pledge")
    out: list[Pledge] = []
    for n, item in enumerate(raw):
        if not isinstance(item, LinedMap):
            raise ConfigError(f"{name} line {doc.line_of('pledges')}: pledge {n + 1} must be "
                              "a mapping with id and title")
        if item.get("id") is None or not _text(str(item["id"])):
            raise ConfigError(f"{name} line {item.line}: a pledge has no id")
        pid = scalar_text(item, "id")

        def where(line: int, pid: str = pid) -> str:
            return f"{name} line {line}, pledge {pid}"

        _unknown_fields(item, PLEDGE_FIELDS, where)
        _require_title(item, where)
        order = item.get("order", n + 1)
        if not isinstance(order, int) or isinstance(order, bool):
            raise ConfigError(f"{where(item.line_of('order'))}: order must be a whole number")
        if any(p.id == pid for p in out):
            raise ConfigError(f"{where(item.line)}: the pledge id is used twice")
        out.append(Pledge(id=pid, title=item["title"].strip(), order=order, line=item.line,
                          promise=_promise(item, where)))
    out.sort(key=lambda p: p.order)
    return out


def _measure(item: object, name: str, known_pledges: set[str], default_rag: RagRule,
             default_owner: str | None, default_frequency: str | None,
             list_line: int) -> Measure:
    if not isinstance(item, LinedMap):
        raise ConfigError(f"{name} line {list_line}: each measure must be a mapping with "
                          "number, title, pledge and indicator or source")
    if item.get("number") is None or not scalar_text(item, "number"):
        _unknown_fields(item, MEASURE_FIELDS, lambda line: f"{name} line {line}")
        raise ConfigError(f"{name} line {item.line}: a measure has no number")
    number = scalar_text(item, "number")

    def where(line: int) -> str:
        return f"{name} line {line}, measure {number}"

    _unknown_fields(item, MEASURE_FIELDS, where)
    _require_title(item, where)

    if item.get("pledge") is None:
        raise ConfigError(f"{where(item.line)}: pledge is missing (one of "
                          f"{', '.join(sorted(known_pledges))})")
    pledge = scalar_text(item, "pledge")
    if pledge not in known_pledges:
        raise ConfigError(f"{where(item.line_of('pledge'))}: pledge {pledge!r} is not one of "
                          f"the pledges ({', '.join(sorted(known_pledges))})")

    source = item.get("source")
    indicator_id = item.get("indicator")
    if source not in (None, "manual", "indicator"):
        raise ConfigError(f"{where(item.line_of('source'))}: source must be 'manual' (or "
                          f"leave it out and give an indicator), not {source!r}")
    if source == "manual" and indicator_id is not None:
        raise ConfigError(f"{where(item.line_of('indicator'))}: a manual measure has no "
                          "indicator; give either indicator or source: manual")
    if source != "manual" and indicator_id is None:
        raise ConfigError(f"{where(item.line)}: give either indicator: ID (from the "
                          "indicator catalogue) or source: manual")

    unit, polarity = item.get("unit"), item.get("polarity")
    if polarity is not None and polarity not in POLARITIES:
        raise ConfigError(f"{where(item.line_of('polarity'))}: polarity must be one of "
                          f"{', '.join(POLARITIES)}, not {polarity!r}")
    if unit is not None and unit not in UNITS:
        raise ConfigError(f"{where(item.line_of('unit'))}: unit must be one of "
                          f"{', '.join(UNITS)}, not {unit!r}")
    if source == "manual":
        if unit is None:
            raise ConfigError(f"{where(item.line)}: unit is missing (a manual measure must "
                              f"say one of {', '.join(UNITS)})")
        if polarity is None:
            raise ConfigError(f"{where(item.line)}: polarity is missing (a manual measure "
                              f"must say one of {', '.join(POLARITIES)})")
        kind = "manual"
    else:
        if not isinstance(indicator_id, str):
            raise ConfigError(f"{where(item.line_of('indicator'))}: indicator must be an "
                              "indicator id")
        known = catalogue()
        if indicator_id not in known:
            near = difflib.get_close_matches(indicator_id, list(known), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise ConfigError(f"{where(item.line_of('indicator'))}: unknown indicator id "
                              f"{indicator_id!r}{hint}; see the indicator catalogue")
        ind = known[indicator_id]
        if unit is not None and unit != ind.unit:
            raise ConfigError(f"{where(item.line_of('unit'))}: unit {unit!r} differs from "
                              f"the indicator's unit {ind.unit!r}; leave unit out")
        unit, polarity = ind.unit, polarity or ind.polarity
        kind = "indicator"

    target = item.get("target")
    if target is not None:
        if not _is_number(target):
            raise ConfigError(f"{where(item.line_of('target'))}: target must be a number, "
                              f"not {item.raw.get('target', target)!r}")
        if unit == "percent" and not 0 <= target <= 100:
            raise ConfigError(f"{where(item.line_of('target'))}: target must be a "
                              f"percentage between 0 and 100, not {target!r}")
    rag = _rag(item.get("rag"), item.line_of("rag"), where, default_rag)
    period = _period(item, where, indicator_id if kind == "indicator" else None)
    return Measure(
        number=number, title=item["title"].strip(), pledge=pledge, source=kind,
        indicator=indicator_id if kind == "indicator" else None, unit=unit,
        polarity=polarity, target=target, rag=rag,
        owner=_optional_text(item, "owner", where, default_owner),
        frequency=_optional_text(item, "frequency", where, default_frequency),
        definition=" ".join(_optional_text(item, "definition", where, "").split()) or None,
        line=item.line, period=period, promise=_promise(item, where),
        noise=_noise(item.get("noise"), item.line_of("noise"), where))


def _promise(item: LinedMap, where: Where) -> str | None:
    """A promise in children's words: text on one line (YAML's > folds long ones)."""
    return " ".join((_optional_text(item, "promise", where, "") or "").split()) or None


def _noise(value: object, line: int, where: Where) -> NoiseBand | None:
    if value is None:
        return None
    if _is_number(value):
        return NoiseBand(float(value), "points") if value >= 0 else _bad_band(value, line,
                                                                              where)
    if not isinstance(value, LinedMap):
        raise ConfigError(f"{where(line)}: noise must be a number or a mapping such as "
                          "{band: 1, band_type: points}")
    _unknown_fields(value, NOISE_FIELDS, where)
    band = value.get("band")
    if not _is_number(band) or band < 0:
        _bad_band(band, value.line_of("band"), where)
    kind = value.get("band_type", "points")
    if kind not in TOLERANCE_TYPES:
        raise ConfigError(f"{where(value.line_of('band_type'))}: noise band_type must be "
                          f"one of {', '.join(TOLERANCE_TYPES)}, not {kind!r}")
    return NoiseBand(float(band), kind)


def _bad_band(band: object, line: int, where: Where) -> NoReturn:
    raise ConfigError(f"{where(line)}: noise band must be a number of 0 or more, not "
                      f"{band!r}")


def _period(item: LinedMap, where: Where, indicator_id: str | None) -> str | None:
    """The measure's own period, checked: one of PERIODS, and not shorter than 12 months
    for an indicator the DfE defines only over 12 months."""
    if item.get("period") is None:
        return None
    period = item["period"]
    line = item.line_of("period")
    if period not in PERIODS:
        near = difflib.get_close_matches(str(period), PERIODS, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise ConfigError(f"{where(line)}: period must be one of {', '.join(PERIODS)}, "
                          f"not {period!r}{hint}")
    if indicator_id is not None and period != TWELVE_MONTHS:
        ind = catalogue()[indicator_id]
        if ind.period == "year":
            raise ConfigError(f"{where(line)}: indicator {indicator_id} is defined over 12 "
                              f"months only ({ind.period_note}), so it cannot be given "
                              f"period {period}; leave period out")
    return period


def default_text() -> str:
    """The shipped example configuration (``default.yaml``)."""
    return (resources.files(__package__) / "default.yaml").read_text(encoding="utf-8")


def load(path: Path | str | None = None) -> ScorecardConfig:
    """The configuration at ``path``, or the shipped default when ``path`` is None."""
    if path is None:
        return parse(default_text(), "default.yaml")
    return parse(*read_text(path, ConfigError))
