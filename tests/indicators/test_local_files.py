"""Indicators needing data beyond the return: the council's local files (health assessments,
PEPs, attendance, return home interviews) and the ONS Postcode Directory. Working days
leave out weekends and England's bank holidays."""

from __future__ import annotations

from pathlib import Path

from conftest import compute, load_returns

LOCAL_IDS = ["iha_within_20wd_pct", "rha_on_time_pct", "pep_within_10wd_pct",
             "attendance_below_90_pct", "rhi_within_72h_pct"]


def hdr(child: str, dob: str = "01/01/2012") -> dict[str, str]:
    return {"CHILD": child, "SEX": "F", "DOB": dob, "ETHNIC": "WBRI"}


def ep(child: str, decom: str, ls: str = "C2", dec: str = "", rec: str = "") -> dict[str, str]:
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": ls, "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR1", "DEC": dec, "REC": rec}


def ha(child: str, kind: str, due: str, completed: str = "") -> dict[str, str]:
    return {"CHILD": child, "TYPE": kind, "DUE": due, "COMPLETED": completed}


def test_local_file_absent_gives_null_with_a_note(tmp_path: Path) -> None:
    """No local files loaded: every local-file indicator is null and says which file."""
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr("A")], "Episodes": [ep("A", "20/12/2024")]}})
    r = compute(path, "2025-03-31", ids=LOCAL_IDS)
    files = {"iha_within_20wd_pct": "health_assessments", "rha_on_time_pct":
             "health_assessments", "pep_within_10wd_pct": "peps",
             "attendance_below_90_pct": "attendance", "rhi_within_72h_pct":
             "return_interviews"}
    for i, name in files.items():
        assert (r[i].value, r[i].numerator, r[i].denominator) == (None, None, None), i
        assert r[i].note == f"no {name} local file loaded for this council", i


def test_placement_distance_and_location_at_the_period_end(tmp_path: Path) -> None:
    """Council 883 is Thurrock (E06000034). At 31 March 2025, of four children looked
    after, located with the ONS Postcode Directory:
    A: home RM17 5XX (Grays), placed RM16 2XX in Thurrock, 1.2 miles -> inside, near
    B: home RM17 5XX, placed CM1 1AA in Chelmsford (Essex), 19.2 miles -> outside, near
    C: home RM17 5XX, placed B1 1AA in Birmingham, 117 miles -> outside, far
    D: home RM17 5XX, placement postcode ZZ9 9ZZ, in no directory -> neither, but counted
    E: left care on 1 March 2025, placed in Birmingham -> not looked after at the end."""
    def placed(child: str, pl_post: str, **kw: str) -> dict[str, str]:
        return {**ep(child, "01/06/2024"), "HOME_POST": "RM17 5XX", "PL_POST": pl_post, **kw}

    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr(c) for c in "ABCDE"],
        "Episodes": [placed("A", "RM16 2XX"), placed("B", "cm11aa"), placed("C", "B1 1AA"),
                     placed("D", "ZZ9 9ZZ"),
                     placed("E", "B1 1AA", DEC="01/03/2025", REC="E13")]}})
    r = compute(path, "2025-03-31", ids=["placed_over_20_miles_pct", "placed_outside_la_pct"])
    far, outside = r["placed_over_20_miles_pct"], r["placed_outside_la_pct"]
    assert (far.numerator, far.denominator, far.value) == (1, 4, 25.0)
    assert (outside.numerator, outside.denominator, outside.value) == (2, 4, 50.0)


def test_iha_within_20_working_days(tmp_path: Path) -> None:
    """Year to 31 March 2025; the cohort is the children who started in it.

    A: entered Friday 20/12/2024; the 20th working day after, leaving out Christmas Day,
       Boxing Day and New Year's Day, is Wednesday 22/01/2025 (counted day by day in
       tests/cohorts/test_calendar.py); IHA completed 22/01/2025, exactly on the 20th
       working day -> on time
    B: entered 20/12/2024, IHA completed Thursday 23/01/2025, the 21st -> late
    C: entered Saturday 01/06/2024, no IHA row -> in the cohort, not on time
    D: an earlier period 01/01/2023-01/03/2023 with its IHA on 15/01/2023; came back
       Monday 03/06/2024 with no new IHA: the old one belongs to the earlier period -> not
       on time
    E: IHA completed 31/05/2024, before entering care on Monday 03/06/2024 (planned
       entry; first period) -> on time
    F: in care since 2023 with an IHA then -> not in the cohort (did not start in the year)
    cohort = A, B, C, D, E = 5; on time = A, E = 2 -> 40%
    """
    path = load_returns(tmp_path, {
        "883/ssda903_2025": {
            "Header": [hdr(c) for c in "ABCDEF"],
            "Episodes": [ep("A", "20/12/2024"), ep("B", "20/12/2024"), ep("C", "01/06/2024"),
                         ep("D", "01/01/2023", dec="01/03/2023", rec="E13"),
                         ep("D", "03/06/2024"), ep("E", "03/06/2024"), ep("F", "01/05/2023")],
        },
        "883/local_2025": {
            "health_assessments": [
                ha("A", "IHA", "22/01/2025", "22/01/2025"),
                ha("B", "IHA", "22/01/2025", "23/01/2025"),
                ha("D", "IHA", "29/01/2023", "15/01/2023"),
                ha("E", "IHA", "01/07/2024", "31/05/2024"),
                ha("F", "IHA", "29/05/2023", "20/05/2023"),
            ],
        },
    })
    res = compute(path, "2025-03-31", ids=["iha_within_20wd_pct"])["iha_within_20wd_pct"]
    assert (res.numerator, res.denominator, res.value) == (2, 5, 40.0)


def test_rha_completed_by_the_due_date(tmp_path: Path) -> None:
    """Year to 31 March 2025; review health assessments due in it.

    F: due 10/06/2024, completed that day -> on time; due 01/02/2025, completed
       05/02/2025 -> late; due 01/03/2025, not completed -> late
    G: due 01/03/2024 -> before the year, left out
    H: left care 01/09/2024; RHA due 01/12/2024 -> not looked after then, left out
    I: short breaks only (V3); RHA due 01/10/2024 -> left out
    counted = F's three; on time = 1 -> 33.3%
    """
    path = load_returns(tmp_path, {
        "883/ssda903_2025": {
            "Header": [hdr(c) for c in "FGHI"],
            "Episodes": [ep("F", "01/01/2020"), ep("G", "01/01/2020"),
                         ep("H", "01/01/2020", dec="01/09/2024", rec="E13"),
                         ep("I", "01/10/2024", ls="V3", dec="02/10/2024", rec="E8")],
        },
        "883/local_2025": {
            "health_assessments": [
                ha("F", "RHA", "10/06/2024", "10/06/2024"),
                ha("F", "RHA", "01/02/2025", "05/02/2025"),
                ha("F", "RHA", "01/03/2025"),
                ha("G", "RHA", "01/03/2024", "20/03/2024"),
                ha("H", "RHA", "01/12/2024"),
                ha("I", "RHA", "01/10/2024", "01/10/2024"),
            ],
        },
    })
    res = compute(path, "2025-03-31", ids=["rha_on_time_pct"])["rha_on_time_pct"]
    assert (res.numerator, res.denominator) == (1, 3)
    assert res.value == 100 / 3


def test_pep_within_10_working_days(tmp_path: Path) -> None:
    """Year to 31 March 2025; children aged 5 to 15 on the day they entered care.

    A (aged 9): entered Friday 20/12/2024; the 10th working day after, leaving out
       25 and 26 December and 1 January, is Wednesday 08/01/2025: Mon 23 = 1, Tue 24 = 2,
       Fri 27 = 3, Mon 30 = 4, Tue 31 = 5, Thu 2 = 6, Fri 3 = 7, Mon 6 = 8, Tue 7 = 9,
       Wed 8 = 10. PEP dated 08/01/2025 -> on time
    B (aged 9): entered 20/12/2024, PEP dated 09/01/2025, the 11th -> late
    C (aged 4 on entering 01/06/2024): not of school age -> left out, PEP or not
    D (aged 16 on entering 01/06/2024): left out
    E: entered Monday 03/06/2024 on the 5th birthday -> in the cohort; a PEP initiated
       before entry, 28/05/2024 -> on time
    F (aged 15): entered 01/07/2024, no PEP -> not on time
    cohort = A, B, E, F = 4; on time = A, E = 2 -> 50%
    """
    path = load_returns(tmp_path, {
        "883/ssda903_2025": {
            "Header": [hdr("A", "01/01/2015"), hdr("B", "01/01/2015"),
                       hdr("C", "01/02/2020"), hdr("D", "01/01/2008"),
                       hdr("E", "03/06/2019"), hdr("F", "01/01/2009")],
            "Episodes": [ep("A", "20/12/2024"), ep("B", "20/12/2024"), ep("C", "01/06/2024"),
                         ep("D", "01/06/2024"), ep("E", "03/06/2024"), ep("F", "01/07/2024")],
        },
        "883/local_2025": {
            "peps": [{"CHILD": "A", "PEP_DATE": "08/01/2025", "PEP_TYPE": "initial"},
                     {"CHILD": "B", "PEP_DATE": "09/01/2025", "PEP_TYPE": "initial"},
                     {"CHILD": "C", "PEP_DATE": "02/06/2024", "PEP_TYPE": "initial"},
                     {"CHILD": "D", "PEP_DATE": "02/06/2024", "PEP_TYPE": "initial"},
                     {"CHILD": "E", "PEP_DATE": "28/05/2024", "PEP_TYPE": "initial"}],
        },
    })
    res = compute(path, "2025-03-31", ids=["pep_within_10wd_pct"])["pep_within_10wd_pct"]
    assert (res.numerator, res.denominator, res.value) == (2, 4, 50.0)


def att(child: str, year: str, term: str, possible: int, attended: int) -> dict[str, str]:
    return {"CHILD": child, "ACADEMIC_YEAR": year, "TERM": term,
            "SESSIONS_POSSIBLE": str(possible), "SESSIONS_ATTENDED": str(attended),
            "PHASE": "secondary"}


def test_attendance_below_90_percent(tmp_path: Path) -> None:
    """Year to 31 March 2025 = summer term 2023/24, autumn and spring terms 2024/25.

    A (aged 12): summer 2023/24 85/100, autumn 140/150, spring 110/120 -> 335/370 = 90.5%:
       not below; its autumn 2023/24 term (50/150) is before the year and ignored
    B (aged 14): "Autumn" 2024/25 120/150 and "SPRING" written 2024-25 95/100
       -> 215/250 = 86%: below
    C (aged 4 on 31/08/2024, reception): not of compulsory school age -> left out
    D: short breaks only (V3) -> left out
    E (aged 12): no sessions possible -> left out of the denominator
    F (born 01/01/2008): Year 11 in 2023/24 (aged 15 on 31/08/2023), so its summer 2023/24
       term counts, 80/100; Year 12 in 2024/25 (aged 16), so its autumn term (100/100) does
       not -> 80%: below
    G (aged 12): autumn 90/100 = exactly 90% -> not below
    denominator = A, B, F, G = 4; below 90% = B, F = 2 -> 50%
    """
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr("A"), hdr("B", "01/06/2010"), hdr("C", "01/09/2019"), hdr("D"),
                   hdr("E"), hdr("F", "01/01/2008"), hdr("G")],
        "Episodes": [ep("A", "01/01/2023"), ep("B", "01/01/2023"), ep("C", "01/01/2023"),
                     ep("D", "01/09/2024", ls="V3", dec="03/09/2024", rec="E8"),
                     ep("E", "01/01/2023"), ep("F", "01/01/2023"), ep("G", "01/01/2023")],
        "attendance": [
            att("A", "2023/24", "autumn", 150, 50), att("A", "2023/24", "summer", 100, 85),
            att("A", "2024/25", "autumn", 150, 140), att("A", "2024/25", "spring", 120, 110),
            att("B", "2024/25", "Autumn", 150, 120), att("B", "2024-25", "SPRING", 100, 95),
            att("C", "2024/25", "autumn", 100, 50),
            att("D", "2024/25", "autumn", 100, 10),
            att("E", "2024/25", "autumn", 0, 0),
            att("F", "2023/24", "summer", 100, 80), att("F", "2024/25", "autumn", 100, 100),
            att("G", "2024/25", "autumn", 100, 90),
        ],
    }})
    res = compute(path, "2025-03-31", ids=["attendance_below_90_pct"])[
        "attendance_below_90_pct"]
    assert (res.numerator, res.denominator, res.value) == (2, 4, 50.0)


def test_return_home_interview_within_72_hours(tmp_path: Path) -> None:
    """Year to 31 March 2025; missing (M) and away (A) incidents that ended in it.

    A: missing 01/05/2024-Friday 03/05/2024, interview Monday 06/05/2024 = end + 3 days
       -> within 72 hours; missing 10/06/2024-10/06/2024, interview 14/06/2024 = end + 4
       -> late
    B: away (A) 01/07/2024-02/07/2024, interview offered 03/07/2024, not held -> not
       within; missing from 20/03/2024 (before the year) to 02/04/2024, interview
       04/04/2024 -> ended in the year, within
    C: missing 01/08/2024-02/08/2024, no interview row -> not within; missing from
       01/03/2025, not ended -> not counted; missing 01/01/2024-03/01/2024 -> ended before
       the year, not counted
    D: short breaks only (V3), incident 01/08/2024 with a timely interview -> left out
    incidents = A 2, B 2, C 1 = 5; within 72 hours = A's first, B's second = 2 -> 40%
    """
    def mis(child: str, start: str, end: str = "", kind: str = "M") -> dict[str, str]:
        return {"CHILD": child, "DOB": "01/01/2010", "MISSING": kind, "MIS_START": start,
                "MIS_END": end}

    def rhi(child: str, start: str, offered: str, held: str = "") -> dict[str, str]:
        return {"CHILD": child, "MIS_START": start, "OFFERED": offered, "HELD": held}

    path = load_returns(tmp_path, {
        "883/ssda903_2025": {
            "Header": [hdr(c) for c in "ABCD"],
            "Episodes": [ep("A", "01/01/2023"), ep("B", "01/01/2023"), ep("C", "01/01/2023"),
                         ep("D", "01/08/2024", ls="V3", dec="02/08/2024", rec="E8")],
            "Missing": [mis("A", "01/05/2024", "03/05/2024"),
                        mis("A", "10/06/2024", "10/06/2024"),
                        mis("B", "01/07/2024", "02/07/2024", kind="A"),
                        mis("B", "20/03/2024", "02/04/2024"),
                        mis("C", "01/08/2024", "02/08/2024"),
                        mis("C", "01/03/2025"),
                        mis("C", "01/01/2024", "03/01/2024"),
                        mis("D", "01/08/2024", "01/08/2024")],
        },
        "883/local_2025": {
            "return_interviews": [rhi("A", "01/05/2024", "04/05/2024", "06/05/2024"),
                                  rhi("A", "10/06/2024", "11/06/2024", "14/06/2024"),
                                  rhi("B", "01/07/2024", "03/07/2024"),
                                  rhi("B", "20/03/2024", "03/04/2024", "04/04/2024"),
                                  rhi("C", "01/01/2024", "04/01/2024", "05/01/2024"),
                                  rhi("D", "01/08/2024", "02/08/2024", "02/08/2024")],
        },
    })
    res = compute(path, "2025-03-31", ids=["rhi_within_72h_pct"])["rhi_within_72h_pct"]
    assert (res.numerator, res.denominator, res.value) == (2, 5, 40.0)
