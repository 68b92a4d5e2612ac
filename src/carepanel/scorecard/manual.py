"""Values for the measures no return holds: foster households recruited, conferences held.

Performance teams keep these in a spreadsheet. carepanel reads them from a CSV file::

    measure,period_end,value,numerator,denominator,note,source
    3.15,2025-03-31,18,,,,Fostering service tracker
    2.6,2025-03-31,,6,40,,Virtual School

or from YAML (the same fields, as a list under ``values:``)::

    values:
      - measure: "3.15"
        period_end: 2025-03-31
        value: 18
        source: Fostering service tracker

``measure`` is the measure's number in the scorecard configuration and must be a
``source: manual`` measure there; ``period_end`` is the last day of the 12 months the value
describes (YYYY-MM-DD or dd/mm/YYYY). ``value`` may be left blank when ``numerator`` and
``denominator`` are given: it is then worked out by the measure's unit, as for indicators.
``c`` or ``suppressed`` marks a value withheld to protect children (not rated); ``x``, or
a blank with no numerator, means not available (the ``note`` says why). An optional
``la_code`` column ties a row to one council; rows without it apply to every council.
Every problem names the file, the line and the column; every problem in the file is
reported at once, and nothing is read until the whole file is right.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BeforeValidator,
    PrivateAttr,
    TypeAdapter,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import InitErrorDetails

from carepanel.config_files import (
    FileModel,
    LinedMap,
    also_raise,
    check,
    problem,
    read_text,
    read_yaml,
    scalar_text,
)
from carepanel.dates import TYPED_HINT, date_in_file
from carepanel.indicators.engine import value_of
from carepanel.scorecard.config import ScorecardConfig

COLUMNS = ("measure", "period_end", "value", "numerator", "denominator", "note", "source",
           "la_code")
REQUIRED = ("measure", "period_end", "value")
SUPPRESSED = ("c", "suppressed")
NOT_AVAILABLE = ("x",)


class ManualError(ValueError):
    """A manual values file is malformed: the message names the file, line and column."""


@dataclass(frozen=True)
class ManualValue:
    measure: str
    period_end: dt.date
    la_code: str | None
    value: float | int | None
    numerator: float | int | None
    denominator: float | int | None
    note: str | None
    source: str | None
    suppressed: bool = False
    line: int = 0


class ManualValues:
    """Manual values by measure, period end and council (``None`` = every council)."""

    def __init__(self, values: list[ManualValue] | None = None, file: str = ""):
        self.file = file
        self._by_key = {(v.measure, v.period_end, v.la_code): v for v in values or []}

    def __len__(self) -> int:
        return len(self._by_key)

    def get(self, measure: str, period_end: dt.date, la_code: str) -> ManualValue | None:
        """The council's own row if there is one, else the row for every council."""
        return (self._by_key.get((measure, period_end, la_code))
                or self._by_key.get((measure, period_end, None)))


def _number(text: str) -> float | int:
    f = float(text)
    if f != f or f in (float("inf"), float("-inf")):
        raise ValueError(text)
    return int(f) if f.is_integer() and "." not in text and "e" not in text.lower() else f


def _amount(text: str) -> float | int | None:
    """A numerator or denominator: blank, or a number of 0 or more."""
    text = text.strip()
    if not text:
        return None
    try:
        amount = _number(text)
    except ValueError:
        raise problem(f"{text!r} is not a number", whole=True) from None
    if amount < 0:
        raise problem(f"{text!r} is negative", whole=True)
    return amount


def _manual_measure(number: str, info: ValidationInfo) -> str:
    config: ScorecardConfig = (info.context or {})["config"]
    number = number.strip()
    if not number:
        raise problem("the measure number is missing", whole=True)
    measure = config.measure(number)
    if measure is None:
        raise problem(f"no measure {number} in {config.file}", whole=True)
    if not measure.is_manual:
        raise problem(f"measure {number} is computed from the indicator "
                      f"{measure.indicator}, not supplied by hand (only source: manual "
                      "measures take values from this file)", whole=True)
    return number


def _period_end(text: str) -> dt.date:
    try:
        found = date_in_file(text)
    except ValueError as e:
        raise problem(str(e), whole=True) from None
    if found is None:
        raise problem(f"the period's end date is missing ({TYPED_HINT})", whole=True)
    return found


Text = Annotated[str, BeforeValidator(lambda v: "" if v is None else v)]
Amount = Annotated[float | int | None, BeforeValidator(lambda v: _amount(v or ""))]


class ManualRow(FileModel):
    """One row of the file, its fields as text (a CSV row, or a YAML entry's values as
    written), checked against the scorecard configuration given as context."""

    measure: Annotated[Text, AfterValidator(_manual_measure)] = ""
    period_end: Annotated[dt.date, BeforeValidator(lambda v: _period_end(v or ""))] = \
        dt.date.min
    value: Text = ""
    numerator: Amount = None
    denominator: Amount = None
    note: Text = ""
    source: Text = ""
    la_code: Text = ""
    _found: tuple[float | int | None, bool, str | None] = PrivateAttr((None, False, None))

    @model_validator(mode="after")
    def _value(self, info: ValidationInfo) -> ManualRow:
        """The value, suppressed or not available, agreeing with its fraction and unit."""
        measure = (info.context or {})["config"].measure(self.measure)
        text, note = self.value.strip(), self.note.strip() or None
        num, den = self.numerator, self.denominator
        if text.lower() in SUPPRESSED:
            self._found = (None, True, note or "value suppressed")
            return self
        if text.lower() in NOT_AVAILABLE or (not text and num is None):
            self._found = (None, False, note or "value not available")
            return self
        computed: float | int | None = None
        if num is not None and (den is not None or measure.unit == "count"):
            computed, why = value_of(measure.unit, num, den)
            if computed is None and not text:
                raise problem(f"cannot work out the value: {why}", whole=True,
                              key="denominator")
        elif measure.unit != "count" and num is not None and not text:
            raise problem(f"a {measure.unit} needs a denominator when the value is blank",
                          whole=True, key="denominator")
        value: float | int | None = computed
        if text:
            try:
                value = _number(text)
            except ValueError:
                raise problem(f"{text!r} is not a number (or c for suppressed, x for not "
                              "available)", whole=True, key="value") from None
            # A value typed rounded (33 for 1/3) is accepted; one that disagrees is a typo.
            if computed is not None and abs(value - computed) > 0.5 + 1e-9:
                raise problem(f"{text} does not match numerator {num} and denominator {den} "
                              f"(which give {computed:.4g})", whole=True, key="value")
            value = computed if computed is not None else value
        if measure.unit == "count" and value is not None and value != int(value):
            raise problem(f"measure {self.measure} is a count, so the value must be a whole "
                          f"number, not {text}", whole=True, key="value")
        if measure.unit == "percent" and value is not None and not 0 <= value <= 100:
            raise problem(f"measure {self.measure} is a percentage, so the value must be "
                          f"between 0 and 100, not {value:g}", whole=True, key="value")
        self._found = (value, False, note)
        return self

    def manual_value(self) -> ManualValue:
        value, suppressed, note = self._found
        return ManualValue(measure=self.measure, period_end=self.period_end,
                           la_code=self.la_code.strip() or None, value=value,
                           numerator=None if suppressed else self.numerator,
                           denominator=None if suppressed else self.denominator,
                           note=note, source=self.source.strip() or None,
                           suppressed=suppressed, line=self.line)


def _once_each(rows: object, handler: ValidatorFunctionWrapHandler) -> object:
    """A measure given twice for the same period (and council): the second is named, with
    every other mistake in the file."""
    seen: dict[tuple[str, dt.date, str], int] = {}
    twice: list[InitErrorDetails] = []
    for n, row in enumerate(rows if isinstance(rows, list) else []):
        try:
            end = date_in_file(row.get("period_end"))
        except ValueError:
            continue
        if end is None:
            continue
        number, la = str(row.get("measure", "")).strip(), str(row.get("la_code", "")).strip()
        if (number, end, la) in seen:
            who = f" for council {la}" if la else ""
            twice.append(InitErrorDetails(
                type=problem(f"measure {number} already has a value for {end.isoformat()}"
                             f"{who} on line {seen[number, end, la]}", whole=True),
                loc=(n,), input=number))
        seen.setdefault((number, end, la), row.line)
    return also_raise(twice, handler, rows)


ROWS = TypeAdapter(Annotated[list[ManualRow], WrapValidator(_once_each)])


def _collect(rows: list[LinedMap], name: str, config: ScorecardConfig) -> ManualValues:
    checked = check(ROWS, rows, name, ManualError, context={"config": config}, columns=True,
                    label=lambda loc, _: "" if len(loc) == 1 else None)
    return ManualValues([row.manual_value() for row in checked], name)


def parse_csv(text: str, name: str, config: ScorecardConfig) -> ManualValues:
    """Read manual values from CSV text; the header is line 1."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = next(reader, None)
    if not header:
        raise ManualError(f"{name}: the file is empty (expected a header row: "
                          f"{', '.join(COLUMNS[:-1])})")
    columns = [h.strip().lower() for h in header]
    unknown = [h for h, c in zip(header, columns, strict=True) if c not in COLUMNS]
    if unknown:
        raise ManualError(f"{name} line 1: unknown column(s) {', '.join(map(repr, unknown))}; "
                          f"the columns are {', '.join(COLUMNS)}")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ManualError(f"{name} line 1: missing column(s) {', '.join(missing)}")
    rows: list[LinedMap] = []
    too_long: list[str] = []
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns):
            too_long.append(f"{name} line {start}: {len(cells)} cells but the header has "
                            f"{len(columns)} columns")
        row = LinedMap(start)
        row.update(zip(columns, cells, strict=False))
        rows.append(row)
    if too_long:
        raise ManualError("\n".join(too_long))
    return _collect(rows, name, config)


def parse_yaml(text: str, name: str, config: ScorecardConfig) -> ManualValues:
    """Read manual values from YAML: a list of rows, bare or under ``values:``."""
    doc = read_yaml(text, name, ManualError)
    if isinstance(doc, LinedMap) and set(doc) == {"values"}:
        doc = doc["values"]
    if doc is None:
        doc = []
    if not isinstance(doc, list):
        raise ManualError(f"{name} line 1: expected a list of values under 'values:'")
    rows: list[LinedMap] = []
    for item in doc:
        if not isinstance(item, LinedMap):
            raise ManualError(f"{name}: each value must be a mapping with measure, "
                              "period_end and value")
        row = LinedMap(item.line)
        row.key_lines = dict(item.key_lines)
        for k in item:  # every field as text, as a CSV cell would be
            v = item[k]
            row[k] = "" if v is None else v.isoformat() if isinstance(v, dt.date) \
                else scalar_text(item, k)
        rows.append(row)
    return _collect(rows, name, config)


def load(path: Path | str, config: ScorecardConfig) -> ManualValues:
    """Manual values from a ``.csv`` or ``.yaml`` file, checked against the configuration."""
    p = Path(path)
    text, name = read_text(p, ManualError, not_utf8_hint=" (save it as CSV UTF-8)")
    suffix = p.suffix.lower()
    if suffix == ".csv":
        return parse_csv(text, name, config)
    if suffix in (".yaml", ".yml"):
        return parse_yaml(text, name, config)
    raise ManualError(f"{name}: manual values must be a .csv or .yaml file")
