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
Every problem names the file, the line and the column, and nothing is read until the
whole file is right.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from carepanel.config_files import LinedMap, read_text, read_yaml, scalar_text
from carepanel.dates import TYPED_HINT, date_in_file
from carepanel.indicators.engine import value_of
from carepanel.scorecard.config import ScorecardConfig

# A row of the file: its line, its fields as text, and the line of each field (YAML only).
Row = tuple[int, dict[str, str], dict[str, int] | None]

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


def _row(fields: dict[str, str], line: int, name: str, config: ScorecardConfig,
         field_lines: dict[str, int] | None = None) -> ManualValue:
    """Check one row's text fields and turn them into a value."""
    number = fields.get("measure", "").strip()

    def where(column: str) -> str:
        return f"{name} line {(field_lines or {}).get(column, line)}, column {column}"

    if not number:
        raise ManualError(f"{where('measure')}: the measure number is missing")
    measure = config.measure(number)
    if measure is None:
        raise ManualError(f"{where('measure')}: no measure {number} in {config.file}")
    if not measure.is_manual:
        raise ManualError(f"{where('measure')}: measure {number} is computed from the "
                          f"indicator {measure.indicator}, not supplied by hand (only "
                          f"source: manual measures take values from this file)")
    raw_end = fields.get("period_end", "")
    try:
        period_end = date_in_file(raw_end)
    except ValueError as e:
        raise ManualError(f"{where('period_end')}: {e}") from None
    if period_end is None:
        raise ManualError(f"{where('period_end')}: the period's end date is missing "
                          f"({TYPED_HINT})")

    nums: dict[str, float | int | None] = {}
    for col in ("numerator", "denominator"):
        text = fields.get(col, "").strip()
        if not text:
            nums[col] = None
            continue
        try:
            amount = _number(text)
        except ValueError:
            raise ManualError(f"{where(col)}: {text!r} is not a number") from None
        nums[col] = amount
        if amount < 0:
            raise ManualError(f"{where(col)}: {text!r} is negative")
    num, den = nums["numerator"], nums["denominator"]

    text = fields.get("value", "").strip()
    note = fields.get("note", "").strip() or None
    suppressed = text.lower() in SUPPRESSED
    value: float | int | None = None
    if suppressed:
        num = den = None
        note = note or "value suppressed"
    elif text.lower() in NOT_AVAILABLE or (not text and num is None):
        note = note or "value not available"
    else:
        computed = None
        if num is not None and (den is not None or measure.unit == "count"):
            computed, why = value_of(measure.unit, num, den)
            if computed is None and not text:
                raise ManualError(f"{where('denominator')}: cannot work out the value: {why}")
        elif measure.unit != "count" and num is not None and not text:
            raise ManualError(f"{where('denominator')}: a {measure.unit} needs a "
                              "denominator when the value is blank")
        if text:
            try:
                value = _number(text)
            except ValueError:
                raise ManualError(f"{where('value')}: {text!r} is not a number (or c for "
                                  "suppressed, x for not available)") from None
            # A value typed rounded (33 for 1/3) is accepted; one that disagrees is a typo.
            if computed is not None and abs(value - computed) > 0.5 + 1e-9:
                raise ManualError(f"{where('value')}: {text} does not match numerator "
                                  f"{num} and denominator {den} (which give "
                                  f"{computed:.4g})")
        if computed is not None:
            value = computed
        if measure.unit == "count" and value is not None and value != int(value):
            raise ManualError(f"{where('value')}: measure {number} is a count, so the value "
                              f"must be a whole number, not {text}")
        if measure.unit == "percent" and value is not None and not 0 <= value <= 100:
            raise ManualError(f"{where('value')}: measure {number} is a percentage, so the "
                              f"value must be between 0 and 100, not {value:g}")
    la = fields.get("la_code", "").strip() or None
    return ManualValue(measure=number, period_end=period_end, la_code=la, value=value,
                       numerator=num, denominator=den, note=note,
                       source=fields.get("source", "").strip() or None,
                       suppressed=suppressed, line=line)


def _collect(rows: list[Row], name: str,
             config: ScorecardConfig) -> ManualValues:
    seen: dict[tuple, int] = {}
    out = []
    for line, fields, field_lines in rows:
        v = _row(fields, line, name, config, field_lines)
        key = (v.measure, v.period_end, v.la_code)
        if key in seen:
            who = f" for council {v.la_code}" if v.la_code else ""
            raise ManualError(f"{name} line {line}: measure {v.measure} already has a value "
                              f"for {v.period_end.isoformat()}{who} on line {seen[key]}")
        seen[key] = line
        out.append(v)
    return ManualValues(out, name)


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
    rows: list[Row] = []
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns):
            raise ManualError(f"{name} line {start}: {len(cells)} cells but the header has "
                              f"{len(columns)} columns")
        rows.append((start, dict(zip(columns, cells, strict=False)), None))
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
    rows: list[Row] = []
    for item in doc:
        if not isinstance(item, LinedMap):
            raise ManualError(f"{name}: each value must be a mapping with measure, "
                              "period_end and value")
        unknown = [k for k in item if k not in COLUMNS]
        if unknown:
            raise ManualError(f"{name} line {item.line_of(unknown[0])}: unknown field "
                              f"{unknown[0]!r}; the fields are {', '.join(COLUMNS)}")
        fields = {}
        for k in item:
            v = item[k]
            if v is None:
                fields[k] = ""
            elif isinstance(v, dt.date):
                fields[k] = v.isoformat()
            else:
                fields[k] = scalar_text(item, k)
        rows.append((item.line, fields, dict(item.key_lines)))
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
