"""Council 883's returns for 31 March 2024 and 2025, written to be loaded one at a time.

Between the two years child A's date of birth changes (DfE rule 203, named on this year's
Header row) and A's missing period left open at 31 March 2024 is absent from 2025 (rule 576,
named on last year's Missing row). Neither rule can run unless the 2024 return is found.

Spreadsheet rows (the header is row 1):

* 2024 header.csv: A row 2 (DOB 01/06/2012), B row 3.
* 2024 missing.csv: B's closed period row 2, a blank line (row 3), A's open period row 4.
* 2025 header.csv: A row 2 (DOB 01/07/2012), B row 3.
"""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import write_return

MISSING_COLUMNS = ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]


def header(child: str, dob: str, sex: str) -> dict[str, str]:
    return {"CHILD": child, "SEX": sex, "DOB": dob, "ETHNIC": "WBRI"}


def episode(child: str, decom: str, dec: str = "", rec: str = "") -> dict[str, str]:
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": "C2", "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR1", "DEC": dec, "REC": rec}


def return_2024(folder: Path, a_dob: str = "01/06/2012", missing: bool = True) -> Path:
    """The 2024 return; ``a_dob`` and ``missing=False`` make a corrected one without the
    Missing table (so the first one's Missing table stays the active one)."""
    write_return(folder, {
        "Header": [header("A", a_dob, "1"), header("B", "01/01/2010", "2")],
        "Episodes": [episode("A", "01/05/2023"), episode("B", "01/06/2023")],
    })
    if missing:
        with open(folder / "missing.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(MISSING_COLUMNS)
            w.writerow(["B", "01/01/2010", "M", "01/09/2023", "02/09/2023"])
            w.writerow([])
            w.writerow(["A", a_dob, "M", "10/03/2024", ""])
    return folder


def return_2025(folder: Path) -> Path:
    """The 2025 return: A's date of birth differs, A's open missing period is gone, and B
    left care in February 2025 (which makes it the return for 31 March 2025)."""
    return write_return(folder, {
        "Header": [header("A", "01/07/2012", "M"), header("B", "01/01/2010", "F")],
        "Episodes": [episode("A", "01/05/2023"),
                     episode("B", "01/06/2023", dec="01/02/2025", rec="E4A")],
    })


def last_year_rules(findings: list) -> list[tuple]:
    """(rule, file name, row, column, child) of the rules that need last year's return."""
    return sorted((f.rule, Path(f.file).name, f.row, f.column, f.child)
                  for f in findings if f.rule in ("203", "576"))


# What the 2025 return shows when compared with the 2024 one above.
EXPECTED = [("203", "header.csv", 2, "DOB", "A"), ("576", "missing.csv", 4, "MIS_END", "A")]
