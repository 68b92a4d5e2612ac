"""Missing and away-from-placement incidence and incident counts (indicators.md decision 10)."""

from __future__ import annotations

from pathlib import Path

from conftest import compute, load_returns

IDS = ["missing_incidence_pct", "away_incidence_pct", "missing_incidents"]


def hdr(child: str, sex: str = "F") -> dict[str, str]:
    return {"CHILD": child, "SEX": sex, "DOB": "01/01/2010", "ETHNIC": "WBRI"}


def ep(child: str, decom: str, ls: str = "C2", dec: str = "", rec: str = "") -> dict[str, str]:
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": ls, "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR1", "DEC": dec, "REC": rec}


def mis(child: str, start: str, end: str = "", kind: str = "M") -> dict[str, str]:
    return {"CHILD": child, "DOB": "01/01/2010", "MISSING": kind, "MIS_START": start,
            "MIS_END": end}


def test_incidence_and_incidents(tmp_path: Path) -> None:
    """Year to 31 March 2025, from the 2024 and 2025 returns.

    A: looked after all year; missing (M) 10/05/2024-11/05/2024 and 01/06/2024-02/06/2024
       -> has a missing incident; 2 incidents started in the year
    B: looked after all year; missing from 20/03/2024, still open at the 2024 return and
       closed on 05/04/2024 in the 2025 return (same child and MIS_START: one incident, the
       2025 row wins) -> open on 1 April, so B counts as missing in the year; the incident
       started before the year, so it is not in the count of incidents
    C: looked after all year; missing 01/01/2024-05/01/2024 (over before the year: not
       counted); away without authorisation (A) 01/07/2024 -> away, not missing
    D: short breaks only (V3); missing 01/08/2024 -> not looked after in the year as the
       DfE counts it, so left out of everything
    E: looked after all year, never missing
    looked after during the year = A, B, C, E = 4 (D's short breaks left out)
    missing incidence = A, B = 2 / 4 = 50%; away incidence = C = 1 / 4 = 25%
    missing incidents started in the year = A's two = 2
    """
    episodes_2024 = [ep("A", "01/01/2023"), ep("B", "01/06/2023"), ep("C", "01/09/2023"),
                     ep("E", "01/02/2024")]
    path = load_returns(tmp_path, {
        "883/ssda903_2024": {
            "Header": [hdr(c, sex="2") for c in "ABCE"],
            "Episodes": episodes_2024,
            "Missing": [mis("B", "20/03/2024"), mis("C", "01/01/2024", "05/01/2024")],
        },
        "883/ssda903_2025": {
            "Header": [hdr(c) for c in "ABCDE"],
            "Episodes": [*episodes_2024,
                         ep("D", "01/08/2024", ls="V3", dec="02/08/2024", rec="E8")],
            "Missing": [mis("A", "10/05/2024", "11/05/2024"),
                        mis("A", "01/06/2024", "02/06/2024"),
                        mis("B", "20/03/2024", "05/04/2024"),
                        mis("C", "01/07/2024", "01/07/2024", kind="A"),
                        mis("D", "01/08/2024", "01/08/2024")],
        },
    })
    r = compute(path, "2025-03-31", ids=IDS)
    inc, away, n = (r[i] for i in IDS)
    assert (inc.numerator, inc.denominator, inc.value) == (2, 4, 50.0)
    assert (away.numerator, away.denominator, away.value) == (1, 4, 25.0)
    assert n.value == 2


def test_incident_open_with_no_end_is_carried_into_the_next_year(tmp_path: Path) -> None:
    """Year to 31 March 2025. A went missing on 15/02/2024 and no end was ever recorded:
    the incident is still open on 1 April 2024, so A counts as missing in the year, but the
    incident started before it. B's away incident ended on 31/03/2024, the day before the
    year: not counted. Z started in the year and never went missing.
    Looked after = A, B, Z = 3; missing = A = 1/3; away = 0/3; incidents started = 0.
    """
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr("A"), hdr("B"), hdr("Z")],
        "Episodes": [ep("A", "01/01/2024"), ep("B", "01/01/2024"), ep("Z", "01/06/2024")],
        "Missing": [mis("A", "15/02/2024"),
                    mis("B", "30/03/2024", "31/03/2024", kind="A")],
    }})
    r = compute(path, "2025-03-31", ids=IDS)
    inc, away, n = (r[i] for i in IDS)
    assert (inc.numerator, inc.denominator) == (1, 3)
    assert (away.numerator, away.denominator) == (0, 3)
    assert n.value == 0
