"""The ONS postcode directory read from its package into DuckDB, and a run's postcodes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from carepanel.reference import postcodes


def test_the_directory_is_cached_once_and_a_run_takes_only_its_postcodes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREPANEL_CACHE_DIR", str(tmp_path / "cache"))
    path = postcodes.lookup_file()
    assert path.parent == tmp_path / "cache" and path.suffix == ".parquet"
    built = path.stat().st_mtime_ns
    assert postcodes.lookup_file() == path and path.stat().st_mtime_ns == built

    con = duckdb.connect()
    con.execute("CREATE TABLE e AS SELECT * FROM (VALUES ('rm17 5xx'), ('CB1 1AA'), "
                "('CF10 1AA'), ('EH1 1AA'), ('BT1 1AA'), ('ZZ9 9ZZ'), (NULL)) AS v(p)")
    postcodes.stage(con, "SELECT p FROM e")
    rows = dict((p, (la, upper)) for p, la, upper in con.execute(
        "SELECT postcode, la, placement_la FROM ref_postcode").fetchall())
    assert rows == {
        "RM175XX": ("E06000034", "E06000034"),  # Thurrock, a unitary council
        "CB11AA": ("E07000008", "E10000003"),   # Cambridge, in Cambridgeshire
        "CF101AA": ("W06000015", "WAL"),
        "EH11AA": ("S12000036", "SCO"),
        "BT11AA": ("N09000003", "NIR"),
    }


def test_a_damaged_postcode_file_is_named_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "postcodes_Q.msgpack.br"
    bad.write_bytes(b"not brotli")
    con = duckdb.connect()
    con.execute("CREATE TABLE pc (pcd VARCHAR, la VARCHAR, easting DOUBLE, northing DOUBLE)")
    with pytest.raises(postcodes.PostcodesUnavailable) as e:
        postcodes._append(con, bad)
    assert str(bad) in str(e.value) and "\n" not in str(e.value)
