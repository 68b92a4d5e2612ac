"""Children's participation in their looked-after reviews (REVIEW_CODE PN1-PN6, aged 4+;
PN7 is a review the child neither attended nor sent their views to)."""

from __future__ import annotations

from pathlib import Path

from conftest import compute, load_returns


def hdr(child: str, dob: str) -> dict[str, str]:
    return {"CHILD": child, "SEX": "M", "DOB": dob, "ETHNIC": "WBRI"}


def ep(child: str, decom: str, ls: str = "C2", dec: str = "", rec: str = "") -> dict[str, str]:
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": ls, "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR1", "DEC": dec, "REC": rec}


def review(child: str, day: str, code: str, dob: str = "") -> dict[str, str]:
    return {"CHILD": child, "DOB": dob, "REVIEW": day, "REVIEW_CODE": code}


def test_reviews_of_children_aged_four_and_over(tmp_path: Path) -> None:
    """Year to 31 March 2025.

    A (born 01/06/2020): review 15/05/2024 at age 3 (PN0) -> left out; review 01/06/2024,
       the 4th birthday (PN1) -> counted, participated
    B (born 01/01/2010): review 01/03/2024 -> before the year, left out; 01/05/2024 PN2 ->
       participated; 01/11/2024 with no code recorded -> counted, not participated
    C (born 01/01/2014): short breaks only (V3), review 01/07/2024 PN1 -> left out
    D: no Header row; the review row's own DOB (01/01/2015, aged 9) is used:
       review 01/08/2024 PN5 -> participated; review 01/02/2025 PN7 (did not attend, views
       not conveyed) -> counted, not participated
    reviews counted = A 01/06, B 01/05, B 01/11, D 01/08, D 01/02 = 5; participated = 3
    -> 60%
    """
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr("A", "01/06/2020"), hdr("B", "01/01/2010"), hdr("C", "01/01/2014")],
        "Episodes": [ep("A", "01/01/2024"), ep("B", "01/01/2023"),
                     ep("C", "01/07/2024", ls="V3", dec="03/07/2024", rec="E8"),
                     ep("D", "01/02/2024")],
        "Reviews": [review("A", "15/05/2024", "PN0"), review("A", "01/06/2024", "PN1"),
                    review("B", "01/03/2024", "PN1"), review("B", "01/05/2024", "PN2"),
                    review("B", "01/11/2024", ""), review("C", "01/07/2024", "PN1"),
                    review("D", "01/08/2024", "PN5", dob="01/01/2015"),
                    review("D", "01/02/2025", "PN7", dob="01/01/2015")],
    }})
    r = compute(path, "2025-03-31", ids=["reviews_participation_pct"])
    res = r["reviews_participation_pct"]
    assert (res.numerator, res.denominator, res.value) == (3, 5, 60.0)


def test_no_reviews_is_an_empty_cohort_not_zero(tmp_path: Path) -> None:
    """A council with no reviews of children aged 4+ in the year: null, never 0%."""
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr("A", "01/06/2023")],
        "Episodes": [ep("A", "01/06/2024")],
        "Reviews": [review("A", "20/06/2024", "PN0")],
    }})
    res = compute(path, "2025-03-31", ids=["reviews_participation_pct"])[
        "reviews_participation_pct"]
    assert (res.numerator, res.denominator, res.value) == (0, 0, None)
    assert "empty" in res.note
