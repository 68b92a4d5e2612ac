"""The councils' DfE codes with their ONS codes."""

from __future__ import annotations

import duckdb

from carepanel.reference import councils


def test_every_council_has_its_ons_code_merged_ones_too() -> None:
    con = duckdb.connect()
    councils.stage(con)
    codes = dict(con.execute("SELECT la_code, ons_code FROM ref_council").fetchall())
    assert codes["883"] == "E06000034"    # Thurrock
    assert codes["942"] == "E06000063"    # Cumberland, since 2023
    assert codes["909"] == "E10000006"    # Cumbria, before it was split
    assert codes["801"] == "E06000023"    # "Bristol, City of": a name with a comma
    assert len(codes) >= 153
