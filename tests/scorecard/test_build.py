"""The scorecard built on the small two-year history in conftest.py (figures by hand there)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carepanel.indicators.data_quality import MeasureDataQuality, PeriodDataQuality
from carepanel.indicators.engine import NoData
from carepanel.scorecard.build import build, months_back
from carepanel.scorecard.config import load as load_config
from carepanel.scorecard.config import parse
from carepanel.scorecard.manual import parse_csv
from carepanel.warehouse import Warehouse

from .conftest import (
    CONFIG,
    MANUAL_CSV,
    add_benchmarks,
    add_errors,
    returns_2025,
    two_year_history,
)
from conftest import load_returns

CFG = parse(CONFIG, "scorecard.yaml")
END = dt.date(2025, 3, 31)


def scorecards(path: Path, end: dt.date = END, **kw) -> list:
    with Warehouse.open(path, read_only=True) as wh:
        return build(wh.con, CFG, end, **kw)


def by_number(card) -> dict:
    return {m.measure.number: m for m in card.measures}


@pytest.mark.parametrize(("end", "months", "expected"), [
    ("2025-03-31", 3, "2024-12-31"),
    ("2025-03-31", 12, "2024-03-31"),
    ("2025-06-30", 3, "2025-03-31"),
    ("2024-05-31", 3, "2024-02-29"),   # leap year: the end of February
    ("2025-01-15", 3, "2024-10-31"),   # any date: the end of the month 3 months before
])
def test_earlier_periods_end_on_a_month_end(end: str, months: int, expected: str) -> None:
    assert months_back(dt.date.fromisoformat(end), months) == dt.date.fromisoformat(expected)


def test_scorecard_for_the_year_to_march_2025(tmp_path: Path) -> None:
    """Values from conftest.py; ratings worked out here.

    1.1 looked after: 4 now, 3 at 31/12/2024, 2 a year ago; context, so no rating and
        no direction.
    3.1 foster: 2/4 = 50%; target 75, tolerance 5 points: 50 < 70 -> Red; 100% a year ago,
        more is better -> worse.
    3.2 own foster: 1/4 = 25% >= target 20 -> Green; 50% a year ago -> worse.
    3.5 3+ placements: 1/4 = 25%; target 24 (low), tolerance 5: 24 < 25 <= 29 -> Amber;
        50% a year ago, less is better -> improving.
    3.13 manual: 17; target 20, tolerance 20% of 20 = 4: 16 <= 17 < 20 -> Amber; 12 a
        year ago -> improving; nothing given for 31/12/2024.
    """
    path = two_year_history(tmp_path)
    manual = parse_csv(MANUAL_CSV, "values.csv", CFG)
    [card] = scorecards(path, manual=manual)
    assert (card.la_code, card.period_start, card.period_end) == ("883", dt.date(2024, 4, 1),
                                                                 END)
    assert (card.previous_quarter_end, card.last_year_end) == (dt.date(2024, 12, 31),
                                                               dt.date(2024, 3, 31))
    assert card.benchmark_year == 2025
    assert [p.pledge.id for p in card.pledges] == ["1", "3"]
    m = by_number(card)

    cla = m["1.1"]
    assert (cla.current.value, cla.previous_quarter.value, cla.last_year.value) == (4, 3, 2)
    assert (cla.rating.rag, cla.direction) == ("no rating", "not comparable")

    foster = m["3.1"]
    assert (foster.current.numerator, foster.current.denominator) == (2, 4)
    assert foster.current.value == 50.0
    assert foster.previous_quarter.value == pytest.approx(200 / 3)
    assert foster.last_year.value == 100.0
    assert (foster.rating.rag, foster.direction) == ("red", "worse")

    own = m["3.2"]
    assert (own.current.value, own.last_year.value) == (25.0, 50.0)
    assert (own.rating.rag, own.direction) == ("green", "worse")

    moves = m["3.5"]
    assert (moves.current.numerator, moves.current.denominator) == (1, 4)
    assert moves.previous_quarter.value == pytest.approx(100 / 3)
    assert moves.last_year.value == 50.0
    assert (moves.rating.rag, moves.direction) == ("amber", "improving")

    recruited = m["3.13"]
    assert (recruited.current.value, recruited.last_year.value) == (17, 12)
    assert recruited.previous_quarter.value is None
    assert recruited.previous_quarter.note == "no value in values.csv for 2024-12-31"
    assert (recruited.rating.rag, recruited.direction) == ("amber", "improving")
    assert recruited.manual_source == "Fostering tracker"

    assert card.summary() == {"green": 1, "amber": 2, "red": 1, "no rating": 1}
    d = card.as_dict()
    assert d["pledges"][1]["measures"][0]["commentary_required"] is True   # 3.1 is Red
    assert d["pledges"][1]["measures"][2]["commentary_required"] is False  # 3.5 is Amber


def test_last_year_beyond_the_warehouse_is_null_with_a_note(tmp_path: Path) -> None:
    """Only the 2025 return: the year to 31/03/2024 starts before anything loaded.

    At 31/03/2025 the 2025 return alone gives the same picture (A, B, C, E; 2 of 4 in
    foster care), so the current value is still 50% and still Red.
    """
    path = load_returns(tmp_path, {"883/ssda903_2025": returns_2025()})
    [card] = scorecards(path)
    foster = by_number(card)["3.1"]
    assert (foster.current.value, foster.rating.rag) == (50.0, "red")
    assert foster.last_year.value is None
    assert foster.last_year.note.startswith("no data for the 12 months to 2024-03-31: ")
    assert foster.direction == "not comparable"
    # The quarter to 31/12/2024 is within the 2025 return's year.
    assert foster.previous_quarter.value == pytest.approx(200 / 3)
    # The papers and pages tell these apart by status, never by the note's words.
    assert (foster.current.status, foster.last_year.status) == ("value", "not reached")
    assert foster.as_dict()["last_year"]["status"] == "not reached"
    recruited = by_number(card)["3.13"]  # a manual measure with no values file given
    assert (recruited.current.value, recruited.current.status) == (None, "no data")


def test_a_period_with_no_data_is_refused(tmp_path: Path) -> None:
    path = two_year_history(tmp_path)
    with pytest.raises(NoData, match="no data for the 12 months to 2026-03-31"):
        scorecards(path, dt.date(2026, 3, 31))


def test_every_council_unless_one_is_asked_for(tmp_path: Path) -> None:
    path = two_year_history(tmp_path, councils=("883", "884"))
    cards = scorecards(path)
    assert [c.la_code for c in cards] == ["883", "884"]
    assert [by_number(c)["3.1"].current.value for c in cards] == [50.0, 50.0]
    [only] = scorecards(path, la_codes=["884"])
    assert only.la_code == "884"
    with pytest.raises(NoData, match="no returns loaded for council"):
        scorecards(path, la_codes=["999"])


def test_manual_measure_without_a_values_file_is_not_rated(tmp_path: Path) -> None:
    [card] = scorecards(two_year_history(tmp_path))
    recruited = by_number(card)["3.13"]
    assert recruited.current.value is None
    assert recruited.current.note.startswith("manual measure: no values file given")
    assert (recruited.rating.rag, recruited.rating.reason) == ("no rating",
                                                               "no value for this period")


def test_suppressed_manual_value_is_not_rated(tmp_path: Path) -> None:
    manual = parse_csv("measure,period_end,value\n3.13,2025-03-31,c\n3.13,2024-03-31,12\n",
                       "values.csv", CFG)
    [card] = scorecards(two_year_history(tmp_path), manual=manual)
    recruited = by_number(card)["3.13"]
    assert (recruited.rating.rag, recruited.rating.reason) == ("no rating", "value suppressed")
    assert recruited.direction == "not comparable"


def test_no_benchmarks_without_the_benchmark_tables(tmp_path: Path) -> None:
    [card] = scorecards(two_year_history(tmp_path))
    assert all(m.benchmarks is None for m in card.measures)
    assert card.as_dict()["pledges"][0]["measures"][0]["benchmarks"] is None


def test_benchmarks_england_region_and_neighbours_median(tmp_path: Path) -> None:
    path = two_year_history(tmp_path)
    add_benchmarks(path)
    [card] = scorecards(path)
    assert card.la_name == "Testshire"
    m = by_number(card)
    b = m["3.1"].benchmarks
    assert (b.year, b.england, b.region, b.region_name) == (2025, 68.0, 70.0, "East Midlands")
    assert (b.statistical_neighbours, b.statistical_neighbours_count, b.la) == (50.0, 2, 52.0)
    # Not published for 2025: the latest earlier year, named as such.
    moves = m["3.5"].benchmarks
    assert (moves.year, moves.requested_year, moves.england) == (2024, 2025, 10.0)
    assert moves.statistical_neighbours is None
    # Nothing published for this indicator; manual measures have no benchmarks.
    assert m["3.2"].benchmarks is None
    assert m["3.13"].benchmarks is None


def test_shipped_default_scorecard_builds(tmp_path: Path) -> None:
    """Every measure of default.yaml is computed or explained on the small history.

    Needs the full indicator catalogue (like test_config's check of default.yaml).
    """
    with Warehouse.open(two_year_history(tmp_path), read_only=True) as wh:
        [card] = build(wh.con, load_config(), END)
    assert [p.pledge.id for p in card.pledges] == ["1", "2", "3", "4", "5"]
    measures = {m.measure.number: m for m in card.measures}
    assert measures["1.1"].current.value == 4          # cla_at_end, conftest.py
    assert measures["3.1"].current.value == 50.0       # placement_foster_pct
    # A value that cannot be computed always says why.
    assert all(m.current.note for m in card.measures if m.current.value is None)


def test_each_measure_says_how_many_of_its_children_have_data_errors(tmp_path: Path) -> None:
    """add_errors (conftest.py): C and E of the 4 children looked after at 31/03/2025 have
    data errors, so every measure of that cohort rests 2 of 4 children on rows with errors;
    the manual measure rests on none. The returns for the year hold 3 errors in 2 rows."""
    path = two_year_history(tmp_path)
    add_errors(path)
    manual = parse_csv(MANUAL_CSV, "values.csv", CFG)
    [card] = scorecards(path, manual=manual)
    m = by_number(card)
    for number in ("1.1", "3.1", "3.2", "3.5"):
        assert m[number].data_quality == MeasureDataQuality(4, 2), number
    assert m["3.13"].data_quality is None
    q = card.data_quality
    assert (q.errors, q.rows, q.children) == (3, 2, 2)
    d = card.as_dict()
    assert d["pledges"][1]["measures"][0]["data_quality"] == {"children": 4,
                                                              "children_with_errors": 2}
    assert d["pledges"][1]["measures"][-1]["data_quality"] is None
    assert d["data_quality"] == {"errors": 3, "rows": 2, "children": 2, "returns": [
        {"reference_date": "2025-03-31", "kind": "ssda903", "errors": 3, "rows": 2,
         "children": 2}]}


def test_a_clean_return_rests_no_figure_on_errors(tmp_path: Path) -> None:
    """Without findings every measure has its children and none with errors."""
    [card] = scorecards(two_year_history(tmp_path))
    assert by_number(card)["1.1"].data_quality == MeasureDataQuality(4, 0)
    assert card.data_quality == PeriodDataQuality(0, 0, 0, card.data_quality.returns)
    assert [r.errors for r in card.data_quality.returns] == [0]


def test_a_measure_over_its_own_period_counts_the_children_of_that_period(
        tmp_path: Path) -> None:
    """Children who started to be looked after, over the quarter (1 January to 31 March
    2025) on a 12-month scorecard: only E started in the quarter (C started in May 2024),
    so 1 child, with errors; over the 12 months C and E = 2, both with errors."""
    path = two_year_history(tmp_path)
    add_errors(path)
    started = ('  - number: "1.2"\n    title: Children who started to be looked after\n'
               "    indicator: cla_started\n    pledge: 1\n")
    for period, expected in (("    period: quarter\n", MeasureDataQuality(1, 1)),
                             ("", MeasureDataQuality(2, 2))):
        cfg = parse(CONFIG.replace("measures:\n", "measures:\n" + started + period),
                    "scorecard.yaml")
        with Warehouse.open(path, read_only=True) as wh:
            [card] = build(wh.con, cfg, END)
        assert by_number(card)["1.2"].data_quality == expected, period


def test_a_figure_whose_history_is_not_loaded_is_left_out(tmp_path: Path) -> None:
    """The returns begin on 1 April 2023 (the 2024 return). At 30 June 2024, last year's
    3+ placements (the 12 months from 1 July 2022) would count only the quarter of it the
    returns cover: it is left out, with the reason. Children looked after on 30 June 2023
    (1.1) need nothing before that day, so last year's figure stays."""
    path = two_year_history(tmp_path)
    [card] = scorecards(path, dt.date(2024, 6, 30))
    moves, cla = by_number(card)["3.5"], by_number(card)["1.1"]
    assert moves.last_year.value is None
    assert moves.last_year.note == ("not enough history: this figure reads from 2022-07-01 "
                                    "and the returns loaded begin on 2023-04-01")
    assert moves.direction == "not comparable"
    assert moves.previous_quarter.note is None or "history" not in moves.previous_quarter.note
    assert cla.last_year.note is None


def test_history_counts_back_from_the_end_and_from_each_table_collected() -> None:
    """Adoption timeliness reads five years back from the period end (adoptions in the
    last three years, each from the child's entry into care); a measure from a table the
    DfE collects from 2023/24 (social workers' episodes) needs that table from the
    period's start."""
    from carepanel.scorecard.build import Span, history_note

    year = Span.of("12-months", dt.date(2025, 3, 31))
    begins = {"*": dt.date(2020, 4, 1), "SWEpisodes": dt.date(2023, 4, 1)}
    assert history_note("adoption_a1_days", year, begins) is None  # 1 April 2020 onwards
    assert history_note("adoption_a1_days", year, {"*": dt.date(2022, 4, 1)}) == (
        "not enough history: this figure reads from 2020-04-01 and the returns loaded "
        "begin on 2022-04-01")
    earlier = Span.of("12-months", dt.date(2023, 6, 30))
    assert history_note("social_worker_3plus_pct", earlier, begins) == (
        "not enough history: this figure reads from 2022-07-01 and the returns loaded "
        "begin on 2023-04-01")
    assert history_note("cla_at_end", earlier, begins) is None  # a count on the day
    assert history_note("health_assessment_pct", earlier, begins) is None  # OC2, whole


def test_a_change_inside_the_measures_noise_band_is_not_called_improving(
        tmp_path: Path) -> None:
    """17 foster households against 15 a year before: with the default band for counts (2%
    of last year's figure) that is "improving"; with ``noise: 3`` in the measure's config it
    is ordinary variation. The rating against the target does not move with the band."""
    manual_csv = "measure,period_end,value\n3.13,2025-03-31,17\n3.13,2024-03-31,15\n"
    path = two_year_history(tmp_path)
    default = by_number(scorecards(path, manual=parse_csv(manual_csv, "values.csv", CFG))[0])
    assert default["3.13"].direction == "improving"

    banded = parse(CONFIG.replace("    target: 20\n    rag: {tolerance: 20,",
                                  "    target: 20\n    noise: 3\n    rag: {tolerance: 20,"),
                   "scorecard.yaml")
    assert banded.measure("3.13").noise is not None
    with Warehouse.open(path, read_only=True) as wh:
        [card] = build(wh.con, banded, END,
                       manual=parse_csv(manual_csv, "values.csv", banded))
    recruited = by_number(card)["3.13"]
    assert recruited.direction == "same"
    assert recruited.rating.rag == default["3.13"].rating.rag == "amber"
