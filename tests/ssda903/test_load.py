"""Reading and checking returns: tables by header, every problem named where it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carepanel.ssda903.findings import LoadRefused
from carepanel.ssda903.load import discover, read_return, read_returns
from carepanel.warehouse import Warehouse

from conftest import write_return

HEADER = {"CHILD": "101", "SEX": "1", "DOB": "01/06/2015", "ETHNIC": "WBRI"}
EPISODE = {"CHILD": "101", "DECOM": "01/05/2023", "RNE": "S", "LS": "C2", "CIN": "N1",
           "PLACE": "U4", "PLACE_PROVIDER": "PR1"}


def small_return(folder: Path, **overrides: list[dict[str, str]]) -> Path:
    tables = {"Header": [HEADER], "Episodes": [EPISODE]}
    tables.update(overrides)
    return write_return(folder, tables)


def refused(group: list[Path], **kw) -> list[str]:
    """The errors that refuse a return (DfE rule warnings come with them, and are left out)."""
    with pytest.raises(LoadRefused) as e:
        read_return(group, strict=True, **kw)
    return [str(f) for f in e.value.findings if f.severity == "error"]


def test_tables_are_recognised_by_header_not_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "883" / "export"
    folder.mkdir(parents=True)
    # Odd file names, a BOM, lower-case headers with spaces and columns in another order.
    (folder / "a.csv").write_text("\ufeff dob ,child,Sex,ETHNIC,UPN,MOTHER,MC_DOB\n"
                                  "01/06/2015,101,1,WBRI,,,\n", encoding="utf-8")
    (folder / "b.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
        "PL_POST,URN\n101,01/05/2023,S,C2,N1,U4,PR1,,,,,,\n", encoding="utf-8")
    ret = read_return(discover([tmp_path])[0])
    assert {f.table.name for f in ret.files} == {"Header", "Episodes"}
    header = ret.table("Header")
    assert header is not None and header.rows == [["101", "1", "01/06/2015", "WBRI", "", "", ""]]
    assert ret.la_code == "883"
    # The latest date held is 1 May 2023, so the return describes 31 March 2024.
    assert ret.reference_date == dt.date(2024, 3, 31)
    assert ret.collection_year == 2024


def test_unrecognised_file_names_nearest_table_and_columns(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "883_2024")
    (folder / "episodes.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST,PL_POST,URN,COLOUR\n",
        encoding="utf-8")
    messages = refused(discover([folder])[0])
    [message] = [m for m in messages if "episodes.csv" in m]
    assert "nearest is Episodes" in message
    assert "missing columns: REASON_PLACE_CHANGE" in message
    assert "extra columns: COLOUR" in message


def test_bad_date_and_bad_code_are_named_by_file_row_column_and_rule(tmp_path: Path) -> None:
    bad = [EPISODE, {**EPISODE, "CHILD": "102", "DECOM": "31/02/2024", "PLACE": "Q9"}]
    folder = small_return(tmp_path / "883", Episodes=bad,
                          Header=[HEADER, {**HEADER, "CHILD": "102"}])
    messages = refused(discover([folder])[0])
    # Row 3 of the spreadsheet is the second data row (the header is row 1).
    assert any("episodes.csv, row 3, column DECOM" in m and "'31/02/2024' is not a date" in m
               and "[rule 141]" in m for m in messages)
    assert any("episodes.csv, row 3, column PLACE" in m and "'Q9' is not a valid PLACE code"
               in m and "[rule 146]" in m for m in messages)


def test_codes_follow_the_collection_year(tmp_path: Path) -> None:
    # SEX is 1/2 up to 2023/24 and M/F/U from 2024/25.
    old = small_return(tmp_path / "883" / "y2024", Header=[{**HEADER, "SEX": "M"}])
    [message] = refused(discover([old])[0])
    assert "'M' is not a valid SEX code for 2023/24" in message

    new = small_return(tmp_path / "883" / "y2025",
                       Header=[{**HEADER, "SEX": "M"}],
                       Episodes=[{**EPISODE, "DECOM": "01/05/2024", "PLACE": "K3",
                                  "PLACE_PROVIDER": "PR4"}])
    assert read_return(discover([new])[0]).collection_year == 2025


def test_table_not_yet_collected_is_refused(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "883", SWEpisodes=[
        {"CHILD": "101", "DOB": "01/06/2015", "SW_ID": "A1", "SW_DECOM": "01/05/2022"}])
    folder = write_return(folder, {"Episodes": [{**EPISODE, "DECOM": "01/05/2022"}]})
    [message] = refused(discover([folder])[0])
    assert "SWEpisodes is collected from 2023/24; this return is for 2022/23" in message


def test_council_code_must_be_known(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "returns" / "latest")
    [message] = refused(discover([folder])[0])
    assert "cannot tell which council" in message and "--la" in message
    assert read_return(discover([folder])[0], la_code="883").la_code == "883"


def test_ragged_row_and_missing_required_value(tmp_path: Path) -> None:
    folder = small_return(tmp_path / "883", Header=[{**HEADER, "DOB": ""}])
    with open(folder / "episodes.csv", "a", encoding="utf-8") as fh:
        fh.write("102,01/05/2023,S,C2,N1,U4,PR1,,,,,,,EXTRA\n")
    messages = refused(discover([folder])[0])
    assert any("header.csv, row 2, column DOB: a value is required" in m for m in messages)
    assert any("episodes.csv, row 3" in m and "14 values" in m for m in messages)


def test_workbook_with_one_sheet_per_table(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Children"
    sheet.append(["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"])
    sheet.append([101, 1, dt.datetime(2015, 6, 1), "WBRI", None, None, None])
    eps = book.create_sheet("Episodes of care")
    eps.append([*list(EPISODE), "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"])
    eps.append([101, dt.datetime(2023, 5, 1), "S", "C2", "N1", "U4", "PR1"])
    path = tmp_path / "ssda903_883.xlsx"
    book.save(path)
    ret = read_return(discover([path])[0])
    assert ret.la_code == "883"
    header = ret.table("Header")
    # Numbers and real dates in cells read as the return's text forms.
    assert header is not None and header.rows[0][:3] == ["101", "1", "01/06/2015"]


def test_cross_table_problems_are_warnings_not_refusals(tmp_path: Path) -> None:
    overlapping = [
        {**EPISODE, "DEC": "01/09/2023", "REC": "X1"},
        # Starts before the previous episode ended: DfE rule 501.
        {**EPISODE, "DECOM": "01/08/2023", "RNE": "P", "PLACE": "U5"},
        # A child with episodes but no Header row.
        {**EPISODE, "CHILD": "999"},
    ]
    ret = read_return(discover([small_return(tmp_path / "883", Episodes=overlapping)])[0])
    rules = sorted((w.rule or "", w.row) for w in ret.warnings)
    assert ("501", 3) in rules
    # The child with no Header row: DfE rule INT03, named with the DfE's own message.
    assert ("INT03", 4) in rules
    [int03] = [w for w in ret.warnings if w.rule == "INT03"]
    assert int03.message == "Internal Check: Child in Episodes does not exist in Header."
    assert int03.child == "999" and int03.column == "CHILD"
    assert all(w.severity == "warning" for w in ret.warnings)


def test_rows_are_numbered_as_the_spreadsheet_shows_them_after_blank_lines(
        tmp_path: Path) -> None:
    """episodes.csv: header (row 1), an episode 01/05/2023 to 01/09/2023 (row 2), a blank
    line (row 3), then on row 4 first an episode with an impossible date, later a move (P)
    on 01/08/2023, before the first episode ended (DfE rule 501). Excel shows the blank
    line as row 3, so both findings are on row 4, and the warehouse keeps rows 2 and 4."""
    def with_blank_line(folder: Path) -> Path:
        episodes = folder / "episodes.csv"
        lines = episodes.read_text().splitlines()
        episodes.write_text("\n".join([*lines[:2], "", *lines[2:]]) + "\n")
        return folder

    first = {**EPISODE, "DEC": "01/09/2023", "REC": "X1"}
    bad = {**EPISODE, "DECOM": "31/02/2024", "RNE": "P"}
    folder = with_blank_line(small_return(tmp_path / "bad" / "883", Episodes=[first, bad]))
    assert any("episodes.csv, row 4, column DECOM" in m
               for m in refused(discover([folder])[0]))

    move = {**EPISODE, "DECOM": "01/08/2023", "RNE": "P", "PLACE": "U5"}
    folder = with_blank_line(small_return(tmp_path / "good" / "883", Episodes=[first, move]))
    ret = read_return(discover([folder])[0])
    assert [n for n, _ in ret.table("Episodes").numbered()] == [2, 4]
    assert ("501", 4) in {(w.rule, w.row) for w in ret.warnings}
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load([ret])
        rows = wh.con.execute("SELECT row_number, decom FROM raw_episodes ORDER BY 1").fetchall()
    assert rows == [(2, "01/05/2023"), (4, "01/08/2023")]


def test_with_strict_one_bad_return_refuses_them_all(tmp_path: Path) -> None:
    good = small_return(tmp_path / "883" / "a")
    bad = small_return(tmp_path / "883" / "b", Header=[{**HEADER, "ETHNIC": "XXXX"}])
    with pytest.raises(LoadRefused) as e:
        read_returns([good, bad], strict=True)
    assert [f.column for f in e.value.findings if f.severity == "error"] == ["ETHNIC"]
    assert "[rule 103]" in str(e.value)


def test_every_injected_error_is_named_where_it_is(tmp_path: Path) -> None:
    """The generator's --errors manifest against the loader's findings, one by one."""
    import json

    from carepanel.ssda903.synth import generate

    result = generate(tmp_path, children=120, years=2, seed=5, la_code="883", errors=0.02)
    manifest = json.loads(result.manifest.read_text())
    returns = read_returns([tmp_path])
    findings = [f for r in returns for f in r.errors + r.warnings]
    found = {(Path(f.file).parent.name, Path(f.file).name, f.row, f.column)
             for f in findings if f.severity == "error"}
    field_errors = [m for m in manifest["errors"]
                    if m["kind"] in ("bad_code", "impossible_date")]
    assert field_errors, "the generator injected no field errors"
    children_warned = {(f.rule, f.child) for f in findings if f.severity == "warning"}
    for m in field_errors:
        if m["kind"] == "impossible_date" and _is_date(m["value"]):
            # A real date that cannot be true (a birth after the child came into care) is
            # a DfE rule finding on the child's first episode: rule 302.
            child = _child_of(tmp_path / m["la_code"] / m["return"] / m["file"], m["row"])
            assert ("302", child) in children_warned, m
            continue
        # The manifest counts data rows from 1; the loader counts spreadsheet rows, where
        # the header is row 1.
        assert (m["return"], m["file"], m["row"] + 1, m["column"]) in found, m


def _is_date(text: str) -> bool:
    import datetime as dt

    try:
        dt.datetime.strptime(text, "%d/%m/%Y")
    except ValueError:
        return False
    return True


def _child_of(path: Path, data_row: int) -> str:
    import csv

    with open(path, encoding="utf-8") as fh:
        return list(csv.reader(fh))[data_row][0]
