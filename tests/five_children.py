"""Five children's care histories in council 883, in two returns (the years to 31 March 2024
and 31 March 2025), that the scorecard and report tests both work their figures out from.

Every child is born 01/06/2012, legal status C2, category of need N1:

A: looked after since 01/01/2022 with the council's own foster carer (U4), never moves.
B: starts 01/06/2023 in a children's home (K2); moves (P) to a foster carer (U4) on
   01/09/2023 and (P) to an agency foster carer (U6) on 01/12/2023; stays there.
C: starts 01/05/2024 with a foster carer (U4); moves (P) to an agency foster carer (U6)
   on 01/08/2024 and (P) to a children's home (K2) on 01/11/2024; stays there.
D: looked after from 01/01/2023 (U4); returns home 01/02/2024 (E4A).
E: starts 01/02/2025 in a children's home (K2).
(U4 carers are the council's own, PR1; U6 and K2 are PR4.) The 2024 return codes sex 1/2,
the 2025 return M/F, as each year's data contract says.
"""

from __future__ import annotations

from pathlib import Path

from carepanel.warehouse import Warehouse

from conftest import load_returns

Rows = dict[str, list[dict[str, str]]]


def hdr(child: str, sex: str) -> dict[str, str]:
    return {"CHILD": child, "SEX": sex, "DOB": "01/06/2012", "ETHNIC": "WBRI"}


def ep(child: str, decom: str, place: str, rne: str = "S", dec: str = "", rec: str = ""
       ) -> dict[str, str]:
    provider = "PR1" if place == "U4" else "PR4"
    return {"CHILD": child, "DECOM": decom, "RNE": rne, "LS": "C2", "CIN": "N1",
            "PLACE": place, "PLACE_PROVIDER": provider, "DEC": dec, "REC": rec}


def returns_2024() -> Rows:
    return {
        "Header": [hdr("A", "1"), hdr("B", "2"), hdr("D", "1")],
        "Episodes": [
            ep("A", "01/01/2022", "U4"),
            ep("B", "01/06/2023", "K2", dec="01/09/2023", rec="X1"),
            ep("B", "01/09/2023", "U4", rne="P", dec="01/12/2023", rec="X1"),
            ep("B", "01/12/2023", "U6", rne="P"),
            ep("D", "01/01/2023", "U4", dec="01/02/2024", rec="E4A"),
        ]}


def returns_2025() -> Rows:
    return {
        "Header": [hdr("A", "M"), hdr("B", "F"), hdr("C", "F"), hdr("E", "M")],
        "Episodes": [
            ep("A", "01/01/2022", "U4"),
            ep("B", "01/12/2023", "U6", rne="P"),
            ep("C", "01/05/2024", "U4", dec="01/08/2024", rec="X1"),
            ep("C", "01/08/2024", "U6", rne="P", dec="01/11/2024", rec="X1"),
            ep("C", "01/11/2024", "K2", rne="P"),
            ep("E", "01/02/2025", "K2"),
        ]}


def two_year_history(folder: Path, councils: tuple[str, ...] = ("883",)) -> Path:
    """The two returns for each council, loaded into a new warehouse in ``folder``."""
    returns: dict[str, Rows] = {}
    for la in councils:
        returns[f"{la}/ssda903_2024"] = returns_2024()
        returns[f"{la}/ssda903_2025"] = returns_2025()
    return load_returns(folder, returns)


def add_errors(path: Path) -> None:
    """Data errors in the 2025 return as the loader stores them (findings of severity
    error): C's K2 episode (row 6 of episodes.csv) has a bad placement code, and E's header
    row (row 5 of header.csv) a bad date of birth and a bad ethnicity: 3 errors in 2 rows,
    for 2 children. A's row also has a DfE rule warning, which is not a data error.

    So in the year to 31/03/2025 the children looked after at the end (A, B, C, E) are 4,
    of whom C and E = 2 have data errors, in every measure of that cohort (1.1, 3.1, 3.2,
    3.5); the manual measure 3.13 rests on no row of the return.
    """
    with Warehouse.open(path) as wh:
        [(sid,)] = wh.con.execute("SELECT max(submission_id) FROM submissions "
                                  "WHERE reference_date = DATE '2025-03-31'").fetchall()
        wh.con.executemany(
            "INSERT INTO findings (submission_id, file, row_number, column_name, rule, "
            "severity, message, child, table_name, in_return) "
            "VALUES (?, ?, ?, ?, NULL, ?, 'a test finding', ?, ?, 'current')",
            [[sid, "episodes.csv", 6, "PLACE", "error", "C", "Episodes"],
             [sid, "header.csv", 5, "DOB", "error", "E", "Header"],
             [sid, "header.csv", 5, "ETHNIC", "error", "E", "Header"],
             [sid, "episodes.csv", 2, "PL_POST", "warning", "A", "Episodes"]])
