"""``carepanel care-leavers`` on a small loaded warehouse: counts only, never child ids."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carepanel.care_leaver_cli import app

from conftest import load_returns

runner = CliRunner()


def hdr(child: str, dob: str) -> dict[str, str]:
    return {"CHILD": child, "SEX": "M", "DOB": dob, "ETHNIC": "WBRI"}


def ep(child: str, decom: str, dec: str = "", rec: str = "") -> dict[str, str]:
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": "C2", "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR1", "DEC": dec, "REC": rec}


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """Council 883 on 31/03/2025 (child ids are CANARY* so a leak would show):

    CANARY1, 17, in care since 01/01/2024                      -> eligible, 17
    CANARY2, 16, in care 01/01/2024-01/12/2024 (after 16)      -> relevant, 16
    CANARY3, 20, in care 2019 to its 18th birthday (E17)       -> former relevant, 20
    CANARY4, 19, in care 2020 to 01/06/2023 (left at 17)       -> former relevant, 19
    CANARY5, 12, in care since 01/05/2024                      -> not a care leaver
    Council 884: CANARY6, 21, in care 2018 to 18 (E17)          -> former relevant, 21
    883: eligible 1, relevant 1, former relevant 2, all 4.
    """
    return load_returns(tmp_path, {
        "883/ssda903_2025": {
            "Header": [hdr("CANARY1", "01/01/2008"), hdr("CANARY2", "01/06/2008"),
                       hdr("CANARY3", "01/01/2005"), hdr("CANARY4", "01/01/2006"),
                       hdr("CANARY5", "01/01/2013")],
            "Episodes": [ep("CANARY1", "01/01/2024"),
                         ep("CANARY2", "01/01/2024", "01/12/2024", "E13"),
                         ep("CANARY3", "01/01/2019", "01/01/2023", "E17"),
                         ep("CANARY4", "01/01/2020", "01/06/2023", "E13"),
                         ep("CANARY5", "01/05/2024")]},
        "884/ssda903_2025": {
            "Header": [hdr("CANARY6", "01/01/2004"), hdr("Z", "01/01/2013")],
            "Episodes": [ep("CANARY6", "01/01/2018", "01/01/2022", "E17"),
                         ep("Z", "01/05/2024")]},
    })


def test_json_counts_by_status_and_age(warehouse: Path) -> None:
    run = runner.invoke(app, ["--date", "2025-03-31", "--warehouse", str(warehouse),
                              "--format", "json"])
    assert run.exit_code == 0, run.output
    doc = json.loads(run.stdout)
    assert doc["date"] == "2025-03-31"
    by_la = {c["la_code"]: c for c in doc["councils"]}
    assert by_la["883"]["by_status"] == {"eligible": 1, "relevant": 1, "former_relevant": 2}
    assert by_la["883"]["total"] == 4
    ages = {row["age"]: row for row in by_la["883"]["by_age"]}
    assert sorted(ages) == list(range(16, 25))
    assert (ages[17]["eligible"], ages[16]["relevant"]) == (1, 1)
    assert (ages[19]["former_relevant"], ages[20]["former_relevant"]) == (1, 1)
    assert ages[18]["total"] == 0
    assert by_la["884"]["by_status"] == {"eligible": 0, "relevant": 0, "former_relevant": 1}
    assert "CANARY" not in run.stdout


def test_text_shows_each_status_and_no_child_ids(warehouse: Path) -> None:
    run = runner.invoke(app, ["--date", "2025-03-31", "--warehouse", str(warehouse),
                              "--la", "883"])
    assert run.exit_code == 0, run.output
    assert "council 883" in run.stdout and "council 884" not in run.stdout
    lines = {line.split("│")[1].strip(): line.split("│")[2].strip()
             for line in run.stdout.splitlines() if line.count("│") == 3}
    assert lines["eligible (16-17, still looked after)"] == "1"
    assert lines["relevant (16-17, left care)"] == "1"
    assert lines["former relevant (18-24)"] == "2"
    assert lines["all care leavers"] == "4"
    assert "CANARY" not in run.output


def test_csv_is_one_row_per_council_status_and_age(warehouse: Path) -> None:
    """2 councils x 3 statuses x 9 ages (16-24) = 54 rows; the non-zero ones as above."""
    run = runner.invoke(app, ["--date", "2025-03-31", "--warehouse", str(warehouse),
                              "--format", "csv"])
    assert run.exit_code == 0, run.output
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert len(rows) == 54
    non_zero = {(r["la_code"], r["status"], r["age"]): r["young_people"]
                for r in rows if r["young_people"] != "0"}
    assert non_zero == {("883", "eligible", "17"): "1", ("883", "relevant", "16"): "1",
                        ("883", "former_relevant", "19"): "1",
                        ("883", "former_relevant", "20"): "1",
                        ("884", "former_relevant", "21"): "1"}


def test_default_warehouse_comes_from_the_environment(warehouse: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREPANEL_WAREHOUSE", str(warehouse))
    run = runner.invoke(app, ["--date", "2025-03-31", "--la", "884", "--format", "json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["councils"][0]["total"] == 1


def test_bad_input_is_refused_with_a_reason(warehouse: Path, tmp_path: Path) -> None:
    bad_date = runner.invoke(app, ["--date", "31/03/2025", "--warehouse", str(warehouse)])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    bad_format = runner.invoke(app, ["--date", "2025-03-31", "--warehouse", str(warehouse),
                                     "--format", "xml"])
    assert bad_format.exit_code == 2 and "text, json, csv" in bad_format.output
    unknown_la = runner.invoke(app, ["--date", "2025-03-31", "--warehouse", str(warehouse),
                                     "--la", "999"])
    assert unknown_la.exit_code == 1 and "883, 884" in unknown_la.output
    missing = runner.invoke(app, ["--date", "2025-03-31", "--warehouse",
                                  str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no warehouse" in missing.output
    no_date = runner.invoke(app, ["--warehouse", str(warehouse)])
    assert no_date.exit_code == 2
