"""Social worker instability: 3 or more social workers in the year (methodology 8.2)."""

from __future__ import annotations

from pathlib import Path

from conftest import compute, load_returns

ID = "social_worker_3plus_pct"


def hdr(child: str, sex: str = "F") -> dict[str, str]:
    return {"CHILD": child, "SEX": sex, "DOB": "01/01/2012", "ETHNIC": "WBRI"}


def ep(child: str, decom: str, dec: str = "", rec: str = "") -> dict[str, str]:
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": "C2", "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR1", "DEC": dec, "REC": rec}


def sw(child: str, sw_id: str, start: str, end: str = "") -> dict[str, str]:
    reason = "LEFTRL" if end else ""
    return {"CHILD": child, "DOB": "01/01/2012", "SW_ID": sw_id, "SW_DECOM": start,
            "SW_DEC": end, "SW_REASON": reason}


def test_three_or_more_social_workers(tmp_path: Path) -> None:
    """Year to 31 March 2025; cohort = looked after on 31 March 2025.

    A: X, then Y, then back to X -> 2 different social workers: no
    B: P ended 31/03/2024 (the day before the year: not counted), then Q, R and S in the
       year -> 3: yes
    C: entered care 01/10/2024; T and U while not yet looked after count too, then V -> 3:
       yes
    D: 4 social workers but left care on 01/12/2024 -> not in the cohort
    E: no social worker episodes -> in the cohort, not 3+
    cohort = A, B, C, E = 4; 3+ = B, C = 2 -> 50%
    """
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr(c) for c in "ABCDE"],
        "Episodes": [ep("A", "01/01/2024"), ep("B", "01/01/2023"), ep("C", "01/10/2024"),
                     ep("D", "01/01/2024", dec="01/12/2024", rec="E13"),
                     ep("E", "01/01/2024")],
        "SWEpisodes": [
            sw("A", "X", "01/01/2024", "01/06/2024"), sw("A", "Y", "01/06/2024", "01/10/2024"),
            sw("A", "X", "01/10/2024"),
            sw("B", "P", "01/01/2023", "31/03/2024"), sw("B", "Q", "01/04/2024", "01/08/2024"),
            sw("B", "R", "01/08/2024", "01/01/2025"), sw("B", "S", "01/01/2025"),
            sw("C", "T", "01/05/2024", "01/08/2024"), sw("C", "U", "01/08/2024", "01/10/2024"),
            sw("C", "V", "01/10/2024"),
            sw("D", "D1", "01/01/2024", "01/04/2024"), sw("D", "D2", "01/04/2024", "01/06/2024"),
            sw("D", "D3", "01/06/2024", "01/08/2024"), sw("D", "D4", "01/08/2024"),
        ],
    }})
    res = compute(path, "2025-03-31", ids=[ID])[ID]
    assert (res.numerator, res.denominator, res.value) == (2, 4, 50.0)


def test_without_social_worker_episodes_the_value_is_null_with_a_note(
        tmp_path: Path) -> None:
    """No SWEpisodes table loaded at all: the engine says so instead of reporting 0%."""
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr("A")], "Episodes": [ep("A", "01/06/2024")]}})
    res = compute(path, "2025-03-31", ids=[ID])[ID]
    assert (res.value, res.numerator, res.denominator) == (None, None, None)
    assert res.note == "no SWEpisodes table loaded for this council"


def test_a_year_no_social_worker_table_covers_is_not_reported_as_zero(
        tmp_path: Path) -> None:
    """The 2024/25 return has SWEpisodes, the 2023/24 return does not: the year to 31 March
    2024 has no social worker data, so it has no denominator (null), not 0 of 1. B starts
    in 2024/25."""
    path = load_returns(tmp_path, {
        "883/ssda903_2024": {"Header": [hdr("A", sex="2")], "Episodes": [ep("A", "01/06/2023")]},
        "883/ssda903_2025": {"Header": [hdr("A"), hdr("B")],
                             "Episodes": [ep("A", "01/06/2023"), ep("B", "01/05/2024")],
                             "SWEpisodes": [sw("A", "X", "01/06/2024")]},
    })
    res = compute(path, "2024-03-31", ids=[ID])[ID]
    assert res.value is None and res.denominator is None
    assert res.note == "no denominator for this council and period"
    # the year the table does cover is computed: A has 1 social worker, B none -> 0 of 2
    res = compute(path, "2025-03-31", ids=[ID])[ID]
    assert (res.numerator, res.denominator) == (0, 2)
