"""The command line: help for every command, and the commands a user runs after a load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carepanel.cli import app

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
    # The one error refuses the return; DfE rule warnings about the same tiny return
    # (no UPN, no postcodes, ...) come with it so one run shows everything to fix.
    [finding] = [f for f in json.loads(result.output)["findings"] if f["severity"] == "error"]
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
