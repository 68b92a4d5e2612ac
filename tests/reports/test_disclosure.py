"""Disclosure control: no small number can be read from, or worked out of, a public table.

The property tests attack every suppressed table honestly: given only what is published
(the visible cells and totals), a linear programme finds the least and greatest value each
hidden cell could take; if they are equal, the cell has been disclosed.
"""

from __future__ import annotations

import dataclasses
import math
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from carepanel.indicators.engine import Result
from carepanel.reports.disclosure import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    ROUNDS_TO_ZERO,
    SUPPRESSED,
    Cell,
    LowThresholdWarning,
    SuppressedTable,
    publish_figure,
    publish_figures,
    rounded,
    suppress_count,
    suppress_rate,
    suppress_table,
)

# ---------------------------------------------------------------------------------------
# The attacker
# ---------------------------------------------------------------------------------------


def equations(table: SuppressedTable) -> tuple[list[list[float]], list[float],
                                                 list[tuple[int, int]]]:
    """The linear equations a reader can write from the published table alone.

    Each row with a total: sum of its body cells - its total = 0; each column with a
    total likewise (the total row and column included). Hidden cells are the unknowns;
    published numbers move to the right-hand side.
    """
    hidden = sorted(table.suppressed)
    index = {p: k for k, p in enumerate(hidden)}
    n_rows, n_cols = len(table.cells), len(table.cells[0])
    lines: list[list[tuple[tuple[int, int], int]]] = []
    if table.row_total is not None:
        lines += [[((i, j), -1 if j == n_cols - 1 else 1) for j in range(n_cols)]
                  for i in range(n_rows)]
    if table.column_total is not None:
        lines += [[((i, j), -1 if i == n_rows - 1 else 1) for i in range(n_rows)]
                  for j in range(n_cols)]
    a_eq, b_eq = [], []
    for line in lines:
        coefficients, rhs = [0.0] * len(hidden), 0.0
        for (i, j), sign in line:
            cell = table.cells[i][j]
            if cell.suppressed:
                coefficients[index[(i, j)]] += sign
            else:
                rhs -= sign * cell.value
        a_eq.append(coefficients)
        b_eq.append(rhs)
    return a_eq, b_eq, hidden


def attack(table: SuppressedTable) -> dict[tuple[int, int], tuple[float, float]]:
    """The feasible range [min, max] of each hidden cell, given the published cells,
    the totals' equations and that no count is negative.

    The equations of a table with totals form a network matrix (totally unimodular), so
    the ends of each range are whole numbers: min < max means at least two whole values
    are possible, and an attacker restricted to whole numbers fails as well.
    """
    a_eq, b_eq, hidden = equations(table)
    ranges = {}
    for k, p in enumerate(hidden):
        objective = [0.0] * len(hidden)
        objective[k] = 1.0
        kwargs = {"A_eq": a_eq, "b_eq": b_eq} if a_eq and hidden else {}
        low = linprog(objective, bounds=(0, None), method="highs", **kwargs)
        assert low.status == 0, low.message  # the published table is consistent
        objective[k] = -1.0
        high = linprog(objective, bounds=(0, None), method="highs", **kwargs)
        top = math.inf if high.status == 3 else -high.fun  # 3: unbounded above
        ranges[p] = (low.fun, top)
    return ranges


def full_grid(rows: dict[str, list[int]], row_total: bool, column_total: bool
              ) -> list[list[int]]:
    """The table with its totals as the caller means them, to compare with the output."""
    grid = [list(r) + ([sum(r)] if row_total else []) for r in rows.values()]
    if column_total:
        grid.append([sum(c) for c in zip(*grid, strict=True)])
    return grid


# ---------------------------------------------------------------------------------------
# Cells, counts, rates, rounding
# ---------------------------------------------------------------------------------------


def test_a_cell_never_carries_a_suppressed_number() -> None:
    """A hidden figure has no number to leak, and no letter sits in a number field."""
    assert (SUPPRESSED.value, SUPPRESSED.symbol) == (None, "c")
    with pytest.raises(ValueError, match="never carries"):
        Cell(3, "c")
    with pytest.raises(TypeError):
        Cell("c")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="number or a symbol"):
        Cell()
    with pytest.raises(ValueError, match="unknown symbol"):
        Cell(symbol="low")
    assert Cell.of(None) == NOT_AVAILABLE
    assert (Cell(7).output, SUPPRESSED.output, str(NOT_APPLICABLE)) == (7, "c", "z")


@pytest.mark.parametrize(("n", "shown"), [(0, 0), (1, "c"), (5, "c"), (6, 6), (250, 250),
                                          (None, "x")])
def test_counts_one_to_five_are_c_and_zero_stays_zero(n: int | None, shown: object) -> None:
    """DfE: 1..5 shown as c; 'where any number is shown as zero, the original was zero'."""
    assert suppress_count(n).output == shown


def test_threshold_is_configurable_refused_below_one_and_warned_below_five() -> None:
    assert suppress_count(10, threshold=10) == SUPPRESSED  # wider publication: k = 10
    assert suppress_count(11, threshold=10) == Cell(11)
    with pytest.raises(ValueError, match="at least 1"):
        suppress_count(3, threshold=0)
    with pytest.raises(TypeError):
        suppress_count(3, threshold=2.5)  # type: ignore[arg-type]
    with pytest.warns(LowThresholdWarning, match="below 5"):
        assert suppress_count(3, threshold=3) == SUPPRESSED
    with pytest.raises(ValueError, match="negative"):
        suppress_count(-1)


def test_rates_are_c_when_numerator_or_denominator_is() -> None:
    # 3 of 40 = 7.5%: the numerator 3 is small.
    assert suppress_rate(3, 40, 7.5) == SUPPRESSED
    # a mean of 100 days over 4 children: the denominator 4 is small.
    assert suppress_rate(400, 4, 100.0) == SUPPRESSED
    # 10 of 40 = 25%: nothing small.
    assert suppress_rate(10, 40, 25.0) == Cell(25.0)
    # a numerator hidden by secondary suppression hides its rate too.
    assert suppress_rate(SUPPRESSED, 40, 25.0) == SUPPRESSED
    # 38 of 40: the 2 children not counted are shown by subtraction, when asked.
    assert suppress_rate(38, 40, 95.0) == Cell(95.0)
    assert suppress_rate(38, 40, 95.0, complement=True) == SUPPRESSED
    # no value: 'z' for an empty cohort, 'x' when the figure is missing.
    assert suppress_rate(0, 0, None) == NOT_APPLICABLE
    assert suppress_rate(None, None, None) == NOT_AVAILABLE


def test_rounding_is_half_up_and_marks_non_zero_that_rounds_to_zero() -> None:
    """0.4% is not 'none': it is k. 0.5 rounds up (Python's round would give 0)."""
    assert rounded(0.4) == ROUNDS_TO_ZERO
    assert rounded(-0.2) == ROUNDS_TO_ZERO
    assert rounded(0.5) == Cell(1)
    assert rounded(2.5) == Cell(3)
    assert rounded(0) == Cell(0)
    assert rounded(37.46, 1) == Cell(37.5)
    assert rounded(0.04, 1) == ROUNDS_TO_ZERO
    assert rounded(1234, -1) == Cell(1230)  # national figures: nearest 10
    assert rounded(1235, -1) == Cell(1240)
    assert rounded(4, -1) == ROUNDS_TO_ZERO
    assert rounded(SUPPRESSED) == SUPPRESSED
    assert rounded(None) == NOT_AVAILABLE


# ---------------------------------------------------------------------------------------
# Tables worked by hand
# ---------------------------------------------------------------------------------------


def test_one_small_cell_needs_three_companions() -> None:
    """Boys and girls by two placement types.

                 foster  home  Total
        boys        3     10     13
        girls      12     20     32
        Total      15     30     45

    3 is small -> c. Row 'boys' then has one c: 13 - 10 would give it back, so its
    smallest other non-zero cell, 10, is hidden. Column 'foster' has one c: 15 - 12 gives
    it, so 12 is hidden. Column 'home' now has one c (10): 30 - 20 gives it, so 20 is
    hidden. Every line now holds two c's and no total needs hiding.
    The reader is left with x, 13 - x, 15 - x, 17 + x for any x from 0 to 13.
    """
    t = suppress_table({"boys": [3, 10], "girls": [12, 20]}, ["foster", "home"])
    header, rows = t.header_and_rows("sex")
    assert header == ["sex", "foster", "home", "Total"]
    assert rows == [["boys", "c", "c", 13], ["girls", "c", "c", 32], ["Total", 15, 30, 45]]
    ranges = attack(t)
    # x in [0, 13]; 13 - x in [0, 13]; 15 - x in [2, 15]; 17 + x in [17, 30].
    assert ranges == {(0, 0): (0, 13), (0, 1): (0, 13), (1, 0): (2, 15), (1, 1): (17, 30)}


def test_a_zero_is_no_use_as_a_companion_so_the_total_is_hidden() -> None:
    """              a    b   Total
        row1          0    4     4
        row2          0    9     9
        Total         0   13    13

    Primary: 4 and row1's total 4 are 1..5 -> c (row1 holds two c's).
    Column b has one c: 13 - 9 gives it, so 9 is hidden.
    Row2 now has one c (9) beside a 0: hiding the 0 adds no doubt (it is known to be 0
    because a zero is always shown), so row2's total 9 is hidden.
    The total column holds c, c, 13: two c's. The reader knows x + y = 13 and nothing more.
    """
    t = suppress_table({"row1": [0, 4], "row2": [0, 9]}, ["a", "b"])
    assert t.header_and_rows()[1] == [["row1", 0, "c", "c"], ["row2", 0, "c", "c"],
                                      ["Total", 0, 13, 13]]
    assert all(low < high for low, high in attack(t).values())


def test_a_single_row_with_its_total() -> None:
    """Ages of children starting care, one row, no column totals.

        under 1: 2, 1 to 4: 40, 5 to 9: 7, Total 49
    2 -> c; the row has one c, its smallest other non-zero cell is 7 -> c.
    The reader knows only that the two add up to 49 - 40 = 9.
    """
    t = suppress_table({"started": [2, 40, 7]}, ["under 1", "1 to 4", "5 to 9"],
                       column_total=None)
    assert t.header_and_rows()[1] == [["started", "c", 40, "c", 49]]
    assert attack(t) == {(0, 0): (0, 9), (0, 2): (0, 9)}


def test_a_small_total_is_itself_suppressed() -> None:
    """              a    b   Total
        row1          1    2     3        1, 2 and 3 are all small -> c
        row2         10    0    10
        Total        11    2    13        the column total 2 -> c

    Row1 holds three c's. The total row holds 11, c, 13: one c (2 = 13 - 11), so its
    smallest other cell 11 is hidden. Column a now holds c, 10, c: two. Column b holds
    c, 0, c: two. The total column holds c, 10, 13: one c (3 = 13 - 10) -> 10 is hidden.
    Row2 then holds 10, 0, c: one c beside a 0, so its 10 is hidden too.
    The reader is left with two unknowns: (r1,a) = s and (r1,b) = u give every other
    hidden cell (13 - u - s for both tens, 13 - u for 11).
    """
    t = suppress_table({"row1": [1, 2], "row2": [10, 0]}, ["a", "b"])
    assert t.header_and_rows()[1] == [["row1", "c", "c", "c"], ["row2", "c", 0, "c"],
                                      ["Total", "c", "c", 13]]
    assert all(low < high for low, high in attack(t).values())


def test_two_per_line_is_not_enough_when_a_cell_links_two_groups() -> None:
    """Two 2x2 blocks of small cells joined by one small cell (r2, c3).

                c1  c2  c3  c4  Total
        r1       1   2  20  20    43
        r2       3   4   5  20    32
        r3      20  20   1   2    43
        r4      20  20   3   4    47
        Total   44  46  29  46   165

    After primary suppression every line holds 0 or at least 2 c's, yet (r2, c3) can be
    worked out: add rows r1 and r2 and take away columns c1 and c2; the four hidden cells
    of the first block cancel and leave
        (r2,c3) = (43 + 32 - 20 - 20 - 20) - (44 + 46 - 20 - 20) = 15 - 50 + 40 = 5.
    The attacker confirms it on primary suppression alone; suppress_table hides one more
    cell joining the two blocks, the smallest such being (r1, c3) = 20 (every joining
    cell is 20; reading order picks the first), making a cycle through (r2, c3).
    """
    rows = {"r1": [1, 2, 20, 20], "r2": [3, 4, 5, 20], "r3": [20, 20, 1, 2],
            "r4": [20, 20, 3, 4]}
    columns = ["c1", "c2", "c3", "c4"]
    grid = full_grid(rows, True, True)
    primary_only = SuppressedTable(
        ("r1", "r2", "r3", "r4", "Total"), (*columns, "Total"),
        tuple(tuple(SUPPRESSED if 0 < n <= 5 else Cell(n) for n in r) for r in grid),
        "Total", "Total", 5)
    assert attack(primary_only)[(1, 2)] == (5, 5)  # disclosed

    t = suppress_table(rows, columns)
    assert t.suppressed == primary_only.suppressed | {(0, 2)}
    assert all(low < high for low, high in attack(t).values())


def test_nothing_small_means_nothing_hidden() -> None:
    t = suppress_table({"a": [6, 0, 12], "b": [0, 30, 7]}, ["x", "y", "z"])
    assert t.suppressed == frozenset()
    assert t.cell("Total", "Total") == Cell(55)  # 6 + 12 + 30 + 7


def test_a_table_without_totals_only_needs_primary_suppression() -> None:
    """No totals, no equations: hiding 3 is enough."""
    t = suppress_table({"a": [3, 10], "b": [12, 20]}, ["x", "y"], row_total=None,
                       column_total=None)
    assert t.suppressed == {(0, 0)}


def test_bad_tables_are_refused() -> None:
    with pytest.raises(ValueError, match="2 counts for 3 columns"):
        suppress_table({"a": [1, 2]}, ["x", "y", "z"])
    with pytest.raises(ValueError, match="whole numbers"):
        suppress_table({"a": [1, -2]}, ["x", "y"])
    with pytest.raises(ValueError, match="whole numbers"):
        suppress_table({"a": [1.5, 2]}, ["x", "y"])


# ---------------------------------------------------------------------------------------
# Property tests: random small tables against the attacker
# ---------------------------------------------------------------------------------------

counts = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[str, list[int]], list[str], bool, bool, int]:
    n_rows, n_cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    rows = {f"r{i}": draw(st.lists(counts, min_size=n_cols, max_size=n_cols))
            for i in range(n_rows)}
    row_total, column_total = draw(st.sampled_from(
        [(True, True), (True, True), (True, False), (False, True), (False, False)]))
    threshold = draw(st.sampled_from([5, 5, 5, 10]))
    return rows, [f"c{j}" for j in range(n_cols)], row_total, column_total, threshold


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_small_count_is_shown_or_can_be_worked_out(table) -> None:
    rows, columns, row_total, column_total, threshold = table
    t = suppress_table(rows, columns, row_total="Total" if row_total else None,
                       column_total="Total" if column_total else None, threshold=threshold)
    truth = full_grid(rows, row_total, column_total)
    # (1) no published count is 1..threshold, and every published number is the true one
    # (zeros included: a zero is always shown).
    for i, row in enumerate(t.cells):
        for j, cell in enumerate(row):
            if cell.suppressed:
                assert truth[i][j] > 0
            else:
                assert cell.value == truth[i][j]
                assert not 0 < cell.value <= threshold
    # (2) the attacker pins down no hidden cell; (3) the totals are consistent: the true
    # values satisfy the published equations (attack asserts the system is feasible).
    for p, (low, high) in attack(t).items():
        assert low < high, f"cell {p} is disclosed: it can only be {low}"
        assert low <= truth[p[0]][p[1]] <= high


@settings(max_examples=200, deadline=None)
@given(tables())
def test_tables_with_no_small_count_are_published_whole(table) -> None:
    rows, columns, row_total, column_total, threshold = table
    rows = {k: [n if n == 0 or n > threshold else n + threshold for n in v]
            for k, v in rows.items()}
    t = suppress_table(rows, columns, row_total="Total" if row_total else None,
                       column_total="Total" if column_total else None, threshold=threshold)
    # Totals of non-small counts are 0 or bigger than the threshold too.
    assert t.suppressed == frozenset()


# ---------------------------------------------------------------------------------------
# Indicator results and scorecard measures
# ---------------------------------------------------------------------------------------


def result(id_: str, unit: str, n, d, v, note: str | None = None) -> Result:
    return Result(id_, "883", unit, n, d, v, note, "2024-04-01", "2025-03-31")


def test_public_results_hide_small_counts_and_the_percentages_built_on_them() -> None:
    results = [
        result("cla_at_end", "count", 3, None, 3),             # 3 -> c
        result("sgo", "count", 0, None, 0),                     # 0 stays 0
        result("cla_started", "count", 48, None, 48),           # shown
        result("placements_3plus_pct", "percent", 3, 40, 7.5),  # numerator 3 -> c
        result("long_term_stability_pct", "percent", 38, 40, 95.0),  # 40 - 38 = 2 -> c
        result("adopted_pct_of_ceased", "percent", 0, 4, 0.0),  # denominator 4 -> c
        result("uasc_at_end_pct", "percent", 12, 60, 20.0),     # shown
        result("adopted_pct_of_ceased", "percent", 0, 0, None,  # nobody ceased: z
               "the cohort is empty in this period (denominator 0)"),
        result("placement_foster_pct", "percent", None, None, None, "no OC2"),  # x
        result("cla_rate_per_10k", "rate_per_10k", 4, 52000, 4 / 5.2),  # count 4 -> c
        result("cla_rate_per_10k", "rate_per_10k", 310, 52000, 310 / 5.2),
        result("days_to_adoption", "days", 1500, 3, 500.0),     # 3 children -> c
        result("days_to_adoption", "days", 4400, 11, 400.0),    # shown
    ]
    before = [dataclasses.replace(r) for r in results]
    public = publish_figures(results)
    shown = [(p.numerator.output, p.denominator.output, p.value.output) for p in public]
    assert shown == [
        ("c", "z", "c"),
        (0, "z", 0),
        (48, "z", 48),
        ("c", 40, "c"),
        ("c", 40, "c"),
        ("c", "c", "c"),
        (12, 60, 20.0),
        (0, 0, "z"),
        ("x", "x", "x"),
        ("c", 52000, "c"),
        (310, 52000, 310 / 5.2),
        ("c", "c", "c"),
        (4400, 11, 400.0),
    ]
    # The originals are untouched (the analysts' version), and the copies handed on hold
    # no hidden number.
    assert results == before
    assert all(p.item is not r for p, r in zip(public, results, strict=True))
    assert (public[3].item.numerator, public[3].item.value, public[3].item.denominator) \
        == (None, None, 40)
    assert public[3].item.id == "placements_3plus_pct"
    assert public[3].as_dict()["value"] is None
    assert public[3].as_dict()["value_symbol"] == "c"
    assert public[6].as_dict()["value"] == 20.0


def test_the_complement_rule_can_be_turned_off() -> None:
    """38 of 40 shown when the lead decides the 2 not counted may be derived."""
    p = publish_figure(result("x", "percent", 38, 40, 95.0), complement=False)
    assert (p.numerator.output, p.value.output) == (38, 95.0)


def test_scorecard_measures_as_mappings_lose_their_rag_with_a_hidden_value() -> None:
    """A red rating beside a c tells the reader which side of the target it fell."""
    measures = [{"number": "1.1", "unit": "percent", "numerator": 2, "denominator": 30,
                 "value": 100 * 2 / 30, "rag": "red"},
                {"number": "1.2", "unit": "percent", "numerator": 15, "denominator": 30,
                 "value": 50.0, "rag": "green"}]
    hidden, shown = publish_figures(measures, dependent=["rag"])
    assert hidden.item == {"number": "1.1", "unit": "percent", "numerator": None,
                           "denominator": 30, "value": None, "rag": None}
    assert shown.item["rag"] == "green"
    assert measures[0]["rag"] == "red"  # not mutated


def test_publishing_refuses_unknown_units_and_objects_and_bad_thresholds() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        publish_figures([{"unit": "stars", "numerator": 1, "denominator": 2, "value": 1}])
    with pytest.raises(TypeError, match="dataclasses"):
        publish_figures([type("M", (), {"unit": "count", "numerator": 9,
                                        "denominator": None, "value": 9})()])
    with pytest.raises(ValueError, match="at least 1"):
        publish_figures([], threshold=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        publish_figures([result("a", "count", 4, None, 4)] * 3, threshold=4)
    # One warning for the call, not one per figure.
    assert [w.category for w in caught] == [LowThresholdWarning]
