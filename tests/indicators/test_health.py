"""OC2 indicators (children looked after for 12 months) on small hand-built histories.

Every expected numerator and denominator is worked out by hand in the docstring.
"""

from __future__ import annotations

from pathlib import Path

from conftest import compute, load_returns

OC2_IDS = ["oc2_cohort", "health_assessment_pct", "immunisations_pct", "dental_check_pct",
           "development_assessment_pct", "sdq_received_pct", "sdq_average_score",
           "sdq_concern_pct", "substance_misuse_pct", "convicted_pct"]


def hdr(child: str, dob: str, sex: str = "F") -> dict[str, str]:
    return {"CHILD": child, "SEX": sex, "DOB": dob, "ETHNIC": "WBRI"}


def ep(child: str, decom: str, rne: str = "S", dec: str = "", rec: str = "",
       ls: str = "C2", place: str = "U4") -> dict[str, str]:
    return {"CHILD": child, "DECOM": decom, "RNE": rne, "LS": ls, "CIN": "N1",
            "PLACE": place, "PLACE_PROVIDER": "PR1", "DEC": dec, "REC": rec}


def oc2(child: str, dob: str, *, ha: int = 0, imm: int = 0, teeth: int = 0,
        hc: int | None = None, sdq: int | None = None, conv: int | None = None,
        sm: int = 0) -> dict[str, str]:
    """An OC2 row; fields left None are blank, as they are for children outside the age
    group a field is collected for."""
    row = {"CHILD": child, "DOB": dob, "HEALTH_ASSESSMENT": str(ha),
           "IMMUNISATIONS": str(imm), "TEETH_CHECK": str(teeth), "SUBSTANCE_MISUSE": str(sm)}
    if hc is not None:
        row["HEALTH_CHECK"] = str(hc)
    if sdq is not None:
        row["SDQ_SCORE"] = str(sdq)
    else:
        row["SDQ_REASON"] = "SDQ4"
    if conv is not None:
        row["CONVICTED"] = str(conv)
    return row


def test_oc2_indicators(tmp_path: Path) -> None:
    """Year 1 April 2024 to 31 March 2025, the 2025 return.

    child DOB         age  history                                        cohort?
    A  01/04/2020      4   in care since 01/01/2023                       yes
    B  31/03/2020      5   S on 01/04/2024, the period's first day        yes (5 on the day)
    C  31/03/2015     10   in care since 2022, moved (X1, P) 01/09/2024   yes (10 on the day)
    D  01/04/2015      9   in care since 2021                             yes (10 the day after)
    E  01/04/2008     16   in care since 2020, NO OC2 ROW                 yes
    F  31/03/2008     17   in care since 2020                             yes (17 on the day)
    L  01/01/2023      2   S on 01/03/2024, before the period             yes
    G  01/06/2012     12   left 01/08/2024 (E13), back 01/10/2024 (S)     no: left and came back
    H  01/06/2012     12   in care since 2022, short break V3 in May 2024 no: V3 in the year
    J  01/06/2012     12   S on 01/05/2024                                no: started in year
    K  01/06/2012     12   ceased 31/03/2025, the last day                no: not looked after
    M  01/06/2012     12   left 01/08/2024 (E13), back the same day coded P (a DfE rule
                           432 error, so only the leaving shows)          no: left care
    G, H, K and M have OC2 rows saying "yes" to everything: none of it may count.

    cohort = A B C D E F L = 7
    OC2 (HA/IMM/TEETH/SM): A 1/1/1/0, B 1/0/1/0, C 0/1/1/1, D 1/1/0/0, F 1/1/1/1, L 1/1/0/0
    health assessment: A B D F L = 5/7; immunisations: A C D F L = 5/7;
    dental: A B C F = 4/7; substance misuse: C F = 2/7.
    development, aged 0-4: A (HEALTH_CHECK 1), L (0); B is 5 -> 1/2.
    SDQ, aged 5-16: B 17, C 13, D 16, E no row (F is 17, out) -> received 3/4;
    average (17 + 13 + 16) / 3 = 46 / 3; concern (17-40): B -> 1/3.
    convicted, aged 10-17: C (1), E (no row), F (0); D is 9 -> 1/3.
    """
    yes = {"ha": 1, "imm": 1, "teeth": 1, "sdq": 30, "conv": 1, "sm": 1}
    children = {"A": "01/04/2020", "B": "31/03/2020", "C": "31/03/2015", "D": "01/04/2015",
                "E": "01/04/2008", "F": "31/03/2008", "L": "01/01/2023",
                "G": "01/06/2012", "H": "01/06/2012", "J": "01/06/2012", "K": "01/06/2012",
                "M": "01/06/2012"}
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr(c, dob) for c, dob in children.items()],
        "Episodes": [
            ep("A", "01/01/2023"),
            ep("B", "01/04/2024"),
            ep("C", "01/06/2022", dec="01/09/2024", rec="X1"),
            ep("C", "01/09/2024", rne="P", place="U6"),
            ep("D", "01/01/2021"),
            ep("E", "01/01/2020"),
            ep("F", "01/01/2020"),
            ep("L", "01/03/2024"),
            ep("G", "01/01/2022", dec="01/08/2024", rec="E13"),
            ep("G", "01/10/2024"),
            ep("H", "01/01/2022"),
            ep("H", "10/05/2024", ls="V3", dec="12/05/2024", rec="E8"),
            ep("J", "01/05/2024"),
            ep("K", "01/01/2022", dec="31/03/2025", rec="E13"),
            ep("M", "01/01/2022", dec="01/08/2024", rec="E13"),
            ep("M", "01/08/2024", rne="P"),
        ],
        "OC2": [
            oc2("A", children["A"], ha=1, imm=1, teeth=1, hc=1),
            oc2("B", children["B"], ha=1, imm=0, teeth=1, sdq=17),
            oc2("C", children["C"], ha=0, imm=1, teeth=1, sdq=13, conv=1, sm=1),
            oc2("D", children["D"], ha=1, imm=1, teeth=0, sdq=16, conv=1),
            oc2("F", children["F"], ha=1, imm=1, teeth=1, sdq=20, conv=0, sm=1),
            oc2("L", children["L"], ha=1, imm=1, teeth=0, hc=0),
            oc2("G", children["G"], **yes),
            oc2("H", children["H"], **yes),
            oc2("K", children["K"], **yes),
            oc2("M", children["M"], **yes),
        ],
    }})
    r = compute(path, "2025-03-31", ids=OC2_IDS)
    assert r["oc2_cohort"].value == 7

    def nd(i: str) -> tuple[object, object]:
        return r[i].numerator, r[i].denominator

    assert nd("health_assessment_pct") == (5, 7)
    assert nd("immunisations_pct") == (5, 7)
    assert nd("dental_check_pct") == (4, 7)
    assert nd("substance_misuse_pct") == (2, 7)
    assert nd("development_assessment_pct") == (1, 2)
    assert r["development_assessment_pct"].value == 50.0
    assert nd("sdq_received_pct") == (3, 4)
    assert r["sdq_received_pct"].value == 75.0
    assert nd("sdq_average_score") == (46, 3)
    assert r["sdq_average_score"].value == 46 / 3
    assert nd("sdq_concern_pct") == (1, 3)
    assert nd("convicted_pct") == (1, 3)
    assert all(r[i].note is None for i in OC2_IDS)


def test_each_period_uses_its_own_returns_oc2(tmp_path: Path) -> None:
    """Returns for 2024 and 2025 (decision 1).

    A: in care since 01/01/2020 (born 2012), in both returns. The 2024 return's OC2 says no
    health assessment; the 2025 return's says yes.
    B: in care since 01/01/2020, no OC2 row in 2024, an OC2 row (assessed) only in 2025.
    Period to 31/03/2024: cohort A, B; the 2024 OC2 only -> A no, B no row -> 0/2.
    Period to 31/03/2025: cohort A, B; the 2025 OC2 -> A yes, B yes -> 2/2.
    """
    header = [hdr("A", "01/06/2012"), hdr("B", "01/06/2012")]
    episodes = [ep("A", "01/01/2020"), ep("B", "01/01/2020")]
    path = load_returns(tmp_path, {
        "883/ssda903_2024": {
            "Header": [{**h, "SEX": "2"} for h in header],
            "Episodes": [*episodes, ep("X", "01/03/2024")],  # dates the return 31/03/2024
            "OC2": [oc2("A", "01/06/2012", ha=0, sdq=10)]},
        "883/ssda903_2025": {
            "Header": header,
            "Episodes": [*episodes, ep("X", "01/03/2024", dec="01/03/2025", rec="E13")],
            "OC2": [oc2("A", "01/06/2012", ha=1, sdq=10),
                    oc2("B", "01/06/2012", ha=1, sdq=10)]},
    })
    earlier = compute(path, "2024-03-31", ids=["health_assessment_pct"])
    later = compute(path, "2025-03-31", ids=["health_assessment_pct"])
    res = earlier["health_assessment_pct"]
    assert (res.numerator, res.denominator, res.value) == (0, 2, 0.0)
    res = later["health_assessment_pct"]
    assert (res.numerator, res.denominator, res.value) == (2, 2, 100.0)


def test_period_without_a_matching_return_is_null_with_a_note(tmp_path: Path) -> None:
    """Only the 2025 return is loaded; the 12 months to 30/09/2024 have no return of their
    own, so no OC2 describes them: every OC2 outcome is null with a note. The cohort itself
    comes from the episodes: A (in care since 2020) is looked after for the whole of
    01/10/2023-30/09/2024 -> 1; B started 01/05/2024 -> not in it.
    """
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr("A", "01/06/2012"), hdr("B", "01/06/2012")],
        "Episodes": [ep("A", "01/01/2020"), ep("B", "01/05/2024")],
        "OC2": [oc2("A", "01/06/2012", ha=1, imm=1, teeth=1, sdq=12)],
    }})
    r = compute(path, "2024-09-30", ids=OC2_IDS)
    assert r["oc2_cohort"].value == 1
    for i in OC2_IDS[1:]:
        assert r[i].value is None, i
        assert (r[i].numerator, r[i].denominator) == (None, None), i
        assert "no return for 2024-09-30 with an OC2 table" in r[i].note, i


def test_sdq_score_outside_0_to_40_is_not_a_score(tmp_path: Path) -> None:
    """A (aged 12, in the cohort) has SDQ_SCORE 41, which is not a possible score; B (aged
    12) has 40, the highest. X started 01/03/2025 (dates the return; not in the cohort).
    Received: B only -> 1/2; average 40 / 1; concern 1/1."""
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr("A", "01/06/2012"), hdr("B", "01/06/2012"), hdr("X", "01/06/2012")],
        "Episodes": [ep("A", "01/01/2020"), ep("B", "01/01/2020"), ep("X", "01/03/2025")],
        "OC2": [oc2("A", "01/06/2012", sdq=41), oc2("B", "01/06/2012", sdq=40)],
    }})
    r = compute(path, "2025-03-31", ids=["sdq_received_pct", "sdq_average_score",
                                         "sdq_concern_pct"])
    assert (r["sdq_received_pct"].numerator, r["sdq_received_pct"].denominator) == (1, 2)
    assert r["sdq_average_score"].value == 40
    assert (r["sdq_concern_pct"].numerator, r["sdq_concern_pct"].denominator) == (1, 1)
