"""The warehouse: submissions kept as received, one history across returns, atomic loads."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from carepanel.ssda903.load import read_returns
from carepanel.ssda903.schema import TABLES
from carepanel.warehouse import Warehouse, previous_returns
from last_year_returns import EXPECTED, last_year_rules, return_2024, return_2025

from conftest import write_return

D = dt.date


def header(child: str) -> dict[str, str]:
    return {"CHILD": child, "SEX": "1", "DOB": "01/06/2012", "ETHNIC": "WBRI"}


def ep(child: str, decom: str, rne: str = "S", place: str = "U4", dec: str = "",
       rec: str = "") -> dict[str, str]:
    return {"CHILD": child, "DECOM": decom, "RNE": rne, "LS": "C2", "CIN": "N1",
            "PLACE": place, "PLACE_PROVIDER": "PR1", "DEC": dec, "REC": rec}


@pytest.fixture
def two_returns(tmp_path: Path) -> list[Path]:
    """Council 883, returns for 31 March 2023 and 31 March 2024.

    Child A: open episode in 2023; in 2024 the same episode (same DECOM) is closed by a move.
    Child B: open in 2023 and absent from 2024, which starts a new episode for B in June
             2023 (the older episode must have ended then: a repair).
    Child C: open in 2023, absent from 2024 altogether (ended before the 2024 year: repair).
    """
    y2023 = write_return(tmp_path / "883" / "ssda903_2023", {
        "Header": [header("A"), header("B"), header("C")],
        "Episodes": [ep("A", "01/02/2022"), ep("B", "01/03/2022"), ep("C", "15/03/2023")],
    })
    y2024 = write_return(tmp_path / "883" / "ssda903_2024", {
        "Header": [header("A"), header("B")],
        "Episodes": [ep("A", "01/02/2022", dec="10/10/2023", rec="X1"),
                     ep("A", "10/10/2023", rne="P", place="U5"),
                     ep("B", "01/06/2023", rne="P", place="U6")],
    })
    return [y2023, y2024]


def episodes(wh: Warehouse) -> list[tuple]:
    return wh.con.execute(
        'SELECT child, decom, "dec", "rec", repaired, la_code, collection_year FROM episodes '
        "ORDER BY child, decom").fetchall()


def test_history_across_returns_later_wins_and_repairs_open_episodes(
        tmp_path: Path, two_returns: list[Path]) -> None:
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        result = wh.load(read_returns(two_returns))
        assert len(result.loaded) == 2
        assert episodes(wh) == [
            # A's first episode comes from the 2024 return, which closed it.
            ("A", D(2022, 2, 1), D(2023, 10, 10), "X1", False, "883", 2024),
            ("A", D(2023, 10, 10), None, None, False, "883", 2024),
            # B's open 2023 episode ends where B's next episode starts (RNE P: a move, X1).
            ("B", D(2022, 3, 1), D(2023, 6, 1), "X1", True, "883", 2023),
            ("B", D(2023, 6, 1), None, None, False, "883", 2024),
            # C vanished: closed the day after the 2023 return's reference date.
            ("C", D(2023, 3, 15), D(2023, 4, 1), None, True, "883", 2023),
        ]
        repairs = {(r["child"], r["reason"]) for r in wh.repairs()}
        assert repairs == {
            ("B", "open episode absent from newer return: closed at the next episode"),
            ("C", "open episode absent from newer return: closed after the older return"),
        }
        # Every submission is kept exactly as received beside the history.
        raw = wh.con.execute("SELECT count(*) FROM raw_episodes").fetchone()[0]
        assert raw == 6


def test_summary_counts_children_and_episodes_per_year(
        tmp_path: Path, two_returns: list[Path]) -> None:
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load(read_returns(two_returns))
        [council] = wh.summary()["councils"]
    assert council["children"] == 3 and council["episodes"] == 5
    by_year = {y["collection_year"]: y for y in council["years"]}
    # 2022/23: A, B, C looked after; all three open at 31 March 2023.
    assert by_year["2022/23"]["children_looked_after"] == 3
    assert by_year["2022/23"]["looked_after_at_31_march"] == 3
    # 2023/24: A (2 episodes), B (old episode to 1 June + new one), C (to 1 April 2023).
    assert by_year["2023/24"]["episodes"] == 5
    assert by_year["2023/24"]["looked_after_at_31_march"] == 2
    assert sum(council["repairs"].values()) == 2


def test_loading_the_same_return_twice_changes_nothing(
        tmp_path: Path, two_returns: list[Path]) -> None:
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load(read_returns(two_returns))
        before = episodes(wh), wh.con.execute("SELECT count(*) FROM submissions").fetchone()
        again = wh.load(read_returns(two_returns))
        assert len(again.loaded) == 0 and len(again.unchanged) == 2
        after = episodes(wh), wh.con.execute("SELECT count(*) FROM submissions").fetchone()
    assert before == after


def test_a_refused_load_leaves_the_file_byte_for_byte(
        tmp_path: Path, two_returns: list[Path]) -> None:
    from typer.testing import CliRunner

    from carepanel.cli import app

    path = tmp_path / "w.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["load", str(two_returns[0]), "--warehouse", str(path)]
                         ).exit_code == 0
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    bad = write_return(tmp_path / "883" / "bad", {
        "Header": [header("D")],
        "Episodes": [ep("D", "01/01/2024", dec="30/02/2024", rec="E4A")]})
    result = runner.invoke(app, ["load", str(two_returns[1]), str(bad),
                                 "--warehouse", str(path), "--strict"])
    assert result.exit_code == 1
    assert "row 2, column DEC: '30/02/2024' is not a date" in result.output
    assert "Nothing was loaded" in result.output
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_a_failure_while_writing_rolls_everything_back(
        tmp_path: Path, two_returns: list[Path]) -> None:
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load(read_returns(two_returns[:1]))
        snapshot = {t: wh.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                    for t in ("submissions", "raw_episodes", "episodes", "history_repairs")}
        second = read_returns(two_returns[1:])
        # A row with a value the checks never saw: the bulk insert fails half-way through
        # the second return, after its submission row was already written.
        second[0].files[-1].rows.append(["X"])
        with pytest.raises(Exception):  # noqa: B017 - DuckDB's own error type
            wh.load(second)
        after = {t: wh.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                 for t in snapshot}
    assert after == snapshot


def test_a_corrected_return_replaces_the_earlier_one_whole(tmp_path: Path) -> None:
    first = write_return(tmp_path / "883" / "v1", {
        "Header": [header("A"), header("Z")],
        "Episodes": [ep("A", "01/05/2023"), ep("Z", "02/05/2023")]})
    # Same year: Z was entered in error and is gone from the corrected return.
    second = write_return(tmp_path / "883" / "v2", {
        "Header": [header("A")], "Episodes": [ep("A", "01/05/2023", dec="01/03/2024",
                                                    rec="E4A")]})
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load(read_returns([first]))
        wh.load(read_returns([second]))
        assert [r[:4] for r in episodes(wh)] == [("A", D(2023, 5, 1), D(2024, 3, 1), "E4A")]
        assert wh.con.execute("SELECT count(*) FROM submissions").fetchone()[0] == 2


def test_local_files_load_beside_the_return(tmp_path: Path, two_returns: list[Path]) -> None:
    local = write_return(tmp_path / "883" / "local_2024", {
        "health_assessments": [{"CHILD": "A", "TYPE": "IHA", "DUE": "01/03/2022",
                                "COMPLETED": "20/02/2022"}],
        "peps": [{"CHILD": "A", "PEP_DATE": "05/11/2023", "PEP_TYPE": "review"}]})
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load(read_returns([*two_returns, local]))
        rows = wh.con.execute(
            'SELECT la_code, child, "type", due, completed FROM health_assessments').fetchall()
        kinds = wh.con.execute("SELECT kind FROM submissions ORDER BY 1").fetchall()
    assert rows == [("883", "A", "IHA", D(2022, 3, 1), D(2022, 2, 20))]
    assert kinds == [("local",), ("ssda903",), ("ssda903",)]


# --- last year's return, read back for the DfE rules that compare with it ----------------


def test_last_years_return_is_read_back_as_it_was_received(tmp_path: Path) -> None:
    y2024 = return_2024(tmp_path / "883" / "ssda903_2024")
    local = write_return(tmp_path / "883" / "local_2024", {
        "peps": [{"CHILD": "A", "PEP_DATE": "05/11/2023", "PEP_TYPE": "review"}]})
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load(read_returns([y2024, local]))
        ret = wh.previous_return("883", 2024)
        assert wh.previous_return("883", 2023) is None
        assert wh.previous_return("999", 2024) is None
    assert ret is not None
    assert (ret.la_code, ret.reference_date, ret.kind) == ("883", D(2024, 3, 31), "ssda903")
    # The return's three tables, not the local file loaded beside it.
    assert sorted(tf.table.name for tf in ret.files) == ["Episodes", "Header", "Missing"]
    missing = ret.table("Missing")
    assert missing.source == str(y2024 / "missing.csv")
    assert missing.table is TABLES["Missing"]
    # The blank line (row 3) is still counted: A's open period stays on row 4, and its
    # blank MIS_END is blank text again.
    assert list(missing.numbered()) == [
        (2, ["B", "01/01/2010", "M", "01/09/2023", "02/09/2023"]),
        (4, ["A", "01/06/2012", "M", "10/03/2024", ""])]
    assert ret.table("Header").original_header == list(TABLES["Header"].columns)


def test_an_in_year_extract_is_not_last_years_return(tmp_path: Path) -> None:
    extract = write_return(tmp_path / "883" / "extract", {
        "Header": [header("A")], "Episodes": [ep("A", "01/05/2023")]})
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load(read_returns([extract], reference_date=D(2023, 12, 31)))
        # Collection year 2023/24, but a December picture: not the 31 March 2024 return.
        assert wh.previous_return("883", 2024) is None


def test_this_years_return_loaded_alone_is_compared_with_last_years_in_the_warehouse(
        tmp_path: Path) -> None:
    y2024 = return_2024(tmp_path / "883" / "ssda903_2024")
    y2025 = return_2025(tmp_path / "883" / "ssda903_2025")
    path = tmp_path / "w.duckdb"
    with Warehouse.open(path) as wh:
        wh.load(read_returns([y2024]))
    notes: list[str] = []
    with previous_returns(path) as lookup:
        [alone] = read_returns([y2025], previous=lookup, notes=notes.append)
    assert last_year_rules(alone.warnings) == EXPECTED
    by_rule = {f.rule: f.file for f in alone.warnings}
    assert by_rule["203"] == str(y2025 / "header.csv")
    assert by_rule["576"] == str(y2024 / "missing.csv")  # last year's file, as loaded
    assert notes == ["Compared with last year's return for 883 (31 March 2024) from the "
                     "warehouse"]
    # Exactly what the council would see with both years in one run.
    together = read_returns([y2024, y2025])[1]
    assert alone.warnings == together.warnings


def test_without_last_years_return_the_rules_are_not_run_and_the_user_is_told(
        tmp_path: Path) -> None:
    # The warehouse holds another council's 2024 return only.
    other = return_2024(tmp_path / "919" / "ssda903_2024")
    path = tmp_path / "w.duckdb"
    with Warehouse.open(path) as wh:
        wh.load(read_returns([other]))
    notes: list[str] = []
    with previous_returns(path) as lookup:
        [ret] = read_returns([return_2025(tmp_path / "883" / "ssda903_2025")],
                             previous=lookup, notes=notes.append)
    assert last_year_rules(ret.warnings) == []
    assert notes == ["No return for 31 March 2024 for council 883: rules comparing with "
                     "last year were not run"]


def test_a_corrected_return_for_last_year_is_the_one_compared_with(tmp_path: Path) -> None:


    first = return_2024(tmp_path / "883" / "ssda903_2024")
    # Sent later: A's date of birth corrected to the one the 2025 return holds, Header and
    # Episodes only, so the first return's Missing table is still last year's.
    corrected = return_2024(tmp_path / "883" / "ssda903_2024_corrected", a_dob="01/07/2012",
                            missing=False)
    path = tmp_path / "w.duckdb"
    with Warehouse.open(path) as wh:
        wh.load(read_returns([first]))
        wh.load(read_returns([corrected]))
    with previous_returns(path) as lookup:
        [ret] = read_returns([return_2025(tmp_path / "883" / "ssda903_2025")],
                             previous=lookup)
    # No rule 203: the corrected date of birth agrees. Rule 576 names the first return's
    # missing.csv, the Missing table the correction did not replace.
    assert last_year_rules(ret.warnings) == [("576", "missing.csv", 4, "MIS_END", "A")]
    assert [f.file for f in ret.warnings if f.rule == "576"] == [str(first / "missing.csv")]
