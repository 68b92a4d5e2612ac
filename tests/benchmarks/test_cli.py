"""``carepanel benchmarks load`` and ``show`` as a user runs them, on the real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carepanel.benchmarks.cli import app

runner = CliRunner()

_LOADED: dict[str, Path] = {}


@pytest.fixture
def warehouse(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every real file loaded once, through the command."""
    if "path" not in _LOADED:
        path = tmp_path_factory.mktemp("dfe") / "warehouse.duckdb"
        out = runner.invoke(app, ["load", str(shared_dir / "data" / "dfe"),
                                  "--warehouse", str(path)])
        assert out.exit_code == 0, out.output
        _LOADED["path"] = path
        _LOADED["output"] = out.output
    return _LOADED["path"]


def test_load_lists_what_it_loaded_and_what_it_skipped(warehouse: Path) -> None:
    output = _LOADED["output"]
    assert "sn_model_2025_wide.csv" in output
    # Files the scorecard does not use are named as skipped, not errors.
    for name in ("README.md", "la_cla_school_moves.csv",
                 "la_cla_during_year_new_placements.csv"):
        assert f"skipped {name}" in output
    assert "skipped national_cla_adopted" not in output  # England's adoption timeliness
    assert str(warehouse) in output.replace("\n", "")


@pytest.mark.parametrize("command", ["load", "show"])
def test_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_show_json(warehouse: Path) -> None:
    out = runner.invoke(app, ["show", "--la", "883", "--year", "2025", "--indicator",
                              "cla_rate_per_10k", "--format", "json", "--warehouse",
                              str(warehouse)])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert doc["geography"]["la_name"] == "Thurrock"
    [b] = doc["benchmarks"]
    # cla_number_and_rate_per_10k_children.csv lines 279, 3, 21: 60, 67, 49; the median
    # of the 10 neighbours' rates is 59.5 (worked out in test_query.py)
    assert (b["la"], b["england"], b["region"], b["neighbours_median"]) == (60, 67, 49, 59.5)


def test_show_text_names_the_fallback_year(warehouse: Path) -> None:
    out = runner.invoke(app, ["show", "--la", "883", "--year", "2025", "--warehouse",
                              str(warehouse)])
    assert out.exit_code == 0, out.output
    text = " ".join(out.output.split())
    assert "Thurrock (883), East of England" in text
    # line 279 of the rates file: cla_rate_per_10k 60 | England 67 | region 49 | median 59.5
    assert "│ 2025 │ 60 │ 67 │ 49 │ 59.5 │ 10/10 │" in text
    # social workers: published for 2024 only -> shown as 2024*, with the footnote
    assert "2024*" in text
    assert "not yet published for 2025" in text


def test_show_unknown_council_fails(warehouse: Path) -> None:
    out = runner.invoke(app, ["show", "--la", "999", "--year", "2025", "--warehouse",
                              str(warehouse)])
    assert out.exit_code == 1
    assert "999" in out.output


def test_load_refuses_a_malformed_file_naming_line_and_column(shared_dir: Path,
                                                              tmp_path: Path) -> None:
    src = shared_dir / "data" / "dfe" / "la_cla_swcount.csv"
    lines = src.read_text(encoding="utf-8-sig").splitlines()
    # line 183: Thurrock 2024 ...,78,27 -> a percentage the DfE never writes
    assert lines[182].endswith(",78,27")
    lines[182] = lines[182][:-len(",78,27")] + ",78,27%"
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "sw.csv").write_text("\n".join(lines) + "\n")
    path = tmp_path / "w.duckdb"
    out = runner.invoke(app, ["load", str(tmp_path / "d"), "--warehouse", str(path)])
    assert out.exit_code == 1
    assert "sw.csv, line 183, column percentage" in out.output.replace("\n", " ")
    assert "unchanged" in out.output
    assert not path.exists()


def test_load_with_nothing_recognised_fails(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.csv").write_text("a,b\n1,2\n")
    out = runner.invoke(app, ["load", str(tmp_path / "d"), "--warehouse",
                              str(tmp_path / "w.duckdb")])
    assert out.exit_code == 1
    assert "skipped x.csv" in out.output


def test_load_into_the_default_warehouse(shared_dir: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --warehouse the command uses $CAREPANEL_WAREHOUSE, like carepanel load."""
    target = tmp_path / "env.duckdb"
    monkeypatch.setenv("CAREPANEL_WAREHOUSE", str(target))
    (tmp_path / "d").mkdir()
    shutil.copy(shared_dir / "data" / "dfe" / "la_cla_swcount.csv", tmp_path / "d")
    out = runner.invoke(app, ["load", str(tmp_path / "d")])
    assert out.exit_code == 0, out.output
    assert target.exists()
