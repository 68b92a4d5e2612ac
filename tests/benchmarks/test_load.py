"""Loading the DfE's published tables: real files from ../shared, facts read off the CSVs.

Every expected figure below is quoted from the published file, with the line it is on, so a
reader can check it by opening the CSV.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from carepanel.benchmarks.load import BenchmarkFileError, load, mapping
from carepanel.warehouse import Warehouse

TABLES = ("benchmark_values", "la_geography", "statistical_neighbours", "population")

_LOADED: dict[str, Path] = {}


@pytest.fixture
def dfe(shared_dir: Path) -> Path:
    return shared_dir / "data" / "dfe"


@pytest.fixture
def warehouse(dfe: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every real file loaded once for this module; tests only read it."""
    if "path" not in _LOADED:
        path = tmp_path_factory.mktemp("dfe") / "warehouse.duckdb"
        start = time.perf_counter()
        _LOADED["report"] = load(dfe, path)
        _LOADED["seconds"] = time.perf_counter() - start
        _LOADED["path"] = path
    return _LOADED["path"]


def rows(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    with Warehouse.open(path, read_only=True) as wh:
        return wh.con.execute(sql, params or []).fetchall()


def value(path: Path, indicator: str, year: int, level: str, code: str) -> tuple:
    [row] = rows(path, "SELECT value, symbol, numerator, denominator FROM benchmark_values "
                       "WHERE indicator_id = ? AND year = ? AND level = ? AND area_code = ?",
                 [indicator, year, level, code])
    return row


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of the benchmark tables, sorted: equal snapshots mean nothing changed."""
    with Warehouse.open(path, read_only=True) as wh:
        out = {}
        for t in TABLES:
            found = wh.con.execute("SELECT count(*) FROM information_schema.tables "
                                   "WHERE table_name = ?", [t]).fetchone()[0]
            out[t] = sorted(wh.con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) \
                if found else []
        return out


def test_thurrock_and_england_children_looked_after_2025(warehouse: Path) -> None:
    # cla_number_and_rate_per_10k_children.csv line 279:
    # 2025,...,E12000006,East of England,883,Thurrock,E06000034,
    #   Children looked after on 31 March each year,46271,276,60
    assert value(warehouse, "cla_at_end", 2025, "la", "883") == (276, None, 276, None)
    assert value(warehouse, "cla_rate_per_10k", 2025, "la", "883") == (60, None, 276, 46271)
    # line 3: 2025,...,National,E92000001,England,...,
    #   Children looked after on 31 March each year,12183016,81770,67
    assert value(warehouse, "cla_at_end", 2025, "england", "E92000001")[0] == 81770
    assert value(warehouse, "cla_rate_per_10k", 2025, "england", "E92000001") == \
        (67, None, 81770, 12183016)
    # line 21: 2025,...,Regional,...,E12000006,East of England,...,1394026,6800,49
    assert value(warehouse, "cla_rate_per_10k", 2025, "region", "E12000006")[0] == 49


def test_starting_and_ceasing_rows(warehouse: Path) -> None:
    # Thurrock 2025: "Children starting to be looked after each year",46271,109,24 and
    # "Children ceasing to be looked after each year",46271,124,27
    assert value(warehouse, "cla_started", 2025, "la", "883")[0] == 109
    assert value(warehouse, "cla_ceased", 2025, "la", "883")[0] == 124


def test_percentages_keep_their_numerator_and_cohort(warehouse: Path) -> None:
    # la_cla_placement_stability.csv lines 558-559, Thurrock 2025, "CLA on 31 March":
    # "Total children",276,100 and "With 3 or more placements during the year",19,7
    assert value(warehouse, "placements_3plus_pct", 2025, "la", "883") == (7, None, 19, 276)
    # lines 554-555: 2.5 years under 16: "Living with the same carer ..." 62,71 of 87
    assert value(warehouse, "long_term_stability_pct", 2025, "la", "883") == \
        (71, None, 62, 87)
    # la_conviction_health_outcome_cla.csv lines 3710 and 3713: "Had their annual health
    # assessment",168,90 of "Total all ages",187
    assert value(warehouse, "health_assessment_pct", 2025, "la", "883") == (90, None, 168, 187)
    # lines 7142 and 7145: concern 48 (35%) of the 136 whose SDQ "was received"
    assert value(warehouse, "sdq_concern_pct", 2025, "la", "883") == (35, None, 48, 136)
    # line 14289: "SDQ average score",14.5,z -- the mean is in the count column
    assert value(warehouse, "sdq_average_score", 2025, "la", "883") == (14.5, None, None, 136)
    # la_care_leavers_activity.csv lines 2230-2231: 19 to 21, EET 79 (47%) of Total 167
    assert value(warehouse, "care_leavers_19_21_eet_pct", 2025, "la", "883") == \
        (47, None, 79, 167)
    # la_care_leavers_accommodation_suitability.csv lines 742 and 745: suitable 159 (96%)
    # of "Suitability total" 166
    assert value(warehouse, "care_leavers_19_21_suitable_accom_pct", 2025, "la", "883") == \
        (96, None, 159, 166)
    # la_cla_swcount.csv lines 182-183, Thurrock 2024: 78 (27%) of 290
    assert value(warehouse, "social_worker_3plus_pct", 2024, "la", "883") == \
        (27, None, 78, 290)


def test_zero_is_zero_c_is_null_and_k_is_not_zero(warehouse: Path) -> None:
    # la_conviction_health_outcome_cla.csv line 1856: Thurrock convicted 0,0 (a real zero)
    assert value(warehouse, "convicted_pct", 2025, "la", "883")[:3] == (0, None, 0)
    # line 1922: Swindon (866) convicted c,c -- suppressed; its cohort (line 1923) is 166
    assert value(warehouse, "convicted_pct", 2025, "la", "866") == (None, "c", None, 166)
    # line 11173: Birmingham (330) substance misuse 7,k -- rounds to 0% but is not 0
    assert value(warehouse, "substance_misuse_pct", 2025, "la", "330")[:3] == (None, "k", 7)
    symbols = {s for (s,) in rows(warehouse, "SELECT DISTINCT symbol FROM benchmark_values "
                                             "WHERE symbol IS NOT NULL")}
    assert symbols <= {"c", "x", "z", "k", "low", "u"}
    assert rows(warehouse, "SELECT count(*) FROM benchmark_values "
                           "WHERE (value IS NULL) = (symbol IS NULL)") == [(0,)]


def test_every_mapped_indicator_is_loaded_and_is_in_the_contract(warehouse: Path,
                                                                 shared_dir: Path) -> None:
    contract = set(re.findall(r"^\| ([a-z0-9_]+) \|",
                              (shared_dir / "spec" / "indicators.md").read_text(),
                              flags=re.MULTILINE))
    mapped = mapping().indicator_ids()
    assert set(mapped) <= contract
    loaded = {i for (i,) in rows(warehouse,
                                 "SELECT DISTINCT indicator_id FROM benchmark_values")}
    assert loaded == set(mapped)
    for must in ("cla_at_end", "cla_rate_per_10k", "social_worker_3plus_pct",
                 "care_leavers_17_18_suitable_accom_pct", "convicted_pct"):
        assert must in loaded


def test_geography_and_neighbours(warehouse: Path) -> None:
    assert rows(warehouse, "SELECT * FROM la_geography WHERE la_code = '883'") == \
        [("883", "Thurrock", "E06000034", "E12000006", "East of England")]
    # sn_model_2025_wide.csv line 132: 883,Thurrock,2,East of England,866,Very close,303,...
    assert rows(warehouse, "SELECT neighbour_code FROM statistical_neighbours "
                           "WHERE la_code = '883' AND model = '2025' ORDER BY rank") == \
        [(c,) for c in ("866", "303", "311", "887", "940", "822", "941", "332", "925", "935")]
    # "Close " is published with a trailing space (rank 7 of 883): stored trimmed
    assert rows(warehouse, "SELECT closeness FROM statistical_neighbours WHERE la_code = "
                           "'883' AND model = '2025' AND rank = 7") == [("Close",)]
    # New_Statistical_Neighbour_Groupings_April_2021.csv line 124 (repeated SNP headers):
    # 883,Thurrock,883,2,East of England,887,Very Close,303,Very Close,311,...
    assert rows(warehouse, "SELECT neighbour_code, closeness FROM statistical_neighbours "
                           "WHERE la_code = '883' AND model = '2021' ORDER BY rank") == \
        [("887", "Very Close"), ("303", "Very Close"), ("311", "Very Close"),
         ("866", "Close"), ("332", "Close"), ("882", "Close"), ("941", "Close"),
         ("894", "Close"), ("826", "Close"), ("874", "Close")]
    # The 2021 tool lists pre-reorganisation councils under "Old SNs:" (Northamptonshire 928)
    assert rows(warehouse, "SELECT count(*) FROM statistical_neighbours "
                           "WHERE la_code = '928' AND model = '2021'") == [(10,)]


def test_population_is_the_mid_year_estimate_of_0_to_17s(warehouse: Path) -> None:
    # ons_mid-year_population_estimates_2012_to_2024.csv line 99:
    # 2024,...,883,E06000034,Thurrock,Children aged 0 to 17 years,46271
    # (the same 46271 the DfE divides by for the year to 31 March 2025, line 279 above)
    assert rows(warehouse, "SELECT population FROM population "
                           "WHERE la_code = '883' AND year = 2024") == [(46271,)]
    # line 264: 2023 -> 45530
    assert rows(warehouse, "SELECT population FROM population "
                           "WHERE la_code = '883' AND year = 2023") == [(45530,)]
    assert rows(warehouse, "SELECT count(*) FROM population WHERE la_code IS NULL "
                           "OR NOT regexp_full_match(la_code, '[0-9]{3}')") == [(0,)]


def test_unknown_files_are_skipped_and_files_are_known_by_header(dfe: Path,
                                                                 tmp_path: Path) -> None:
    folder = tmp_path / "download"
    folder.mkdir()
    # A published table renamed as a browser might save it: recognised by its header.
    shutil.copy(dfe / "la_cla_swcount.csv", folder / "data (3).csv")
    shutil.copy(dfe / "la_cla_school_moves.csv", folder / "la_cla_school_moves.csv")
    (folder / "notes.txt").write_text("not a table\n")
    report = load(folder, tmp_path / "w.duckdb")
    assert [(f.name, f.kind) for f in report.loaded] == [("data (3).csv", "benchmarks")]
    assert {f.name for f in report.skipped} == {"la_cla_school_moves.csv", "notes.txt"}
    assert value(tmp_path / "w.duckdb", "social_worker_3plus_pct", 2024, "la", "883")[0] == 27


def test_bom_is_handled(dfe: Path, tmp_path: Path) -> None:
    """The published rates file starts with a UTF-8 BOM; the same rows without it load alike."""
    raw = (dfe / "cla_number_and_rate_per_10k_children.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    thurrock = [lines[0]] + [ln for ln in lines if ",883,Thurrock," in ln]
    for name, bom in (("with_bom", "\ufeff"), ("without_bom", "")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "t.csv").write_text(bom + "\n".join(thurrock) + "\n",
                                               encoding="utf-8")
        load(tmp_path / name, tmp_path / f"{name}.duckdb")
        # line 279: Thurrock 2025 at 31 March: 276
        assert value(tmp_path / f"{name}.duckdb", "cla_at_end", 2025, "la", "883")[0] == 276


def test_loading_twice_changes_nothing(dfe: Path, warehouse: Path, tmp_path: Path) -> None:
    copy = tmp_path / "again.duckdb"
    shutil.copy(warehouse, copy)
    before = snapshot(copy)
    load(dfe, copy)
    assert snapshot(copy) == before
    assert rows(copy, "SELECT count(*) FROM (SELECT indicator_id, year, level, area_code "
                      "FROM benchmark_values GROUP BY ALL HAVING count(*) > 1)") == [(0,)]


def test_a_newer_file_replaces_the_same_figures(dfe: Path, tmp_path: Path) -> None:
    """A revised release under another name wins for the same indicator, year and area."""
    lines = (dfe / "cla_number_and_rate_per_10k_children.csv").read_text(
        encoding="utf-8-sig").splitlines()
    thurrock = [ln for ln in lines if ",883,Thurrock," in ln and
                ln.startswith("2025,") and "on 31 March" in ln]
    assert thurrock[0].endswith(",46271,276,60")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "first.csv").write_text("\n".join([lines[0], *thurrock]) + "\n")
    (tmp_path / "b").mkdir()
    revised = thurrock[0].replace(",46271,276,60", ",46271,280,61")
    (tmp_path / "b" / "revised.csv").write_text("\n".join([lines[0], revised]) + "\n")
    path = tmp_path / "w.duckdb"
    load(tmp_path / "a", path)
    load(tmp_path / "b", path)
    assert rows(path, "SELECT value, source FROM benchmark_values WHERE indicator_id = "
                      "'cla_at_end' AND area_code = '883'") == [(280, "revised.csv")]


@pytest.mark.parametrize(("bad", "column", "message"), [
    (",46271,2x6,60", "children_count", "'2x6' is neither a number nor a DfE symbol"),
    (",46271,276", None, "13 values where the header has 14"),
])
def test_malformed_file_is_refused_and_warehouse_unchanged(
        dfe: Path, warehouse: Path, tmp_path: Path, bad: str, column: str | None,
        message: str) -> None:
    """A broken copy of the rates file: refused by file, line and column; nothing written."""
    copy = tmp_path / "w.duckdb"
    shutil.copy(warehouse, copy)
    before = snapshot(copy)
    folder = tmp_path / "broken"
    folder.mkdir()
    lines = (dfe / "cla_number_and_rate_per_10k_children.csv").read_text(
        encoding="utf-8-sig").splitlines()
    # Line 279 is Thurrock's 2025 figure (,46271,276,60): spoil it. The other good files
    # in the folder must not be written either.
    assert lines[278].endswith(",46271,276,60")
    lines[278] = lines[278].replace(",46271,276,60", bad)
    (folder / "rates.csv").write_text("\n".join(lines) + "\n")
    shutil.copy(dfe / "la_cla_swcount.csv", folder / "la_cla_swcount.csv")
    with pytest.raises(BenchmarkFileError) as caught:
        load(folder, copy)
    e = caught.value
    assert (e.file, e.line, e.column) == ("rates.csv", 279, column)
    assert message in str(e) and "rates.csv, line 279" in str(e)
    assert snapshot(copy) == before


def test_a_repeated_row_is_refused(dfe: Path, tmp_path: Path) -> None:
    lines = (dfe / "la_cla_swcount.csv").read_text(encoding="utf-8-sig").splitlines()
    # line 183: Thurrock 2024 "3 or more social workers during the year",78,27
    assert lines[182].endswith("3 or more social workers during the year,78,27")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "sw.csv").write_text("\n".join([*lines, lines[182]]) + "\n")
    with pytest.raises(BenchmarkFileError, match="repeats the row on line 183") as caught:
        load(tmp_path / "d", tmp_path / "w.duckdb")
    assert caught.value.line == len(lines) + 1
    assert not (tmp_path / "w.duckdb").exists()


def test_every_file_loads_quickly(warehouse: Path) -> None:
    """All 13 files in one load: 10 used, the rest skipped, in a few seconds."""
    report = _LOADED["report"]
    assert len(report.loaded) == 10
    assert {f.kind for f in report.loaded} == {"benchmarks", "population", "neighbours"}
    assert _LOADED["seconds"] < 15  # about 2 s on a laptop; generous for a busy CI machine


def test_a_bad_neighbour_code_is_refused(dfe: Path, tmp_path: Path) -> None:
    lines = (dfe / "sn_model_2025_wide.csv").read_text(encoding="utf-8-sig").splitlines()
    # line 132: 883,Thurrock,2,East of England,866,Very close,303,Very close,311,...
    assert lines[131].startswith("883,Thurrock,2,East of England,866,Very close,303,")
    lines[131] = lines[131].replace(",303,", ",30,", 1)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "sn_model_2025_wide.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(BenchmarkFileError) as caught:
        load(tmp_path / "d", tmp_path / "w.duckdb")
    assert (caught.value.line, caught.value.column) == (132, "SN_2")
    assert "'30' is not a 3-digit DfE local authority code" in str(caught.value)


def test_the_same_figures_in_two_files_of_one_load_are_refused(dfe: Path,
                                                               tmp_path: Path) -> None:
    """Which of two copies is right cannot be guessed: the user is asked to load one."""
    (tmp_path / "d").mkdir()
    shutil.copy(dfe / "la_cla_swcount.csv", tmp_path / "d" / "a.csv")
    shutil.copy(dfe / "la_cla_swcount.csv", tmp_path / "d" / "b.csv")
    clash = re.escape("is also in a.csv: load one of the two")
    with pytest.raises(BenchmarkFileError, match=clash):
        load(tmp_path / "d", tmp_path / "w.duckdb")


def test_a_failure_while_writing_rolls_the_whole_load_back(dfe: Path, warehouse: Path,
                                                           tmp_path: Path) -> None:
    """Benchmarks are written first; a population row that breaks NOT NULL comes after.

    The load is one transaction, so the benchmark rows written before the failure go too.
    """
    from carepanel.benchmarks.load import read_dir, write

    copy = tmp_path / "w.duckdb"
    shutil.copy(warehouse, copy)
    before = snapshot(copy)
    parsed = read_dir(dfe / "la_cla_swcount.csv")
    parsed.benchmark_rows = [(*r[:5], 99.0, *r[6:]) for r in parsed.benchmark_rows]
    parsed.population_keys = [("883", 2024)]
    parsed.population_rows = [(None, 2024, 1)]
    with Warehouse.open(copy) as wh, pytest.raises(Exception, match="NOT NULL"):
        write(wh.con, parsed)
    assert snapshot(copy) == before


def _thurrock_rows(dfe: Path) -> list[str]:
    lines = (dfe / "cla_number_and_rate_per_10k_children.csv").read_text(
        encoding="utf-8-sig").splitlines()
    return [lines[0]] + [ln for ln in lines if ",883,Thurrock," in ln]


def test_a_file_saved_by_older_excel_loads_and_says_so(dfe: Path, tmp_path: Path) -> None:
    """Windows-1252 (Excel's old "CSV"): read, and the report says how it was read."""
    rows = _thurrock_rows(dfe)
    rows[1] = rows[1].replace("Thurrock", "Thurrock – Essex")  # an en dash: byte 0x96
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "rates.csv").write_bytes(("\n".join(rows) + "\n").encode("cp1252"))
    report = load(tmp_path / "in", tmp_path / "w.duckdb")
    [f] = report.loaded
    assert "not UTF-8 (byte 0x96" in f.detail and "Windows-1252" in f.detail
    # line 279 of the published file: Thurrock 2025 at 31 March: 276
    assert value(tmp_path / "w.duckdb", "cla_at_end", 2025, "la", "883")[0] == 276


def test_bytes_that_are_not_text_refuse_the_load_by_line(dfe: Path, tmp_path: Path) -> None:
    """Byte 0x81 is neither UTF-8 nor Windows-1252: a one-line refusal, not a traceback."""
    rows = _thurrock_rows(dfe)
    data = ("\n".join(rows) + "\n").encode("ascii")
    third = data.index(b"\n", data.index(b"\n") + 1) + 1  # the start of line 3
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "rates.csv").write_bytes(data[:third + 5] + b"\x81" + data[third + 5:])
    with pytest.raises(BenchmarkFileError) as caught:
        load(tmp_path / "in", tmp_path / "w.duckdb")
    assert (caught.value.file, caught.value.line) == ("rates.csv", 3)
    assert "0x81 is neither UTF-8 nor Windows-1252" in str(caught.value)
    assert not (tmp_path / "w.duckdb").exists() or snapshot(tmp_path / "w.duckdb")[
        "benchmark_values"] == []


def test_england_adoption_timeliness_is_read_as_days(warehouse: Path) -> None:
    """national_cla_adopted_average_time_between_adoption_process_stages.csv: England only,
    in years and months. 2025, stage 4 (entry into care to placed for adoption), Total:
    "01:07", 1 year 7 months = 19 x 365.25 / 12 days."""
    got, symbol, _, _ = value(warehouse, "adoption_a1_days", 2025, "england", "E92000001")
    assert symbol is None and got == pytest.approx(19 * 365.25 / 12)
    assert rows(warehouse, "SELECT DISTINCT level FROM benchmark_values "
                           "WHERE indicator_id = 'adoption_a1_days'") == [("england",)]


def test_a_time_that_is_not_years_and_months_is_refused(dfe: Path, tmp_path: Path) -> None:
    src = (dfe / "national_cla_adopted_average_time_between_adoption_process_stages.csv")
    lines = src.read_text(encoding="utf-8-sig").splitlines()
    bad = [lines[0]] + [ln.replace(",01:07", ",1 year 7") for ln in lines[1:]
                        if "4. Total average time" in ln and ",Total," in ln]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "adoption.csv").write_text("\n".join(bad) + "\n", encoding="utf-8")
    with pytest.raises(BenchmarkFileError, match=r"adoption.csv, line 2, column number: "
                                                 r"'1 year 7' is not a time in years"):
        load(tmp_path / "in", tmp_path / "w.duckdb")


def test_a_published_table_carepanel_does_not_use_says_why_it_was_skipped(
        warehouse: Path) -> None:
    skipped = {f.name: f.detail for f in _LOADED["report"].skipped}
    assert skipped["la_cla_school_moves.csv"].startswith("a DfE table carepanel does not use: "
                                                         "school moves")
    assert "not new placements" in skipped["la_cla_during_year_new_placements.csv"]
    assert "national_cla_adopted_average_time_between_adoption_process_stages.csv" \
        not in skipped
