"""Counts and placement indicators on small hand-built histories (arithmetic in comments)."""

from __future__ import annotations

from pathlib import Path

from conftest import compute, load_returns


def hdr(child: str, dob: str = "01/06/2012", sex: str = "M") -> dict[str, str]:
    """A Header row; SEX is M/F from 2024/25 and 1/2 before it."""
    return {"CHILD": child, "SEX": sex, "DOB": dob, "ETHNIC": "WBRI"}


def ep(child: str, decom: str, rne: str = "S", place: str = "U4", dec: str = "",
       rec: str = "", ls: str = "C2", provider: str = "PR1") -> dict[str, str]:
    if place in ("T0", "T1", "T2", "T3"):
        provider = ""
    return {"CHILD": child, "DECOM": decom, "RNE": rne, "LS": ls, "CIN": "N1",
            "PLACE": place, "PLACE_PROVIDER": provider, "DEC": dec, "REC": rec}


def test_counts_at_end_during_started_ceased(tmp_path: Path) -> None:
    """Year to 31 March 2024.

    A: in care all year (started 2021)                 -> at end, during
    B: started 10/05/2023, ceased 31/03/2024 (E4A)      -> started, ceased, during; the
       episode ends ON the period end, so B is not looked after at the end
    C: started 01/06/2023, X1 move, open at the end     -> started, at end, during
    D: short breaks only (V3)                           -> nowhere
    E: ceased 15/01/2024 (E11), came back 01/02/2024 S  -> started once, ceased once, at end
    F: ceased 31/03/2023, the day before the period     -> nowhere
    at end = A, C, E = 3; during = A, B, C, E = 4; started = B, C, E = 3; ceased = B, E = 2
    """
    path = load_returns(tmp_path, {"883/ssda903_2024": {
        "Header": [hdr(c, sex="1") for c in "ABCDEF"],
        "Episodes": [
            ep("A", "01/02/2021"),
            ep("B", "10/05/2023", dec="31/03/2024", rec="E4A"),
            ep("C", "01/06/2023", dec="01/09/2023", rec="X1"),
            ep("C", "01/09/2023", rne="P", place="U6"),
            ep("D", "01/07/2023", dec="03/07/2023", rec="E8", ls="V3"),
            ep("E", "01/03/2023", rne="S", place="A5", dec="15/01/2024", rec="E11"),
            ep("E", "01/02/2024"),
            ep("F", "01/01/2023", dec="31/03/2023", rec="E4B"),
        ]}})
    r = compute(path, "2024-03-31")
    assert (r["cla_at_end"].value, r["cla_during"].value) == (3, 4)
    assert (r["cla_started"].value, r["cla_ceased"].value) == (3, 2)
    # E's last ceasing was an adoption: 1 of the 2 who ceased = 50%.
    assert r["adopted"].value == 1
    assert r["adopted_pct_of_ceased"].value == 50.0
    assert r["sgo"].value == 0


def test_three_or_more_placements(tmp_path: Path) -> None:
    """Year to 31 March 2025; all four looked after at the end.

    A: placement open on 1 April (started 2023), moves P in June and P in October
       -> 3 placements in the year: counts
    B: starts in the year, temporary T4 placement, then back to the usual carer (P)
       -> S, P(T4), P back = 3 placements (temporary placements count): counts
    C: legal status change (L) and same-carer change (T) only -> 1 placement
    D: placed for adoption with own foster carer (U then A5 coded T) plus one move
       -> 2 placements
    3+ = A, B -> 2 / 4 = 50%
    """
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr(c) for c in "ABCD"],
        "Episodes": [
            ep("A", "01/01/2023", dec="01/06/2024", rec="X1"),
            ep("A", "01/06/2024", rne="P", dec="01/10/2024", rec="X1"),
            ep("A", "01/10/2024", rne="P"),
            ep("B", "01/05/2024", dec="01/07/2024", rec="X1"),
            ep("B", "01/07/2024", rne="P", place="T4", dec="05/07/2024", rec="X1"),
            ep("B", "05/07/2024", rne="P"),
            ep("C", "01/01/2024", ls="V2", dec="01/06/2024", rec="X1"),
            ep("C", "01/06/2024", rne="L", dec="01/09/2024", rec="X1"),
            ep("C", "01/09/2024", rne="T", place="U5"),
            ep("D", "01/01/2024", dec="01/05/2024", rec="X1"),
            ep("D", "01/05/2024", rne="P", dec="01/12/2024", rec="X1"),
            ep("D", "01/12/2024", rne="T", ls="E1", place="A5"),
        ]}})
    r = compute(path, "2025-03-31", ids=["placements_3plus_pct"])["placements_3plus_pct"]
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)


def test_long_term_stability(tmp_path: Path) -> None:
    """Period end 31 March 2025: care must start by 30/09/2022; placement by 31/03/2023.

    A: in care since 2020, same placement since 01/01/2023        -> in cohort, stable
    B: in care since 2020, moved 01/06/2023                        -> in cohort, not stable
    C: in care since 01/12/2022 (< 2.5 years)                      -> not in cohort
    D: aged 16 at the end                                          -> not in cohort
    E: in care since 2021, foster placement from 01/01/2022, placed for adoption with
       another carer (A6, RNE P) on 01/02/2025: adoptive placement + previous placement
       began 01/01/2022, before the 2-year cut-off                 -> in cohort, stable
    3 in the cohort (A, B, E), 2 stable -> 66.67%
    """
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr("A"), hdr("B"), hdr("C"), hdr("D", dob="01/03/2009"), hdr("E")],
        "Episodes": [
            ep("A", "01/01/2020", dec="01/01/2023", rec="X1"),
            ep("A", "01/01/2023", rne="P"),
            ep("B", "01/01/2020", dec="01/06/2023", rec="X1"),
            ep("B", "01/06/2023", rne="P"),
            ep("C", "01/12/2022"),
            ep("D", "01/01/2019"),
            ep("E", "01/01/2021", dec="01/01/2022", rec="X1"),
            ep("E", "01/01/2022", rne="P", dec="01/02/2025", rec="X1"),
            ep("E", "01/02/2025", rne="B", ls="E1", place="A6"),
        ]}})
    r = compute(path, "2025-03-31", ids=["long_term_stability_pct"])
    res = r["long_term_stability_pct"]
    assert (res.numerator, res.denominator) == (2, 3)


def test_placement_types_at_end(tmp_path: Path) -> None:
    """At 31 March 2025: A own foster (U4 PR1), B agency foster (U6 PR4), C K2 PR4,
    D with parents P1 PR0, E with a relative (U1 PR1).
    foster = A, B, E = 3/5 = 60%; own = A, E = 40%; external = B = 20%;
    children's home = C = 20%; with parents = D = 20%.
    """
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr(c) for c in "ABCDE"],
        "Episodes": [
            ep("A", "01/05/2024", place="U4", provider="PR1"),
            ep("B", "01/05/2024", place="U6", provider="PR4"),
            ep("C", "01/05/2024", place="K2", provider="PR4"),
            ep("D", "01/05/2024", place="P1", provider="PR0"),
            ep("E", "01/05/2024", place="U1", provider="PR1"),
        ]}})
    r = compute(path, "2025-03-31")
    assert r["placement_foster_pct"].value == 60.0
    assert r["placement_foster_own_pct"].value == 40.0
    assert r["placement_foster_external_pct"].value == 20.0
    assert r["placement_childrens_home_pct"].value == 20.0
    assert r["placement_with_parents_pct"].value == 20.0


def test_uasc_at_end(tmp_path: Path) -> None:
    """A: UASC, status open. B: UASC status ceased 01/01/2025 (before the end). C: not UASC.
    uasc_at_end = 1; 1 of 3 = 33.3%."""
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr(c) for c in "ABC"],
        "Episodes": [ep(c, "01/05/2024", ls="V2") for c in "ABC"],
        "UASC": [{"CHILD": "A", "SEX": "M", "DOB": "01/06/2008"},
                 {"CHILD": "B", "SEX": "M", "DOB": "01/06/2008", "DUC": "01/01/2025"}],
    }})
    r = compute(path, "2025-03-31")
    assert r["uasc_at_end"].value == 1
    assert (r["uasc_at_end_pct"].numerator, r["uasc_at_end_pct"].denominator) == (1, 3)
