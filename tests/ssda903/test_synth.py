"""The synthetic council generator: layout, determinism, validity by year, calibration.

The generated returns stand in for real councils' data in demos, benchmarks and other tests,
so what is checked here is what those users rely on: the same arguments give the same bytes;
every file has the schema's columns and only codes valid in its collection year; episodes
chain as the DfE rules require and carry over between returns; the headline rates are close
to England's; and injected errors are exactly where the manifest says.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pytest

from carepanel.dates import return_date
from carepanel.ssda903 import schema
from carepanel.ssda903.synth import MANIFEST, generate

CALIBRATION_YEAR = 2025


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def day(text: str) -> dt.date | None:
    return return_date(text) if text else None


def maybe_day(text: str) -> dt.date | None:
    """A date, or None when the text is blank or (an injected error) not a date."""
    try:
        return day(text)
    except ValueError:
        return None


def age(dob: dt.date, on: dt.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def folders(root: Path, prefix: str) -> list[Path]:
    return sorted(p for la in root.iterdir() if la.is_dir() for p in la.glob(f"{prefix}_*"))


def year_of(folder: Path) -> int:
    return int(folder.name.rsplit("_", 1)[1])


@pytest.fixture(scope="module")
def calibration(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mid-sized council over three years, for rates measured as the indicators will."""
    out = tmp_path_factory.mktemp("calibration")
    generate(out, children=1500, years=3, seed=11, last_year=CALIBRATION_YEAR)
    return out / "999"


@pytest.fixture(scope="module")
def span(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Returns 2022/23 to 2026/27: across the SEX, K3, Z1x and SWEpisodes/DoLo changes."""
    out = tmp_path_factory.mktemp("span")
    generate(out, children=400, years=5, seed=5, last_year=2027)
    return out


@pytest.fixture(scope="module")
def with_errors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("errors")
    generate(out, children=120, years=2, seed=3, councils=3, errors=0.02)
    return out


# --- determinism and layout -----------------------------------------------------------------


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_same_arguments_give_the_same_bytes(tmp_path: Path, with_errors: Path) -> None:
    again = tmp_path / "again"
    generate(again, children=120, years=2, seed=3, councils=3, errors=0.02)
    assert tree_bytes(again) == tree_bytes(with_errors)


def test_another_seed_gives_other_data(tmp_path: Path, with_errors: Path) -> None:
    other = tmp_path / "other"
    generate(other, children=120, years=2, seed=4, councils=3, errors=0.02)
    first, second = tree_bytes(with_errors), tree_bytes(other)
    assert first.keys() == second.keys()
    assert first["999/ssda903_2025/episodes.csv"] != second["999/ssda903_2025/episodes.csv"]


def test_worker_processes_do_not_change_the_bytes(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path / "spread", children=40, years=1, seed=2, councils=4)
    monkeypatch.setenv("CAREPANEL_SYNTH_WORKERS", "1")
    generate(tmp_path / "single", children=40, years=1, seed=2, councils=4)
    assert tree_bytes(tmp_path / "spread") == tree_bytes(tmp_path / "single")


def test_one_folder_per_council_and_return(with_errors: Path) -> None:
    councils = sorted(p.name for p in with_errors.iterdir() if p.is_dir())
    assert len(councils) == 3 and "999" in councils
    for la in councils:
        names = sorted(p.name for p in (with_errors / la).iterdir())
        assert names == ["local_2024", "local_2025", "ssda903_2024", "ssda903_2025"]


def test_files_and_columns_follow_the_schema_for_each_year(span: Path) -> None:
    for folder in folders(span, "ssda903") + folders(span, "local"):
        year = year_of(folder)
        kind = "ssda903" if folder.name.startswith("ssda903") else "local"
        expected = {f"{t.sql_name}.csv": t for t in schema.tables_for_year(year, kind)}
        assert sorted(p.name for p in folder.iterdir()) == sorted(expected)
        for name, table in expected.items():
            raw = (folder / name).read_bytes()
            assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
            assert raw.decode("utf-8").split("\n", 1)[0] == ",".join(table.columns)


def test_social_worker_and_dolo_tables_only_from_their_first_year(span: Path) -> None:
    sw_from, dolo_from = schema.TABLES["SWEpisodes"].from_year, schema.TABLES["DoLo"].from_year
    for folder in folders(span, "ssda903"):
        year = year_of(folder)
        assert (folder / "sw_episodes.csv").exists() == (year >= sw_from)
        assert (folder / "dolo.csv").exists() == (year >= dolo_from)
        if year >= sw_from:
            workers = read(folder / "sw_episodes.csv")
            assert {r["CHILD"] for r in workers} >= {
                r["CHILD"] for r in read(folder / "episodes.csv")
                if not r["DEC"] and r["LS"] not in schema.SHORT_BREAKS}
    assert read(span / "999" / f"ssda903_{dolo_from}" / "dolo.csv")


# --- codes and dates by collection year -----------------------------------------------------


def test_every_code_is_valid_and_every_date_real_in_its_year(span: Path) -> None:
    for folder in folders(span, "ssda903") + folders(span, "local"):
        year = year_of(folder)
        end = schema.year_end(year)
        for table in schema.tables_for_year(year, folder.name.split("_")[0]):
            for row in read(folder / f"{table.sql_name}.csv"):
                for column in table.columns:
                    value = row[column]
                    if not value:
                        assert not table.field(column).required, (table.name, row)
                    elif column in table.dates:
                        when = return_date(value)
                        # DUC is the 18th birthday ahead of it while the status lasts.
                        if column not in ("DOB", "MC_DOB", "DUC"):
                            assert when <= end, (folder, table.name, column, value)
                    elif table.field(column).codes(year) is not None:
                        assert value in table.field(column).codes(year), (year, column, value)


def test_sex_codes_change_with_the_2024_25_collection(span: Path) -> None:
    for folder in folders(span, "ssda903"):
        sexes = {r["SEX"] for r in read(folder / "header.csv")}
        if year_of(folder) <= 2024:
            assert sexes == {"1", "2"}
        else:
            assert {"M", "F"} <= sexes <= {"M", "F", "U"}


def test_placement_codes_follow_the_supported_accommodation_reforms(span: Path) -> None:
    places: dict[int, set[str]] = defaultdict(set)
    for folder in folders(span, "ssda903"):
        places[year_of(folder)] |= {r["PLACE"] for r in read(folder / "episodes.csv")}
    assert "K3" not in places[2024] and "H5" in places[2024]
    assert "K3" in places[2025] and "K3" in places[2026]
    for year in (2026, 2027):
        assert not places[year] & {"H5", "P2", "Z1"}


# --- episodes: chains, carry-over, header ---------------------------------------------------


def test_open_episodes_reappear_in_the_next_return(span: Path) -> None:
    returns = folders(span, "ssda903")
    for older, newer in pairwise(returns):
        if older.parent != newer.parent:
            continue
        open_keys = {(r["CHILD"], r["DECOM"]) for r in read(older / "episodes.csv")
                     if not r["DEC"]}
        newer_keys = {(r["CHILD"], r["DECOM"]) for r in read(newer / "episodes.csv")}
        assert open_keys and open_keys <= newer_keys


def test_episodes_chain_as_the_dfe_rules_require(span: Path) -> None:
    for folder in folders(span, "ssda903"):
        by_child: dict[str, list[dict[str, str]]] = defaultdict(list)
        for r in read(folder / "episodes.csv"):
            by_child[r["CHILD"]].append(r)
        for rows in by_child.values():
            rows.sort(key=lambda r: day(r["DECOM"]))
            for r, nxt in pairwise(rows):
                assert r["DEC"], "only a child's last episode may be open"
                if r["REC"] == "X1":
                    assert nxt["DECOM"] == r["DEC"] and nxt["RNE"] != "S"
                else:
                    assert nxt["RNE"] == "S" and day(nxt["DECOM"]) > day(r["DEC"])
            for r in rows:
                assert bool(r["DEC"]) == bool(r["REC"])
                assert day(r["DEC"]) is None or day(r["DEC"]) > day(r["DECOM"])
                if r["REASON_PLACE_CHANGE"]:
                    assert r["REC"] == "X1" and r["PLACE"] not in schema.TEMPORARY_PLACEMENTS
                if r["PLACE"] in ("T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"):
                    assert r["PLACE_PROVIDER"] == ""
                assert (r["PLACE"] == "P1") == (r["PLACE_PROVIDER"] == "PR0")


def test_every_child_in_a_table_has_a_header_row_with_the_same_dob(span: Path) -> None:
    for folder in folders(span, "ssda903"):
        dobs = {r["CHILD"]: r["DOB"] for r in read(folder / "header.csv")}
        assert len(dobs) == len(read(folder / "header.csv"))
        assert {r["CHILD"] for r in read(folder / "episodes.csv")} <= dobs.keys()
        for name in ("uasc", "reviews", "oc2", "oc3", "ad1", "placed_adoption", "prev_perm",
                     "missing"):
            for r in read(folder / f"{name}.csv"):
                assert dobs[r["CHILD"]] == r["DOB"], (name, r)


def test_child_ids_are_stable_across_returns(span: Path) -> None:
    council = span / "999"
    dob_by_child: dict[str, str] = {}
    for folder in sorted(council.glob("ssda903_*")):
        for r in read(folder / "header.csv"):
            assert dob_by_child.setdefault(r["CHILD"], r["DOB"]) == r["DOB"]


# --- calibration against England ------------------------------------------------------------


def history(council: Path, year: int) -> dict[str, list[dict[str, str]]]:
    """Episodes of all returns up to ``year`` stacked, later returns winning, V3/V4 dropped."""
    merged: dict[tuple[str, str], dict[str, str]] = {}
    for folder in sorted(council.glob("ssda903_*")):
        if year_of(folder) <= year:
            for r in read(folder / "episodes.csv"):
                merged[(r["CHILD"], r["DECOM"])] = r
    by_child: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in merged.values():
        if r["LS"] not in schema.SHORT_BREAKS:
            by_child[r["CHILD"]].append(r)
    for rows in by_child.values():
        rows.sort(key=lambda r: day(r["DECOM"]))
    return by_child


@functools.lru_cache(maxsize=8)
def measure(council: Path, year: int) -> dict[str, float]:
    """The headline rates, computed from the files as indicators.md defines them."""
    start, end = schema.year_start(year), schema.year_end(year)
    eps = history(council, year)
    ret = council / f"ssda903_{year}"
    dobs = {r["CHILD"]: day(r["DOB"]) for r in read(ret / "header.csv")}
    uasc = {r["CHILD"] for r in read(ret / "uasc.csv") if not r["DUC"] or day(r["DUC"]) > end}
    at_end = [c for c, rows in eps.items()
              if day(rows[-1]["DECOM"]) <= end and (not rows[-1]["DEC"]
                                                    or day(rows[-1]["DEC"]) > end)]
    started = {c for c, rows in eps.items() for r in rows
               if r["RNE"] == "S" and start <= day(r["DECOM"]) <= end}
    ceased = {c for c, rows in eps.items() for r in rows
              if r["REC"] not in ("", "X1") and start <= day(r["DEC"]) <= end}
    three = foster = lts_den = lts_num = 0
    for c in at_end:
        rows = eps[c]
        # placements start at RNE S, P or B (or at the first known episode)
        spb = [r for i, r in enumerate(rows) if r["RNE"] in ("S", "P", "B") or i == 0]
        count = sum(start <= day(r["DECOM"]) <= end for r in spb)
        count += any(day(r["DECOM"]) < start and (not r["DEC"] or day(r["DEC"]) >= start)
                     for r in rows)
        three += count >= 3
        foster += rows[-1]["PLACE"] in schema.FOSTER_PLACEMENTS
        # the first known DECOM stands in for a start before the oldest return
        period_start = day(next((r for r in reversed(rows) if r["RNE"] == "S"),
                                rows[0])["DECOM"])
        if age(dobs[c], end) < 16 and period_start <= dt.date(year - 3, 9, 30):
            lts_den += 1
            current = spb[-1]
            settled = day(current["DECOM"]) <= dt.date(year - 2, 3, 31)
            if not settled and current["PLACE"] in schema.ADOPTION_PLACEMENTS and len(spb) > 1:
                settled = day(spb[-2]["DECOM"]) <= dt.date(year - 2, 3, 31)
            lts_num += settled
    n = len(at_end)
    return {"cla_at_end": n, "placements_3plus": three / n, "foster": foster / n,
            "long_term_stability": lts_num / lts_den, "started_per_cla": len(started) / n,
            "ceased_per_cla": len(ceased) / n, "uasc": len(uasc & set(at_end)) / n,
            "oc2_share": len(read(ret / "oc2.csv")) / n}


def test_children_looked_after_at_31_march_is_near_the_size_asked(calibration: Path) -> None:
    for year in (2023, 2024, 2025):
        assert 1500 * 0.85 <= measure(calibration, year)["cla_at_end"] <= 1500 * 1.15


@pytest.mark.parametrize(("rate", "low", "high"), [
    ("placements_3plus", 0.06, 0.14),      # England 2025: 10%
    ("foster", 0.62, 0.80),                # 68-71%
    ("long_term_stability", 0.60, 0.78),   # 69%
    ("started_per_cla", 0.30, 0.48),       # 32,270 / 81,770 = 0.39
    ("ceased_per_cla", 0.30, 0.50),        # 34,450 / 81,770 = 0.42
    ("uasc", 0.04, 0.12),                  # 7-9%
    ("oc2_share", 0.62, 0.80),             # 58,530 / 81,770 = 72%
])
def test_headline_rates_are_close_to_englands(calibration: Path, rate: str, low: float,
                                              high: float) -> None:
    value = measure(calibration, CALIBRATION_YEAR)[rate]
    assert low <= value <= high, f"{rate} = {value:.3f}, expected {low}-{high}"


def test_outcomes_and_care_leavers_are_close_to_englands(calibration: Path) -> None:
    ret = calibration / f"ssda903_{CALIBRATION_YEAR}"
    end = schema.year_end(CALIBRATION_YEAR)
    oc2 = read(ret / "oc2.csv")
    assert 0.82 <= sum(r["HEALTH_ASSESSMENT"] == "1" for r in oc2) / len(oc2) <= 0.96
    assert 0.76 <= sum(r["IMMUNISATIONS"] == "1" for r in oc2) / len(oc2) <= 0.92
    scores = [int(r["SDQ_SCORE"]) for r in oc2 if r["SDQ_SCORE"]]
    assert 13 <= sum(scores) / len(scores) <= 17  # England 14.9
    dobs = {r["CHILD"]: day(r["DOB"]) for r in read(ret / "header.csv")}
    leavers = [r for r in read(ret / "oc3.csv") if 19 <= age(dobs[r["CHILD"]], end) <= 21
               and r["IN_TOUCH"] not in ("DIED", "RHOM")]
    eet = sum(r["ACTIV"][:1] in ("F", "P") for r in leavers) / len(leavers)
    suitable = sum(r["ACCOM"].endswith("1") for r in leavers) / len(leavers)
    in_touch = sum(r["IN_TOUCH"] == "YES" for r in leavers) / len(leavers)
    assert 0.45 <= eet <= 0.65 and 0.80 <= suitable <= 0.96 and 0.85 <= in_touch <= 0.99


def test_a_tenth_or_so_go_missing_and_most_return_interviews_are_quick(
        calibration: Path) -> None:
    eps = history(calibration, CALIBRATION_YEAR)
    start, end = schema.year_start(CALIBRATION_YEAR), schema.year_end(CALIBRATION_YEAR)
    during = {c for c, rows in eps.items() for r in rows
              if day(r["DECOM"]) <= end and (not r["DEC"] or day(r["DEC"]) >= start)}
    ret = calibration / f"ssda903_{CALIBRATION_YEAR}"
    missing = {r["CHILD"] for r in read(ret / "missing.csv") if r["MISSING"] == "M"}
    assert 0.06 <= len(missing & during) / len(during) <= 0.16
    local = calibration / f"local_{CALIBRATION_YEAR}"
    ends = {(r["CHILD"], r["MIS_START"]): day(r["MIS_END"]) for r in read(ret / "missing.csv")}
    interviews = read(local / "return_interviews.csv")
    quick = sum(bool(r["HELD"]) and (day(r["HELD"]) - ends[(r["CHILD"], r["MIS_START"])]).days
                <= 3 for r in interviews)
    assert 0.45 <= quick / len(interviews) <= 0.75


def test_initial_health_assessments_are_due_20_working_days_after_entering_care(
        calibration: Path) -> None:
    year = CALIBRATION_YEAR
    eps = history(calibration, year)
    starts = {c: [day(r["DECOM"]) for r in rows if r["RNE"] == "S"] for c, rows in eps.items()}
    rows = [r for r in read(calibration / f"local_{year}" / "health_assessments.csv")
            if r["TYPE"] == "IHA"]
    on_time = 0
    for r in rows:
        due = day(r["DUE"])
        entered = max(s for s in starts[r["CHILD"]] if s < due)
        weekdays = sum((entered + dt.timedelta(days=k)).weekday() < 5
                       for k in range(1, (due - entered).days + 1))
        assert 20 <= weekdays <= 24  # 20 working days, plus any bank holidays on weekdays
        on_time += bool(r["COMPLETED"]) and day(r["COMPLETED"]) <= due
    assert 0.40 <= on_time / len(rows) <= 0.75  # about 55% in England's audits


# --- errors and the manifest ----------------------------------------------------------------


def test_no_manifest_without_errors(span: Path, tmp_path: Path) -> None:
    assert not (span / MANIFEST).exists()
    generate(tmp_path, children=30, years=1, seed=1, errors=0.05)
    assert (tmp_path / MANIFEST).exists()
    generate(tmp_path, children=30, years=1, seed=1)
    assert not (tmp_path / MANIFEST).exists()  # a stale manifest would describe other data


def test_the_manifest_lists_each_injected_error_where_it_is(with_errors: Path) -> None:
    doc = json.loads((with_errors / MANIFEST).read_text(encoding="utf-8"))
    assert doc["row_numbering"] == "1 = first data row after the header"
    errors = doc["errors"]
    assert {e["kind"] for e in errors} == {"bad_code", "impossible_date", "overlap",
                                           "missing_row"}
    rows = 0
    for la in ("999", "201", "202"):
        for folder in sorted((with_errors / la).glob("ssda903_*")):
            rows += sum(len(read(f)) for f in folder.glob("*.csv"))
    assert 0.01 <= len(errors) / rows <= 0.03
    for e in errors:
        folder = with_errors / e["la_code"] / e["return"]
        data = read(folder / e["file"])
        if e["kind"] == "missing_row":
            assert e["value"] not in {r["CHILD"] for r in data}
            assert e["value"] in {r["CHILD"] for r in read(folder / "episodes.csv")}
            continue
        row = data[e["row"] - 1]
        assert row[e["column"]] == e["value"] != e["expected"]
        year = year_of(folder)
        if e["kind"] == "bad_code":
            [table] = [t for t in schema.TABLES.values() if f"{t.sql_name}.csv" == e["file"]]
            valid = table.field(e["column"]).codes(year) or ()
            assert e["value"] not in valid
            assert e["expected"] in valid
        elif e["kind"] == "overlap":
            nxt = data[e["row"]]
            assert nxt["CHILD"] == row["CHILD"]
            assert maybe_day(nxt["DECOM"]) is None or day(row["DEC"]) > day(nxt["DECOM"])
        else:
            when = maybe_day(e["value"])
            if when is not None:  # a real date of birth, but after coming into care
                decoms = [maybe_day(r["DECOM"]) for r in read(folder / "episodes.csv")
                          if r["CHILD"] == row["CHILD"]]
                assert e["column"] == "DOB" and when > min(d for d in decoms if d)


# --- councils, sizes, progress, arguments ---------------------------------------------------


def test_councils_get_distinct_codes_and_sizes_around_the_average(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    result = generate(tmp_path, children=60, years=1, seed=9, councils=5, la_code="883",
                      progress=lambda done, total: seen.append((done, total)))
    assert result.la_codes[0] == "883" and len(set(result.la_codes)) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(result.la_codes)
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    children = [result.counts[(la, 2025)]["children"] for la in result.la_codes]
    assert len(set(children)) > 1
    assert result.returns == [tmp_path / la / "ssda903_2025" for la in result.la_codes]


@pytest.mark.parametrize("kwargs", [
    {"years": 3, "last_year": schema.FIRST_YEAR + 1},
    {"years": 1, "last_year": schema.LAST_YEAR + 1},
    {"years": 1, "errors": 1.5},
    {"years": 1, "la_code": "../x"},
])
def test_impossible_requests_are_refused(tmp_path: Path, kwargs: dict) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path, children=10, seed=1, **kwargs)
