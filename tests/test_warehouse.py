"""The warehouse: submissions kept as received, one history across returns, atomic loads."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from carepanel.ssda903 import intake, schema
from carepanel.ssda903.findings import Finding
from carepanel.ssda903.intake import Request
from carepanel.warehouse import LoadResult, Warehouse
from last_year_returns import EXPECTED, last_year_rules, return_2024, return_2025

from conftest import write_return

D = dt.date


def load(paths: list[Path], path: Path, **kw) -> LoadResult:
    return intake.load(Request(paths, **kw), path)


def checked(paths: list[Path], warehouse: Path | None = None) -> tuple[list[Finding], list]:
    """Every finding and the notes of a validate run (nothing stored)."""
    with intake.open_run(Request(paths), warehouse=warehouse) as run:
        return run.findings(), run.notes


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
    result = load(two_returns, tmp_path / "w.duckdb")
    assert len(result.loaded) == 2
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
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
    load(two_returns, tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
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
    path = tmp_path / "w.duckdb"
    load(two_returns, path)
    with Warehouse.open(path) as wh:
        before = episodes(wh), wh.con.execute("SELECT count(*) FROM submissions").fetchone()
    again = load(two_returns, path)
    assert len(again.loaded) == 0 and len(again.unchanged) == 2
    with Warehouse.open(path) as wh:
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
        tmp_path: Path, two_returns: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "w.duckdb"
    load(two_returns[:1], path)
    tables = ("submissions", "submission_tables", "raw_episodes", "episodes",
              "history_repairs", "findings")
    with Warehouse.open(path) as wh:
        snapshot = {t: wh.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                    for t in tables}
    # The failure comes after the submission, its raw rows and findings are written and the
    # history rebuilt, just before the commit: the worst moment.
    rebuild = Warehouse.rebuild_history

    def rebuild_then_fail(self: Warehouse) -> None:
        rebuild(self)
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(Warehouse, "rebuild_history", rebuild_then_fail)
    with pytest.raises(RuntimeError, match="the disk went away"):
        load(two_returns[1:], path)
    monkeypatch.undo()
    with Warehouse.open(path) as wh:
        after = {t: wh.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                 for t in tables}
    assert after == snapshot


def test_a_corrected_return_replaces_the_earlier_one_whole(tmp_path: Path) -> None:
    first = write_return(tmp_path / "883" / "v1", {
        "Header": [header("A"), header("Z")],
        "Episodes": [ep("A", "01/05/2023"), ep("Z", "02/05/2023")]})
    # Same year: Z was entered in error and is gone from the corrected return.
    second = write_return(tmp_path / "883" / "v2", {
        "Header": [header("A")], "Episodes": [ep("A", "01/05/2023", dec="01/03/2024",
                                                    rec="E4A")]})
    load([first], tmp_path / "w.duckdb")
    load([second], tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        assert [r[:4] for r in episodes(wh)] == [("A", D(2023, 5, 1), D(2024, 3, 1), "E4A")]
        assert wh.con.execute("SELECT count(*) FROM submissions").fetchone()[0] == 2


def test_local_files_load_beside_the_return(tmp_path: Path, two_returns: list[Path]) -> None:
    local = write_return(tmp_path / "883" / "local_2024", {
        "health_assessments": [{"CHILD": "A", "TYPE": "IHA", "DUE": "01/03/2022",
                                "COMPLETED": "20/02/2022"}],
        "peps": [{"CHILD": "A", "PEP_DATE": "05/11/2023", "PEP_TYPE": "review"}]})
    load([*two_returns, local], tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        rows = wh.con.execute(
            'SELECT la_code, child, "type", due, completed FROM health_assessments').fetchall()
        kinds = wh.con.execute("SELECT kind FROM submissions ORDER BY 1").fetchall()
    assert rows == [("883", "A", "IHA", D(2022, 3, 1), D(2022, 2, 20))]
    assert kinds == [("local",), ("ssda903",), ("ssda903",)]


# --- last year's return, read back for the DfE rules that compare with it ----------------


def staged_previous(path: Path, la: str, year: int) -> list[tuple] | None:
    """Last year's return as the warehouse stages it for a run: (table, source, row,
    values) of every staged row, or None when there is none."""
    with intake.open_run(Request([]), warehouse=path) as run:
        rid = run.warehouse.stage_previous(run.con, la, schema.year_end(year))
        if rid is None:
            return None
        out = []
        for t in schema.RETURN_TABLES:
            cols = ", ".join(f'"{c.lower()}"' for c in t.columns)
            for row in run.con.execute(
                    f"SELECT f.source, s.row_number, {cols} FROM stg_{t.sql_name} s "
                    f"JOIN run_files f ON f.return_id = s.return_id AND f.table_name = ? "
                    f"WHERE s.return_id = ? ORDER BY s.row_number", [t.name, rid]).fetchall():
                out.append((t.name, row[0], row[1], tuple(row[2:])))
        return out


def test_last_years_return_is_staged_as_it_was_received(tmp_path: Path) -> None:
    y2024 = return_2024(tmp_path / "883" / "ssda903_2024")
    local = write_return(tmp_path / "883" / "local_2024", {
        "peps": [{"CHILD": "A", "PEP_DATE": "05/11/2023", "PEP_TYPE": "review"}]})
    path = tmp_path / "w.duckdb"
    load([y2024, local], path)
    assert staged_previous(path, "883", 2023) is None
    assert staged_previous(path, "999", 2024) is None
    rows = staged_previous(path, "883", 2024)
    assert rows is not None
    # The return's three tables, not the local file loaded beside it.
    assert sorted({r[0] for r in rows}) == ["Episodes", "Header", "Missing"]
    missing = [r for r in rows if r[0] == "Missing"]
    # Named by the file the council sent; the blank line (row 3) is still counted: A's
    # open period stays on row 4, and its blank MIS_END is blank again.
    assert missing == [
        ("Missing", str(y2024 / "missing.csv"), 2,
         ("B", "01/01/2010", "M", "01/09/2023", "02/09/2023")),
        ("Missing", str(y2024 / "missing.csv"), 4, ("A", "01/06/2012", "M", "10/03/2024", None))]


def test_an_in_year_extract_is_not_last_years_return(tmp_path: Path) -> None:
    extract = write_return(tmp_path / "883" / "extract", {
        "Header": [header("A")], "Episodes": [ep("A", "01/05/2023")]})
    load([extract], tmp_path / "w.duckdb", reference_date=D(2023, 12, 31))
    # Collection year 2023/24, but a December picture: not the 31 March 2024 return.
    assert staged_previous(tmp_path / "w.duckdb", "883", 2024) is None


# Said on every run without Ofsted's lists (issue 11): the URN rules did not run.
NO_PROVIDER_LISTS = ("Ofsted's provider lists were not given (--provider-lists): rules 219, 221, "
                     "224, 227, 228, 229, 1008 checking placements' URNs were not run")


def test_this_years_return_loaded_alone_is_compared_with_last_years_in_the_warehouse(
        tmp_path: Path) -> None:
    y2024 = return_2024(tmp_path / "883" / "ssda903_2024")
    y2025 = return_2025(tmp_path / "883" / "ssda903_2025")
    path = tmp_path / "w.duckdb"
    load([y2024], path)
    alone, notes = checked([y2025], warehouse=path)
    assert last_year_rules(alone) == EXPECTED
    by_rule = {f.rule: f.file for f in alone}
    assert by_rule["203"] == str(y2025 / "header.csv")
    assert by_rule["576"] == str(y2024 / "missing.csv")  # last year's file, as loaded
    assert notes == ["Compared with last year's return for 883 (31 March 2024) from the "
                     "warehouse", NO_PROVIDER_LISTS]
    # Exactly what the council would see with both years in one run.
    together, _ = checked([y2024, y2025])
    assert sorted(map(str, alone)) == sorted(
        str(f) for f in together if str(y2025) in f.file or f.in_return == "previous")


def test_without_last_years_return_the_rules_are_not_run_and_the_user_is_told(
        tmp_path: Path) -> None:
    # The warehouse holds another council's 2024 return only.
    other = return_2024(tmp_path / "919" / "ssda903_2024")
    path = tmp_path / "w.duckdb"
    load([other], path)
    found, notes = checked([return_2025(tmp_path / "883" / "ssda903_2025")], warehouse=path)
    assert last_year_rules(found) == []
    assert notes == ["No return for 31 March 2024 for council 883: rules comparing with "
                     "last year were not run", NO_PROVIDER_LISTS]


def test_a_corrected_return_for_last_year_is_the_one_compared_with(tmp_path: Path) -> None:
    first = return_2024(tmp_path / "883" / "ssda903_2024")
    # Sent later: A's date of birth corrected to the one the 2025 return holds, Header and
    # Episodes only, so the first return's Missing table is still last year's.
    corrected = return_2024(tmp_path / "883" / "ssda903_2024_corrected", a_dob="01/07/2012",
                            missing=False)
    path = tmp_path / "w.duckdb"
    load([first], path)
    load([corrected], path)
    found, _ = checked([return_2025(tmp_path / "883" / "ssda903_2025")], warehouse=path)
    # No rule 203: the corrected date of birth agrees. Rule 576 names the first return's
    # missing.csv, the Missing table the correction did not replace.
    assert last_year_rules(found) == [("576", "missing.csv", 4, "MIS_END", "A")]
    assert [f.file for f in found if f.rule == "576"] == [str(first / "missing.csv")]
