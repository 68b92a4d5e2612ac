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
from typing import Annotated

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails

from carepanel.cohorts import PERIODS, TWELVE_MONTHS
from carepanel.config_files import (
    FileModel,
    LinedMap,
    Loc,
    also_raise,
    check,
    escaped,
    problem,
    read_text,
    read_yaml,
    scalar_text,
)
from carepanel.indicators.catalogue import POLARITIES, UNITS, catalogue

TOLERANCE_TYPES = ("points", "percent")


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
# Checking: the file's shape as pydantic models, turned into the classes above


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise problem("must be text")
    return value.strip()


def _number(value: object) -> float | int:
    if not _is_number(value):
        raise problem(f"must be a number, not {escaped(value)}")
    return value  # type: ignore[return-value]


def _at_least_zero(value: object) -> float | int:
    if not _is_number(value) or value < 0:  # type: ignore[operator]
        raise problem(f"must be a number of 0 or more, not {escaped(value)}")
    return value  # type: ignore[return-value]


def _one_of(choices: tuple[str, ...], hint: bool = False) -> BeforeValidator:
    def check(value: object) -> str:
        if value not in choices:
            near = difflib.get_close_matches(str(value), choices, n=1) if hint else []
            tip = f" (did you mean {near[0]!r}?)" if near else ""
            raise problem(f"must be one of {', '.join(choices)}, not {escaped(value)}{tip}")
        return str(value)
    return BeforeValidator(check)


def _mapping_such_as(example: str) -> Callable[[object], object]:
    def check(value: object) -> object:
        if value is not None and not isinstance(value, dict):
            raise problem(f"must be a mapping such as {example}")
        return value
    return check


Text = Annotated[str, BeforeValidator(_text)]
Number = Annotated[float | int, BeforeValidator(_number)]
AtLeastZero = Annotated[float | int, BeforeValidator(_at_least_zero)]


def _one_line(value: str | None) -> str | None:
    """Text folded onto one line (YAML's > folds long ones; a stray newline does not)."""
    return " ".join((value or "").split()) or None


class RagEntry(FileModel):
    tolerance: AtLeastZero | None = None
    tolerance_type: Annotated[str | None, _one_of(TOLERANCE_TYPES)] = None

    def rule(self, default: RagRule) -> RagRule:
        return RagRule(default.tolerance if self.tolerance is None else self.tolerance,
                       self.tolerance_type or default.tolerance_type)


Rag = Annotated[RagEntry | None,
                BeforeValidator(_mapping_such_as("{tolerance: 5, tolerance_type: points}"))]


def _noise_band(value: object) -> object:
    """``noise: 1`` is a band of 1 point."""
    if _is_number(value):
        return {"band": value}
    return _mapping_such_as("{band: 1, band_type: points}")(value) if value is not None \
        else None


class NoiseEntry(FileModel):
    band: AtLeastZero
    band_type: Annotated[str, _one_of(TOLERANCE_TYPES)] = "points"


class DefaultsEntry(FileModel):
    as_written = ("owner", "frequency")
    rag: Rag = None
    owner: Text | None = None
    frequency: Text | None = None


class PledgeEntry(FileModel):
    as_written = ("id", "promise")
    id: Text
    title: Text
    order: int | None = None
    promise: Text | None = None

    @field_validator("order", mode="before")
    @classmethod
    def _whole(cls, value: object) -> object:
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise problem("must be a whole number")
        return value


class MeasureEntry(FileModel):
    as_written = ("number", "pledge", "owner", "frequency", "definition", "promise")
    number: Text
    title: Text
    pledge: Text | None = Field(default=None, validate_default=True)
    indicator: str | None = None
    source: str | None = None
    unit: Annotated[str | None, _one_of(UNITS)] = None
    polarity: Annotated[str | None, _one_of(POLARITIES)] = None
    target: Number | None = None
    rag: Rag = None
    owner: Text | None = None
    frequency: Text | None = None
    definition: Text | None = None
    period: Annotated[str | None, _one_of(PERIODS, hint=True)] = None
    promise: Text | None = None
    noise: Annotated[NoiseEntry | None, BeforeValidator(_noise_band)] = None

    @field_validator("pledge")
    @classmethod
    def _known_pledge(cls, pledge: str | None, info: ValidationInfo) -> str:
        known = (info.context or {}).get("pledges", ())
        if pledge is None:
            raise problem(f"is missing (one of {', '.join(sorted(known))})")
        if pledge not in known:
            raise problem(f"{pledge!r} is not one of the pledges "
                          f"({', '.join(sorted(known))})")
        return pledge

    @field_validator("source", mode="before")
    @classmethod
    def _manual_or_indicator(cls, source: object) -> object:
        if source not in (None, "manual", "indicator"):
            raise problem("must be 'manual' (or leave it out and give an indicator), not "
                          f"{escaped(source)}")
        return source

    @field_validator("indicator", mode="before")
    @classmethod
    def _in_catalogue(cls, indicator: object) -> object:
        if indicator is None:
            return None
        if not isinstance(indicator, str):
            raise problem("must be an indicator id")
        known = catalogue()
        if indicator not in known:
            near = difflib.get_close_matches(indicator, list(known), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise problem(f"unknown indicator id {indicator!r}{hint}; see the indicator "
                          "catalogue", whole=True)
        return indicator

    @model_validator(mode="after")
    def _consistent(self) -> MeasureEntry:
        """The checks across fields: where the values come from, and what that implies."""
        if self.source == "manual" and self.indicator is not None:
            raise problem("a manual measure has no indicator; give either indicator or "
                          "source: manual", whole=True, key="indicator")
        if self.source != "manual" and self.indicator is None:
            raise problem("give either indicator: ID (from the indicator catalogue) or "
                          "source: manual", whole=True)
        if self.source == "manual":
            for key, choices in (("unit", UNITS), ("polarity", POLARITIES)):
                if getattr(self, key) is None:
                    raise problem(f"{key} is missing (a manual measure must say one of "
                                  f"{', '.join(choices)})", whole=True)
        elif self.indicator is not None:
            ind = catalogue()[self.indicator]
            if self.unit is not None and self.unit != ind.unit:
                raise problem(f"unit {self.unit!r} differs from the indicator's unit "
                              f"{ind.unit!r}; leave unit out", whole=True, key="unit")
            if self.period not in (None, TWELVE_MONTHS) and ind.period == "year":
                raise problem(f"indicator {self.indicator} is defined over 12 months only "
                              f"({ind.period_note}), so it cannot be given period "
                              f"{self.period}; leave period out", whole=True, key="period")
        if self.target is not None and self.resolved_unit == "percent" \
                and not 0 <= self.target <= 100:
            raise problem(f"target must be a percentage between 0 and 100, not "
                          f"{self.target!r}", whole=True, key="target")
        return self

    @property
    def resolved_unit(self) -> str:
        """The unit as given, else the indicator's (the checks have made sure of one)."""
        if self.unit is not None or self.indicator is None:
            return self.unit or ""
        return catalogue()[self.indicator].unit

    def measure(self, defaults: DefaultsEntry) -> Measure:
        ind = catalogue()[self.indicator] if self.indicator is not None \
            and self.source != "manual" else None
        return Measure(
            number=self.number, title=self.title, pledge=self.pledge or "",
            source="indicator" if ind else "manual",
            indicator=self.indicator if ind else None, unit=self.resolved_unit,
            polarity=self.polarity or (ind.polarity if ind else ""), target=self.target,
            rag=(self.rag or RagEntry()).rule((defaults.rag or RagEntry()).rule(RagRule())),
            owner=self.owner or defaults.owner,
            frequency=self.frequency or defaults.frequency,
            definition=_one_line(self.definition), line=self.line, period=self.period,
            promise=_one_line(self.promise),
            noise=NoiseBand(float(self.noise.band), self.noise.band_type)
            if self.noise else None)


def _at_least_one(what: str) -> Callable[[object], object]:
    def check(value: object) -> object:
        if not isinstance(value, list) or not value:
            raise problem(f"must be a list with at least one {what}")
        return value
    return check


class ScorecardFile(FileModel):
    as_written = ("description",)
    title: Text
    description: Text | None = None
    defaults: Annotated[DefaultsEntry, BeforeValidator(lambda v: v or {})] = DefaultsEntry()
    pledges: Annotated[list[PledgeEntry], BeforeValidator(_at_least_one("pledge")),
                       _used_twice("id", "the pledge id is used twice")]
    measures: Annotated[list[MeasureEntry], BeforeValidator(_at_least_one("measure")),
                        _used_twice("number", "the number is already used on line {first}")]



def _used_twice(key: str, message: str) -> WrapValidator:
    """A pledge id or measure number given twice: the second use is named, with the other
    mistakes of the list."""
    def check(entries: object, handler: ValidatorFunctionWrapHandler) -> object:
        first: dict[str, int] = {}
        twice = []
        for n, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, LinedMap) or entry.get(key) is None:
                continue
            k = scalar_text(entry, key)
            if k in first:
                twice.append(InitErrorDetails(
                    type=problem(message.format(first=first[k]), whole=True),
                    loc=(n,), input=k))
            first.setdefault(k, entry.line)
        return also_raise(twice, handler, entries)
    return WrapValidator(check)


def _label(loc: Loc, node: LinedMap) -> str | None:
    """ "measure 2.15" or "pledge 2": the thing a mapping of the file describes."""
    if len(loc) != 2 or loc[0] not in ("pledges", "measures") \
            or not isinstance(node, LinedMap):
        return None
    kind, key = ("pledge", "id") if loc[0] == "pledges" else ("measure", "number")
    if node.get(key) is None or not scalar_text(node, key):
        return f"{kind} #{int(loc[1]) + 1}"
    return f"{kind} {scalar_text(node, key)}"


def parse(text: str, name: str = "scorecard.yaml") -> ScorecardConfig:
    """Read and check a scorecard configuration; every problem in the file is raised at
    once as ``ConfigError``, one line each."""
    doc = read_yaml(text, name, ConfigError)
    if doc is None:
        raise ConfigError(f"{name}: the file is empty")
    if not isinstance(doc, LinedMap):
        raise ConfigError(f"{name} line 1: expected a mapping with title, pledges and "
                          "measures")
    raw_pledges = doc.get("pledges")
    pledge_ids = [scalar_text(p, "id") for p in raw_pledges or []
                  if isinstance(p, LinedMap) and p.get("id") is not None] \
        if isinstance(raw_pledges, list) else []
    entry = check(ScorecardFile, doc, name, ConfigError, label=_label,
                  context={"pledges": pledge_ids})
    pledges = sorted((Pledge(id=p.id, title=p.title, order=n + 1 if p.order is None
                             else p.order, line=p.line, promise=_one_line(p.promise))
                      for n, p in enumerate(entry.pledges)), key=lambda p: p.order)
    return ScorecardConfig(title=entry.title, pledges=tuple(pledges),
                           measures=tuple(m.measure(entry.defaults) for m in entry.measures),
                           file=name, description=entry.description)


def default_text() -> str:
    """The shipped example configuration (``default.yaml``)."""
    return (resources.files(__package__) / "default.yaml").read_text(encoding="utf-8")


def load(path: Path | str | None = None) -> ScorecardConfig:
    """The configuration at ``path``, or the shipped default when ``path`` is None."""
    if path is None:
        return parse(default_text(), "default.yaml")
    return parse(*read_text(path, ConfigError))
