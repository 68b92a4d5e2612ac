"""OC3 indicators (care leavers aged 17-18 and 19-21) on small hand-built returns.

Every expected numerator and denominator is worked out by hand in the docstring.
"""

from __future__ import annotations

from pathlib import Path

from conftest import compute, load_returns

OC3_IDS = ["care_leavers_19_21_in_touch_pct", "care_leavers_19_21_eet_pct",
           "care_leavers_19_21_neet_pct", "care_leavers_19_21_suitable_accom_pct",
           "care_leavers_17_18_eet_pct", "care_leavers_17_18_suitable_accom_pct"]


def hdr(child: str, dob: str, sex: str = "M") -> dict[str, str]:
    return {"CHILD": child, "SEX": sex, "DOB": dob, "ETHNIC": "WBRI"}


def ep(child: str, decom: str, dec: str = "", rec: str = "", ls: str = "C2"
       ) -> dict[str, str]:
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": ls, "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR1", "DEC": dec, "REC": rec}


def oc3(child: str, dob: str, in_touch: str, activ: str, accom: str) -> dict[str, str]:
    return {"CHILD": child, "DOB": dob, "IN_TOUCH": in_touch, "ACTIV": activ,
            "ACCOM": accom}


def nd(r: dict, i: str) -> tuple[object, object]:
    return r[i].numerator, r[i].denominator


def test_care_leaver_indicators(tmp_path: Path) -> None:
    """Year to 31 March 2025, the 2025 return's OC3. Ages at 31/03/2025.

    who  DOB         age  IN_TOUCH ACTIV ACCOM  note
    P1   31/03/2006  19   YES      F1    U1     19 on the last day: in
    P2   01/04/2003  21   YES      G5    S2     22 the day after: still 21, in
    P3   31/03/2003  22   YES      F2    U1     22 on the last day: out
    P4   01/04/2005  19   NO       0     0      not in touch: in every denominator
    P5   15/06/2004  20   DIED     0     0      died: out
    P6   15/06/2004  20   RHOM     0     0      returned home 6+ months: out
    P7   15/06/2004  20   YES      P5    G1     gone abroad: out of suitability only
    P8   15/06/2004  20   REFU     0     0      refuses contact: in every denominator
    P9   15/06/2003  21   YES      F4    D1     last episode ended E3 (another council): out
    P10  15/06/2004  20   YES      F5    U1     only ever had short breaks (V3): out
    P11  15/06/2004  20   YES      G4    R1     residence not known: out of suitability only
    P12  15/06/2005  19   YES      F5    B1     no Header row, no episodes: DOB from OC3, in
    Q1   01/05/2007  17   YES      F2    E1
    Q2   31/03/2007  18   YES      G6    V2     18 on the last day
    Q3   15/06/2006  18   NREQ     0     0      no longer wants services: in
    Q4   01/04/2008  16   YES      F2    E1     17 the day after: in no age group
    Q5   15/06/2006  18   YES      P2    H1     deported: out of suitability only
    Z is looked after (started 01/05/2024), which dates the return to 31/03/2025.

    19-21 cohort: P1 P2 P4 P7 P8 P11 P12 = 7
      in touch (YES): P1 P2 P7 P11 P12 = 5/7
      EET: P1 (F1), P7 (P5), P12 (F5) = 3/7;  NEET: P2 (G5), P11 (G4) = 2/7
      suitability: 7 less P7 (G1) and P11 (R1) = 5 (P1 P2 P4 P8 P12);
        suitable (ending 1): P1 (U1), P12 (B1) = 2/5
    17-18 cohort: Q1 Q2 Q3 Q5 = 4
      EET: Q1 (F2), Q5 (P2) = 2/4
      suitability: 4 less Q5 (H1) = 3 (Q1 Q2 Q3); suitable: Q1 (E1) = 1/3
    """
    people = [
        ("P1", "31/03/2006", "YES", "F1", "U1"), ("P2", "01/04/2003", "YES", "G5", "S2"),
        ("P3", "31/03/2003", "YES", "F2", "U1"), ("P4", "01/04/2005", "NO", "0", "0"),
        ("P5", "15/06/2004", "DIED", "0", "0"), ("P6", "15/06/2004", "RHOM", "0", "0"),
        ("P7", "15/06/2004", "YES", "P5", "G1"), ("P8", "15/06/2004", "REFU", "0", "0"),
        ("P9", "15/06/2003", "YES", "F4", "D1"), ("P10", "15/06/2004", "YES", "F5", "U1"),
        ("P11", "15/06/2004", "YES", "G4", "R1"), ("P12", "15/06/2005", "YES", "F5", "B1"),
        ("Q1", "01/05/2007", "YES", "F2", "E1"), ("Q2", "31/03/2007", "YES", "G6", "V2"),
        ("Q3", "15/06/2006", "NREQ", "0", "0"), ("Q4", "01/04/2008", "YES", "F2", "E1"),
        ("Q5", "15/06/2006", "YES", "P2", "H1"),
    ]
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr(p[0], p[1]) for p in people if p[0] != "P12"]
                  + [hdr("Z", "01/01/2012")],
        "Episodes": [
            ep("Z", "01/05/2024"),
            ep("P9", "01/01/2019", dec="01/06/2020", rec="X1"),
            ep("P9", "01/06/2020", dec="01/06/2021", rec="E3"),
            ep("P10", "01/02/2020", dec="03/02/2020", rec="E8", ls="V3"),
            ep("P10", "01/03/2020", dec="03/03/2020", rec="E8", ls="V3"),
            ep("P1", "01/01/2021", dec="31/03/2024", rec="E17"),
        ],
        "OC3": [oc3(*p) for p in people],
    }})
    r = compute(path, "2025-03-31", ids=OC3_IDS)
    assert nd(r, "care_leavers_19_21_in_touch_pct") == (5, 7)
    assert nd(r, "care_leavers_19_21_eet_pct") == (3, 7)
    assert nd(r, "care_leavers_19_21_neet_pct") == (2, 7)
    assert nd(r, "care_leavers_19_21_suitable_accom_pct") == (2, 5)
    assert r["care_leavers_19_21_suitable_accom_pct"].value == 40.0
    assert nd(r, "care_leavers_17_18_eet_pct") == (2, 4)
    assert r["care_leavers_17_18_eet_pct"].value == 50.0
    assert nd(r, "care_leavers_17_18_suitable_accom_pct") == (1, 3)
    assert all(r[i].note is None for i in OC3_IDS)


def test_each_period_uses_its_own_returns_oc3(tmp_path: Path) -> None:
    """Returns for 2024 and 2025 (decision 1). A (DOB 15/06/2004: 19 at 31/03/2024, 20 at
    31/03/2025) is in both OC3 tables: NEET (G5) in 2024, in education (F2) in 2025.
    Period to 31/03/2024 -> EET 0/1; period to 31/03/2025 -> EET 1/1.
    Period to 30/09/2024 has no return of its own -> null, with a note.
    """
    path = load_returns(tmp_path, {
        "883/ssda903_2024": {
            "Header": [hdr("A", "15/06/2004", sex="1"), hdr("Z", "01/01/2012", sex="1")],
            "Episodes": [ep("Z", "01/05/2023")],
            "OC3": [oc3("A", "15/06/2004", "YES", "G5", "U1")]},
        "883/ssda903_2025": {
            "Header": [hdr("A", "15/06/2004"), hdr("Z", "01/01/2012")],
            "Episodes": [ep("Z", "01/05/2023", dec="01/05/2024", rec="E13")],
            "OC3": [oc3("A", "15/06/2004", "YES", "F2", "U1")]},
    })
    ids = ["care_leavers_19_21_eet_pct"]
    assert nd(compute(path, "2024-03-31", ids=ids), ids[0]) == (0, 1)
    assert nd(compute(path, "2025-03-31", ids=ids), ids[0]) == (1, 1)
    mid = compute(path, "2024-09-30", ids=OC3_IDS)
    for i in OC3_IDS:
        assert mid[i].value is None, i
        assert "no return for 2024-09-30 with an OC3 table" in mid[i].note, i
