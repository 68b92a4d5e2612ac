"""Every DfE rule carepanel implements, broken and then just kept, on hand-built returns.

Each case is a small return that breaks one rule, the rows the rule must name (table,
spreadsheet row, column; the child is "A" unless given), and an edit that puts the return
right at the edge of the rule, where it must be silent. Returns are for 2024/25 (1 April
2024 to 31 March 2025) unless a case says otherwise; ``last`` is the council's return for
the year before. Rows are written as dicts of the DfE's columns; blank is left out.

Every case, broken and kept, is staged as a return of ONE run (with its own last year's
return when it has one) and the rules run once over them all, as a run of many councils
and years does. Every case's child is "A", so a rule whose join, window or subquery forgot
the return id would see the other cases' rows and fail here.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from carepanel.reference import providers
from carepanel.ssda903 import schema, staging
from carepanel.ssda903.validate import implemented
from carepanel.ssda903.validate.runner import EARLIER_EPISODES, run_rules

from bench_harness import load

Tables = dict[str, list[dict[str, str]]]
Edit = Callable[[Tables], None]


# --- rows with sensible defaults: a boy born 1 June 2012, in foster care since May 2024 ---


def H(**kw: str) -> dict[str, str]:
    return {"CHILD": "A", "SEX": "M", "DOB": "01/06/2012", "ETHNIC": "WBRI",
            "UPN": "A123456789012", **kw}


def E(**kw: str) -> dict[str, str]:
    return {"CHILD": "A", "DECOM": "01/05/2024", "RNE": "S", "LS": "C2", "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR1", "HOME_POST": "AB1 2CD",
            "PL_POST": "AB3 4EF", "URN": "SC123456", **kw}


def _child(**kw: str) -> dict[str, str]:
    return {"CHILD": "A", "DOB": "01/06/2012", **kw}


UASC = REV = OC2 = OC3 = AD1 = PA = PP = MIS = _child


@dataclass
class Case:
    code: str
    bad: Tables
    at: list[tuple]
    good: list[Edit]
    year: int = 2025
    last: Tables | None = None
    name: str = ""
    # Episodes of the council's earlier returns, as the warehouse would give them.
    earlier: list[dict[str, str]] | None = None

    def expected(self) -> set[tuple[str, int, str, str]]:
        return {(t, r, c, rest[0] if rest else "A") for t, r, c, *rest in self.at}


def set_(table: str, index: int, **fields: str) -> Edit:
    """Change fields of one row (None blanks a field)."""
    def edit(tables: Tables) -> None:
        row = tables[table][index]
        for k, v in fields.items():
            if v is None:
                row.pop(k, None)
            else:
                row[k] = v
    return edit


def drop(table: str, index: int) -> Edit:
    def edit(tables: Tables) -> None:
        del tables[table][index]
    return edit


def add(table: str, row: dict[str, str]) -> Edit:
    def edit(tables: Tables) -> None:
        tables.setdefault(table, []).append(row)
    return edit


def earlier_(edit: Edit) -> Edit:
    """Apply an edit to the earlier returns' episodes instead (see Case.earlier)."""
    def wrapped(tables: Tables) -> None:
        edit(tables["__earlier__"])  # type: ignore[arg-type]
    return wrapped


def last_(edit: Edit) -> Edit:
    """Apply an edit to last year's return instead (see Case.last)."""
    def wrapped(tables: Tables) -> None:
        edit(tables["__last__"])  # type: ignore[arg-type]
    return wrapped


CASES: list[Case] = []


def case(code: str, bad: Tables, at: list[tuple], *good: Edit, year: int = 2025,
         last: Tables | None = None, name: str = "",
         earlier: list[dict[str, str]] | None = None) -> None:
    CASES.append(Case(code, bad, at, list(good), year, last, name, earlier))


# --- Header ----------------------------------------------------------------------------

case("103", {"Header": [H(ETHNIC="")]}, [("Header", 2, "ETHNIC")], set_("Header", 0, ETHNIC="WBRI"))
case("165", {"Header": [H(SEX="F", MOTHER="")], "Episodes": [E()]},
     [("Header", 2, "MOTHER")], set_("Header", 0, MOTHER="0"), name="girl looked after")
case("165", {"Header": [H(MOTHER="0")], "Episodes": [E()]},
     [("Header", 2, "MOTHER")], set_("Header", 0, MOTHER=None), name="boy with MOTHER")
case("165", {"Header": [H(SEX="F", MOTHER="")],
             "Episodes": [E(LS="V3", DEC="05/05/2024", REC="E13")]},
     [], name="short breaks only")
case("168", {"Header": [H(UPN="I123456789012")]}, [("Header", 2, "UPN")],
     set_("Header", 0, UPN="UN3"))
case("174", {"Header": [H(MC_DOB="01/01/2024")]}, [("Header", 2, "MC_DOB")],
     set_("Header", 0, SEX="F"))
case("174", {"Header": [H(SEX="1", MC_DOB="01/01/2023")]}, [("Header", 2, "MC_DOB")],
     set_("Header", 0, SEX="2"), year=2024, name="codes of 2023/24")
# Four on 31 August 2023 (the DfE's reference date for 2024/25) is school age.
case("209", {"Header": [H(UPN="UN1", DOB="31/08/2019")]}, [("Header", 2, "UPN")],
     set_("Header", 0, DOB="01/09/2019"))
case("210", {"Header": [H(UPN="UN4")], "Episodes": [E(DECOM="23/03/2025")]},
     [("Header", 2, "UPN")], set_("Episodes", 0, DECOM="24/03/2025"))
case("231", {"Header": [H(DOB="01/04/2014")], "UASC": [UASC(DOB="01/04/2014")]},
     [("Header", 2, "DOB")], set_("Header", 0, DOB="31/03/2014"))
case("232", {"Header": [H(SEX="U")]}, [("Header", 2, "SEX")], set_("Header", 0, SEX="F"))
case("3001", {"Header": [H(DOB="01/04/2007")], "OC3": [OC3(DOB="01/04/2007", IN_TOUCH="YES",
                                                          ACTIV="F2", ACCOM="Z1")]},
     [("OC3", 2, "ACCOM")], set_("Header", 0, DOB="31/03/2007"))
case("301", {"Header": [H(DOB="01/04/2025")]}, [("Header", 2, "DOB")],
     set_("Header", 0, DOB="31/03/2025"))
case("351", {"Header": [H(DOB="31/03/1999")]}, [("Header", 2, "DOB")],
     set_("Header", 0, DOB="01/04/1999"))
case("352", {"Header": [H(DOB="01/05/2006")], "Episodes": [E()]}, [("Episodes", 2, "DECOM")],
     set_("Header", 0, DOB="02/05/2006"))
# Born on 29 February: 18 on 1 March in a year that is not a leap year.
case("352", {"Header": [H(DOB="29/02/2008")], "Episodes": [E(DECOM="01/03/2026")]},
     [("Episodes", 2, "DECOM")], set_("Episodes", 0, DECOM="28/02/2026"), year=2026,
     name="29 February birthday")
case("358", {"Header": [H(DOB="02/05/2014")], "Episodes": [E(LS="J2")]},
     [("Episodes", 2, "LS"), ("Header", 2, "DOB")], set_("Header", 0, DOB="01/05/2014"))
case("359", {"Header": [H(DOB="30/03/2007")], "Episodes": [E(LS="C2", PLACE="K2")]},
     [("Episodes", 2, "LS, PLACE")], set_("Episodes", 0, LS="V2"))
case("359", {"Header": [H(DOB="31/03/2007")], "Episodes": [E(LS="C2", PLACE="K2")]}, [],
     name="18 on 31 March")
case("386", {"Header": [H(DOB="01/01/2007")],
             "Episodes": [E(PLACE="A4", DEC="01/01/2025", REC="E11")]},
     [("Episodes", 2, "REC")], set_("Episodes", 0, DEC="31/12/2024"))
case("387", {"Header": [H(DOB="02/01/2011")], "Episodes": [E(DEC="01/01/2025", REC="E5")]},
     [("Episodes", 2, "REC")], set_("Header", 0, DOB="01/01/2011"))
case("389", {"Header": [H(DOB="02/01/2009")], "Episodes": [E(DEC="01/01/2025", REC="E7")]},
     [("Episodes", 2, "REC")], set_("Header", 0, DOB="01/01/2009"))
case("393", {"Header": [H(SEX="F")], "Episodes": [E()]}, [("Header", 2, "MOTHER")],
     set_("Header", 0, MOTHER="0"))
case("393", {"Header": [H(SEX="F")], "Episodes": [E(LS="V4")]}, [], name="short breaks")
case("444", {"Header": [H(), H(CHILD="B")]},
     [("Header", 2, "UPN"), ("Header", 3, "UPN", "B")],
     set_("Header", 1, UPN="A123456789013"), year=2026)
case("444", {"Header": [H(UPN="UN2"), H(CHILD="B", UPN="UN2")]}, [], year=2026,
     name="unknown codes repeat")
case("460", {"Header": [H(DOB="02/01/2007")], "Episodes": [E(DEC="01/01/2025", REC="E17")]},
     [("Episodes", 2, "REC")], set_("Header", 0, DOB="01/01/2007"))
case("611", {"Header": [H(SEX="F", MOTHER="1")]}, [("Header", 2, "MC_DOB")],
     set_("Header", 0, MC_DOB="01/01/2024"))
case("612", {"Header": [H(SEX="F", MOTHER="0", MC_DOB="01/01/2024")]},
     [("Header", 2, "MOTHER")], set_("Header", 0, MOTHER="1"))
case("620", {"Header": [H(SEX="F", DOB="02/04/2013", MOTHER="1", MC_DOB="01/01/2025")]},
     [("Header", 2, "MOTHER")], set_("Header", 0, DOB="01/04/2013"))
case("621", {"Header": [H(SEX="F", MOTHER="1", MC_DOB="01/06/2012")]},
     [("Header", 2, "MC_DOB")], set_("Header", 0, MC_DOB="02/06/2012"))
case("625", {"Header": [H(SEX="F", MOTHER="1", MC_DOB="02/02/2025")],
             "Episodes": [E(DEC="01/02/2025", REC="E13")]},
     [("Header", 2, "MC_DOB")], set_("Header", 0, MC_DOB="01/02/2025"))
case("625", {"Header": [H(SEX="F", MOTHER="1", MC_DOB="01/04/2025")], "Episodes": [E()]},
     [("Header", 2, "MC_DOB")], set_("Header", 0, MC_DOB="31/03/2025"), name="after the year")
case("607", {"Header": [H(SEX="F")], "Episodes": [E(DEC="01/02/2025", REC="E13")]},
     [("Episodes", 2, "REC"), ("Header", 2, "MOTHER")], set_("Header", 0, MOTHER="0"))
case("607", {"Header": [H(SEX="F")], "Episodes": [E(DEC="01/02/2025", REC="X1")]}, [],
     name="episode continues")
case("442", {"Header": [H(UPN="")], "Episodes": [E()]}, [("Header", 2, "UPN")],
     set_("Episodes", 0, LS="V3"))
case("628", {"Header": [H(DOB="01/06/2005", SEX="F", MOTHER="0")],
             "OC3": [OC3(DOB="01/06/2005", IN_TOUCH="YES", ACTIV="F2", ACCOM="S1")]},
     [("Header", 2, "MOTHER")], set_("Header", 0, MOTHER=None))
case("EPI", {"Header": [H()]}, [("Header", 2, "CHILD")],
     add("OC3", OC3(IN_TOUCH="YES", ACTIV="F2", ACCOM="S1")))
case("INT03", {"Header": [H()], "Episodes": [E(CHILD="B")]}, [("Episodes", 2, "CHILD", "B")],
     set_("Episodes", 0, CHILD="A"))
for code, table, row in (("INT01", "AD1", AD1()), ("INT02", "PlacedAdoption", PA()),
                         ("INT04", "Missing", MIS()), ("INT05", "OC2", OC2()),
                         ("INT06", "OC3", OC3()), ("INT07", "PrevPerm", PP()),
                         ("INT08", "Reviews", REV()), ("INT09", "UASC", UASC())):
    case(code, {"Header": [H(CHILD="B")], table: [row]}, [(table, 2, "CHILD")],
         set_("Header", 0, CHILD="A"))
for code, table, row in (("INT11", "AD1", AD1()), ("INT12", "PlacedAdoption", PA()),
                         ("INT13", "Missing", MIS()), ("INT14", "OC2", OC2()),
                         ("INT15", "OC3", OC3()), ("INT16", "PrevPerm", PP()),
                         ("INT17", "Reviews", REV()), ("INT18", "UASC", UASC())):
    case(code, {"Header": [H(DOB="02/06/2012")], table: [row]}, [(table, 2, "DOB")],
         set_("Header", 0, DOB="01/06/2012"))
case("INT21", {"Header": [H()], "UASC": [UASC(SEX="F")]}, [("UASC", 2, "SEX")],
     set_("UASC", 0, SEX="M"))
for code, table, row in (("INT31", "AD1", AD1()), ("INT32", "Header", H()),
                         ("INT33", "OC2", OC2()), ("INT34", "OC3", OC3()),
                         ("INT35", "PrevPerm", PP()), ("INT36", "UASC", UASC())):
    case(code, {table: [row, dict(row)]}, [(table, 2, "CHILD"), (table, 3, "CHILD")],
         set_(table, 1, CHILD="B"))


# --- Episodes --------------------------------------------------------------------------

case("501", {"Episodes": [E(DEC="01/09/2024", REC="X1"),
                          E(DECOM="31/08/2024", RNE="P", PLACE="U5")]},
     [("Episodes", 3, "DECOM")], set_("Episodes", 1, DECOM="01/09/2024"))
case("356", {"Episodes": [E(DEC="30/04/2024", REC="E13")]}, [("Episodes", 2, "DEC")],
     set_("Episodes", 0, DEC="01/05/2024"))
case("148", {"Episodes": [E(DEC="01/09/2024")]}, [("Episodes", 2, "DEC, REC")],
     set_("Episodes", 0, REC="E13"))
# A date that is not a real date is given all the same: an error of its own (rule 147).
case("148", {"Episodes": [E(DEC="31/02/2024", REC="E13")]}, [], name="unreadable date")
case("302", {"Header": [H(DOB="02/05/2024")], "Episodes": [E()]},
     [("Episodes", 2, "DECOM"), ("Header", 2, "DOB")], set_("Header", 0, DOB="01/05/2024"))
case("142", {"Episodes": [E(), E(DECOM="01/09/2024", RNE="P", PLACE="U5")]},
     [("Episodes", 2, "DEC, REC")], set_("Episodes", 0, DEC="01/09/2024", REC="X1"))
case("213", {"Episodes": [E(PLACE="T4")]}, [("Episodes", 2, "PLACE_PROVIDER")],
     set_("Episodes", 0, PLACE_PROVIDER=None))
case("214", {"Episodes": [E(LS="V3", URN="")]}, [("Episodes", 2, "PL_POST, URN")],
     set_("Episodes", 0, PL_POST=None))
case("217", {"Episodes": [E(PLACE="A3", RNE="P")]}, [("Episodes", 2, "RNE")],
     set_("Episodes", 0, RNE="T"))
case("217t", {"Episodes": [E(DECOM="01/05/2023", PLACE="P2", DEC="29/10/2023", REC="E13")]},
     [("Episodes", 2, "PLACE")], set_("Episodes", 0, DEC="28/10/2023"), year=2024)
case("222", {"Episodes": [E(PLACE="R1")]}, [("Episodes", 2, "URN")],
     set_("Episodes", 0, URN="XXXXXXX"))
case("222", {"Episodes": [E(PLACE="Z1", URN="SC1")]}, [("Episodes", 2, "URN")],
     set_("Episodes", 0, URN=None), name="Z1 in 2024/25")
case("222", {"Episodes": [E(PLACE="P2", DECOM="01/05/2023", URN="SC1")]},
     [("Episodes", 2, "URN")], year=2024, name="P2 until 2023/24")
case("225", {"Episodes": [E(DEC="01/09/2024", REC="X1"),
                          E(DECOM="01/09/2024", RNE="P", PLACE="U5")]},
     [("Episodes", 2, "REASON_PLACE_CHANGE")],
     set_("Episodes", 0, REASON_PLACE_CHANGE="CARPL"))
case("225", {"Episodes": [E(DEC="01/09/2024", REC="X1"),
                          E(DECOM="01/09/2024", RNE="P", PLACE="T1")]},
     [], name="into a temporary placement")
case("226", {"Episodes": [E(DEC="01/09/2024", REC="X1", REASON_PLACE_CHANGE="CARPL"),
                          E(DECOM="01/09/2024", RNE="P", PLACE="T1")]},
     [("Episodes", 3, "REASON_PLACE_CHANGE")], set_("Episodes", 0, REASON_PLACE_CHANGE=None))
case("233", {"Episodes": [E(REASON_PLACE_CHANGE="CARPL")]},
     [("Episodes", 2, "REASON_PLACE_CHANGE")], set_("Episodes", 0, DEC="01/09/2024", REC="E13"),
     year=2026)
case("234", {"Header": [H(DOB="02/05/2014")],
             "Episodes": [E(DEC="01/09/2024", REC="X1", REASON_PLACE_CHANGE="CUSTOD")]},
     [("Episodes", 2, "REASON_PLACE_CHANGE")], set_("Header", 0, DOB="01/05/2014"), year=2026)
case("336", {"Episodes": [E(DEC="01/09/2024", REC="X1", PLACE="K2"),
                          E(DECOM="01/09/2024", RNE="P", PLACE="A5", LS="E1")]},
     [("Episodes", 3, "PLACE")], set_("Episodes", 0, PLACE="U6"))
case("353", {"Episodes": [E(DECOM="13/10/1991")]}, [("Episodes", 2, "DECOM")],
     set_("Episodes", 0, DECOM="14/10/1991"))
case("354", {"Episodes": [E(DECOM="01/04/2025")]}, [("Episodes", 2, "DECOM")],
     set_("Episodes", 0, DECOM="31/03/2025"))
case("355", {"Episodes": [E(DEC="01/05/2024", REC="E13")]}, [("Episodes", 2, "DEC")],
     set_("Episodes", 0, DEC="02/05/2024"))
case("357", {"Episodes": [E(DECOM="01/04/2024", RNE="P")]}, [("Episodes", 2, "RNE")],
     set_("Episodes", 0, DECOM="31/03/2024"))
for code, ls, days in (("361", "L1", 3), ("362", "L2", 21), ("363", "L3", 7), ("364", "J2", 21)):
    # A run of two episodes under the same legal status, one day too long; then just long
    # enough.
    end = (dt.date(2024, 5, 1) + dt.timedelta(days=days + 1)).strftime("%d/%m/%Y")
    case(code, {"Episodes": [E(LS=ls, DEC="02/05/2024", REC="X1"),
                             E(LS=ls, DECOM="02/05/2024", RNE="P", PLACE="U5", DEC=end,
                               REC="E13")]},
         [("Episodes", 2, "LS"), ("Episodes", 3, "LS")],
         set_("Episodes", 1, DEC=(dt.date(2024, 5,
                                          1) + dt.timedelta(days=days)).strftime("%d/%m/%Y")))
case("365", {"Episodes": [E(LS="V3", DEC="19/05/2024", REC="E13")]}, [("Episodes", 2, "DEC")],
     set_("Episodes", 0, DEC="18/05/2024"))
# Still open: the break runs to 31 March; a DEC given but not a real date says no length.
case("365", {"Episodes": [E(LS="V3", DECOM="13/03/2025")]}, [("Episodes", 2, "DEC")],
     set_("Episodes", 0, DECOM="14/03/2025"), name="open")
case("365", {"Episodes": [E(LS="V3")]}, [("Episodes", 2, "DEC")],
     set_("Episodes", 0, DEC="30/02/2025", REC="E13"), name="DEC not a real date")
case("366", {"Episodes": [E(LS="V3", RNE="P")]}, [("Episodes", 2, "RNE")],
     set_("Episodes", 0, RNE="S"))
case("367", {"Episodes": [E(LS="V3", DECOM="01/04/2024", DEC="15/06/2024", REC="E13"),
                          E(LS="V3", DECOM="01/07/2024", DEC="02/07/2024", REC="E13")]},
     [("Episodes", 2, "DECOM, DEC"), ("Episodes", 3, "DECOM, DEC")],
     set_("Episodes", 0, DEC="14/06/2024"))
case("367", {"Episodes": [E(LS="V3", DECOM="01/04/2024", DEC="15/06/2024", REC="E13"),
                          E(LS="V3", DECOM="01/07/2024")]},
     [("Episodes", 2, "DECOM, DEC"), ("Episodes", 3, "DECOM, DEC")],
     set_("Episodes", 1, DEC="31/02/2025", REC="E13"), name="DEC not a real date")
case("370", {"Header": [H(DOB="02/05/2007")], "Episodes": [E(DECOM="01/05/2023", PLACE="P2")]},
     [("Episodes", 2, "PLACE")], set_("Header", 0, DOB="01/05/2007"), year=2024)
case("371", {"Header": [H(DOB="02/05/2008")], "Episodes": [E(PLACE="K3", PLACE_PROVIDER="PR4")]},
     [("Episodes", 2, "PLACE")], set_("Header", 0, DOB="01/05/2008"))
case("371", {"Header": [H(DOB="01/05/2008")], "Episodes": [E(DECOM="01/05/2022", PLACE="H5")]},
     [], year=2023, name="14 is old enough in 2022/23")
for code, place, age in (("372", "R5", 10), ("373", "S1", 4), ("374", "P3", 14)):
    case(code, {"Header": [H(DOB=f"02/05/{2024 - age}")], "Episodes": [E(PLACE=place)]},
         [("Episodes", 2, "PLACE")], set_("Header", 0, DOB=f"01/05/{2024 - age}"))
for code, place, days in (("375", "T1", 42), ("376", "T3", 21), ("379", "T4", 7)):
    end = dt.date(2024, 5, 1) + dt.timedelta(days=days)
    too_long = (end + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    case(code, {"Episodes": [E(PLACE=place, RNE="P", DEC=too_long, REC="X1")]},
         [("Episodes", 2, "DEC")], set_("Episodes", 0, DEC=end.strftime("%d/%m/%Y")))
case("377", {"Episodes": [E(PLACE="T3", RNE="P", DECOM="01/05/2024"),
                          E(PLACE="T3", RNE="P", DECOM="01/09/2024"),
                          E(PLACE="T3", RNE="P", DECOM="30/04/2025")]},
     [("Episodes", 2, "PLACE"), ("Episodes", 3, "PLACE"), ("Episodes", 4, "PLACE")],
     set_("Episodes", 2, DECOM="01/05/2025"))
case("378", {"Episodes": [E(PLACE="P1", PLACE_PROVIDER="PR0", LS="V2")]}, [("Episodes", 2, "LS")],
     set_("Episodes", 0, LS="C2"))
case("380", {"Episodes": [E(PLACE="T2")]}, [("Episodes", 2, "RNE")], set_("Episodes", 0, RNE="P"))
case("381", {"Episodes": [E(PLACE="T2", RNE="P", DEC="01/06/2024", REC="E13")]},
     [("Episodes", 2, "REC")], set_("Episodes", 0, REC="X1"))
case("382", {"Episodes": [E(LS="V4", PLACE="T0")]}, [("Episodes", 2, "PLACE")],
     set_("Episodes", 0, PLACE="U5"))
case("383", {"Episodes": [E(DEC="01/06/2024", REC="X1"),
                          E(DECOM="01/06/2024", RNE="P", PLACE="T3", DEC="10/06/2024", REC="X1"),
                          E(DECOM="10/06/2024", RNE="P", PLACE="U5")]},
     [("Episodes", 4, "RNE, PLACE, PL_POST")], set_("Episodes", 2, PLACE="U4"))
case("384", {"Episodes": [E(LS="V3", PLACE="U1")]}, [("Episodes", 2, "PLACE")],
     set_("Episodes", 0, PLACE="U2"))
case("385", {"Episodes": [E(DEC="01/04/2025", REC="E13")]}, [("Episodes", 2, "DEC")],
     set_("Episodes", 0, DEC="31/03/2025"))
case("388", {"Episodes": [E(DEC="01/06/2024", REC="X1")]}, [("Episodes", 2, "REC")],
     set_("Episodes", 0, REC="E13"), name="last episode ends X1")
case("388", {"Episodes": [E(DEC="01/06/2024", REC="X1"),
                          E(DECOM="02/06/2024", RNE="P", PLACE="U5")]},
     [("Episodes", 2, "REC")], set_("Episodes", 1, DECOM="01/06/2024"), name="gap after X1")
# A next episode whose start is not a date (last in the order): no continuation confirmed.
case("388", {"Episodes": [E(DEC="01/06/2024", REC="X1"),
                          E(DECOM="31/06/2024", RNE="P", PLACE="U5")]},
     [("Episodes", 2, "REC")], set_("Episodes", 1, DECOM="01/06/2024"),
     name="next start not a date")
case("390", {"Episodes": [E(DEC="01/06/2024", REC="E11")]}, [("Episodes", 2, "PLACE")],
     set_("Episodes", 0, PLACE="A4"))
case("392b", {"Episodes": [E(HOME_POST="")]}, [("Episodes", 2, "HOME_POST, PL_POST")],
     add("UASC", UASC()))
case("392d", {"Episodes": [E(PL_POST="ab12cd")]}, [("Episodes", 2, "HOME_POST, PL_POST")],
     set_("Episodes", 0, PLACE="P1", PLACE_PROVIDER="PR0"))
case("399", {"Header": [H(MOTHER="0")], "Episodes": [E(LS="V3")],
             "Reviews": [REV(REVIEW="01/06/2024")]},
     [("Episodes", 2, "LS"), ("Header", 2, "MOTHER"), ("Reviews", 2, "REVIEW, REVIEW_CODE")],
     add("Episodes", E(DECOM="01/07/2024")))
case("407", {"Header": [H(DOB="01/01/2007")], "Episodes": [E(DEC="02/01/2025", REC="E45")]},
     [("Episodes", 2, "REC"), ("Header", 2, "DOB")], set_("Episodes", 0, DEC="01/01/2025"))
case("408", {"Episodes": [E(PLACE="A5", LS="C2")]}, [("Episodes", 2, "LS")],
     set_("Episodes", 0, LS="E1"))
case("426", {"Episodes": [E(LS="V3", DEC="02/05/2024", REC="E13"), E(LS="V4", DECOM="01/06/2024")]},
     [("Episodes", 2, "LS"), ("Episodes", 3, "LS")], set_("Episodes", 1, LS="V3"))
case("431", {"Episodes": [E(DEC="01/06/2024", REC="E13"), E(DECOM="01/06/2024")]},
     [("Episodes", 3, "RNE")], set_("Episodes", 1, DECOM="02/06/2024"))
case("432", {"Episodes": [E(DEC="01/06/2024", REC="E13"), E(DECOM="01/07/2024", RNE="P")]},
     [("Episodes", 3, "RNE")], set_("Episodes", 1, RNE="S"))
case("433", {"Episodes": [E(DEC="01/06/2024", REC="X1"), E(DECOM="02/06/2024", RNE="L", LS="C1")]},
     [("Episodes", 3, "DECOM")], set_("Episodes", 1, DECOM="01/06/2024"))
case("434", {"Episodes": [E(DEC="01/06/2024", REC="X1"),
                          E(DECOM="01/06/2024", RNE="L", LS="C1", PLACE="U5")]},
     [("Episodes", 3, "RNE")], set_("Episodes", 1, PLACE="U4"))
case("435", {"Episodes": [E(DEC="01/06/2024", REC="X1"), E(DECOM="01/06/2024", RNE="P")]},
     [("Episodes", 3, "RNE")], set_("Episodes", 1, PL_POST="AB9 9ZZ"))
case("436", {"Episodes": [E(DEC="01/06/2024", REC="X1"),
                          E(DECOM="01/06/2024", RNE="B", PLACE="U5")]},
     [("Episodes", 3, "RNE")], set_("Episodes", 1, LS="C1"))
case("437", {"Episodes": [E(DEC="01/06/2024", REC="E15"), E(DECOM="01/07/2024")]},
     [("Episodes", 2, "REC")], drop("Episodes", 1))
case("445", {"Episodes": [E(DECOM="01/01/2006", LS="D1")]}, [("Episodes", 2, "LS")],
     set_("Episodes", 0, DECOM="31/12/2005"), year=2024)
case("446", {"Episodes": [E(DECOM="30/11/2005", LS="E1")]}, [("Episodes", 2, "LS")],
     set_("Episodes", 0, DECOM="01/12/2005"))
case("451", {"Episodes": [E(DECOM="01/05/2005", LS="D1")]}, [("Episodes", 2, "LS")],
     set_("Episodes", 0, DEC="01/06/2023", REC="E11", PLACE="A4"), year=2024)
case("504", {"Episodes": [E(DEC="01/06/2024", REC="X1"),
                          E(DECOM="01/06/2024", RNE="L", LS="C1", CIN="N2")]},
     [("Episodes", 3, "CIN")], set_("Episodes", 1, DECOM="02/06/2024", RNE="S"))
case("516", {"Episodes": [E(PLACE="K2", DEC="01/06/2024", REC="E45")]}, [("Episodes", 2, "PLACE")],
     set_("Episodes", 0, PLACE="U3"))
case("526", {"Episodes": [E(PLACE_PROVIDER="")]}, [("Episodes", 2, "PLACE_PROVIDER")],
     set_("Episodes", 0, PLACE="T0"))
case("526", {"Episodes": [E(PLACE="Z12", PLACE_PROVIDER="")]}, [], year=2026, name="Z12")
case("526", {"Episodes": [E(PLACE="Z1", PLACE_PROVIDER="", URN="")]}, [], name="Z1")
case("178", {"Episodes": [E(PLACE="Z1", URN="")]}, [("Episodes", 2, "PLACE_PROVIDER")],
     set_("Episodes", 0, PLACE_PROVIDER=None))
case("178", {"Episodes": [E(PLACE="T4", PLACE_PROVIDER="PR1", RNE="P")]}, [], year=2026,
     name="T4 from 2025/26")
for code, provider, place, fine in (("527", "PR1", "R2", "R1"), ("528", "PR2", "R5", "R1"),
                                    ("529", "PR3", "K2", "R2"), ("530", "PR4", "P1", "R1"),
                                    ("531", "PR5", "P1", "R1")):
    case(code, {"Episodes": [E(PLACE=place, PLACE_PROVIDER=provider)]},
         [("Episodes", 2, "PLACE_PROVIDER")], set_("Episodes", 0, PLACE=fine))
case("550", {"Episodes": [E(PLACE_PROVIDER="PR0")]}, [("Episodes", 2, "PLACE_PROVIDER")],
     set_("Episodes", 0, PLACE="P1"))
case("199", {"Episodes": [E(PLACE="A4", DEC="01/06/2024", REC="E11"), E(DECOM="01/09/2024")]},
     [("Episodes", 3, "CHILD")], drop("Episodes", 1))


# --- UASC, Reviews, Missing ------------------------------------------------------------

case("304", {"UASC": [UASC(DOB="01/06/2006", DUC="02/06/2024")]}, [("UASC", 2, "DUC")],
     set_("UASC", 0, DUC="01/06/2024"))
# UASC status in the CSV return: being in the UASC table (the Header row carries it). Child A
# is 18 on 1 June 2030, the day UASC status ceases.
UASC_DUC = UASC(DUC="01/06/2030")
case("205A", {"Header": [H(CHILD="B")], "UASC": [UASC_DUC]}, [("UASC", 2, "CHILD")],
     last_(set_("UASC", 0, DUC="31/03/2024")), set_("UASC", 0, DUC=None),
     last={"Header": [H()], "UASC": [UASC_DUC]})
case("205A", {"Header": [H(CHILD="B")], "UASC": [UASC()]}, [("UASC", 2, "CHILD")],
     last_(set_("UASC", 0, DUC="01/04/2023")),
     last={"Header": [H()], "UASC": [UASC(DUC="31/03/2023")]}, name="ceased before last year")
case("205A", {"Header": [H(CHILD="B")], "UASC": [UASC_DUC]}, [],
     last={"Header": [H()]}, name="no UASC table last year")
case("205B", {"Header": [H()], "UASC": [UASC_DUC]},
     [("UASC", 2, "DUC"), ("Header", 2, "CHILD")], last_(set_("UASC", 0, DUC="01/06/2030")),
     last={"Header": [H()], "UASC": [UASC(DUC="01/06/2029")]})
case("205B", {"Header": [H()], "UASC": [UASC(DUC="02/06/2030")]},
     [("UASC", 2, "DUC"), ("Header", 2, "CHILD")], set_("UASC", 0, DUC="31/03/2025"),
     last={"Header": [H()], "UASC": [UASC_DUC]}, name="DUC changed")
case("205C", {"Header": [H(CHILD="B")], "UASC": [UASC_DUC]}, [("UASC", 2, "DUC")],
     set_("UASC", 0, DUC=None), last={"Header": [H(CHILD="B")], "UASC": []})
case("205C", {"Header": [H(CHILD="B")], "UASC": [UASC()]}, [("UASC", 2, "DUC")],
     last_(add("Header", H())), last={"Header": [H(CHILD="B")], "UASC": [UASC_DUC]},
     name="DUC last year")
case("205D", {"Header": [H()], "UASC": [UASC_DUC]}, [("Header", 2, "CHILD")],
     last_(add("UASC", UASC_DUC)), last={"Header": [H()], "UASC": []})
case("205D", {"Header": [H()], "UASC": [UASC_DUC]}, [], last={"Header": [H()]},
     name="no UASC table last year")
case("167", {"Reviews": [REV(REVIEW="01/06/2024")]}, [("Reviews", 2, "REVIEW_CODE")],
     set_("Reviews", 0, REVIEW_CODE="PN1"))
case("440", {"Reviews": [REV(DOB="01/06/2020", REVIEW="01/06/2024", REVIEW_CODE="PN0")]},
     [("Reviews", 2, "REVIEW_CODE")], set_("Reviews", 0, REVIEW="31/05/2024"))
case("441", {"Reviews": [REV(DOB="01/06/2020", REVIEW="31/05/2024", REVIEW_CODE="PN1")]},
     [("Reviews", 2, "REVIEW_CODE")], set_("Reviews", 0, REVIEW="01/06/2024"))
# PN7 is the last method of a child of 4 or over; a code off the DfE's list says no age.
case("441", {"Reviews": [REV(DOB="01/06/2020", REVIEW="31/05/2024", REVIEW_CODE="PN7")]},
     [("Reviews", 2, "REVIEW_CODE")], set_("Reviews", 0, REVIEW_CODE="PN8"), name="PN7")
case("567", {"Missing": [MIS(MISSING="M", MIS_START="02/06/2024", MIS_END="01/06/2024")]},
     [("Missing", 2, "MIS_END")], set_("Missing", 0, MIS_END="02/06/2024"))
case("570", {"Missing": [MIS(MISSING="M", MIS_START="01/04/2025")]}, [("Missing", 2, "MIS_START")],
     set_("Missing", 0, MIS_START="31/03/2025"))
case("571", {"Missing": [MIS(MISSING="M", MIS_START="30/03/2024", MIS_END="31/03/2024")]},
     [("Missing", 2, "MIS_END")], set_("Missing", 0, MIS_END="01/04/2024"))
case("574", {"Missing": [MIS(MISSING="M", MIS_START="01/06/2024", MIS_END="05/06/2024"),
                         MIS(MISSING="A", MIS_START="04/06/2024", MIS_END="06/06/2024")]},
     [("Missing", 3, "MIS_START")], set_("Missing", 1, MIS_START="05/06/2024"))
case("574", {"Missing": [MIS(MISSING="M", MIS_START="01/06/2024"),
                         MIS(MISSING="A", MIS_START="04/07/2024", MIS_END="06/07/2024")]},
     [("Missing", 3, "MIS_START")], set_("Missing", 0, MIS_END="02/06/2024"), name="open before")
case("575", {"Episodes": [E(DEC="01/09/2024", REC="X1"),
                          E(DECOM="01/09/2024", RNE="P", PLACE="U5")],
             "Missing": [MIS(MISSING="M", MIS_START="01/08/2024")]},
     [("Missing", 2, "MIS_END")], set_("Missing", 0, MIS_START="02/09/2024"))
case("575", {"Episodes": [E(DEC="01/09/2024", REC="X1"),
                          E(DECOM="01/09/2024", RNE="P", PLACE="U5")],
             "Missing": [MIS(MISSING="M", MIS_START="01/08/2024", MIS_END="31/08/2024")]},
     [], set_("Missing", 0, MIS_END="30/02/2024"), name="end not a real date is given")
case("577", {"Episodes": [E(DEC="01/09/2024", REC="E13")],
             "Missing": [MIS(MISSING="M", MIS_START="01/08/2024")]},
     [("Missing", 2, "MIS_END")], set_("Missing", 0, MIS_END="01/09/2024"))
case("578", {"Episodes": [E(DEC="01/09/2024", REC="E13")],
             "Missing": [MIS(MISSING="M", MIS_START="02/09/2024", MIS_END="03/09/2024")]},
     [("Missing", 2, "MIS_START")], set_("Missing", 0, MIS_START="01/09/2024"))
case("581", {"Episodes": [E()], "Missing": [MIS(MISSING="M", MIS_START="30/04/2024",
                                                MIS_END="01/05/2024")]},
     [("Missing", 2, "MIS_START")], set_("Missing", 0, MIS_START="01/05/2024"))
case("581", {"Episodes": [E()], "Missing": [MIS(MISSING="M", MIS_START="31/04/2024",
                                                MIS_END="02/05/2024")]},
     [("Missing", 2, "MIS_START")], set_("Missing", 0, MIS_START="01/05/2024"),
     name="start not a date")
case("586", {"Missing": [MIS(MISSING="M", DOB="01/06/2024", MIS_START="31/05/2024")]},
     [("Missing", 2, "MIS_START")], set_("Missing", 0, MIS_START="01/06/2024"))


# --- OC3 -------------------------------------------------------------------------------


def leaver(**kw: str) -> dict[str, str]:
    """A care leaver's OC3 row: 19 in 2024/25, in touch, in education, suitably housed."""
    return OC3(**{"DOB": "01/06/2005", "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "S1", **kw})


case("1000", {"Episodes": [E(DEC="01/06/2024", REC="E2")], "OC3": [leaver()]},
     [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")], set_("Episodes", 0, REC="E13"))
case("1011", {"Episodes": [E(DEC="01/06/2024", REC="E3")], "OC3": [leaver()]},
     [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")], set_("Episodes", 0, REC="E13"))
case("1014", {"UASC": [UASC(DUC="01/06/2023")], "OC3": [leaver()]},
     [("UASC", 2, "DUC"), ("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")],
     add("Episodes", E(DECOM="01/03/2024", DEC="01/04/2024", REC="E13")))
case("153", {"OC3": [leaver(ACCOM="")]}, [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")],
     set_("OC3", 0, IN_TOUCH=None, ACTIV=None))
case("344", {"OC3": [leaver(IN_TOUCH="DIED", ACCOM="0")]}, [("OC3", 2, "ACTIV, ACCOM")],
     set_("OC3", 0, ACTIV="0"))
case("345", {"OC3": [leaver(ACTIV="0")]}, [("OC3", 2, "ACTIV, ACCOM")],
     set_("OC3", 0, IN_TOUCH="NO"))
case("391", {"OC3": [leaver(DOB="01/04/2008")]}, [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")],
     set_("OC3", 0, DOB="31/03/2008"))
case("391", {"OC3": [leaver(DOB="31/03/2002")]}, [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")],
     set_("OC3", 0, DOB="01/04/2002"), name="over 21")
case("134", {"OC3": [leaver()], "AD1": [AD1(DATE_INT="01/05/2024")]},
     [("AD1", 2, "DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR")],
     set_("OC3", 0, IN_TOUCH=None, ACTIV=None, ACCOM=None))
case("187", {"Episodes": [E(DECOM="01/03/2023")], "OC3": [leaver()]},
     [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")], set_("Episodes", 0, DECOM="02/04/2024"))
# Care that ended on 31 March itself: not looked after at 31 March, so not in the OC2 cohort.
case("187", {"Episodes": [E(DECOM="01/03/2023")], "OC3": [leaver()]},
     [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")], set_("Episodes", 0, DEC="31/03/2025", REC="E8"),
     name="left care on 31 March")
# 17 on 31 March 2025 and in care on the 17th birthday (1 June 2024).
case("1007", {"Episodes": [E(DECOM="01/03/2023", DEC="02/06/2024", REC="E13")],
              "OC3": [leaver(DOB="01/06/2007")]},
     [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")], set_("Episodes", 0, DEC="01/06/2024"))
# Care that ended on the 17th or 18th birthday itself: "on or after" it, in the DfE's logic.
case("1016", {"Episodes": [E(DECOM="01/03/2023", DEC="01/06/2024", REC="E13")],
              "OC3": [leaver(DOB="01/06/2007")]},
     [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")], set_("Episodes", 0, DEC="31/05/2024"),
     name="left care on the 17th birthday")
case("1016", {"Episodes": [E(DECOM="01/03/2023", DEC="01/06/2024", REC="E13")],
              "OC3": [leaver(DOB="01/06/2006")]},
     [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")], set_("Episodes", 0, DEC="31/05/2024"),
     name="left care on the 18th birthday")
case("215", {"OC3": [leaver()], "OC2": [OC2(CONVICTED="0")]},
     [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM"), ("OC2", 2, "CONVICTED")],
     set_("OC2", 0, CONVICTED=None, SDQ_SCORE="10"))


# --- OC2 -------------------------------------------------------------------------------

IN_CARE_ALL_YEAR = E(DECOM="01/03/2023")  # looked after continuously for 12 months
FOUR = {"IMMUNISATIONS": "1", "TEETH_CHECK": "1", "HEALTH_ASSESSMENT": "1",
        "SUBSTANCE_MISUSE": "0"}

case("157", {"Episodes": [IN_CARE_ALL_YEAR], "OC2": [OC2(SDQ_REASON="SDQ1")]},
     [("OC2", 2, "SDQ_REASON")], set_("OC2", 0, SDQ_REASON="SDQ2"))
case("158", {"OC2": [OC2(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1",
                         INTERVENTION_OFFERED="1")]},
     [("OC2", 2, "INTERVENTION_OFFERED")], set_("OC2", 0, INTERVENTION_OFFERED=None))
case("159", {"OC2": [OC2(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0")]},
     [("OC2", 2, "INTERVENTION_OFFERED")], set_("OC2", 0, INTERVENTION_OFFERED="0"))
case("180", {"OC2": [OC2(SDQ_SCORE="41")]}, [("OC2", 2, "SDQ_SCORE")],
     set_("OC2", 0, SDQ_SCORE="40"))
case("182", {"OC2": [OC2(CONVICTED="0", IMMUNISATIONS="1", TEETH_CHECK="1",
                         HEALTH_ASSESSMENT="1")]},
     [("OC2", 2, "IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE")],
     set_("OC2", 0, SUBSTANCE_MISUSE="0"))
case("185", {"Episodes": [E()], "OC2": [OC2(SDQ_SCORE="10")]}, [("OC2", 2, "SDQ_SCORE")],
     set_("Episodes", 0, DECOM="01/04/2024"))
case("186", {"Episodes": [IN_CARE_ALL_YEAR], "OC2": [OC2(DOB="01/04/2020", **FOUR)]},
     [("OC2", 2, "SDQ_SCORE")], set_("OC2", 0, DOB="02/04/2020"))
case("188", {"OC2": [OC2(DOB="01/04/2021", SDQ_REASON="SDQ1")]},
     [("OC2", 2, "SDQ_SCORE, SDQ_REASON")], set_("OC2", 0, DOB="31/03/2021"))
case("189", {"OC2": [OC2(DOB="31/03/2007", SDQ_SCORE="12")]},
     [("OC2", 2, "SDQ_SCORE, SDQ_REASON")], set_("OC2", 0, DOB="01/04/2007"))
case("190", {"Episodes": [E()], "OC2": [OC2(CONVICTED="0")]},
     [("OC2", 2, "CONVICTED, HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, "
                 "SUBSTANCE_MISUSE, INTERVENTION_RECEIVED, INTERVENTION_OFFERED")],
     set_("Episodes", 0, DECOM="01/03/2023", RNE="P"))
case("191", {"Episodes": [IN_CARE_ALL_YEAR], "OC2": [OC2(**{**FOUR, "SUBSTANCE_MISUSE": ""})]},
     [("OC2", 2, "IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE")],
     set_("OC2", 0, SUBSTANCE_MISUSE="0"))
case("191", {"Episodes": [IN_CARE_ALL_YEAR]}, [("Episodes", 2, "CHILD")],
     add("OC2", OC2(**FOUR)), name="no OC2 row")
case("191", {"Episodes": [IN_CARE_ALL_YEAR]}, [("Episodes", 2, "CHILD")],
     set_("Episodes", 0, DEC="31/03/2025", REC="E8"), name="left care on 31 March")
case("192", {"OC2": [OC2(SUBSTANCE_MISUSE="1")]}, [("OC2", 2, "INTERVENTION_RECEIVED")],
     set_("OC2", 0, INTERVENTION_RECEIVED="1"))
case("193", {"OC2": [OC2(SUBSTANCE_MISUSE="0", INTERVENTION_OFFERED="1")]},
     [("OC2", 2, "INTERVENTION_RECEIVED, INTERVENTION_OFFERED")],
     set_("OC2", 0, SUBSTANCE_MISUSE="1"))
case("197a", {"OC2": [OC2(SDQ_SCORE="10", SDQ_REASON="SDQ2")]}, [("OC2", 2, "SDQ_REASON")],
     set_("OC2", 0, SDQ_SCORE=None))
case("197B", {"Episodes": [IN_CARE_ALL_YEAR], "OC2": [OC2(DOB="31/03/2021")]},
     [("OC2", 2, "SDQ_SCORE, SDQ_REASON")], set_("OC2", 0, DOB="01/04/2021"))
case("198", {"Episodes": [E()], "OC2": [OC2(SDQ_REASON="SDQ2")]}, [("OC2", 2, "SDQ_REASON")],
     set_("Episodes", 0, DECOM="01/03/2023"))
case("542", {"OC2": [OC2(DOB="01/04/2015", CONVICTED="0")]}, [("OC2", 2, "CONVICTED")],
     set_("OC2", 0, DOB="31/03/2015"))
case("543", {"Episodes": [IN_CARE_ALL_YEAR], "OC2": [OC2(DOB="31/03/2015", **FOUR)]},
     [("OC2", 2, "CONVICTED")], set_("OC2", 0, DOB="01/04/2015"))
case("544", {"OC2": [OC2(CONVICTED="1", IMMUNISATIONS="1")]},
     [("OC2", 2, "IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE")],
     set_("OC2", 0, **FOUR))
case("545", {"Episodes": [IN_CARE_ALL_YEAR], "OC2": [OC2(DOB="01/04/2020", **FOUR)]},
     [("OC2", 2, "HEALTH_CHECK")], set_("OC2", 0, HEALTH_CHECK="1"))
case("546", {"OC2": [OC2(DOB="31/03/2020", HEALTH_CHECK="1", **FOUR)]},
     [("OC2", 2, "HEALTH_CHECK")], set_("OC2", 0, DOB="01/04/2020"))
case("547", {"OC2": [OC2(HEALTH_CHECK="1")]},
     [("OC2", 2, "IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE")],
     set_("OC2", 0, **FOUR))


# --- AD1 -------------------------------------------------------------------------------


def adopted(**kw: str) -> dict[str, str]:
    """A complete AD1 row: decision 1 June 2024, matched 1 August 2024, a married couple."""
    return AD1(**{"DATE_INT": "01/06/2024", "DATE_MATCH": "01/08/2024", "FOSTER_CARE": "0",
                  "NB_ADOPTR": "2", "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11", **kw})


ADOPTION = [E(DEC="01/09/2024", REC="X1"),
            E(DECOM="01/09/2024", RNE="P", LS="E1", PLACE="A4", PLACE_PROVIDER="PR1",
              DEC="01/02/2025", REC="E11")]

case("151", {"AD1": [adopted(LS_ADOPTR="")]},
     [("AD1", 2, "DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR")],
     set_("AD1", 0, LS_ADOPTR="L11"))
case("331", {"Episodes": ADOPTION, "AD1": [adopted(DATE_MATCH="02/09/2024")]},
     [("AD1", 2, "DATE_MATCH"), ("Episodes", 3, "DECOM")], set_("AD1", 0, DATE_MATCH="01/09/2024"))
case("333", {"AD1": [adopted(DATE_INT="02/08/2024")]}, [("AD1", 2, "DATE_INT")],
     set_("AD1", 0, DATE_INT="01/08/2024"))
case("511", {"AD1": [adopted(SEX_ADOPTR="F1")]}, [("AD1", 2, "SEX_ADOPTR")],
     set_("AD1", 0, SEX_ADOPTR="FF"))
case("514", {"AD1": [adopted(NB_ADOPTR="1", LS_ADOPTR="L0", SEX_ADOPTR="MF")]},
     [("AD1", 2, "SEX_ADOPTR")], set_("AD1", 0, SEX_ADOPTR="F1"))
case("517", {"AD1": [adopted(LS_ADOPTR="L3", SEX_ADOPTR="FF")]}, [("AD1", 2, "SEX_ADOPTR")],
     set_("AD1", 0, SEX_ADOPTR="MF"))
case("518", {"AD1": [adopted(LS_ADOPTR="L4", SEX_ADOPTR="MF")]}, [("AD1", 2, "SEX_ADOPTR")],
     set_("AD1", 0, SEX_ADOPTR="MM"))
case("519", {"AD1": [adopted(LS_ADOPTR="L2", SEX_ADOPTR="M1")]}, [("AD1", 2, "SEX_ADOPTR")],
     set_("AD1", 0, SEX_ADOPTR="MM"))
case("520", {"AD1": [adopted(LS_ADOPTR="L11", SEX_ADOPTR="FF")]}, [("AD1", 2, "SEX_ADOPTR")],
     set_("AD1", 0, SEX_ADOPTR="MF"))
case("524", {"AD1": [adopted(LS_ADOPTR="L12", SEX_ADOPTR="MF")]}, [("AD1", 2, "SEX_ADOPTR")],
     set_("AD1", 0, SEX_ADOPTR="FF"))
case("334", {"Episodes": ADOPTION, "AD1": [adopted(DATE_INT="30/04/2024")]},
     [("AD1", 2, "DATE_INT"), ("Episodes", 2, "DECOM")], set_("AD1", 0, DATE_INT="01/05/2024"))
case("335", {"Episodes": ADOPTION, "AD1": [adopted(FOSTER_CARE="1")]},
     [("AD1", 2, "FOSTER_CARE"), ("Episodes", 3, "PLACE")], set_("AD1", 0, FOSTER_CARE="0"))
case("521", {"Episodes": ADOPTION, "AD1": [adopted(DATE_INT="02/09/2024")]},
     [("Episodes", 3, "DECOM"), ("AD1", 2, "DATE_INT")], set_("AD1", 0, DATE_INT="01/09/2024"))
case("582", {"Episodes": ADOPTION, "AD1": [adopted(DATE_MATCH="01/02/2025")]},
     [("Episodes", 3, "DEC")], set_("AD1", 0, DATE_MATCH="31/01/2025"))
case("601", {"Episodes": ADOPTION}, [("Episodes", 3, "REC")], add("AD1", adopted()))
case("601", {"Episodes": ADOPTION, "AD1": [adopted(DATE_INT="30/02/2024")]}, [],
     name="date not a real date is given")
case("601", {"Episodes": ADOPTION, "AD1": [adopted(SEX_ADOPTR="")]},
     [("Episodes", 3, "REC"),
      ("AD1", 2, "DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR")],
     set_("AD1", 0, SEX_ADOPTR="MF"), name="AD1 incomplete")
case("602", {"Episodes": [E()], "AD1": [adopted()]}, [("AD1", 2, "CHILD")],
     set_("Episodes", 0, DEC="31/03/2025", REC="E12", PLACE="A6", LS="E1"))


# --- PlacedAdoption --------------------------------------------------------------------

case("1003", {"Episodes": [E()], "PlacedAdoption": [PA(DATE_PLACED="30/04/2024")]},
     [("PlacedAdoption", 2, "DATE_PLACED"), ("Episodes", 2, "DECOM")],
     set_("PlacedAdoption", 0, DATE_PLACED="01/05/2024"))
case("117", {"PlacedAdoption": [PA(DATE_PLACED="01/04/2025")]},
     [("PlacedAdoption", 2, "DATE_PLACED, DATE_PLACED_CEASED")],
     set_("PlacedAdoption", 0, DATE_PLACED="31/03/2025"))
case("117", {"Episodes": [E(DEC="01/09/2024", REC="E13")],
             "PlacedAdoption": [PA(DATE_PLACED="01/06/2024", DATE_PLACED_CEASED="02/09/2024",
                                   REASON_PLACED_CEASED="RD1")]},
     [("PlacedAdoption", 2, "DATE_PLACED, DATE_PLACED_CEASED")],
     set_("PlacedAdoption", 0, DATE_PLACED_CEASED="01/09/2024"), name="after care ended")
case("118", {"Episodes": [E()], "PlacedAdoption": [PA(DATE_PLACED="01/03/2024",
                                                      DATE_PLACED_CEASED="30/04/2024",
                                                      REASON_PLACED_CEASED="RD1")]},
     [("PlacedAdoption", 2, "DATE_PLACED_CEASED")],
     set_("PlacedAdoption", 0, DATE_PLACED_CEASED="01/05/2024"))
case("119", {"PlacedAdoption": [PA(DATE_PLACED="01/06/2024", DATE_PLACED_CEASED="01/09/2024")]},
     [("PlacedAdoption", 2, "DATE_PLACED_CEASED, REASON_PLACED_CEASED")],
     set_("PlacedAdoption", 0, REASON_PLACED_CEASED="RD2"))
case("184", {"Header": [H()], "PlacedAdoption": [PA(DATE_PLACED="31/05/2012")]},
     [("PlacedAdoption", 2, "DATE_PLACED")], set_("PlacedAdoption", 0, DATE_PLACED="01/06/2012"))
case("184", {"Header": [H()], "PlacedAdoption": [PA(DOB="31/06/2012", DATE_PLACED="01/06/2024")]},
     [("PlacedAdoption", 2, "DOB")], set_("PlacedAdoption", 0, DOB="01/06/2012"),
     name="DOB not a date")
case("522", {"PlacedAdoption": [PA(DATE_PLACED="01/06/2024", DATE_PLACED_CEASED="31/05/2024",
                                   REASON_PLACED_CEASED="RD1")]},
     [("PlacedAdoption", 2, "DATE_PLACED_CEASED")],
     set_("PlacedAdoption", 0, DATE_PLACED_CEASED="01/06/2024"))
case("523", {"PlacedAdoption": [PA(DATE_PLACED="02/06/2024")], "AD1": [adopted()]},
     [("PlacedAdoption", 2, "DATE_PLACED"), ("AD1", 2, "DATE_INT")],
     set_("PlacedAdoption", 0, DATE_PLACED="01/06/2024"))
case("525", {"PlacedAdoption": [PA(DATE_PLACED="01/06/2024", DATE_PLACED_CEASED="01/07/2024",
                                   REASON_PLACED_CEASED="RD1")], "AD1": [adopted()]},
     [("PlacedAdoption", 2, "DATE_PLACED_CEASED"),
      ("AD1", 2, "DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR")],
     set_("PlacedAdoption", 0, DATE_PLACED_CEASED=None, REASON_PLACED_CEASED=None))
case("551", {"Episodes": ADOPTION}, [("Episodes", 3, "PLACE")],
     add("PlacedAdoption", PA(DATE_PLACED="01/06/2024")))
case("551", {"Episodes": ADOPTION, "PlacedAdoption": [PA(DATE_PLACED="30/02/2024")]}, [],
     name="date not a real date is given")
case("552", {"Episodes": ADOPTION, "PlacedAdoption": [PA(DATE_PLACED="02/09/2024")]},
     [("Episodes", 3, "DECOM")], set_("PlacedAdoption", 0, DATE_PLACED="01/09/2024"))
case("553", {"Episodes": [E(LS="E1")]}, [("Episodes", 2, "LS")],
     add("PlacedAdoption", PA(DATE_PLACED="01/04/2024")))
case("554", {"Episodes": [E(LS="E1")], "PlacedAdoption": [PA(DATE_PLACED="02/05/2024")]},
     [("Episodes", 2, "DECOM")], set_("PlacedAdoption", 0, DATE_PLACED="01/05/2024"))
case("555", {"Episodes": [E(LS="D1", DECOM="01/05/2005")]}, [("Episodes", 2, "LS")],
     add("PlacedAdoption", PA(DATE_PLACED="01/04/2005")), year=2024)
case("556", {"Episodes": [E(LS="D1", DECOM="01/05/2005")],
             "PlacedAdoption": [PA(DATE_PLACED="02/05/2005")]},
     [("Episodes", 2, "DECOM")], set_("PlacedAdoption", 0, DATE_PLACED="01/05/2005"), year=2024)
case("557", {"Episodes": [E(LS="E1", PLACE="A4", DEC="01/09/2024", REC="E13")],
             "PlacedAdoption": [PA(DATE_PLACED="01/05/2024")]},
     [("Episodes", 2, "REC")],
     set_("PlacedAdoption", 0, DATE_PLACED_CEASED="01/09/2024", REASON_PLACED_CEASED="RD1"))
case("558", {"Episodes": ADOPTION,
             "PlacedAdoption": [PA(DATE_PLACED="01/06/2024", DATE_PLACED_CEASED="01/07/2024",
                                   REASON_PLACED_CEASED="RD1")]},
     [("Episodes", 3, "REC")],
     set_("PlacedAdoption", 0, DATE_PLACED_CEASED=None, REASON_PLACED_CEASED=None))
case("579", {"PlacedAdoption": [PA(DATE_PLACED="01/05/2024", DATE_PLACED_CEASED="01/07/2024",
                                   REASON_PLACED_CEASED="RD1"),
                                PA(DATE_PLACED="30/06/2024")]},
     [("PlacedAdoption", 3, "DATE_PLACED")], set_("PlacedAdoption", 1, DATE_PLACED="01/07/2024"))
case("583", {"PlacedAdoption": [PA(DATE_PLACED="01/05/2024"), PA(DATE_PLACED="01/08/2024")]},
     [("PlacedAdoption", 2, "DATE_PLACED_CEASED")],
     set_("PlacedAdoption", 0, DATE_PLACED_CEASED="01/07/2024", REASON_PLACED_CEASED="RD1"))


# --- PrevPerm --------------------------------------------------------------------------

case("630", {"Episodes": [E()]}, [("Episodes", 2, "RNE")], add("PrevPerm", PP(PREV_PERM="Z1")))
case("630", {"Episodes": [E(DECOM="31/03/2024")]}, [], name="started last year")
# Short breaks start care too (RNE S), and are looked after.
case("630", {"Episodes": [E(LS="V3")]}, [("Episodes", 2, "RNE")],
     add("PrevPerm", PP(PREV_PERM="Z1")), name="short break")
# Every code but Z1 needs the council and the date of the order, P4 too.
case("630", {"Episodes": [E()], "PrevPerm": [PP(PREV_PERM="P2", LA_PERM="883")]},
     [("Episodes", 2, "RNE")], set_("PrevPerm", 0, DATE_PERM="01/01/2020"),
     name="no date of the order")
case("630", {"Episodes": [E()], "PrevPerm": [PP(PREV_PERM="P4")]}, [("Episodes", 2, "RNE")],
     set_("PrevPerm", 0, LA_PERM="883", DATE_PERM="ZZ/ZZ/2020"), name="P4")
case("630", {"Episodes": [E()], "PrevPerm": [PP(LA_PERM="883", DATE_PERM="01/01/2020")]},
     [("Episodes", 2, "RNE")], set_("PrevPerm", 0, PREV_PERM="P1"), name="no PREV_PERM")
case("632", {"Episodes": [E()],
             "PrevPerm": [PP(PREV_PERM="P1", LA_PERM="883", DATE_PERM="ZZ/05/2024")]},
     [("PrevPerm", 2, "DATE_PERM")], set_("PrevPerm", 0, DATE_PERM="ZZ/04/2024"))
case("632", {"Episodes": [E()], "PrevPerm": [PP(PREV_PERM="P1", DATE_PERM="31/02/2020")]},
     [("PrevPerm", 2, "DATE_PERM")], set_("PrevPerm", 0, DATE_PERM="29/02/2020"),
     name="not a real date")
case("634", {"Episodes": [E(DECOM="31/03/2016")], "PrevPerm": [PP(PREV_PERM="P1")]},
     [("PrevPerm", 2, "PREV_PERM, LA_PERM, DATE_PERM")], set_("Episodes", 0, DECOM="01/04/2016"))
case("635", {"PrevPerm": [PP(PREV_PERM="Z1", LA_PERM="883")]},
     [("PrevPerm", 2, "LA_PERM, DATE_PERM")], set_("PrevPerm", 0, LA_PERM=None))


# --- Comparisons with last year's return -----------------------------------------------

case("202", {"Header": [H(SEX="F")]}, [("Header", 2, "SEX")], set_("Header", 0, SEX="M"),
     last={"Header": [H(SEX="1")]})
case("203", {"Header": [H(DOB="02/06/2012")]}, [("Header", 2, "DOB")],
     set_("Header", 0, DOB="01/06/2012"), last={"Header": [H()]})
case("203", {"Header": [H(DOB="31/06/2012")]}, [("Header", 2, "DOB")],
     set_("Header", 0, DOB="01/06/2012"), last={"Header": [H()]}, name="not a real date")
case("204", {"Header": [H(ETHNIC="WIRI")]}, [("Header", 2, "ETHNIC")],
     set_("Header", 0, ETHNIC="WBRI"), last={"Header": [H()]})
case("208", {"Header": [H(UPN="A123456789013")]}, [("Header", 2, "UPN")],
     set_("Header", 0, UPN="A123456789012"), last={"Header": [H()]})
case("208", {"Header": [H(UPN="UN1")]}, [("Header", 2, "UPN")],
     set_("Header", 0, UPN="A123456789012"), last={"Header": [H(UPN="UN2")]},
     name="unknown to a UPN is allowed")
case("207", {"Header": [H(SEX="F", MOTHER="0")], "Episodes": [E()]}, [("Header", 2, "MOTHER")],
     set_("Header", 0, MOTHER="1", MC_DOB="01/01/2024"),
     last={"Header": [H(SEX="2", MOTHER="1", MC_DOB="01/01/2024")]})
case("624", {"Header": [H(SEX="F", MOTHER="1", MC_DOB="02/01/2024")]}, [("Header", 2, "MC_DOB")],
     set_("Header", 0, MC_DOB="01/01/2024"),
     last={"Header": [H(SEX="2", MOTHER="1", MC_DOB="01/01/2024")]})
case("626", {"Header": [H(SEX="F", MOTHER="1", MC_DOB="31/03/2024")]},
     [("Header", 2, "MOTHER, MC_DOB")], set_("Header", 0, MC_DOB="01/04/2024"),
     last={"Header": [H(SEX="2", MOTHER="0")]})
case("502", {"Episodes": [E(DECOM="02/03/2024", RNE="P")]}, [("Episodes", 2, "DECOM")],
     set_("Episodes", 0, DECOM="01/03/2024"), last={"Episodes": [E(DECOM="01/03/2024")]})
for code, col, now, then in (("503A", "RNE", "P", "S"), ("503B", "LS", "C1", "C2"),
                             ("503C", "CIN", "N2", "N1"), ("503D", "PLACE", "U5", "U4"),
                             ("503E", "PLACE_PROVIDER", "PR2", "PR1"),
                             ("503F", "URN", "SC654321", "SC123456")):
    case(code, {"Episodes": [E(DECOM="01/03/2024", **{col: now})]}, [("Episodes", 2, col)],
         set_("Episodes", 0, **{col: then}), last={"Episodes": [E(DECOM="01/03/2024")]})
case("503D", {"Episodes": [E(DECOM="01/03/2024", PLACE="K3", PLACE_PROVIDER="PR4")]}, [],
     last={"Episodes": [E(DECOM="01/03/2024", PLACE="H5", PLACE_PROVIDER="PR4")]},
     name="H5 became K3")
case("562", {"Episodes": [E(DECOM="01/03/2024")]}, [("Episodes", 2, "DECOM")],
     last_(set_("Episodes", 0, DECOM="01/03/2024")),
     last={"Episodes": [E(DECOM="02/03/2024")]})
case("NoE", {"Episodes": [E(DECOM="31/03/2024")]}, [("Episodes", 2, "DECOM")],
     set_("Episodes", 0, DECOM="01/04/2024"), last={"Episodes": [E(CHILD="B")]})
case("576", {"Missing": [MIS(MISSING="M", MIS_START="31/03/2024", MIS_END="01/04/2024")]},
     [("Missing_last", 2, "MIS_END")], set_("Missing", 0, MIS_START="30/03/2024"),
     last={"Missing": [MIS(MISSING="M", MIS_START="30/03/2024")]})
case("1010", {"OC3": [leaver()]}, [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")],
     last_(set_("Episodes", 0, DEC="31/03/2024", REC="E13")),
     last={"Episodes": [E(DECOM="01/03/2024")]})
case("1010", {"OC3": [leaver()]}, [], name="ended last year on a date that is not real",
     last={"Episodes": [E(DECOM="01/03/2024", DEC="30/02/2024", REC="E13")]})
case("559", {"PlacedAdoption": [PA(DATE_PLACED="31/03/2024")]},
     [("PlacedAdoption", 2, "DATE_PLACED")], last_(set_("PlacedAdoption", 0, CHILD="A")),
     last={"PlacedAdoption": [PA(CHILD="B", DATE_PLACED="31/03/2024")]})
case("559", {"PlacedAdoption": [PA(DATE_PLACED="01/04/2024")]}, [],
     last={"PlacedAdoption": [PA(CHILD="B", DATE_PLACED="31/03/2024")]}, name="decided this year")


# --- SWEpisodes (from 2023/24) ---------------------------------------------------------


def SW(**kw: str) -> dict[str, str]:
    """A social worker episode open since March 2024, before care began."""
    return {"CHILD": "A", "DOB": "01/06/2012", "SW_ID": "SW1001", "SW_DECOM": "01/03/2024",
            "SW_REASON": "MANAGE", **kw}


def E23(**kw: str) -> dict[str, str]:
    """An episode of 2023/24: in foster care since May 2023."""
    return E(**{"DECOM": "01/05/2023", **kw})


def E25(**kw: str) -> dict[str, str]:
    """An episode of 2025/26: in foster care since May 2025."""
    return E(**{"DECOM": "01/05/2025", **kw})


case("SW01STG1", {"Episodes": [E23()]}, [("Episodes", 2, "DEC")],
     add("SWEpisodes", SW(SW_DECOM="01/03/2023")), year=2024)
case("SW01STG1", {"Episodes": [E23()], "SWEpisodes": [SW(SW_DECOM="01/03/2023", SW_REASON="")]},
     [("Episodes", 2, "DEC")], set_("Episodes", 0, DEC="01/03/2024", REC="E13"), year=2024,
     name="no reason")
case("SW01aSTG1", {"SWEpisodes": [SW(SW_DECOM="31/03/2023", SW_ID="")]},
     [("SWEpisodes", 2, "SW_DECOM, SW_ID")], set_("SWEpisodes", 0, SW_DECOM="01/04/2023"))
case("SW01aSTG1", {"SWEpisodes": [SW(SW_DECOM="30/02/2023")]},
     [("SWEpisodes", 2, "SW_DECOM, SW_ID")], set_("SWEpisodes", 0, SW_DECOM="28/02/2023"),
     name="start not a real date")
case("SW01aSTG1", {"SWEpisodes": [SW(SW_DECOM="31/03/2023", SW_REASON="")]}, [],
     name="reason may be blank")
case("SW01bSTG1", {"SWEpisodes": [SW(SW_DECOM="01/04/2023", SW_REASON="")]},
     [("SWEpisodes", 2, "SW_DECOM, SW_ID, SW_REASON")],
     set_("SWEpisodes", 0, SW_DECOM="31/03/2023"))
case("SW01bSTG1", {"SWEpisodes": [SW(SW_ID="")]},
     [("SWEpisodes", 2, "SW_DECOM, SW_ID, SW_REASON")], set_("SWEpisodes", 0, SW_ID="SW1001"),
     name="no ID")
case("SW02STG1", {"SWEpisodes": [SW(SW_ID="sw1001")]}, [("SWEpisodes", 2, "SW_ID")],
     set_("SWEpisodes", 0, SW_ID="XX1001"))
case("SW03STG1", {"SWEpisodes": [SW(SW_DECOM="01/03/2023", SW_REASON="")]},
     [("SWEpisodes", 2, "SW_ID, SW_DECOM, SW_REASON")],
     set_("SWEpisodes", 0, SW_REASON="MANAGE"), year=2024)
case("SW06STG2", {"SWEpisodes": [SW(SW_DECOM="01/04/2025")]}, [("SWEpisodes", 2, "SW_DECOM")],
     set_("SWEpisodes", 0, SW_DECOM="31/03/2025"))
case("SW07STG2", {"SWEpisodes": [SW(SW_DECOM="01/01/2023", SW_DEC="31/03/2023")]},
     [("SWEpisodes", 2, "SW_DEC")], set_("SWEpisodes", 0, SW_DEC="01/04/2023"))
case("SW07STG2", {"SWEpisodes": [SW(SW_DEC="01/04/2025")]},
     [("SWEpisodes", 2, "SW_DEC")], set_("SWEpisodes", 0, SW_DEC="31/03/2025"),
     name="after the year")
case("SW07STG2", {"SWEpisodes": [SW(SW_DECOM="01/01/2022", SW_DEC="31/03/2023")]},
     [("SWEpisodes", 2, "SW_DEC")], set_("SWEpisodes", 0, SW_DEC="01/04/2023"), year=2024,
     name="2023/24")
case("SW08STG2", {"SWEpisodes": [SW(), SW(SW_ID="SW1002", SW_DECOM="01/06/2024")]},
     [("SWEpisodes", 2, "SW_DEC")], set_("SWEpisodes", 0, SW_DEC="01/06/2024"))
case("SW08STG2", {"SWEpisodes": [SW(SW_DEC="30/02/2024"),
                                 SW(SW_ID="SW1002", SW_DECOM="01/06/2024")]},
     [("SWEpisodes", 2, "SW_DEC")], set_("SWEpisodes", 0, SW_DEC="01/06/2024"),
     name="end not a real date")
# Another episode's start is not a date: it could be the latest.
case("SW08STG2", {"SWEpisodes": [SW(), SW(SW_ID="SW1002", SW_DECOM="31/02/2024",
                                          SW_DEC="29/02/2024")]},
     [("SWEpisodes", 2, "SW_DEC")], set_("SWEpisodes", 1, SW_DECOM="01/02/2024"),
     name="another start not a date")
case("SW09STG2", {"SWEpisodes": [SW(SW_DECOM="01/06/2024", SW_DEC="01/06/2024")]},
     [("SWEpisodes", 2, "SW_DECOM, SW_DEC")], set_("SWEpisodes", 0, SW_DEC="02/06/2024"))
case("SW10STG2", {"SWEpisodes": [SW(SW_DEC="20/06/2024"),
                                 SW(SW_ID="SW1002", SW_DECOM="12/06/2024")]},
     [("SWEpisodes", 3, "SW_DECOM")], set_("SWEpisodes", 1, SW_DECOM="13/06/2024"))
case("SW10STG2", {"SWEpisodes": [SW(SW_DEC="20/06/2024"),
                                 SW(SW_ID="SW1002", SW_DECOM="12/06/2024", SW_REASON="FCONTA")]},
     [], name="first contact")
case("SW10STG2", {"SWEpisodes": [SW(SW_DECOM="01/03/2023", SW_DEC="20/06/2023"),
                                  SW(SW_ID="SW1002", SW_DECOM="12/06/2023", SW_REASON="FCONTA")]},
     [("SWEpisodes", 3, "SW_DECOM")], set_("SWEpisodes", 1, SW_DECOM="13/06/2023"), year=2024,
     name="first contact in 2023/24")
# Where a date is not a date, an overlap cannot be ruled out; a gap is no overlap.
case("SW10STG2", {"SWEpisodes": [SW(SW_DEC="31/06/2024"),
                                 SW(SW_ID="SW1002", SW_DECOM="01/07/2024")]},
     [("SWEpisodes", 3, "SW_DECOM")], set_("SWEpisodes", 0, SW_DEC="30/06/2024"),
     name="previous end not a date")
case("SW10STG2", {"SWEpisodes": [SW(), SW(SW_ID="SW1002", SW_DECOM="01/07/2024")]},
     [("SWEpisodes", 3, "SW_DECOM")], set_("SWEpisodes", 0, SW_DEC="01/07/2024"),
     name="previous still open")
case("SW10STG2", {"SWEpisodes": [SW(SW_DEC="30/06/2024"),
                                 SW(SW_ID="SW1002", SW_DECOM="31/06/2024")]},
     [("SWEpisodes", 3, "SW_DECOM")], set_("SWEpisodes", 1, SW_DECOM="30/06/2024"),
     name="start not a date")
case("SW10STG2", {"SWEpisodes": [SW(SW_DEC="30/06/2024"),
                                 SW(SW_ID="SW1002", SW_DECOM="01/09/2024")]}, [], name="gap")
case("SW10aSTG2", {"SWEpisodes": [SW(SW_DECOM="01/03/2025", SW_DEC="01/06/2025"),
                                  SW(SW_ID="SW1002", SW_DECOM="09/06/2025")]},
     [("SWEpisodes", 3, "SW_DECOM")], set_("SWEpisodes", 1, SW_DECOM="08/06/2025"), year=2026)
case("SW10aSTG2", {"SWEpisodes": [SW(SW_DECOM="01/03/2025", SW_DEC="09/06/2025"),
                                  SW(SW_ID="SW1002", SW_DECOM="01/06/2025")]},
     [("SWEpisodes", 3, "SW_DECOM")], set_("SWEpisodes", 1, SW_DECOM="02/06/2025"), year=2026,
     name="too early")
case("SW10bSTG2", {"SWEpisodes": [SW(SW_DECOM="01/03/2025", SW_DEC="01/06/2025"),
                                  SW(SW_ID="SW1002", SW_DECOM="01/06/2025", SW_REASON="FCONTA")]},
     [("SWEpisodes", 3, "SW_DECOM, SW_REASON")], set_("SWEpisodes", 1, SW_DECOM="02/06/2025"),
     year=2026)
case("SW11aSTG2", {"Episodes": [E23()],
                   "SWEpisodes": [SW(SW_DECOM="01/03/2023", SW_DEC="25/03/2024")]},
     [("SWEpisodes", 2, "SW_DEC")], set_("SWEpisodes", 0, SW_DEC="26/03/2024"),
     set_("Episodes", 0, DEC="01/03/2024", REC="E13"), year=2024)
case("SW11bSTG2", {"Episodes": [E()], "SWEpisodes": [SW(SW_DEC="01/12/2024")]},
     [("SWEpisodes", 2, "SW_DEC")], set_("SWEpisodes", 0, SW_DEC="31/03/2025"))
case("SW11bSTG2", {"Episodes": [E(LS="V3")], "SWEpisodes": [SW(SW_DEC="01/12/2024")]}, [],
     name="short breaks")
case("SW11bSTG2", {"Episodes": [E23()],
                   "SWEpisodes": [SW(SW_DECOM="01/03/2023", SW_DEC="26/03/2024")]},
     [("SWEpisodes", 2, "SW_DEC")], set_("SWEpisodes", 0, SW_DEC="25/03/2024"), year=2024,
     name="last 5 days of 2023/24")
case("SW12STG2", {"Episodes": [E()], "SWEpisodes": [SW(SW_DECOM="02/04/2024")]},
     [("SWEpisodes", 2, "SW_DECOM")], set_("SWEpisodes", 0, SW_DECOM="01/04/2024"))
case("SW12STG2", {"Episodes": [E()],
                  "SWEpisodes": [SW(SW_DECOM="02/04/2024", SW_REASON="FCONTA")]}, [],
     name="first contact")
case("SW12STG2", {"Episodes": [E()]}, [("Episodes", 2, "CHILD")], add("SWEpisodes", SW()),
     name="no social worker")
case("SW14STG2", {"SWEpisodes": [SW(SW_DECOM="01/03/2023"),
                                 SW(SW_ID="SW1002", SW_DECOM="01/06/2023")]},
     [("SWEpisodes", 2, "SW_DEC")], set_("SWEpisodes", 0, SW_DEC="01/06/2023"), year=2024)
case("SW17STG2", {"Episodes": [E25()], "SWEpisodes": [SW(SW_DEC="31/03/2026")]},
     [("SWEpisodes", 2, "SW_DEC")], set_("SWEpisodes", 0, SW_DEC=None),
     set_("Episodes", 0, DEC="01/03/2026", REC="E13"), year=2026)
case("SW18STG2", {"SWEpisodes": [SW(SW_DECOM="02/06/2025", SW_DEC="01/06/2025")]},
     [("SWEpisodes", 2, "SW_DECOM, SW_DEC")], set_("SWEpisodes", 0, SW_DEC="02/06/2025"),
     year=2026)
case("SW19STG2", {"SWEpisodes": [SW(SW_DEC="01/06/2025"), SW(SW_ID="SW1002")]},
     [("SWEpisodes", 2, "SW_DECOM"), ("SWEpisodes", 3, "SW_DECOM")],
     set_("SWEpisodes", 1, SW_DECOM="01/06/2025"), year=2026)


# --- DoLo (from 2026/27) ---------------------------------------------------------------


def DOLO(**kw: str) -> dict[str, str]:
    """A deprivation of liberty order from June 2026, for a child born 1 June 2012."""
    return {"CHILD": "A", "DOB": "01/06/2012", "DOLO_START": "01/06/2026", **kw}


def E26(**kw: str) -> dict[str, str]:
    """An episode of 2026/27: in a children's home since May 2026."""
    return E(**{"DECOM": "01/05/2026", "PLACE": "K2", "PLACE_PROVIDER": "PR4", **kw})


case("702", {"DoLo": [DOLO(DOLO_END="31/05/2026")]}, [("DoLo", 2, "DOLO_START, DOLO_END")],
     set_("DoLo", 0, DOLO_END="01/06/2026"), year=2027)
case("703", {"DoLo": [DOLO(DOLO_START="01/04/2027")]}, [("DoLo", 2, "DOLO_START")],
     set_("DoLo", 0, DOLO_START="31/03/2027"), year=2027)
case("704", {"DoLo": [DOLO(DOLO_START="01/01/2026", DOLO_END="31/03/2026")]},
     [("DoLo", 2, "DOLO_END")], set_("DoLo", 0, DOLO_END="01/04/2026"), year=2027)
case("704", {"DoLo": [DOLO(DOLO_END="01/04/2027")]}, [("DoLo", 2, "DOLO_END")],
     set_("DoLo", 0, DOLO_END="31/03/2027"), year=2027, name="after the year")
case("705", {"DoLo": [DOLO(), DOLO(DOLO_START="01/09/2026")]}, [("DoLo", 3, "DOLO_START")],
     set_("DoLo", 0, DOLO_END="01/09/2026"), year=2027)
case("705", {"DoLo": [DOLO(DOLO_END="02/09/2026"), DOLO(DOLO_START="01/09/2026")]},
     [("DoLo", 3, "DOLO_START")], set_("DoLo", 1, DOLO_START="02/09/2026"), year=2027,
     name="overlap")
case("706", {"DoLo": [DOLO(DOLO_START="02/01/2026")]}, [("DoLo_last", 2, "DOLO_START")],
     set_("DoLo", 0, DOLO_START="01/01/2026"), year=2027,
     last={"DoLo": [DOLO(DOLO_START="01/01/2026")]})
case("706", {"Episodes": [E26()]}, [("DoLo_last", 2, "DOLO_START")],
     last_(set_("DoLo", 0, DOLO_END="31/03/2026")), year=2027,
     last={"DoLo": [DOLO(DOLO_START="01/01/2026")]}, name="no DoLO this year")
case("707", {"Episodes": [E26(DEC="01/09/2026", REC="E13")], "DoLo": [DOLO()]},
     [("DoLo", 2, "DOLO_END")], set_("DoLo", 0, DOLO_END="01/09/2026"), year=2027)
case("707", {"Episodes": [E26(DEC="01/09/2026", REC="X1"), E26(DECOM="01/09/2026")],
             "DoLo": [DOLO()]}, [], year=2027, name="still looked after")
case("708", {"Header": [H()], "DoLo": [DOLO(DOLO_START="31/05/2012")]},
     [("DoLo", 2, "DOLO_START")], set_("DoLo", 0, DOLO_START="01/06/2012"), year=2027)
case("709", {"Episodes": [E26(PLACE="U4", PLACE_PROVIDER="PR1")], "DoLo": [DOLO()]},
     [("DoLo", 2, "DOLO_START"), ("Episodes", 2, "PLACE")],
     set_("Episodes", 0, PLACE="Z12", PLACE_PROVIDER=None), year=2027)
case("709", {"Episodes": [E26(DEC="02/06/2026", REC="X1", PLACE="U4", PLACE_PROVIDER="PR1"),
                          E26(DECOM="02/06/2026")],
             "DoLo": [DOLO(DOLO_END="01/09/2026")]},
     [("DoLo", 2, "DOLO_START"), ("Episodes", 2, "PLACE")],
     set_("Episodes", 0, DEC="01/06/2026"), set_("Episodes", 1, DECOM="01/06/2026"),
     year=2027, name="changeover day")
case("710", {"Episodes": [E26(PLACE="K1", PLACE_PROVIDER="PR1")], "DoLo": [DOLO()]},
     [("DoLo", 2, "DOLO_START"), ("Episodes", 2, "PLACE")],
     set_("DoLo", 0, DOLO_START="01/05/2025", DOLO_END="01/05/2026"), year=2027)


# --- Care leavers who died, decisions to place for adoption against last year, 1012 -----

case("348", {"OC3": [leaver()]}, [("OC3", 2, "IN_TOUCH")],
     set_("OC3", 0, IN_TOUCH="DIED", ACTIV=None, ACCOM=None), year=2026,
     last={"OC3": [leaver(IN_TOUCH="DIED", ACTIV="", ACCOM="")]})
case("348", {"OC3": [leaver()]}, [], year=2026, last={"OC3": [leaver()]},
     name="alive last year")
case("560", {"PlacedAdoption": [PA(DATE_PLACED="02/03/2024")]},
     [("PlacedAdoption", 2, "DATE_PLACED")], set_("PlacedAdoption", 0, DATE_PLACED="01/03/2024"),
     last={"PlacedAdoption": [PA(DATE_PLACED="01/03/2024")]})
case("560", {"PlacedAdoption": [PA(DATE_PLACED="2024-02-30")]},
     [("PlacedAdoption", 2, "DATE_PLACED")], set_("PlacedAdoption", 0, DATE_PLACED="30/02/2024"),
     last={"PlacedAdoption": [PA(DATE_PLACED="30/02/2024")]}, name="as written")
case("560", {"PlacedAdoption": [PA(DATE_PLACED="01/03/2024", DATE_PLACED_CEASED="01/05/2024",
                                   REASON_PLACED_CEASED="RD1"),
                                PA(DATE_PLACED="01/09/2024")]}, [],
     last={"PlacedAdoption": [PA(DATE_PLACED="01/03/2024")]}, name="decision kept")
case("561", {"PlacedAdoption": [PA(DATE_PLACED="01/03/2024")]},
     [("PlacedAdoption", 2, "DATE_PLACED")], set_("PlacedAdoption", 0, DATE_PLACED="02/03/2024"),
     last={"PlacedAdoption": [PA(DATE_PLACED="01/03/2024", DATE_PLACED_CEASED="15/03/2024",
                                 REASON_PLACED_CEASED="RD1")]})
case("584", {"PlacedAdoption": [PA(DATE_PLACED="28/02/2024")]},
     [("PlacedAdoption", 2, "DATE_PLACED")], set_("PlacedAdoption", 0, DATE_PLACED="02/03/2024"),
     last={"PlacedAdoption": [PA(DATE_PLACED="01/03/2024", DATE_PLACED_CEASED="15/03/2024",
                                 REASON_PLACED_CEASED="RD1")]})
for table, row in (("PlacedAdoption", PA(DATE_PLACED="01/03/2023")), ("Missing", MIS(
        MISSING="M", MIS_START="01/06/2024")), ("Reviews", REV(REVIEW="01/06/2024")),
        ("AD1", AD1()), ("PrevPerm", PP()), ("OC2", OC2()), ("SWEpisodes", SW())):
    case("1012", {"OC3": [leaver()], "Episodes": [E(CHILD="B")],
                  table: [row]}, [(table, 2, "CHILD")],
         add("Episodes", E()), name=table)
case("1012", {"OC3": [leaver()], "Episodes": [E26(CHILD="B")],
              "DoLo": [DOLO()]}, [("DoLo", 2, "CHILD")],
     add("Episodes", E26()), year=2027, name="DoLo")
case("1012", {"OC3": [leaver()], "Episodes": [E(CHILD="B")],
             "UASC": [UASC(DUC="01/06/2023")]}, [], name="UASC")


# --- Postcodes: what the DfE derives from HOME_POST and PL_POST ---------------------------
# Real postcodes of the ONS directory. The cases' council is 883, Thurrock (E06000034).
HOME = "RM17 5XX"          # Grays, Thurrock
NEAR = "RM16 2XX"          # Thurrock, 1.2 miles from HOME
CHELMSFORD = "CM1 1AA"     # Essex (E10000012), 19.2 miles from HOME
CHELMSFORD_2 = "CM1 9AA"   # Essex, the same grid reference as CM1 1AA
BIRMINGHAM = "B1 1AA"      # 117 miles from HOME
NOWHERE = "ZZ9 9ZZ"        # shaped like a postcode, in no directory
WALES_230 = "CF10 1AB"     # Cardiff


def EP(**kw: str) -> dict[str, str]:
    """An episode with real postcodes: from home in Grays to foster care in Thurrock."""
    return E(**{"HOME_POST": HOME, "PL_POST": NEAR, **kw})


def EP_last(**kw: str) -> dict[str, str]:
    """Last year's episode of the same child, still open at 31 March 2024."""
    return EP(**{"DECOM": "01/05/2023", **kw})


case("169", {"Episodes": [EP(PL_POST=NOWHERE)]}, [("Episodes", 2, "PL_POST")],
     set_("Episodes", 0, PL_POST=CHELMSFORD))
case("169", {"Episodes": [EP(LS="V3", PL_POST=None)]}, [], name="short break")
case("179", {"Episodes": [EP(PL_POST=None)]}, [("Episodes", 2, "PL_POST")],
     set_("Episodes", 0, PL_POST=BIRMINGHAM))
case("392a", {"Episodes": [EP(HOME_POST=NOWHERE)]}, [("Episodes", 2, "HOME_POST, PL_POST")],
     set_("Episodes", 0, HOME_POST=HOME))
case("392a", {"Episodes": [EP(HOME_POST=None)], "UASC": [UASC(DUC="01/06/2030")]}, [],
     name="UASC")
case("392a", {"Episodes": [EP(HOME_POST=None)]}, [],
     last={"UASC": [UASC(DUC="01/06/2030")]}, name="UASC last year")
case("392c", {"Episodes": [EP(PL_POST=NOWHERE)]}, [("Episodes", 2, "PL_POST")],
     set_("Episodes", 0, PL_POST="rm162xx"))
case("392c", {"Episodes": [EP(HOME_POST="RM17 5X")]}, [("Episodes", 2, "HOME_POST")],
     set_("Episodes", 0, HOME_POST=None), name="home")
case("398", {"Episodes": [EP(LS="V4", PL_POST=None)]}, [("Episodes", 2, "LS, HOME_POST, PL_POST")],
     set_("Episodes", 0, HOME_POST=None))
case("406", {"Episodes": [EP()], "UASC": [UASC(DUC="01/06/2030")]},
     [("Episodes", 2, "HOME_POST, PL_POST")], set_("Episodes", 0, HOME_POST=None))
case("406", {"Episodes": [EP()]}, [("Episodes", 2, "HOME_POST, PL_POST")],
     last_(set_("UASC", 0, CHILD="B")), last={"UASC": [UASC(DUC="01/06/2030")]},
     name="UASC last year")
case("420", {"Episodes": [EP(LS="V3", HOME_POST=None, PL_POST=CHELMSFORD)]},
     [("Episodes", 2, "LS, PL_POST")], set_("Episodes", 0, PL_POST=NOWHERE))
case("230", {"Episodes": [EP(PLACE="H5", PLACE_PROVIDER="PR4", DECOM="01/05/2023",
                            DEC="29/10/2023", REC="E11", URN=None)]},
     [("Episodes", 2, "URN")], set_("Episodes", 0, DEC="28/10/2023"), year=2024)
case("230", {"Episodes": [EP(PLACE="H5", PLACE_PROVIDER="PR4", DECOM="01/05/2023",
                            URN="XXXXXXX")]},
     [("Episodes", 2, "URN")], set_("Episodes", 0, PL_POST=WALES_230), year=2024,
     name="placeholder")
case("1015", {"Episodes": [EP(PLACE="K2", PLACE_PROVIDER="PR1", PL_POST=CHELMSFORD)]},
     [("Episodes", 2, "PL_POST")], set_("Episodes", 0, PL_POST=NEAR))
case("1015", {"Episodes": [EP(PLACE="U4", PLACE_PROVIDER="PR1", PL_POST=CHELMSFORD)]}, [],
     name="own foster carer out of area")
# Lerwick to Truro is about 700 miles; Truro to Birmingham about 205.
case("454", {"Episodes": [E26(HOME_POST="TR1 1AA", PL_POST="ZE1 0AA")]},
     [("Episodes", 2, "HOME_POST, PL_POST")], set_("Episodes", 0, PL_POST=BIRMINGHAM),
     year=2026)
case("452", {"Episodes": [EP(DECOM="01/05/2023", PL_POST=BIRMINGHAM)]},
     [("Episodes", 2, "PL_POST")], set_("Episodes", 0, PL_POST=CHELMSFORD_2),
     last={"Episodes": [EP_last(PL_POST=CHELMSFORD)]})
case("452", {"Episodes": [EP(DECOM="01/05/2023", PL_POST=BIRMINGHAM)]}, [],
     last={"Episodes": [EP_last(PL_POST=CHELMSFORD, DEC="31/03/2024", REC="E11")]},
     name="ended last year")
case("453", {"Episodes": [EP(DECOM="01/05/2023", PL_POST=CHELMSFORD)]},
     [("Episodes", 2, "HOME_POST, PL_POST")], set_("Episodes", 0, RNE="P"),
     last={"Episodes": [EP_last(PL_POST=NEAR)]})
case("453", {"Episodes": [EP(DECOM="01/05/2023", PL_POST=CHELMSFORD_2)]}, [],
     last={"Episodes": [EP_last(PL_POST=CHELMSFORD)]}, name="same distance")
case("503G", {"Episodes": [EP(DECOM="01/05/2023", PL_POST=CHELMSFORD)]},
     [("Episodes", 2, "HOME_POST, PL_POST")], last_(set_("Episodes", 0, PL_POST=CHELMSFORD_2)),
     last={"Episodes": [EP_last(PL_POST=NEAR)]})
case("503G", {"Episodes": [EP(DECOM="01/05/2023")]}, [("Episodes", 2, "HOME_POST, PL_POST")],
     last_(set_("Episodes", 0, PL_POST=NEAR)),
     last={"Episodes": [EP_last(PL_POST=NOWHERE)]}, name="no distance last year")
case("503H", {"Episodes": [EP(DECOM="01/05/2023", PL_POST=BIRMINGHAM)]},
     [("Episodes", 2, "PL_POST")], set_("Episodes", 0, PL_POST=CHELMSFORD_2),
     last={"Episodes": [EP_last(PL_POST=CHELMSFORD)]})
case("503J", {"Episodes": [EP(DECOM="01/05/2023", PL_POST=NEAR)]},
     [("Episodes", 2, "PL_POST")], set_("Episodes", 0, PL_POST=BIRMINGHAM),
     last={"Episodes": [EP_last(PL_POST=CHELMSFORD)]})
case("218", {"Episodes": [EP(PLACE="K2", PLACE_PROVIDER="PR4", URN=None, PL_POST=CHELMSFORD)]},
     [("Episodes", 2, "URN")], set_("Episodes", 0, URN="SC123456"))
case("218", {"Episodes": [EP(PLACE="K2", PLACE_PROVIDER="PR4", URN=None, PL_POST="CF10 1AA")]},
     [], name="placed in Wales")
case("218", {"Episodes": [EP(PLACE="P1", PLACE_PROVIDER="PR0", URN=None, PL_POST=HOME)]}, [],
     name="with parents")
case("633", {"PrevPerm": [PP(PREV_PERM="P1", LA_PERM="717", DATE_PERM="01/01/2020")]},
     [("PrevPerm", 2, "LA_PERM")], set_("PrevPerm", 0, LA_PERM="883"))
case("633", {"PrevPerm": [PP(PREV_PERM="P1", LA_PERM="WAL", DATE_PERM="01/01/2020")]}, [],
     name="Wales")
case("633", {"PrevPerm": [PP(PREV_PERM="P1", LA_PERM="909", DATE_PERM="01/01/2020")]}, [],
     name="Cumbria, since split")


# --- Ofsted's provider lists: the URN rules ------------------------------------------------
# Every case is checked against the same two lists (PROVIDERS, written as Ofsted's workbooks
# and read as the intake reads them). Provider kinds of the children's homes list are
# written "PR4/PR5", as Ofsted writes them.
WALES = "CF10 1AA"         # Cardiff


def _providers() -> list:
    lists = load("provider_lists")
    P = lists.Provider
    closed = dt.date(2024, 9, 30)
    return [
        P("SC100001", ("K2",), ("PR4", "PR5"), NEAR),                   # a home in Thurrock
        P("SC100002", ("K2",), ("PR1",), CHELMSFORD, closed=closed),    # in Essex, closed
        P("SC100004", ("K2",), ("PR1", "PR2"), NEAR),                   # in Thurrock
        # Supported accommodation with premises in two councils (a URN typed as a number).
        P("2000003", ("K3",), ("PR4",), NEAR, list="SCP"),
        P("2000003", ("K3",), ("PR4",), CHELMSFORD, list="SCP"),
        P("2000005", ("K3",), ("PR4",), NEAR, list="SCP", closed=closed),
    ]


def KH(**kw: str) -> dict[str, str]:
    """A placement in children's home SC100001 (Thurrock), with real postcodes."""
    return EP(**{"PLACE": "K2", "PLACE_PROVIDER": "PR4", "URN": "SC100001", **kw})


case("1008", {"Episodes": [KH(URN="SC999999")]}, [("Episodes", 2, "URN")],
     set_("Episodes", 0, URN="SC100001"))
case("1008", {"Episodes": [KH(URN="XXXXXXX", PLACE="U1")]}, [], name="placeholder")
case("1008", {"Episodes": [KH(URN="2000003", PLACE="K3")]}, [], name="number in the list")
case("219", {"Episodes": [KH(PLACE="K1")]}, [("Episodes", 2, "PLACE")],
     set_("Episodes", 0, PLACE="K2"))
case("219", {"Episodes": [KH(URN="SC999999")]}, [("Episodes", 2, "PLACE")],
     set_("Episodes", 0, URN="XXXXXXX"), name="not on the lists")
case("221", {"Episodes": [KH(PL_POST=CHELMSFORD)]}, [("Episodes", 2, "PL_POST")],
     set_("Episodes", 0, PL_POST="rm162xx"))
case("221", {"Episodes": [KH(PL_POST=CHELMSFORD, LS="V3")]}, [], name="short break")
case("221", {"Episodes": [KH(URN="2000003", PLACE="K3", PL_POST=BIRMINGHAM)]},
     [("Episodes", 2, "PL_POST")], set_("Episodes", 0, PL_POST=CHELMSFORD),
     name="K3 from 2024/25")
case("221", {"Episodes": [KH(URN="2000003", PLACE="K3", PL_POST=BIRMINGHAM,
                             DECOM="01/05/2023")]}, [], year=2024, name="K3 in 2023/24")
case("224", {"Episodes": [KH(PLACE_PROVIDER="PR1")]}, [("Episodes", 2, "PLACE_PROVIDER")],
     set_("Episodes", 0, PLACE_PROVIDER="PR5"))
case("227", {"Episodes": [KH(URN="SC100002", PLACE_PROVIDER="PR1", PL_POST=CHELMSFORD,
                             DECOM="30/09/2024")]}, [("Episodes", 2, "DECOM")],
     set_("Episodes", 0, DECOM="29/09/2024", DEC="30/09/2024", REC="E11"))
case("228", {"Episodes": [KH(URN="SC100002", PLACE_PROVIDER="PR1", PL_POST=CHELMSFORD,
                             DEC="01/10/2024", REC="E11")]}, [("Episodes", 2, "DEC")],
     set_("Episodes", 0, DEC="30/09/2024"))
case("228", {"Episodes": [KH(URN="SC100002", PLACE_PROVIDER="PR1", PL_POST=CHELMSFORD)]},
     [("Episodes", 2, "DEC")], set_("Episodes", 0, URN="SC100004"), name="open at 31 March")
case("229", {"Episodes": [KH(URN="SC100002", PLACE_PROVIDER="PR1", PL_POST=CHELMSFORD,
                             DECOM="01/05/2024", DEC="01/06/2024", REC="E11")]},
     [("Episodes", 2, "PLACE_PROVIDER")], set_("Episodes", 0, URN="SC100004", PL_POST=NEAR),
     name="own provision out of area")
case("229", {"Episodes": [KH(URN="SC100004", PLACE_PROVIDER="PR2")]},
     [("Episodes", 2, "PLACE_PROVIDER")], set_("Episodes", 0, URN="SC100002",
                                               DEC="01/06/2024", REC="E11"),
     name="another council's provision in area")
case("229", {"Episodes": [KH(URN="2000003", PLACE="K3", PLACE_PROVIDER="PR1",
                             DECOM="01/05/2025", PL_POST=CHELMSFORD)]}, [],
     year=2026, name="K3 left out from 2025/26")
case("241", {"Episodes": [KH(URN="2000003", PLACE="K3", DECOM="01/05/2025",
                             PL_POST=BIRMINGHAM)]}, [("Episodes", 2, "URN")],
     set_("Episodes", 0, PL_POST=CHELMSFORD), year=2026)
case("242", {"Episodes": [KH(URN="XXXXXXX", DECOM="01/05/2025")]}, [("Episodes", 2, "URN")],
     set_("Episodes", 0, PLACE="U1"), year=2026)
case("243", {"Episodes": [KH(PL_POST=WALES, DECOM="01/05/2025")]}, [("Episodes", 2, "URN")],
     set_("Episodes", 0, URN=None), year=2026)


# --- Care leavers' whole history: earlier returns from the warehouse -----------------------
# A care leaver of 19 (born 1 June 2005: 14 on 1 June 2019, 16 on 1 June 2021) who left
# care before last year: the episodes are only in the council's earlier returns.
LEAVER_RETURN = {"Header": [H(DOB="01/06/2005")], "OC3": [leaver()], "Episodes": [E(CHILD="B")]}
LAST_WITHOUT_LEAVER = {"Header": [H(CHILD="B")], "Episodes": [E23(CHILD="B")]}


def EARLY(**kw: str) -> dict[str, str]:
    """An episode of an earlier return: in care at 16, for 13 weeks and a day."""
    return {"CHILD": "A", "DECOM": "01/05/2021", "DEC": "31/07/2021", "LS": "C2", "REC": "E4A",
            **kw}


case("1002", LEAVER_RETURN, [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")],
     add("Episodes", E()), last=LAST_WITHOUT_LEAVER, earlier=[EARLY(CHILD="Z")])
case("1002", LEAVER_RETURN, [], last=LAST_WITHOUT_LEAVER, earlier=[],
     name="no return before last year's")
case("1002", LEAVER_RETURN, [], last=LAST_WITHOUT_LEAVER, earlier=[EARLY()],
     name="in an earlier return")
case("1001", LEAVER_RETURN, [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")],
     earlier_(set_("Episodes", 0, DEC="31/07/2021")), last=LAST_WITHOUT_LEAVER,
     earlier=[EARLY(DEC="30/07/2021")], name="90 days since 14")
case("1001", LEAVER_RETURN, [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")],
     earlier_(set_("Episodes", 0, DEC="02/06/2021")), last=LAST_WITHOUT_LEAVER,
     earlier=[EARLY(DECOM="01/01/2021", DEC="01/06/2021")], name="left care at 16")
case("1001", LEAVER_RETURN, [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")],
     earlier_(set_("Episodes", 0, REC="E4A")), last=LAST_WITHOUT_LEAVER,
     earlier=[EARLY(REC="E11")], name="adopted")
case("1001", LEAVER_RETURN, [("OC3", 2, "IN_TOUCH, ACTIV, ACCOM")],
     earlier_(set_("Episodes", 0, LS="C2")), last=LAST_WITHOUT_LEAVER,
     earlier=[EARLY(LS="V3")], name="short breaks only")


# --- running the cases ------------------------------------------------------------------

Found = set[tuple[str, int, str, str]]


def kept(c: Case) -> tuple[Tables, Tables | None, list[dict[str, str]] | None]:
    """The case's return (and last year's, and earlier episodes) after its edits: just
    inside the rule."""
    tables = copy.deepcopy(c.bad)
    last = copy.deepcopy(c.last)
    earlier = copy.deepcopy(c.earlier)
    if last is not None:
        tables["__last__"] = last  # type: ignore[assignment]
    if earlier is not None:
        tables["__earlier__"] = {"Episodes": earlier}  # type: ignore[assignment]
    for edit in c.good:
        edit(tables)
    tables.pop("__last__", None)
    tables.pop("__earlier__", None)
    return tables, last, earlier


def stage(con: duckdb.DuckDBPyConnection, name: str, tables: Tables, year: int, folder: Path,
          *, checked: bool = True) -> int:
    """One hand-built return staged as the intake would: every cell as text, row 2 on."""
    return_id = staging.add_return(con, name, checked=checked)
    for table_name, rows in tables.items():
        table = schema.TABLES[table_name]
        staging.stage_table(con, return_id, table, f"{name}/{table_name}", list(table.columns),
                            [(n, [row.get(c, "") for c in table.columns])
                             for n, row in enumerate(rows, start=2)], folder)
    staging.set_return(con, return_id, la_code="883", collection_year=year,
                       reference_date=dt.date(year, 3, 31))
    return return_id


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, str], Found]:
    """Each case's findings of its own rule, broken ("bad") and kept ("good"): every case
    is a return of one run."""
    folder = tmp_path_factory.mktemp("cases")
    con = duckdb.connect()
    staging.create(con)
    returns: dict[int, tuple[int, str, str]] = {}
    con.execute(f"CREATE TABLE {EARLIER_EPISODES} (return_id INTEGER, row_number INTEGER, "
                "child VARCHAR, decom VARCHAR, dec VARCHAR, ls VARCHAR, rec VARCHAR, "
                "earlier_return DATE)")
    for i, c in enumerate(CASES):
        for kind, (tables, last, earlier) in (("bad", (c.bad, c.last, c.earlier)),
                                              ("good", kept(c))):
            if kind == "good" and not c.good:
                continue
            this = stage(con, f"{i}-{kind}", tables, c.year, folder)
            if last is not None:
                previous = stage(con, f"{i}-{kind}-last", last, c.year - 1, folder,
                                 checked=False)
                staging.set_return(con, this, previous_id=previous)
            for n, row in enumerate(earlier or [], start=2):
                con.execute(f"INSERT INTO {EARLIER_EPISODES} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [this, n, *(row.get(k) for k in ("CHILD", "DECOM", "DEC", "LS",
                                                              "REC")),
                             dt.date(c.year - 2, 3, 31)])
            returns[this] = (i, kind, c.code)
    lists = load("provider_lists").write_lists(folder / "ofsted", _providers())
    providers.stage(con, lists)
    run_rules(con)
    out: dict[tuple[int, str], Found] = {(i, kind): set() for i, kind, _ in returns.values()}
    for return_id, rule, table, in_return, row, column, child in con.execute(
            "SELECT return_id, rule, table_name, in_return, row_number, column_name, child "
            "FROM run_findings").fetchall():
        i, kind, code = returns[return_id]
        if rule == code:
            out[i, kind].add((table + ("_last" if in_return == "previous" else ""), row,
                              column, child))
    con.close()
    return out


def _id(c: Case) -> str:
    return f"{c.code}-{c.name}" if c.name else c.code


@pytest.mark.parametrize("i", range(len(CASES)), ids=[_id(c) for c in CASES])
def test_rule_names_the_rows_that_break_it(i: int, found: dict[tuple[int, str], Found]) -> None:
    assert found[i, "bad"] == CASES[i].expected()


@pytest.mark.parametrize("i", [i for i, c in enumerate(CASES) if c.good],
                         ids=[_id(c) for c in CASES if c.good])
def test_rule_is_silent_at_its_edge(i: int, found: dict[tuple[int, str], Found]) -> None:
    assert found[i, "good"] == set()


def test_every_rule_has_a_case() -> None:
    broken = {c.code for c in CASES if c.at}
    kept = {c.code for c in CASES if c.good or not c.at}
    assert set(implemented()) - broken == set(), "rules no case breaks"
    assert set(implemented()) - kept == set(), "rules no case keeps"
