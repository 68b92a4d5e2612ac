"""Statistical disclosure control: the only route from aggregates to any public output.

Panel papers are public, and a council's figures are about a few hundred children, so a
small number can identify a child. We follow the DfE's practice for council-level
children-looked-after data (methodology section 6, GSS symbols):

- a count of 1 to 5 is shown as ``c``; a zero is shown as zero;
- a percentage, rate or mean is ``c`` when its numerator or its denominator is;
- secondary suppression hides further cells so that no ``c`` can be worked out from the
  totals by subtraction;
- ``k`` marks a value that is not zero but would round to zero, ``z`` not applicable,
  ``x`` not available.

A suppressed figure is a :class:`Cell` with no number and the symbol ``c``: the number
never travels next to its symbol, so no later step can print it by mistake.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

DEFAULT_THRESHOLD = 5
"""Counts 1..5 are suppressed: the DfE's rule for council-level data."""

SYMBOLS = {
    "c": "confidential: a small number, or hidden so a small number cannot be worked out",
    "k": "not zero, but rounds to zero",
    "z": "not applicable",
    "x": "not available",
}

Number = int | float


class LowThresholdWarning(UserWarning):
    """A suppression threshold below 5 is weaker than the DfE's published practice."""


def check_threshold(threshold: int) -> int:
    """Refuse a threshold that suppresses nothing, warn about one below DfE practice."""
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Integral):
        raise TypeError(f"the suppression threshold must be a whole number, not {threshold!r}")
    if threshold < 1:
        raise ValueError(f"the suppression threshold must be at least 1 (got {threshold}): "
                         "a threshold below 1 would publish every small count")
    if threshold < DEFAULT_THRESHOLD:
        warnings.warn(f"suppression threshold {threshold} is below 5: the DfE suppresses "
                      "every count from 1 to 5 in council-level data",
                      LowThresholdWarning, stacklevel=3)
    return int(threshold)


@dataclass(frozen=True, slots=True)
class Cell:
    """One published figure: a number, or a symbol standing in for it, never both.

    ``value`` is None whenever ``symbol`` is set, so a suppressed number cannot leak
    through a numeric field; ``output`` is what an export shows.
    """

    value: Number | None = None
    symbol: str | None = None

    def __post_init__(self) -> None:
        if self.symbol is None:
            if self.value is None:
                raise ValueError("a Cell holds a number or a symbol: use Cell(symbol='x') "
                                 "for a figure that is not available")
            if isinstance(self.value, bool) or not isinstance(self.value, numbers.Real):
                raise TypeError(f"a Cell's value must be a number, not {self.value!r}")
        else:
            if self.symbol not in SYMBOLS:
                raise ValueError(f"unknown symbol {self.symbol!r}: one of {sorted(SYMBOLS)}")
            if self.value is not None:
                raise ValueError("a Cell with a symbol never carries its number")

    @classmethod
    def of(cls, value: Number | None) -> Cell:
        """A published number, or ``x`` (not available) for None."""
        return cls(symbol="x") if value is None else cls(value)

    @property
    def suppressed(self) -> bool:
        return self.symbol == "c"

    @property
    def output(self) -> Number | str:
        """What a table shows: the number (kept numeric for spreadsheets) or the symbol."""
        return self.symbol if self.symbol is not None else self.value  # type: ignore[return-value]

    def __str__(self) -> str:
        return str(self.output)


SUPPRESSED = Cell(symbol="c")
NOT_APPLICABLE = Cell(symbol="z")
NOT_AVAILABLE = Cell(symbol="x")
ROUNDS_TO_ZERO = Cell(symbol="k")


def _is_small(n: object, threshold: int) -> bool:
    """True for a number in 1..threshold, or a Cell already suppressed."""
    if isinstance(n, Cell):
        return n.suppressed
    if n is None:
        return False
    return 0 < n <= threshold  # type: ignore[operator]


def _plain(x: Number | Cell | None) -> Number | None:
    """The number behind a published Cell (None when it shows a symbol)."""
    return x.value if isinstance(x, Cell) else x


def suppress_count(n: int | None, threshold: int = DEFAULT_THRESHOLD) -> Cell:
    """A count as published: 1..threshold becomes ``c``; 0 stays 0; None is ``x``."""
    threshold = check_threshold(threshold)
    if n is None:
        return NOT_AVAILABLE
    if isinstance(n, bool) or not isinstance(n, numbers.Real):
        raise TypeError(f"a count must be a number, not {n!r}")
    if n < 0:
        raise ValueError(f"a count cannot be negative ({n})")
    return SUPPRESSED if _is_small(n, threshold) else Cell(n)


def suppress_rate(numerator: Number | Cell | None, denominator: Number | Cell | None,
                  value: Number | None, threshold: int = DEFAULT_THRESHOLD, *,
                  complement: bool = False) -> Cell:
    """A percentage, rate or mean as published.

    It is ``c`` when its numerator or denominator is 1..threshold (or is a Cell already
    suppressed, e.g. by secondary suppression): with the other figure, it would give the
    small number back. With ``complement`` (a percentage whose numerator and denominator
    are both published) it is also ``c`` when denominator - numerator is 1..threshold:
    "18 of 20" tells the reader that 2 children were not counted. A missing value is ``z``
    when the denominator is 0 (nobody to take a percentage of), else ``x``.
    """
    threshold = check_threshold(threshold)
    if value is None:
        return NOT_APPLICABLE if _plain(denominator) == 0 else NOT_AVAILABLE
    if isinstance(value, float) and not math.isfinite(value):
        return NOT_AVAILABLE
    if _is_small(numerator, threshold) or _is_small(denominator, threshold):
        return SUPPRESSED
    n, d = _plain(numerator), _plain(denominator)
    if complement and n is not None and d is not None and _is_small(d - n, threshold):
        return SUPPRESSED
    return Cell(value)


def rounded(cell: Cell | Number | None, decimals: int = 0) -> Cell:
    """Round for presentation, marking a non-zero that rounds to zero as ``k`` so a reader
    never sees 0 for something that happened.

    Halves round away from zero, as a spreadsheet does (Python's round gives 0 for 0.5).
    ``decimals=-1`` rounds to the nearest 10, as the DfE does for national and regional
    comparators. Round only at the end: percentages come from unrounded figures.
    """
    if not isinstance(cell, Cell):
        cell = Cell.of(cell)
    if cell.symbol is not None:
        return cell
    assert cell.value is not None
    q = Decimal(1).scaleb(-decimals)
    r = Decimal(str(cell.value)).quantize(q, rounding=ROUND_HALF_UP)
    if r == 0 and cell.value != 0:
        return ROUNDS_TO_ZERO
    return Cell(int(r) if decimals <= 0 else float(r))


# ---------------------------------------------------------------------------------------
# Tables with totals: primary and secondary suppression
# ---------------------------------------------------------------------------------------

Position = tuple[int, int]


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts ready to publish: body rows, then the total row if any; body
    columns, then the total column if any. Every cell is a :class:`Cell`."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_total: str | None
    column_total: str | None
    threshold: int

    def cell(self, row: str, column: str) -> Cell:
        """The cell at a row label and column label."""
        return self.cells[self.row_labels.index(row)][self.column_labels.index(column)]

    @property
    def suppressed(self) -> frozenset[Position]:
        """(row, column) positions shown as ``c``."""
        return frozenset((i, j) for i, row in enumerate(self.cells)
                         for j, c in enumerate(row) if c.suppressed)

    def header_and_rows(self, corner: str = "") -> tuple[list[str], list[list[object]]]:
        """The table as a header and rows, for ``safe.write_csv`` or ``safe.write_xlsx``."""
        header = [corner, *self.column_labels]
        rows: list[list[object]] = [[label, *(c.output for c in row)]
                                    for label, row in zip(self.row_labels, self.cells,
                                                          strict=True)]
        return header, rows


def _as_rows(rows: Mapping[str, Sequence[int]] | Iterable[tuple[str, Sequence[int]]]
             ) -> list[tuple[str, list[int]]]:
    items = rows.items() if isinstance(rows, Mapping) else rows
    out = []
    for item in items:
        label, counts = item
        out.append((str(label), list(counts)))
    return out


def suppress_table(rows: Mapping[str, Sequence[int]] | Iterable[tuple[str, Sequence[int]]],
                   columns: Sequence[str], *, row_total: str | None = "Total",
                   column_total: str | None = "Total",
                   threshold: int = DEFAULT_THRESHOLD) -> SuppressedTable:
    """Suppress a table of counts so that no count of 1..threshold can be read or derived.

    ``rows`` maps each row label to its counts, in the order of ``columns``. ``row_total``
    names the column holding each row's total and ``column_total`` the row holding each
    column's total (both computed here, so they always add up); None leaves it out.

    1. Primary: every count of 1..threshold, body or total, becomes ``c``.
    2. Secondary, repeated until nothing changes:
       a. a row or column (the total row and column included) holding exactly one ``c``
          gives it away by subtraction, so its smallest non-zero published cell is hidden
          too. A zero is never chosen: it adds no doubt (hiding a known zero still lets the
          reader subtract). A total is a cell of its line like any other, so when every
          other cell is zero it is the total that is hidden.
       b. two hidden cells per line are not always enough: a hidden cell linking two
          separate groups of hidden cells can be found by adding up the rows of one group
          and subtracting its columns. Each such cell is fixed by hiding the smallest
          non-zero cell that joins the two groups (or, failing one, the smallest next to
          either group), then step a runs again.
    Zeros are always published, as the DfE does ("where any number is shown as zero, the
    original figure submitted was zero").
    """
    threshold = check_threshold(threshold)
    body = _as_rows(rows)
    columns = [str(c) for c in columns]
    for label, counts in body:
        if len(counts) != len(columns):
            raise ValueError(f"row {label!r} has {len(counts)} counts for "
                             f"{len(columns)} columns")
        for n in counts:
            if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
                raise ValueError(f"row {label!r}: counts must be whole numbers of 0 or "
                                 f"more, not {n!r}")
    grid = [[int(n) for n in counts] for _, counts in body]
    row_labels = [label for label, _ in body]
    column_labels = list(columns)
    if row_total is not None:
        for r in grid:
            r.append(sum(r))
        column_labels.append(row_total)
    if column_total is not None:
        grid.append([sum(col) for col in zip(*grid, strict=True)] if grid
                    else [0] * len(column_labels))
        row_labels.append(column_total)

    hidden = _secondary(grid, {(i, j) for i, r in enumerate(grid) for j, n in enumerate(r)
                               if 0 < n <= threshold},
                        rows_add_up=row_total is not None,
                        columns_add_up=column_total is not None)
    cells = tuple(tuple(SUPPRESSED if (i, j) in hidden else Cell(n) for j, n in enumerate(r))
                  for i, r in enumerate(grid))
    return SuppressedTable(tuple(row_labels), tuple(column_labels), cells, row_total,
                           column_total, threshold)


_FREE = ("free", -1)
"""The graph node standing for "no equation": the end of a cell whose line has no total."""


def _secondary(grid: list[list[int]], hidden: set[Position], *, rows_add_up: bool,
               columns_add_up: bool) -> set[Position]:
    """Grow ``hidden`` until no hidden cell is determined by the lines' equations.

    The cells of a table with totals and the lines that add up form a graph: each line
    with an equation is a node, each hidden cell an edge between its row's node and its
    column's node (or a single free node where its line has no equation). A hidden cell
    can be worked out exactly when it is a bridge of that graph (on no cycle): summing the
    equations on one side of it cancels every other hidden cell. A cell on a cycle can move
    up and down with the others on the cycle, all of them non-zero, so it stays unknown.
    Hiding every non-zero cell always leaves no bridge, so this loop ends.
    """
    n_rows, n_cols = len(grid), len(grid[0]) if grid else 0
    positions = [(i, j) for i in range(n_rows) for j in range(n_cols)]
    lines: list[list[Position]] = []
    if rows_add_up:
        lines += [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    if columns_add_up:
        lines += [[(i, j) for i in range(n_rows)] for j in range(n_cols)]

    def key(p: Position) -> tuple[int, bool, int, int]:
        # Smallest value first; among equals, cells of the body before totals, then
        # reading order, so the result never depends on set ordering.
        is_total = ((rows_add_up and p[1] == n_cols - 1)
                    or (columns_add_up and p[0] == n_rows - 1))
        return (grid[p[0]][p[1]], is_total, p[0], p[1])

    def ends(p: Position) -> tuple[tuple[str, int], tuple[str, int]]:
        return (("r", p[0]) if rows_add_up else _FREE,
                ("c", p[1]) if columns_add_up else _FREE)

    hidden = set(hidden)
    while True:
        changed = False
        for line in lines:
            if sum(p in hidden for p in line) == 1:
                candidates = [p for p in line if p not in hidden and grid[p[0]][p[1]]]
                # The line's equation gives a non-zero hidden value, so something else in
                # it (at worst its total) is non-zero and published.
                hidden.add(min(candidates, key=key))
                changed = True
        if changed:
            continue
        bridge = _first_bridge(sorted(hidden), ends)
        if bridge is None:
            return hidden
        side_a, side_b = bridge
        published = [p for p in positions if p not in hidden and grid[p[0]][p[1]]]
        joining = [p for p in published
                   if (ends(p)[0] in side_a and ends(p)[1] in side_b)
                   or (ends(p)[0] in side_b and ends(p)[1] in side_a)]
        touching = [p for p in published if set(ends(p)) & (side_a | side_b)]
        pool = joining or touching or published
        hidden.add(min(pool, key=key))


Node = tuple[str, int]


def _first_bridge(edges: list[Position], ends: Callable[[Position], tuple[Node, Node]]
                  ) -> tuple[set[Node], set[Node]] | None:
    """The two sides of the first hidden cell that is on no cycle, or None."""
    adjacency: dict[Node, list[tuple[int, Node]]] = {}
    for k, p in enumerate(edges):
        u, v = ends(p)
        adjacency.setdefault(u, []).append((k, v))
        adjacency.setdefault(v, []).append((k, u))

    def reach(start: Node, without: int) -> set[Node]:
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            for k, other in adjacency[node]:
                if k != without and other not in seen:
                    seen.add(other)
                    todo.append(other)
        return seen

    for k, p in enumerate(edges):
        u, v = ends(p)
        if u == v:
            continue  # both ends free: no equation holds this cell at all
        side = reach(u, k)
        if v not in side:
            return side, reach(v, k)
    return None


# ---------------------------------------------------------------------------------------
# Indicator results and scorecard measures
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PublicFigure:
    """An indicator result or scorecard measure as it may be published.

    ``item`` is a copy of the original whose numerator, denominator and value (and any
    ``dependent`` fields) are None wherever the published cell is not a number, so it is
    safe to hand on; ``numerator``, ``denominator`` and ``value`` say what to show.
    """

    item: Any
    unit: str
    numerator: Cell
    denominator: Cell
    value: Cell

    def as_dict(self) -> dict[str, Any]:
        """The item's fields with each figure as a number or None, and its symbol beside
        it (``value_symbol``...), so a number field never holds the letter ``c``."""
        base = (dict(self.item) if isinstance(self.item, Mapping)
                else dataclasses.asdict(self.item))
        for name in ("numerator", "denominator", "value"):
            cell: Cell = getattr(self, name)
            base[name] = cell.value
            base[f"{name}_symbol"] = cell.symbol
        return base


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name)


def _replace(item: Any, changes: dict[str, Any]) -> Any:
    if isinstance(item, Mapping):
        return {**item, **changes}
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return dataclasses.replace(item, **changes)
    raise TypeError(f"cannot publish a {type(item).__name__}: give dataclasses (an "
                    "indicator Result, a scorecard measure) or mappings")


def publish_figure(item: Any, *, threshold: int = DEFAULT_THRESHOLD, complement: bool = True,
                   dependent: Sequence[str] = ()) -> PublicFigure:
    """One result or measure (with ``unit``, ``numerator``, ``denominator``, ``value``).

    - count: the count is suppressed as a count; its value is the same cell.
    - percent: the denominator is suppressed as a count; the numerator and the percentage
      are ``c`` when the numerator, the denominator or (with ``complement``) the children
      not counted (denominator - numerator) are 1..threshold.
    - rate_per_10k: the count is suppressed as a count, and the rate with it.
    - days, score (means: numerator a sum, denominator the number of children): the mean
      and its sum are ``c`` when the number of children or the sum is 1..threshold.
    ``dependent`` names fields worked out from the value (a RAG rating, a direction of
    travel) that must be blanked when it is hidden, since they hint at it.
    """
    threshold = check_threshold(threshold)
    unit = _field(item, "unit")
    n, d, v = (_field(item, f) for f in ("numerator", "denominator", "value"))
    if unit == "count":
        num = suppress_count(n if n is not None else v, threshold)
        value = num if v is not None else NOT_AVAILABLE
        den = NOT_APPLICABLE if d is None else suppress_count(d, threshold)
    elif unit in ("percent", "rate_per_10k", "days", "score"):
        # Every one of these denominators counts children (or, for a rate, the
        # population), so it is suppressed as a count.
        den = suppress_count(d, threshold)
        with_complement = complement and unit == "percent"
        value = suppress_rate(n, den, v, threshold, complement=with_complement)
        if n is None:
            num = NOT_AVAILABLE
        elif (value.suppressed or den.suppressed or _is_small(n, threshold)
              or (with_complement and d is not None and _is_small(d - n, threshold))):
            # A published numerator with its denominator gives a hidden value back, and
            # is itself a small number when it is 1..threshold.
            num = SUPPRESSED
        else:
            num = Cell(n)
    else:
        raise ValueError(f"unknown unit {unit!r}: cannot decide how to suppress it")
    changes: dict[str, Any] = {name: cell.value for name, cell in
                               (("numerator", num), ("denominator", den), ("value", value))}
    if value.symbol is not None:
        changes.update({name: None for name in dependent})
    return PublicFigure(_replace(item, changes), unit, num, den, value)


def publish_figures(items: Iterable[Any], *, threshold: int = DEFAULT_THRESHOLD,
                    complement: bool = True, dependent: Sequence[str] = ()
                    ) -> list[PublicFigure]:
    """The public version of indicator results or scorecard measures (new objects: the
    originals are left as they are, for the analysts' own version)."""
    threshold = check_threshold(threshold)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LowThresholdWarning)  # warned once above
        return [publish_figure(item, threshold=threshold, complement=complement,
                               dependent=dependent) for item in items]
