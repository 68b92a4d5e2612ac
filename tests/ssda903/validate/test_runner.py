"""The runner shares the rules out between threads: the findings must not depend on it."""

from __future__ import annotations

from pathlib import Path

from carepanel.ssda903.load import discover, read_return
from carepanel.ssda903.validate import runner

from conftest import write_return

HEADER = {"CHILD": "101", "SEX": "M", "DOB": "01/06/2015", "ETHNIC": "WBRI"}
EPISODE = {"CHILD": "101", "DECOM": "01/05/2024", "RNE": "S", "LS": "C2", "CIN": "N1",
           "PLACE": "U4", "PLACE_PROVIDER": "PR1"}


def test_threads_find_exactly_what_one_thread_finds(tmp_path: Path) -> None:
    """A small 2024/25 return with an overlap (501), a child with no Header row (INT03) and
    the blanks a tiny hand-made return has (no UPN, no postcodes, ...): every rule runs
    once either way, so the findings are the same list in the same order."""
    folder = write_return(tmp_path / "883", {
        "Header": [HEADER],
        "Episodes": [{**EPISODE, "DEC": "01/09/2024", "REC": "X1"},
                     {**EPISODE, "DECOM": "01/08/2024", "RNE": "P", "PLACE": "U5"},
                     {**EPISODE, "CHILD": "999"}]})
    ret = read_return(discover([folder])[0])
    # Without last year's return, the rules that compare with it are left out (as validate
    # does).
    rules = [r for r in runner.rules_for(ret.collection_year) if not r.uses_previous]
    with runner._database(ret, None) as con:
        alone = runner.run_rules(con, rules, workers=1)
        shared = runner.run_rules(con, rules, workers=3)
    assert shared == alone
    codes = {code for code, *_ in alone}
    assert {"501", "INT03"} <= codes and len(alone) > 5
