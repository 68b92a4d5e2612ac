"""The command line: help for every command, and the commands a user runs after a load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carepanel.cli import app
from last_year_returns import return_2024, return_2025

from conftest import load_returns

runner = CliRunner()


def small(tmp_path: Path) -> Path:
    """883: A open in the 2024 return and gone from the 2025 one (one repair)."""
    hdr = {"CHILD": "A", "SEX": "1", "DOB": "01/01/2012", "ETHNIC": "WBRI"}
    ep = {"CHILD": "A", "DECOM": "01/05/2023", "RNE": "S", "LS": "C2", "CIN": "N1",
          "PLACE": "U4", "PLACE_PROVIDER": "PR1"}
    b_hdr = {**hdr, "CHILD": "B", "SEX": "F"}
    b_ep = {**ep, "CHILD": "B", "DECOM": "01/06/2024"}
    return load_returns(tmp_path, {"883/ssda903_2024": {"Header": [hdr], "Episodes": [ep]},
                                   "883/ssda903_2025": {"Header": [b_hdr],
                                                        "Episodes": [b_ep]}})


@pytest.mark.parametrize("command", [c.name or c.callback.__name__
                                     for c in app.registered_commands])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_summary_and_repairs(tmp_path: Path) -> None:
    path = small(tmp_path)
    out = runner.invoke(app, ["summary", "--warehouse", str(path), "--format", "json"])
    assert out.exit_code == 0, out.output
    [council] = json.loads(out.output)["councils"]
    assert council["la_code"] == "883" and council["children"] == 2
    assert sum(council["repairs"].values()) == 1
    text = runner.invoke(app, ["summary", "--warehouse", str(path)]).output
    # The summary is aggregate: no child identifier appears in it.
    assert "2023/24" in text and "883" in text
    rep = runner.invoke(app, ["repairs", "--warehouse", str(path), "--format", "csv"])
    assert rep.output.splitlines()[0].startswith("la_code,child,decom")
    assert len(rep.output.splitlines()) == 2


def test_validate_reports_errors_with_exit_code(tmp_path: Path) -> None:
    folder = tmp_path / "883"
    folder.mkdir()
    (folder / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
                                       "A,3,01/01/2012,WBRI,,,\n")
    (folder / "episodes.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
        "PL_POST,URN\nA,01/05/2023,S,C2,N1,U4,PR1,,,,,,\n")
    result = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert result.exit_code == 1
    # One error; the DfE rule warnings about the same tiny return (no UPN, no postcodes,
    # ...) come with it so one run shows everything to fix. What was checked goes to
    # stderr, the JSON alone to stdout.
    assert "Checked 883 2023/24, from the return's dates" in result.stderr
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    assert (finding["row"], finding["column"], finding["rule"]) == (2, "SEX", "101")


def test_missing_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["summary", "--warehouse", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "no warehouse" in result.output and "carepanel load" in result.output


def test_indicators_period_with_no_data(tmp_path: Path) -> None:
    path = small(tmp_path)
    result = runner.invoke(app, ["indicators", "--warehouse", str(path),
                                 "--period-end", "2030-03-31"])
    assert result.exit_code == 1
    assert "no data for the 12 months to 2030-03-31" in result.output
    bad = runner.invoke(app, ["indicators", "--warehouse", str(path), "--period-end",
                              "2025-03-31", "--id", "no_such_indicator"])
    assert bad.exit_code == 2 and "unknown indicator id" in bad.output


# --- last year's return from the warehouse -----------------------------------------------


def _last_year_rules_in(path: Path) -> list[tuple]:
    """(rule, file, row, column, child) of rules 203 and 576 recorded in the warehouse."""
    from carepanel.warehouse import Warehouse

    with Warehouse.open(path, read_only=True) as wh:
        return wh.con.execute(
            "SELECT rule, file, row_number, column_name, child FROM findings "
            "WHERE rule IN ('203', '576') ORDER BY rule").fetchall()


def test_load_compares_this_years_return_with_last_years_in_the_warehouse(
        tmp_path: Path) -> None:
    y2024 = return_2024(tmp_path / "883" / "ssda903_2024")
    y2025 = return_2025(tmp_path / "883" / "ssda903_2025")
    path = tmp_path / "w.duckdb"
    first = runner.invoke(app, ["load", str(y2024), "--warehouse", str(path)])
    assert first.exit_code == 0, first.output
    assert ("No return for 31 March 2023 for council 883: rules comparing with last year "
            "were not run") in first.output
    second = runner.invoke(app, ["load", str(y2025), "--warehouse", str(path)])
    assert second.exit_code == 0, second.output
    assert ("Compared with last year's return for 883 (31 March 2024) from the warehouse"
            in second.output)
    assert _last_year_rules_in(path) == [
        ("203", str(y2025 / "header.csv"), 2, "DOB", "A"),
        ("576", str(y2024 / "missing.csv"), 4, "MIS_END", "A")]


def test_load_without_last_years_return_says_the_rules_were_not_run(tmp_path: Path) -> None:

    path = tmp_path / "w.duckdb"
    result = runner.invoke(app, ["load", str(return_2025(tmp_path / "883" / "ssda903_2025")),
                                 "--warehouse", str(path)])
    assert result.exit_code == 0, result.output
    assert ("No return for 31 March 2024 for council 883: rules comparing with last year "
            "were not run") in result.output
    assert _last_year_rules_in(path) == []
    assert "Compared with" not in result.output


def test_validate_reads_last_years_return_from_a_warehouse_and_never_changes_it(
        tmp_path: Path) -> None:
    y2024 = return_2024(tmp_path / "883" / "ssda903_2024")
    y2025 = return_2025(tmp_path / "883" / "ssda903_2025")
    path = tmp_path / "w.duckdb"
    assert runner.invoke(app, ["load", str(y2024), "--warehouse", str(path)]).exit_code == 0
    before = path.read_bytes()
    result = runner.invoke(app, ["validate", str(y2025), "--warehouse", str(path),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert sorted((f["rule"], f["file"], f["row"], f["return"]) for f in out["findings"]
                  if f["rule"] in ("203", "576")) == [
        ("203", str(y2025 / "header.csv"), 2, "current"),
        ("576", str(y2024 / "missing.csv"), 4, "previous")]
    assert out["compared_with"] == {"reference_date": "2024-03-31", "source": "warehouse"}
    assert ("Compared with last year's return for 883 (31 March 2024) from the warehouse"
            in result.stderr)
    text = runner.invoke(app, ["validate", str(y2025), "--warehouse", str(path)])
    assert "Compared with last year's return for 883 (31 March 2024)" in text.output
    assert "[rule 576]" in text.output
    assert path.read_bytes() == before


def test_validate_needs_no_warehouse_and_says_what_it_did_not_check(tmp_path: Path) -> None:

    result = runner.invoke(app, ["validate", str(return_2025(tmp_path / "883" / "y2025"))])
    assert result.exit_code == 0, result.output
    assert ("Rules comparing with last year were not run: no return for 31 March 2024 to "
            "compare with") in result.output
    assert "[rule 203]" not in result.output and "[rule 576]" not in result.output
    missing = runner.invoke(app, ["validate", str(tmp_path / "883" / "y2025"),
                                  "--warehouse", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no warehouse at" in missing.output
    assert not (tmp_path / "none.duckdb").exists()


def test_a_refused_return_compared_with_last_year_leaves_the_warehouse_unchanged(
        tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    runner.invoke(app, ["load", str(return_2024(tmp_path / "883" / "ssda903_2024")),
                        "--warehouse", str(path)])
    before = path.read_bytes()
    bad = return_2025(tmp_path / "883" / "ssda903_2025")
    text = (bad / "header.csv").read_text().replace("01/07/2012", "31/02/2012")
    (bad / "header.csv").write_text(text)
    result = runner.invoke(app, ["load", str(bad), "--warehouse", str(path), "--strict"])
    assert result.exit_code == 1
    assert "Nothing was loaded" in result.output
    assert "header.csv, row 2, column DOB: '31/02/2012' is not a date" in result.output
    assert path.read_bytes() == before
    # validate shows everything to fix at once: the error and last year's comparison.
    checked = runner.invoke(app, ["validate", str(bad), "--warehouse", str(path)])
    assert checked.exit_code == 1
    assert "Compared with last year's return for 883 (31 March 2024)" in checked.output
    assert "missing.csv (last year's return), row 4, column MIS_END" in checked.output


# --- carepanel findings: what the warehouse holds ------------------------------------------


def test_findings_lists_what_was_stored_with_the_returns(tmp_path: Path) -> None:
    """A 2025 return with one bad SEX code loads (1 error in 1 row); `carepanel findings`
    lists it as text, JSON (the validate contract) and a workbook, for that council and
    year only."""
    import openpyxl

    y2025 = return_2025(tmp_path / "883" / "ssda903_2025")
    text = (y2025 / "header.csv").read_text().replace(",M,", ",Q,", 1)
    (y2025 / "header.csv").write_text(text)
    path = tmp_path / "w.duckdb"
    loaded = runner.invoke(app, ["load", str(y2025), "--warehouse", str(path)])
    assert loaded.exit_code == 0, loaded.output
    assert "Loaded 883 2024/25 with 1 error(s) in 1 row(s)" in loaded.output
    assert "carepanel findings --la 883 --year 2024/25" in loaded.output

    listed = runner.invoke(app, ["findings", "--warehouse", str(path), "--la", "883",
                                 "--year", "2024/25"])
    assert listed.exit_code == 0, listed.output
    assert "header.csv, row 2, column SEX: 'Q' is not a valid SEX code" in listed.output
    as_json = runner.invoke(app, ["findings", "--warehouse", str(path), "--format", "json"])
    doc = json.loads(as_json.stdout)
    [error] = [f for f in doc["findings"] if f["severity"] == "error"]
    assert (error["table"], error["row"], error["column"], error["rule"], error["child"]) == (
        "Header", 2, "SEX", "101", "A")
    book = tmp_path / "out" / "findings.xlsx"
    missing = runner.invoke(app, ["findings", "--warehouse", str(path), "--format", "xlsx",
                                  "--output", str(book)])
    assert missing.exit_code != 0  # the folder "out" does not exist: said before any work
    book.parent.mkdir()
    written = runner.invoke(app, ["findings", "--warehouse", str(path), "--format", "xlsx",
                                  "--output", str(book)])
    assert written.exit_code == 0, written.output
    sheets = openpyxl.load_workbook(book).sheetnames
    assert "Findings by rule" in sheets and "Findings by child" in sheets
    other_year = runner.invoke(app, ["findings", "--warehouse", str(path), "--year", "2023/24",
                                     "--format", "json"])
    assert json.loads(other_year.stdout)["findings"] == []


def test_validate_with_ofsted_provider_lists_runs_the_urn_rules(tmp_path: Path) -> None:
    from bench_harness import load

    lists = load("provider_lists")
    homes, others = lists.write_lists(tmp_path / "ofsted", [
        lists.Provider("SC100001", ("K2",), ("PR4",), "RM16 2XX")])
    folder = return_2025(tmp_path / "883" / "ssda903_2025")

    def rules(*extra: str) -> dict:
        result = runner.invoke(app, ["validate", str(folder), "--format", "json", *extra])
        header = json.loads(result.stdout)
        return {"run": set(header["rules_run"]),
                "not_run": {n["rule"]: n["why"] for n in header["rules_not_run"]}}

    given = rules("--provider-lists", str(homes), "--provider-lists", str(others))
    assert {"1008", "219", "221", "224", "227", "228", "229"} <= given["run"]
    without = rules()
    assert "1008" not in without["run"]
    assert without["not_run"]["1008"] == ("Ofsted's provider lists were not given "
                                          "(--provider-lists)")
    assert without["not_run"]["1002"] == ("needs the council's earlier returns, read from a "
                                          "warehouse (--warehouse)")


def test_a_provider_list_that_cannot_be_read_stops_validate_in_one_line(tmp_path: Path) -> None:
    folder = return_2025(tmp_path / "883" / "ssda903_2025")
    bad = tmp_path / "homes.xlsx"
    bad.write_text("URN\nSC1\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(folder), "--provider-lists", str(bad)])
    assert result.exit_code == 2
    assert (f"{bad}: not read as an Ofsted provider list: not an Excel workbook (.xlsx) as "
            "Ofsted publishes its provider lists") in " ".join(result.output.split())
    assert "Traceback" not in result.output
