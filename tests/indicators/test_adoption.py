"""Adoption scorecard timeliness A1, A2 and A10 on a hand-built history (arithmetic below)."""

from __future__ import annotations

from pathlib import Path

from conftest import compute, load_returns

IDS = ["adoption_a1_days", "adoption_a2_days", "adoption_a10_days"]


def hdr(child: str, dob: str = "01/06/2020") -> dict[str, str]:
    return {"CHILD": child, "SEX": "F", "DOB": dob, "ETHNIC": "WBRI"}


def ep(child: str, decom: str, rne: str = "S", place: str = "U4", dec: str = "",
       rec: str = "", ls: str = "C2") -> dict[str, str]:
    provider = "" if place.startswith("A") else "PR1"
    return {"CHILD": child, "DECOM": decom, "RNE": rne, "LS": ls, "CIN": "N1",
            "PLACE": place, "PLACE_PROVIDER": provider, "DEC": dec, "REC": rec}


def ad1(child: str, match: str, foster_care: str = "0") -> dict[str, str]:
    return {"CHILD": child, "DOB": "01/06/2020", "DATE_MATCH": match,
            "FOSTER_CARE": foster_care, "NB_ADOPTR": "2", "SEX_ADOPTR": "MF",
            "LS_ADOPTR": "L11"}


def test_a1_a2_a10_over_three_years(tmp_path: Path) -> None:
    """Period to 31 March 2025: children adopted from 1 April 2022 to 31 March 2025.

    A: entered 01/04/2022 (U4), placement order (L, E1) 01/10/2022, placed for adoption
       with new carers (A6, RNE B) 01/03/2023, adopted 01/09/2023 (E11); matched 15/01/2023.
       A1 = 01/04/2022 -> 01/03/2023 = 30+31+30+31+31+30+31+30+31+31+28 = 334 days
       A2 = 01/10/2022 -> 15/01/2023 = 31+30+31+14 = 106 days
       A10 = A1 (not adopted by its foster carers) = 334
    B: adopted by its own foster carers (AD1 FOSTER_CARE 1). Entered 01/06/2021 (U6, V2),
       moved to new foster carers (P) 01/09/2021, placement order with the same carers (L)
       01/06/2022, placed for adoption with them (A5, RNE T) 01/01/2023, adopted 01/07/2023
       (E12); matched 01/05/2022, before the order.
       A1 = 01/06/2021 -> 01/01/2023 = 365 + (30+31+31+30+31+30+31) = 365 + 214 = 579
       A2 = max(0, 01/05/2022 - 01/06/2022) = 0
       A10 = to the start of the placement with those carers: walk back from the A5 (T)
             through the L to the P on 01/09/2021: 30+31+31 = 92
    C: entered 01/01/2022 on a voluntary basis (V2), placed for adoption with consent (A4,
       P) 01/05/2022, adopted 01/02/2023 (E11); no placement order, no AD1 row.
       A1 = A10 = 31+28+31+30 = 120; A2: no court authority -> left out
    E: an earlier period (2019, left care E13) that does not count; final period entered
       01/03/2022, placement order and adoptive placement together (B, E1, A6) 01/03/2024,
       adopted 01/12/2024; matched 01/04/2024.
       A1 = A10 = 01/03/2022 -> 01/03/2024 = 365 + 366 (29 Feb 2024) = 731
       A2 = 01/03/2024 -> 01/04/2024 = 31
    D: adopted 31/03/2022, the day before the three years begin -> left out
    G: placed for adoption, not yet adopted -> left out

    A1 = (334 + 579 + 120 + 731) / 4 = 1764 / 4 = 441
    A2 = (106 + 0 + 31) / 3 = 137 / 3
    A10 = (334 + 92 + 120 + 731) / 4 = 1277 / 4 = 319.25
    """
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr(c) for c in "ABCDEG"],
        "Episodes": [
            ep("A", "01/04/2022", dec="01/10/2022", rec="X1"),
            ep("A", "01/10/2022", rne="L", ls="E1", dec="01/03/2023", rec="X1"),
            ep("A", "01/03/2023", rne="P", ls="E1", place="A6", dec="01/09/2023", rec="E11"),
            ep("B", "01/06/2021", place="U6", ls="V2", dec="01/09/2021", rec="X1"),
            ep("B", "01/09/2021", rne="P", dec="01/06/2022", rec="X1"),
            ep("B", "01/06/2022", rne="L", ls="E1", dec="01/01/2023", rec="X1"),
            ep("B", "01/01/2023", rne="T", ls="E1", place="A5", dec="01/07/2023", rec="E12"),
            ep("C", "01/01/2022", ls="V2", dec="01/05/2022", rec="X1"),
            ep("C", "01/05/2022", rne="P", ls="V2", place="A4", dec="01/02/2023", rec="E11"),
            ep("D", "01/01/2021", ls="E1", place="A6", dec="31/03/2022", rec="E11"),
            ep("E", "01/01/2019", dec="01/06/2019", rec="E13"),
            ep("E", "01/03/2022", dec="01/03/2024", rec="X1"),
            ep("E", "01/03/2024", rne="B", ls="E1", place="A6", dec="01/12/2024", rec="E11"),
            ep("G", "01/01/2024", ls="E1", place="A6"),
        ],
        "AD1": [ad1("A", "15/01/2023"), ad1("B", "01/05/2022", foster_care="1"),
                ad1("D", "01/01/2022"), ad1("E", "01/04/2024")],
    }})
    r = compute(path, "2025-03-31", ids=IDS)
    a1, a2, a10 = (r[i] for i in IDS)
    assert (a1.numerator, a1.denominator, a1.value) == (1764, 4, 441)
    assert (a2.numerator, a2.denominator) == (137, 3)
    assert a2.value == 137 / 3
    assert (a10.numerator, a10.denominator, a10.value) == (1277, 4, 319.25)
    assert all(x.unit == "days" and x.note is None for x in (a1, a2, a10))


def test_foster_carer_adoption_without_an_adoptive_placement_code(tmp_path: Path) -> None:
    """Period to 31 March 2025.

    H: entered 01/06/2022 (U4), placement order with the same carers (L, E1) 01/09/2022,
       adopted by those foster carers (FOSTER_CARE 1) on 01/06/2023 straight from the
       foster placement, with no A3-A6 episode; matched 01/10/2022.
       A1: never recorded as placed for adoption -> left out
       A2: not placed for adoption before the adoption order -> left out
       A10: adopted by its foster carers: the days run to the start of the placement it
            was adopted from, which began when it entered care: 0 days
    K: entered 01/05/2022 (U4), placed for adoption with its foster carers (A3, RNE U:
       legal status and placement type change, same carers) 01/08/2022, adopted
       01/03/2023; no AD1 row, so only the A3 code says these were its foster carers.
       A1 = 01/05/2022 -> 01/08/2022 = 31+30+31 = 92; A2: no placement order -> left out
       A10 = to the start of the placement with those carers, 01/05/2022: 0 days
    A1 = 92 / 1; A2: nobody (null, empty cohort); A10 = (0 + 0) / 2 = 0
    """
    path = load_returns(tmp_path, {"883/ssda903_2025": {
        "Header": [hdr("H"), hdr("K"), hdr("Z")],
        "Episodes": [
            ep("H", "01/06/2022", dec="01/09/2022", rec="X1"),
            ep("H", "01/09/2022", rne="L", ls="E1", dec="01/06/2023", rec="E11"),
            ep("K", "01/05/2022", ls="V2", dec="01/08/2022", rec="X1"),
            ep("K", "01/08/2022", rne="U", ls="C2", place="A3", dec="01/03/2023",
               rec="E11"),
            # a child still looked after, so that the returns reach 31 March 2025
            ep("Z", "01/01/2025"),
        ],
        "AD1": [ad1("H", "01/10/2022", foster_care="1")],
    }})
    r = compute(path, "2025-03-31", ids=IDS)
    a1, a2, a10 = (r[i] for i in IDS)
    assert (a1.numerator, a1.denominator, a1.value) == (92, 1, 92)
    assert (a2.denominator, a2.value) == (0, None)
    assert "empty" in a2.note
    assert (a10.numerator, a10.denominator, a10.value) == (0, 2, 0)
