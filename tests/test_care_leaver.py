"""Care-leaver status (eligible, relevant, former relevant) from a hand-built history.

Ages, days and birthdays are worked out by hand in the comments; 13 weeks is 91 days.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carepanel import care_leaver
from carepanel.warehouse import Warehouse

from conftest import load_returns

ON = dt.date(2025, 3, 31)


def hdr(child: str, dob: str) -> dict[str, str]:
    return {"CHILD": child, "SEX": "F", "DOB": dob, "ETHNIC": "WBRI"}


def ep(child: str, decom: str, dec: str = "", rec: str = "", ls: str = "C2"
       ) -> dict[str, str]:
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": ls, "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR1", "DEC": dec, "REC": rec}


# (child, DOB, episodes) and, in the comment, the status on 31/03/2025 and why.
PEOPLE = [
    # E1, 17: in care since 01/01/2024, over a year since turning 14 -> eligible
    ("E1", "01/01/2008", [ep("E1", "01/01/2024")]),
    # E2, 16: in care from 31/12/2024: 1 + 31 + 28 + 31 = 91 days -> eligible (just)
    ("E2", "01/01/2009", [ep("E2", "31/12/2024")]),
    # N1, 16: in care from 01/01/2025: 31 + 28 + 31 = 90 days -> not yet eligible
    ("N1", "01/01/2009", [ep("N1", "01/01/2025")]),
    # E3, 16 (14 on 01/06/2022): 01/03/2023-31/03/2023 = 31 days, then from 31/01/2025
    # 1 + 28 + 31 = 60 days: 91 in two periods -> eligible
    ("E3", "01/06/2008", [ep("E3", "01/03/2023", "01/04/2023", "E13"),
                          ep("E3", "31/01/2025")]),
    # N2, 16 (14 on 01/03/2023): in care 01/01/2023-31/03/2023, but only the 31 days from
    # the 14th birthday count; back from 01/03/2025 (31 days): 62 -> not eligible
    ("N2", "01/03/2009", [ep("N2", "01/01/2023", "01/04/2023", "E13"),
                          ep("N2", "01/03/2025")]),
    # N3, 17: six months of short breaks (V3) do not count; in care from 01/02/2025:
    # 28 + 31 = 59 days -> not eligible
    ("N3", "01/01/2008", [ep("N3", "01/06/2024", "30/11/2024", "E8", ls="V3"),
                          ep("N3", "01/02/2025")]),
    # N4 turns 16 the day after: 15 -> nothing, though in care since 2020
    ("N4", "01/04/2009", [ep("N4", "01/01/2020")]),
    # E4 turns 16 on the day -> eligible (in care since 2020)
    ("E4", "31/03/2009", [ep("E4", "01/01/2020")]),
    # R1, 17: in care 01/01/2024 to 01/12/2024 (after 16, 335 days), left -> relevant
    ("R1", "01/01/2008", [ep("R1", "01/01/2024", "01/12/2024", "E13")]),
    # N5 left on 01/12/2023, before turning 16 -> nothing
    ("N5", "01/01/2008", [ep("N5", "01/01/2022", "01/12/2023", "E13")]),
    # N6 left on their 16th birthday: last day in care 31/12/2023, aged 15 -> nothing
    ("N6", "01/01/2008", [ep("N6", "01/06/2022", "01/01/2024", "E13")]),
    # N7 went home (E4A) on 01/06/2024: 6 months at home by 01/12/2024 -> nothing
    ("N7", "01/01/2008", [ep("N7", "01/01/2023", "01/06/2024", "E4A")]),
    # R2 went home (E4A) on 01/12/2024: not yet 6 months -> relevant
    ("R2", "01/01/2008", [ep("R2", "01/01/2023", "01/12/2024", "E4A")]),
    # N8: care taken over by another council (E3) -> that council's care leaver
    ("N8", "01/01/2008", [ep("N8", "01/01/2023", "01/12/2024", "E3")]),
    # N9: died (E2) -> nothing
    ("N9", "01/01/2008", [ep("N9", "01/01/2023", "01/12/2024", "E2")]),
    # F1, 20: looked after on the day before 18 (left on the birthday, E17) -> former
    ("F1", "01/01/2005", [ep("F1", "01/01/2021", "01/01/2023", "E17")]),
    # F2, 21: left at 17 (01/06/2021), relevant on the day before 18 -> former relevant
    ("F2", "01/01/2004", [ep("F2", "01/01/2019", "01/06/2021", "E13")]),
    # F3 is 24 (25 the day after) -> former relevant
    ("F3", "01/04/2000", [ep("F3", "01/01/2015", "01/04/2018", "E17")]),
    # N10 is 25 on the day -> nothing
    ("N10", "31/03/2000", [ep("N10", "01/01/2015", "31/03/2018", "E17")]),
    # N11, 19: came into care at 17 for 61 days (30 + 31) before 18 -> nothing
    ("N11", "01/01/2006", [ep("N11", "01/11/2023", "01/01/2024", "E17")]),
    # F4, 20: no episodes loaded (left before the oldest return), in OC3 -> former relevant
    ("F4", "01/05/2004", []),
    # N12, 20: no episodes, in OC3 as DIED -> nothing
    ("N12", "01/05/2004", []),
]
EXPECTED = {
    "E1": (17, "eligible"), "E2": (16, "eligible"), "E3": (16, "eligible"),
    "E4": (16, "eligible"), "R1": (17, "relevant"), "R2": (17, "relevant"),
    "F1": (20, "former_relevant"), "F2": (21, "former_relevant"),
    "F3": (24, "former_relevant"), "F4": (20, "former_relevant"),
}


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """Council 883 holds everyone above; council 884 one eligible 17-year-old (X, in
    care since 01/06/2024: 304 days)."""
    return load_returns(tmp_path, {
        "883/ssda903_2025": {
            "Header": [hdr(c, dob) for c, dob, _ in PEOPLE],
            "Episodes": [e for _, _, eps in PEOPLE for e in eps],
            "OC3": [{"CHILD": "F4", "DOB": "01/05/2004", "IN_TOUCH": "YES", "ACTIV": "F1",
                     "ACCOM": "U1"},
                    {"CHILD": "N12", "DOB": "01/05/2004", "IN_TOUCH": "DIED", "ACTIV": "0",
                     "ACCOM": "0"}]},
        "884/ssda903_2025": {
            "Header": [hdr("X", "01/01/2008")],
            "Episodes": [ep("X", "01/06/2024")]},
    })


def test_statuses_follow_the_children_act_definitions(warehouse: Path) -> None:
    with Warehouse.open(warehouse, read_only=True) as wh:
        rows = care_leaver.statuses(wh.con, ON, la_codes=["883"])
    assert {r.child: (r.age, r.status) for r in rows} == EXPECTED
    assert {r.la_code for r in rows} == {"883"}


def test_counts_are_by_council_status_and_age(warehouse: Path) -> None:
    """From EXPECTED for 883: eligible 16: E2 E3 E4 = 3, 17: E1 = 1; relevant 17: R1 R2 = 2;
    former relevant 20: F1 F4 = 2, 21: F2 = 1, 24: F3 = 1. Council 884: X eligible at 17."""
    with Warehouse.open(warehouse, read_only=True) as wh:
        both = care_leaver.counts(wh.con, ON)
        only_884 = care_leaver.counts(wh.con, ON, la_codes=["884"])
    assert {(c.la_code, c.status, c.age): c.young_people for c in both} == {
        ("883", "eligible", 16): 3, ("883", "eligible", 17): 1,
        ("883", "relevant", 17): 2,
        ("883", "former_relevant", 20): 2, ("883", "former_relevant", 21): 1,
        ("883", "former_relevant", 24): 1,
        ("884", "eligible", 17): 1,
    }
    assert only_884 == [care_leaver.CountRow("884", "eligible", 17, 1)]


def test_status_on_an_earlier_date(warehouse: Path) -> None:
    """On 30/11/2024: R1 (16, in care since 01/01/2024: 335 days) has not left yet ->
    eligible; N7 went home on 01/06/2024, 6 months not yet up (01/12/2024) -> relevant;
    E2 (started 31/12/2024) is not in care yet -> nothing."""
    with Warehouse.open(warehouse, read_only=True) as wh:
        rows = {r.child: (r.age, r.status)
                for r in care_leaver.statuses(wh.con, dt.date(2024, 11, 30), ["883"])}
    assert rows["R1"] == (16, "eligible")
    assert rows["N7"] == (16, "relevant")
    assert "E2" not in rows


def test_analysts_can_query_the_status_and_the_days_counted(warehouse: Path) -> None:
    """The macro shows the days each was judged on: E2 91 (eligible), N1 90 (not), N2 62
    (31 + 31, the days before turning 14 left out), N3 59 (short breaks left out)."""
    with Warehouse.open(warehouse, read_only=True) as wh:
        care_leaver.register(wh.con)
        rows = dict(wh.con.execute(
            "SELECT child, days_since_14 FROM care_leaver_status(DATE '2025-03-31') "
            "WHERE la_code = '883' AND child IN ('E2', 'N1', 'N2', 'N3')").fetchall())
    assert rows == {"E2": 91, "N1": 90, "N2": 62, "N3": 59}
