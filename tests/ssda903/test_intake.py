"""One intake run: returns read into staging, council and year told with the reason, bad
values kept as findings, structural problems refusing the return whole."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from carepanel.ssda903 import intake
from carepanel.ssda903.findings import LoadRefused
from carepanel.ssda903.intake import Request
from carepanel.warehouse import Warehouse

from conftest import write_return

HEADER = {"CHILD": "101", "SEX": "M", "DOB": "01/06/2015", "ETHNIC": "WBRI"}
EPISODE = {"CHILD": "101", "DECOM": "01/05/2024", "RNE": "S", "LS": "C2", "CIN": "N1",
           "PLACE": "U4", "PLACE_PROVIDER": "PR1"}


def small_return(folder: Path, **overrides: list[dict[str, str]]) -> Path:
    tables = {"Header": [HEADER], "Episodes": [EPISODE]}
    tables.update(overrides)
    return write_return(folder, tables)


def refusals(paths: list[Path], **kw) -> list[str]:
    with intake.open_run(Request(paths, **kw)) as run:
        return [str(f) for f in run.refusals]


def test_tables_are_recognised_by_header_not_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "883" / "export"
    folder.mkdir(parents=True)
    # Odd file names, a BOM, lower-case headers with spaces and columns in another order.
    (folder / "a.csv").write_text("\ufeff dob ,child,Sex,ETHNIC,UPN,MOTHER,MC_DOB\n"
                                  "01/06/2015,101,M,WBRI,,,\n", encoding="utf-8")
    (folder / "b.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
        "PL_POST,URN\n101,01/05/2024,S,C2,N1,U4,PR1,,,,,,\n", encoding="utf-8")
    with intake.open_run(Request([tmp_path])) as run:
        [ret] = run.returns
        assert run.refusals == []
        assert sorted(ret.tables) == ["Episodes", "Header"]
        rows = run.con.execute("SELECT child, sex, dob FROM stg_header").fetchall()
    assert rows == [("101", "M", "01/06/2015")]
    assert ret.la_code == "883"
    # No year in the names: the only activity date, 1 May 2024, is in 2024/25.
    assert (ret.collection_year, ret.reference_date) == (2025, dt.date(2025, 3, 31))
    assert ret.describe_year() == "883 2024/25, from the return's dates"


def test_the_year_comes_from_the_folder_name_before_the_dates(tmp_path: Path) -> None:
    # A 2024/25 return (folder ssda903_2025) whose one episode is dated in 2023/24.
    folder = small_return(tmp_path / "883" / "ssda903_2025",
                          Episodes=[{**EPISODE, "DECOM": "01/05/2023"}])
    with intake.open_run(Request([folder])) as run:
        [ret] = run.returns
    assert ret.describe_year() == "883 2024/25, from the folder name ssda903_2025"


def test_a_few_dates_far_in_the_future_do_not_move_the_year(tmp_path: Path) -> None:
    """20 episodes and 20 reviews in 2024/25; one review typed as 01/01/2200. The year is
    the latest holding at least 5% of the 41 activity dates: 2024/25 (40 of 41), not
    2199/00 (1 of 41 = 2.4%)."""
    children = [str(100 + i) for i in range(20)]
    folder = small_return(
        tmp_path / "883" / "extract",
        Header=[{**HEADER, "CHILD": c} for c in children],
        Episodes=[{**EPISODE, "CHILD": c} for c in children],
        Reviews=[{"CHILD": c, "DOB": "01/06/2015", "REVIEW": "01/09/2024"}
                 for c in children[1:]]
        + [{"CHILD": children[0], "DOB": "01/06/2015", "REVIEW": "01/01/2200"}])
    with intake.open_run(Request([folder])) as run:
        [ret] = run.returns
    assert ret.collection_year == 2025


def test_the_year_given_wins_and_a_wrong_one_is_a_clear_error(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "883" / "ssda903_2025")
    with intake.open_run(Request([folder], year=2025)) as run:
        assert run.returns[0].year_from == "from --year"
    with intake.open_run(Request([folder], reference_date=dt.date(2024, 6, 30))) as run:
        [ret] = run.returns
    assert (ret.collection_year, ret.in_year) == (2025, True)
    assert ret.describe_year() == ("883 2024/25, from --reference-date (an in-year extract "
                                   "to 30 June 2024)")


def test_bad_values_are_errors_named_where_they_are_and_do_not_refuse(tmp_path: Path) -> None:
    bad = [EPISODE, {**EPISODE, "CHILD": "102", "DECOM": "31/02/2024", "PLACE": "Q9"}]
    folder = small_return(tmp_path / "883" / "ssda903_2025", Episodes=bad,
                          Header=[HEADER, {**HEADER, "CHILD": "102", "ETHNIC": "XXXX"}])
    with intake.open_run(Request([folder])) as run:
        [ret] = run.returns
        errors = [str(f) for f in run.findings(severity="error")]
    assert run.refusals == []
    # Two bad values on row 3 of episodes.csv, one on row 3 of header.csv: 3 errors in 2
    # rows.
    assert (ret.errors, ret.error_rows) == (3, 2)
    assert any("episodes.csv, row 3, column DECOM: '31/02/2024' is not a date in the form "
               "dd/mm/YYYY [rule 141]" in e for e in errors)
    assert any("episodes.csv, row 3, column PLACE: 'Q9' is not a valid PLACE code for 2024/25"
               in e and "[rule 146]" in e for e in errors)
    assert any("header.csv, row 3, column ETHNIC" in e and "[rule 103]" in e for e in errors)


def test_an_oc2_item_not_0_or_1_is_rule_181(tmp_path: Path) -> None:
    oc2 = {"CHILD": "101", "DOB": "01/06/2015", "CONVICTED": "0", "HEALTH_CHECK": "99"}
    folder = small_return(tmp_path / "883" / "ssda903_2025", OC2=[oc2])
    with intake.open_run(Request([folder])) as run:
        errors = [str(f) for f in run.findings(severity="error")]
    assert [e for e in errors if "oc2.csv" in e] == [
        e for e in errors if "oc2.csv, row 2, column HEALTH_CHECK: '99'" in e
        and "[rule 181]" in e]
    assert any("oc2.csv, row 2, column HEALTH_CHECK" in e for e in errors)


def test_a_code_in_lower_case_is_read_in_capitals_and_the_council_told(tmp_path: Path
                                                                     ) -> None:
    """The DfE's validator reads "s" as S; so do the rules and the history, and the
    council is told with a warning of no rule, not an error under the column's rule."""
    folder = small_return(tmp_path / "883" / "ssda903_2025",
                          Episodes=[{**EPISODE, "RNE": "s", "PLACE": "u4"}])
    path = tmp_path / "w.duckdb"
    result = intake.load(Request([folder]), path)
    assert [r.errors for r in result.loaded] == [0]
    with Warehouse.open(path, read_only=True) as wh:
        raw = wh.con.execute("SELECT rne, place FROM raw_episodes").fetchall()
        history = wh.con.execute("SELECT rne, place FROM episodes").fetchall()
        told = wh.con.execute("SELECT rule, column_name, message FROM findings "
                              "WHERE rule IS NULL AND column_name IN ('RNE', 'PLACE') "
                              "ORDER BY 2").fetchall()
    assert raw == [("s", "u4")] and history == [("S", "U4")]
    assert told == [(None, "PLACE", "'u4' is read as U4 (the DfE's PLACE codes are in "
                                    "capitals)"),
                    (None, "RNE", "'s' is read as S (the DfE's RNE codes are in capitals)")]


def test_a_bad_value_is_kept_as_received_and_null_in_the_history(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "883" / "ssda903_2025",
                          Episodes=[{**EPISODE, "PLACE": "Q9"}])
    path = tmp_path / "w.duckdb"
    result = intake.load(Request([folder]), path)
    assert [r.errors for r in result.loaded] == [1]
    with Warehouse.open(path, read_only=True) as wh:
        raw = wh.con.execute("SELECT place FROM raw_episodes").fetchall()
        history = wh.con.execute("SELECT place FROM episodes").fetchall()
        stored = wh.con.execute("SELECT rule, severity, column_name, table_name FROM findings "
                                "WHERE severity = 'error'").fetchall()
    assert raw == [("Q9",)] and history == [(None,)]
    assert stored == [("146", "error", "PLACE", "Episodes")]


def test_strict_refuses_a_return_with_an_error_and_leaves_the_warehouse_unchanged(
        tmp_path: Path) -> None:
    good = small_return(tmp_path / "883" / "ssda903_2024",
                        Header=[{**HEADER, "SEX": "1"}],
                        Episodes=[{**EPISODE, "DECOM": "01/05/2023"}])
    path = tmp_path / "w.duckdb"
    intake.load(Request([good]), path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    bad = small_return(tmp_path / "883" / "ssda903_2025", Header=[{**HEADER, "ETHNIC": "XX"}])
    with pytest.raises(LoadRefused) as e:
        intake.load(Request([bad]), path, strict=True)
    assert [f.column for f in e.value.findings] == ["ETHNIC"] and e.value.total == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_an_unrecognised_file_names_the_nearest_table_and_refuses(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "883_2025")
    (folder / "episodes.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST,PL_POST,URN,COLOUR\n",
        encoding="utf-8")
    [message] = refusals([folder])
    assert "episodes.csv, row 1" in message and "nearest is Episodes" in message
    assert "missing columns: REASON_PLACE_CHANGE" in message
    assert "extra columns: COLOUR" in message


def test_a_column_named_twice_refuses(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "883_2025")
    (folder / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,child\n",
                                       encoding="utf-8")
    [message] = refusals([folder])
    assert "header.csv, row 1, column CHILD: the header names a column twice" in message


def test_two_files_of_one_table_are_refused_even_when_they_agree(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "883_2025")
    (folder / "children.csv").write_text((folder / "header.csv").read_text())
    [message] = refusals([folder])
    assert "a second Header table in the same return (the first is" in message
    assert "keep only the one to load" in message


def test_a_table_from_a_year_it_does_not_exist_in_refuses(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "883" / "ssda903_2023", SWEpisodes=[
        {"CHILD": "101", "DOB": "01/06/2015", "SW_ID": "A1", "SW_DECOM": "01/05/2022"}])
    [message] = refusals([folder])
    assert "SWEpisodes is collected from 2023/24; this return is for 2022/23" in message


def test_the_council_must_be_known_and_be_this_returns(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "returns" / "latest")
    [message] = refusals([folder])
    assert "cannot tell which council" in message and "--la" in message
    assert refusals([folder], la_code="883") == []
    named = small_return(tmp_path / "919" / "ssda903_2025")
    [message] = refusals([named], la_code="883")
    assert "another council's return: its name says 919, --la says 883" in message


def test_last_years_return_given_with_previous_is_compared_with(tmp_path: Path) -> None:
    from last_year_returns import EXPECTED, last_year_rules, return_2024, return_2025

    y2024 = return_2024(tmp_path / "last" / "883_2024")
    y2025 = return_2025(tmp_path / "883" / "ssda903_2025")
    with intake.open_run(Request([y2025], previous=[y2024])) as run:
        [ret] = run.returns  # last year's is only read: not a return of the run
        found = run.findings()
    assert ret.compared_with is not None
    assert ret.compared_with.reference_date == dt.date(2024, 3, 31)
    assert last_year_rules(found) == EXPECTED
    # Rows of last year's return are named in last year's file and marked as such.
    [f576] = [f for f in found if f.rule == "576"]
    assert (f576.file, f576.in_return) == (str(y2024 / "missing.csv"), "previous")


def test_figures_straight_from_files_need_no_warehouse(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "883" / "ssda903_2025")
    with intake.in_memory(Request([folder])) as wh:
        assert wh.con.execute("SELECT count(*) FROM episodes").fetchone()[0] == 1
    assert not list(tmp_path.rglob("*.duckdb"))


def test_last_years_return_of_another_year_or_council_is_refused(tmp_path: Path) -> None:
    from last_year_returns import return_2024, return_2025

    y2025 = return_2025(tmp_path / "883" / "ssda903_2025")
    two_back = return_2024(tmp_path / "old" / "883_2023")
    [message] = refusals([y2025], previous=[two_back])
    assert "--previous: this is the 2022/23 return by its names" in message
    other = return_2024(tmp_path / "919" / "ssda903_2024")
    [message] = refusals([y2025], previous=[other])
    assert "--previous: this is council 919's return by its names" in message


def test_one_unreadable_return_does_not_stop_the_others_being_checked(tmp_path: Path) -> None:
    small_return(tmp_path / "883" / "ssda903_2025", Episodes=[{**EPISODE, "PLACE": "Q9"}])
    bad = small_return(tmp_path / "919" / "ssda903_2025")
    (bad / "episodes.csv").write_text("CHILD;DECOM;RNE\n", encoding="utf-8")
    with intake.open_run(Request([tmp_path])) as run:
        assert [r.la_code for r in run.returns] == ["883"]
        assert run.errors == 1  # the good return's bad PLACE, still found
        [refusal] = run.refusals
    assert "919" in refusal.file and "semicolon" in refusal.message


def _urn_rules(run: intake.Run) -> set[tuple[str, int]]:
    return {(str(r), int(n)) for r, n in run.con.execute(
        "SELECT rule, row_number FROM run_findings WHERE rule IN ('1008', '219')").fetchall()}


def test_ofsted_provider_lists_given_check_the_placements_urns(tmp_path: Path) -> None:
    from bench_harness import load

    lists = load("provider_lists")
    paths = lists.write_lists(tmp_path / "ofsted", [
        lists.Provider("SC100001", ("K2",), ("PR4",), "RM16 2XX")])
    folder = small_return(tmp_path / "883" / "ssda903_2025", Episodes=[
        EPISODE | {"PLACE": "K2", "PLACE_PROVIDER": "PR4", "URN": "SC100001"},
        EPISODE | {"DECOM": "01/06/2024", "PLACE": "K1", "URN": "SC100001"},
        EPISODE | {"DECOM": "01/07/2024", "PLACE": "K2", "URN": "SC999999"}])
    with intake.open_run(Request([folder], provider_lists=paths)) as run:
        assert _urn_rules(run) == {("219", 3), ("1008", 4), ("219", 4)}
        assert not any("provider lists" in n for n in run.notes)
    # Without the lists, the rules are not run, and the council is told which.
    with intake.open_run(Request([folder])) as run:
        assert _urn_rules(run) == set()
        assert ("Ofsted's provider lists were not given (--provider-lists): rules 219, 221, "
                "224, 227, 228, 229, 1008 checking placements' URNs were not run") in run.notes


def test_a_provider_list_that_cannot_be_read_refuses_the_run(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "883" / "ssda903_2025")
    bad = tmp_path / "homes.xlsx"
    bad.write_text("URN,PLACE\n", encoding="utf-8")
    assert refusals([folder], provider_lists=[bad]) == [
        f"{bad}: not read as an Ofsted provider list: not an Excel workbook (.xlsx) as Ofsted "
        "publishes its provider lists"]


def test_care_leavers_are_checked_against_every_earlier_return_in_the_warehouse(
        tmp_path: Path) -> None:
    """Rules 1001 and 1002: a care leaver of 19 who left care at 17, in 2022, has episodes
    only in the 2021/22 return. With that return in the warehouse, validating 2024/25
    (with 2023/24 beside it) finds nothing; without the warehouse the rules are not run."""
    from conftest import load_returns

    leaver = {"CHILD": "L", "SEX": "F", "DOB": "01/06/2005", "ETHNIC": "WBRI"}
    oc3 = [{"CHILD": "L", "DOB": "01/06/2005", "IN_TOUCH": "YES", "ACTIV": "F2",
            "ACCOM": "S1"}]
    care = EPISODE | {"CHILD": "L", "DECOM": "01/05/2021", "DEC": "20/01/2022", "REC": "E4A"}
    warehouse = load_returns(tmp_path / "wh", {
        "883/ssda903_2022": {"Header": [HEADER, leaver], "Episodes": [EPISODE, care]}})
    this = small_return(tmp_path / "883" / "ssda903_2025", Header=[HEADER, leaver], OC3=oc3)
    last = small_return(tmp_path / "883" / "ssda903_2024")

    def found(**kw) -> set[str]:
        with intake.open_run(Request([this], previous=[last]), **kw) as run:
            return {str(r) for (r,) in run.con.execute(
                "SELECT rule FROM run_findings WHERE rule IN ('1001', '1002')").fetchall()}

    assert found(warehouse=warehouse) == set()
    assert found() == set()  # not run: no earlier returns to read
    # A warehouse without the 2021/22 return: the care leaver has no episodes anywhere.
    empty = load_returns(tmp_path / "wh2", {"883/ssda903_2023": {
        "Header": [HEADER], "Episodes": [EPISODE | {"DECOM": "01/05/2022"}]}})
    assert found(warehouse=empty) == {"1001", "1002"}
