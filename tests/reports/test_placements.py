"""Where children are placed: the paper's table by distance from home and location."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carepanel.reports import placements
from carepanel.reports.model import Table
from carepanel.warehouse import Warehouse

from conftest import load_returns

END = dt.date(2025, 3, 31)


def _episode(child: str, pl_post: str, **kw: str) -> dict[str, str]:
    return {"CHILD": child, "DECOM": "01/06/2024", "RNE": "S", "LS": "C2", "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR4", "HOME_POST": "RM17 5XX",
            "PL_POST": pl_post, **kw}


def test_children_counted_by_distance_band_and_location(tmp_path: Path) -> None:
    """Council 883 is Thurrock. Homes in Grays (RM17 5XX); placements: RM16 2XX in
    Thurrock, 1.2 miles (A, B); CM1 1AA in Essex, 19.2 miles (C); B1 1AA in Birmingham,
    117 miles (D); ZZ9 9ZZ, no postcode (E); F left care before 31 March."""
    posts = {"A": "RM16 2XX", "B": "RM16 2XX", "C": "CM1 1AA", "D": "B1 1AA", "E": "ZZ9 9ZZ"}
    episodes = [_episode(c, p) for c, p in posts.items()]
    episodes.append(_episode("F", "B1 1AA", DEC="01/03/2025", REC="E13"))
    header = [{"CHILD": c, "SEX": "M", "DOB": "01/01/2012", "ETHNIC": "WBRI",
               "UPN": "UN1"} for c in "ABCDEF"]
    path = load_returns(tmp_path, {"883/ssda903_2025": {"Header": header,
                                                        "Episodes": episodes}})
    with Warehouse.open(path) as wh:
        grid = placements.counts(wh.con, ["883"], END)["883"]
    assert grid == [[2, 0, 0],   # under 5 miles: A, B inside
                    [0, 0, 0],
                    [0, 1, 0],   # 10 to 20 miles: C outside
                    [0, 0, 0],
                    [0, 1, 0],   # over 50 miles: D outside
                    [0, 0, 1]]   # not known: E


def _table(section) -> Table:
    return next(b for b in section.blocks if isinstance(b, Table))


def test_the_table_adds_up_and_a_public_paper_hides_small_counts() -> None:
    grid = [[30, 0, 0], [12, 3, 0], [8, 9, 0], [0, 7, 0], [0, 6, 0], [0, 0, 8]]
    full = _table(placements.section(grid, False, END))
    assert [v.text for v in full.rows[0]] == ["Under 5 miles", "30", "0", "0", "30"]
    assert [v.text for v in full.rows[-1]] == ["Total", "50", "25", "8", "83"]
    public = _table(placements.section(grid, True, END))
    assert public.rows[1][2].text == "c"  # 3 children: suppressed
    assert all(v.text != "3" for row in public.rows for v in row)
    assert [v.text for v in public.rows[-1]][-1] == "83"


def test_no_child_looked_after_says_so() -> None:
    section = placements.section([[0, 0, 0] for _ in placements.BANDS], False, END)
    assert "No child was looked after on 31 March 2025" in section.blocks[0].text
