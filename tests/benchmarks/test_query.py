"""What the scorecard asks: England, region, neighbours' median, from the real published files.

Expected values are read off the published CSVs in ../shared/data/dfe (line numbers given);
medians are worked out by hand in the comments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carepanel.benchmarks.load import load
from carepanel.benchmarks.query import available_indicators, benchmarks_for, geography
from carepanel.warehouse import Warehouse

_LOADED: dict[str, Path] = {}


@pytest.fixture
def con(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """A read-only connection to a warehouse holding every real file (loaded once)."""
    if "path" not in _LOADED:
        path = tmp_path_factory.mktemp("dfe") / "warehouse.duckdb"
        load(shared_dir / "data" / "dfe", path)
        _LOADED["path"] = path
    with Warehouse.open(_LOADED["path"], read_only=True) as wh:
        yield wh.con


def test_thurrock_rate_against_england_region_and_neighbours(con) -> None:
    b = benchmarks_for(con, "883", "cla_rate_per_10k", 2025)
    assert b is not None
    assert (b["year"], b["requested_year"]) == (2025, 2025)
    # cla_number_and_rate_per_10k_children.csv, "Children looked after on 31 March each year",
    # 2025: line 279 Thurrock 60; line 3 England 67; line 21 East of England (E12000006) 49
    assert (b["la"], b["england"], b["region"]) == (60, 67, 49)
    assert (b["region_code"], b["region_name"]) == ("E12000006", "East of England")
    assert b["symbols"] == {"la": None, "england": None, "region": None}
    # sn_model_2025_wide.csv line 132 gives the neighbours in rank order; their 2025 rates:
    # 866 Swindon 57 (line 378), 303 Bexley 49 (453), 311 Havering 42 (477),
    # 887 Medway 72 (303), 940 North Northamptonshire 68 (207), 822 Bedford 59 (282),
    # 941 West Northamptonshire 63 (210), 332 Dudley 81 (246), 925 Lincolnshire 54 (219),
    # 935 Suffolk 60 (300)
    assert [(n["la_code"], n["value"]) for n in b["neighbours"]] == [
        ("866", 57), ("303", 49), ("311", 42), ("887", 72), ("940", 68), ("822", 59),
        ("941", 63), ("332", 81), ("925", 54), ("935", 60)]
    assert b["neighbours"][0]["la_name"] == "Swindon"
    assert b["neighbours"][0]["closeness"] == "Very close"
    # sorted: 42 49 54 57 59 | 60 63 68 72 81 -> median (59 + 60) / 2 = 59.5
    assert b["neighbours_median"] == 59.5
    assert b["neighbours_counted"] == 10


def test_median_leaves_out_suppressed_neighbours(con) -> None:
    """Convictions 2025 (la_conviction_health_outcome_cla.csv), Thurrock's 10 neighbours.

    866 c (line 1922), 303 0 (1972), 311 c (1988), 887 c (1872), 940 5 (1808), 822 0 (1858),
    941 3 (1810), 332 c (1834), 925 2 (1816), 935 2 (1870).
    Published: 0 0 2 2 3 5 -> median (2 + 2) / 2 = 2; the four 'c' are left out, not zeros
    (as zeros the median would be 0).
    """
    b = benchmarks_for(con, "883", "convicted_pct", 2025)
    assert b["neighbours_median"] == 2
    assert b["neighbours_counted"] == 6
    suppressed = [n["la_code"] for n in b["neighbours"] if n["symbol"] == "c"]
    assert suppressed == ["866", "311", "887", "332"]
    assert all(n["value"] is None for n in b["neighbours"] if n["symbol"])
    # Thurrock's own published figure is a real 0 (line 1856: 0,0)
    assert (b["la"], b["symbols"]["la"]) == (0, None)


def test_falls_back_to_the_latest_published_year(con) -> None:
    """la_cla_swcount.csv is published for 2024 only: asking for 2025 gives 2024, named."""
    b = benchmarks_for(con, "883", "social_worker_3plus_pct", 2025)
    assert (b["year"], b["requested_year"]) == (2024, 2025)
    # line 183 Thurrock 78,27; line 3 England 22140,27; line 15 East of England 1670,24
    assert (b["la"], b["england"], b["region"]) == (27, 27, 24)
    # Nothing published at or before 2023: None, not a guess.
    assert benchmarks_for(con, "883", "social_worker_3plus_pct", 2023) is None


def test_unpublished_indicator_is_none(con) -> None:
    assert benchmarks_for(con, "883", "adopted", 2025) is None
    assert benchmarks_for(con, "883", "no_such_indicator", 2025) is None


def test_london_boroughs_compare_with_inner_or_outer_london(con) -> None:
    # cla_number_and_rate_per_10k_children.csv line 420: Islington (206) is published in
    # E13000001 Inner London, rate 79; Inner London's own 2025 row gives 59.
    assert geography(con, "206") == {"la_code": "206", "la_name": "Islington",
                                     "new_la_code": "E09000019", "region_code": "E13000001",
                                     "region_name": "Inner London"}
    b = benchmarks_for(con, "206", "cla_rate_per_10k", 2025)
    assert (b["la"], b["region"], b["region_name"]) == (79, 59, "Inner London")


def test_geography(con) -> None:
    assert geography(con, "883") == {"la_code": "883", "la_name": "Thurrock",
                                     "new_la_code": "E06000034", "region_code": "E12000006",
                                     "region_name": "East of England"}
    assert geography(con, "999") is None


def test_2021_model_on_request(con) -> None:
    # New_Statistical_Neighbour_Groupings_April_2021.csv line 124: 887 first, 874 tenth
    b = benchmarks_for(con, "883", "cla_at_end", 2025, model="2021")
    assert [n["la_code"] for n in b["neighbours"]][::9] == ["887", "874"]


def test_available_indicators_follow_the_mapping(con) -> None:
    ids = available_indicators(con)
    assert ids[:2] == ["cla_at_end", "cla_rate_per_10k"]
    assert "social_worker_3plus_pct" in ids


def test_a_warehouse_without_benchmarks_answers_none(tmp_path: Path) -> None:
    with Warehouse.open(tmp_path / "empty.duckdb") as wh:
        assert benchmarks_for(wh.con, "883", "cla_at_end", 2025) is None
        assert geography(wh.con, "883") is None
        assert available_indicators(wh.con) == []


def test_rate_per_10k_end_to_end_with_the_ons_population(shared_dir: Path,
                                                         tmp_path: Path) -> None:
    """The indicator engine divides by the loaded ONS estimate for the right mid-year.

    A synthetic 2024/25 return for Thurrock (883): A, B and C looked after at 31 March 2025;
    D ceased on 10/01/2025 -> cla_at_end = 3.
    The year to 31 March 2025 uses mid-2024: ons_mid-year_population_estimates_2012_to_2024.csv
    line 99 gives Thurrock 46271 (line 264, mid-2023, gives 45530: not this one).
    cla_rate_per_10k = 3 * 10000 / 46271 = 0.64834...
    """
    from conftest import compute, load_returns

    def ep(child: str, **kw: str) -> dict[str, str]:
        return {"CHILD": child, "DECOM": "01/05/2024", "RNE": "S", "LS": "C2", "CIN": "N1",
                "PLACE": "U4", "PLACE_PROVIDER": "PR1", **kw}

    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [{"CHILD": c, "SEX": "F", "DOB": "01/06/2012", "ETHNIC": "WBRI"}
                   for c in "ABCD"],
        "Episodes": [ep("A"), ep("B"), ep("C"), ep("D", DEC="10/01/2025", REC="E4A")]}})
    before = compute(path, "2025-03-31", ids=["cla_rate_per_10k"])["cla_rate_per_10k"]
    assert before.value is None  # no population loaded yet: a note, not a guess
    load(shared_dir / "data" / "dfe" / "ons_mid-year_population_estimates_2012_to_2024.csv",
         path)
    r = compute(path, "2025-03-31", ids=["cla_rate_per_10k"])["cla_rate_per_10k"]
    assert (r.numerator, r.denominator) == (3, 46271)
    assert r.value == pytest.approx(3 * 10000 / 46271)


def test_the_neighbours_average_is_given_beside_their_median(con) -> None:
    """Councils quote "the statistical neighbour average": the ten 2025 rates above,
    57 49 42 72 68 59 63 81 54 60, average 60.5."""
    b = benchmarks_for(con, "883", "cla_rate_per_10k", 2025)
    assert b["neighbours_mean"] == pytest.approx(60.5)


def test_why_an_indicator_has_no_benchmark_is_said_in_words() -> None:
    from carepanel.benchmarks.load import why_no_benchmark

    assert "by characteristics" in why_no_benchmark("placement_foster_pct")
    assert why_no_benchmark("rhi_within_72h_pct").startswith("no comparable figure")
    assert "council's own records" in why_no_benchmark(None)


def test_a_benchmarked_measure_without_figures_needs_its_table_loaded() -> None:
    from carepanel.benchmarks.load import why_no_benchmark

    assert why_no_benchmark("cla_rate_per_10k") == (
        "its DfE table has not been loaded (carepanel benchmarks load)")
