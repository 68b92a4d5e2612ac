"""The SSDA903 return's tables, columns and code lists, per collection year.

The DfE changes the return a little every year (new tables, new codes, retired codes), so
everything that varies by year is kept as data here rather than scattered through the loader,
the generator and the indicators. A collection year is named by the year its 31 March falls
in: ``2025`` is the 2024/25 collection (1 April 2024 to 31 March 2025).

Sources: the DfE's "Children looked after return: guidance" for each year (code lists) and
the DfE validation rules for each year (rule codes); see ``docs/ssda903.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

DATE_FORMAT = "%d/%m/%Y"
FIRST_YEAR = 2020
LAST_YEAR = 2027


@dataclass(frozen=True)
class Table:
    """One table of the return (or one local file) and how its rows are keyed.

    ``key`` is what identifies "the same row" across returns: when two returns hold the
    same key, the later return wins in the canonical history. ``snapshot`` tables (OC2, OC3)
    describe one year each and are never merged across returns.
    """

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    dates: tuple[str, ...] = ()
    from_year: int = FIRST_YEAR
    kind: str = "ssda903"
    snapshot: bool = False
    integers: tuple[str, ...] = ()
    description: str = ""

    @property
    def sql_name(self) -> str:
        """Warehouse table name of the canonical history (snake case of the DfE name)."""
        return SQL_NAMES[self.name]


def _t(name: str, columns: str, key: str, dates: str = "", **kw) -> Table:
    return Table(
        name=name,
        columns=tuple(columns.split()),
        key=tuple(key.split()),
        dates=tuple(dates.split()),
        **kw,
    )


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        _t("Header", "CHILD SEX DOB ETHNIC UPN MOTHER MC_DOB", "CHILD", "DOB MC_DOB",
           integers="MOTHER", description="one row per child: sex, date of birth, ethnicity"),
        _t("Episodes",
           "CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE "
           "HOME_POST PL_POST URN",
           "CHILD DECOM", "DECOM DEC",
           description="one row per episode of care: legal status and placement"),
        _t("UASC", "CHILD SEX DOB DUC", "CHILD", "DOB DUC",
           description="unaccompanied asylum-seeking children and when that status ceased"),
        _t("Reviews", "CHILD DOB REVIEW REVIEW_CODE", "CHILD REVIEW", "DOB REVIEW",
           description="looked-after reviews and the child's participation"),
        _t("OC2",
           "CHILD DOB SDQ_SCORE SDQ_REASON CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK "
           "HEALTH_ASSESSMENT SUBSTANCE_MISUSE INTERVENTION_RECEIVED INTERVENTION_OFFERED",
           "CHILD", "DOB", snapshot=True,
           integers="SDQ_SCORE CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK "
                    "HEALTH_ASSESSMENT SUBSTANCE_MISUSE INTERVENTION_RECEIVED "
                    "INTERVENTION_OFFERED",
           description="outcomes of children looked after continuously for 12 months"),
        _t("OC3", "CHILD DOB IN_TOUCH ACTIV ACCOM", "CHILD", "DOB", snapshot=True,
           description="care leavers' activity and accommodation around their birthday"),
        _t("AD1",
           "CHILD DOB DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR",
           "CHILD", "DOB DATE_INT DATE_MATCH", integers="FOSTER_CARE NB_ADOPTR",
           description="children adopted: decision, match and adopters"),
        _t("PlacedAdoption",
           "CHILD DOB DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED",
           "CHILD DATE_PLACED", "DOB DATE_PLACED DATE_PLACED_CEASED",
           description="decisions that a child should be placed for adoption"),
        _t("PrevPerm", "CHILD DOB PREV_PERM LA_PERM DATE_PERM", "CHILD", "DOB",
           description="permanence arrangements before this period of care"),
        _t("Missing", "CHILD DOB MISSING MIS_START MIS_END", "CHILD MIS_START",
           "DOB MIS_START MIS_END",
           description="episodes missing or away from placement without authorisation"),
        _t("SWEpisodes", "CHILD DOB SW_ID SW_DECOM SW_DEC SW_REASON", "CHILD SW_DECOM",
           "DOB SW_DECOM SW_DEC", from_year=2024,
           description="social worker episodes"),
        _t("DoLo", "CHILD DOB DOLO_START DOLO_END", "CHILD DOLO_START",
           "DOB DOLO_START DOLO_END", from_year=2027,
           description="deprivation of liberty orders"),
        # Local files: not in the return, asked for by the Panel papers.
        _t("health_assessments", "CHILD TYPE DUE REQUESTED COMPLETED", "CHILD TYPE DUE",
           "DUE REQUESTED COMPLETED", kind="local",
           description="initial and review health assessments"),
        _t("peps", "CHILD PEP_DATE PEP_TYPE QUALITY", "CHILD PEP_DATE", "PEP_DATE",
           kind="local", description="personal education plans"),
        _t("return_interviews", "CHILD MIS_START OFFERED HELD", "CHILD MIS_START",
           "MIS_START OFFERED HELD", kind="local",
           description="return home interviews after missing incidents"),
        _t("attendance",
           "CHILD ACADEMIC_YEAR TERM SESSIONS_POSSIBLE SESSIONS_ATTENDED PHASE",
           "CHILD ACADEMIC_YEAR TERM", kind="local",
           integers="SESSIONS_POSSIBLE SESSIONS_ATTENDED",
           description="school attendance sessions per term"),
        _t("care_leavers",
           "CHILD DOB PA_ALLOCATED PATHWAY_PLAN_DATE IN_TOUCH ACTIV ACCOM RECORDED",
           "CHILD RECORDED", "DOB PATHWAY_PLAN_DATE RECORDED", kind="local",
           description="care leavers aged 18 to 25 the council keeps in touch with"),
    )
}

SQL_NAMES = {
    "Header": "header",
    "Episodes": "episodes",
    "UASC": "uasc",
    "Reviews": "reviews",
    "OC2": "oc2",
    "OC3": "oc3",
    "AD1": "ad1",
    "PlacedAdoption": "placed_adoption",
    "PrevPerm": "prev_perm",
    "Missing": "missing",
    "SWEpisodes": "sw_episodes",
    "DoLo": "dolo",
    "health_assessments": "health_assessments",
    "peps": "peps",
    "return_interviews": "return_interviews",
    "attendance": "attendance",
    "care_leavers": "care_leavers",
}

RETURN_TABLES = [t for t in TABLES.values() if t.kind == "ssda903"]
LOCAL_TABLES = [t for t in TABLES.values() if t.kind == "local"]


def tables_for_year(year: int, kind: str = "ssda903") -> list[Table]:
    """The tables a return of collection ``year`` holds (SWEpisodes from 2023/24, ...)."""
    return [t for t in TABLES.values() if t.kind == kind and t.from_year <= year]


# --- Code lists -------------------------------------------------------------------------
# Each entry: field -> list of (first_year, last_year, codes). Years are collection years
# named by their 31 March. Source: DfE CLA return guidance 2019/20 to 2026/27.

ETHNIC = (
    "WBRI WIRI WOTH WIRT WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR "
    "BOTH CHNE OOTH REFU NOBT"
).split()
LEGAL_STATUS = "C1 C2 D1 E1 J1 J2 J3 L1 L2 L3 V2 V3 V4".split()
CATEGORY_OF_NEED = [f"N{i}" for i in range(1, 9)]
PLACE_COMMON = "A3 A4 A5 A6 K1 K2 P1 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6".split()
FOSTER_PLACEMENTS = ("U1", "U2", "U3", "U4", "U5", "U6")
ADOPTION_PLACEMENTS = ("A3", "A4", "A5", "A6")
TEMPORARY_PLACEMENTS = ("T0", "T1", "T2", "T3", "T4")
SHORT_BREAKS = ("V3", "V4")
REASONS_CEASED = (
    "X1 E11 E12 E13 E14 E15 E16 E17 E2 E3 E41 E45 E46 E47 E48 E4A E4B E5 E6 E7 E8 "
    "E9"
).split()
ADOPTED = ("E11", "E12")
SPECIAL_GUARDIANSHIP = ("E43", "E44", "E45", "E46", "E47", "E48")

CODE_LISTS: dict[str, list[tuple[int, int, tuple[str, ...]]]] = {
    "SEX": [(FIRST_YEAR, 2024, ("1", "2")), (2025, LAST_YEAR, ("M", "F", "U"))],
    "ETHNIC": [(FIRST_YEAR, LAST_YEAR, tuple(ETHNIC))],
    "RNE": [(FIRST_YEAR, LAST_YEAR, ("S", "L", "P", "T", "U", "B"))],
    "LS": [(FIRST_YEAR, LAST_YEAR, tuple(LEGAL_STATUS))],
    "CIN": [(FIRST_YEAR, LAST_YEAR, tuple(CATEGORY_OF_NEED))],
    "PLACE": [
        (FIRST_YEAR, 2024, (*PLACE_COMMON, "H5", "P2", "Z1")),
        (2025, 2025, (*PLACE_COMMON, "H5", "P2", "Z1", "K3")),
        (2026, LAST_YEAR, (*PLACE_COMMON, "K3", "Z11", "Z12", "Z13", "Z14")),
    ],
    "PLACE_PROVIDER": [(FIRST_YEAR, LAST_YEAR, ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5"))],
    "REC": [(FIRST_YEAR, LAST_YEAR, tuple(REASONS_CEASED))],
    "REASON_PLACE_CHANGE": [
        (FIRST_YEAR, LAST_YEAR,
         tuple("ALLEG APPRR CARPL CHILD CLOSE CREQB CREQO CUSTOD LAREQ OTHER PLACE STAND".split()))
    ],
    "REVIEW_CODE": [(FIRST_YEAR, LAST_YEAR, tuple(f"PN{i}" for i in range(8)))],
    "MISSING": [(FIRST_YEAR, LAST_YEAR, ("M", "A"))],
    "SDQ_REASON": [(FIRST_YEAR, LAST_YEAR, tuple(f"SDQ{i}" for i in range(1, 6)))],
    "IN_TOUCH": [(FIRST_YEAR, LAST_YEAR, ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM"))],
    "ACTIV": [(FIRST_YEAR, LAST_YEAR,
               tuple("F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 0".split()))],
    "ACCOM": [(FIRST_YEAR, LAST_YEAR,
               (*tuple(f"{c}{s}" for c in "BCDEGHKRSTUVWXYZ" for s in "12"), "0"))],
    "FOSTER_CARE": [(FIRST_YEAR, LAST_YEAR, ("0", "1"))],
    "NB_ADOPTR": [(FIRST_YEAR, LAST_YEAR, ("1", "2"))],
    "SEX_ADOPTR": [(FIRST_YEAR, LAST_YEAR, ("M1", "F1", "MM", "FF", "MF"))],
    "LS_ADOPTR": [(FIRST_YEAR, LAST_YEAR, ("L0", "L11", "L12", "L2", "L3", "L4"))],
    "REASON_PLACED_CEASED": [(FIRST_YEAR, LAST_YEAR, ("RD1", "RD2", "RD3", "RD4"))],
    "PREV_PERM": [(FIRST_YEAR, LAST_YEAR, ("P1", "P2", "P3", "P4", "Z1"))],
    "SW_REASON": [(FIRST_YEAR, LAST_YEAR,
                   tuple("MANAGE FCONTA LEFTRL ORGRST TSPROC ABSENC CHCHAN PCCHAN SWDIED "
                         "OTHERS".split()))],
    "TYPE": [(FIRST_YEAR, LAST_YEAR, ("IHA", "RHA"))],
    "PEP_TYPE": [(FIRST_YEAR, LAST_YEAR, ("initial", "review"))],
    "PA_ALLOCATED": [(FIRST_YEAR, LAST_YEAR, ("0", "1"))],
}
for _flag in ("CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK HEALTH_ASSESSMENT "
              "SUBSTANCE_MISUSE INTERVENTION_RECEIVED INTERVENTION_OFFERED").split():
    CODE_LISTS[_flag] = [(FIRST_YEAR, LAST_YEAR, ("0", "1"))]

# Fields that may be blank; every other field of a row must be filled in. Kept
# deliberately permissive: which fields are required depends on other fields (a DEC needs
# a REC), and those conditional checks are DfE validation rules, reported as findings.
REQUIRED = {
    "Header": ("CHILD", "SEX", "DOB"),
    "Episodes": ("CHILD", "DECOM", "RNE", "LS", "PLACE"),
    "UASC": ("CHILD",),
    "Reviews": ("CHILD", "REVIEW"),
    "OC2": ("CHILD",),
    "OC3": ("CHILD",),
    "AD1": ("CHILD",),
    "PlacedAdoption": ("CHILD", "DATE_PLACED"),
    "PrevPerm": ("CHILD",),
    "Missing": ("CHILD", "MISSING", "MIS_START"),
    "SWEpisodes": ("CHILD", "SW_DECOM"),
    "DoLo": ("CHILD", "DOLO_START"),
    "health_assessments": ("CHILD", "TYPE", "DUE"),
    "peps": ("CHILD", "PEP_DATE"),
    "return_interviews": ("CHILD", "MIS_START"),
    "attendance": ("CHILD", "ACADEMIC_YEAR", "TERM", "SESSIONS_POSSIBLE", "SESSIONS_ATTENDED"),
    "care_leavers": ("CHILD", "RECORDED"),
}

# DfE validation rule codes for "this field is not a valid code / date", so that a council
# sees the same rule number its case-management supplier and the DfE's COLLECT show.
FIELD_RULES = {
    ("Header", "SEX"): "101", ("Header", "DOB"): "102", ("Header", "ETHNIC"): "103",
    ("Header", "MC_DOB"): "171", ("UASC", "DUC"): "104",
    ("AD1", "DATE_INT"): "112", ("AD1", "DATE_MATCH"): "113",
    ("AD1", "NB_ADOPTR"): "175", ("AD1", "SEX_ADOPTR"): "176", ("AD1", "LS_ADOPTR"): "177",
    ("PlacedAdoption", "DATE_PLACED"): "115", ("PlacedAdoption", "DATE_PLACED_CEASED"): "116",
    ("PlacedAdoption", "REASON_PLACED_CEASED"): "120",
    ("Episodes", "DECOM"): "141", ("Episodes", "RNE"): "143", ("Episodes", "LS"): "144",
    ("Episodes", "CIN"): "145", ("Episodes", "PLACE"): "146", ("Episodes", "DEC"): "147",
    ("Episodes", "REC"): "149", ("Episodes", "PLACE_PROVIDER"): "178",
    ("Episodes", "REASON_PLACE_CHANGE"): "1009",
    ("OC2", "SDQ_REASON"): "196", ("PrevPerm", "PREV_PERM"): "631",
    ("Missing", "MIS_START"): "1004", ("Missing", "MIS_END"): "1005",
    ("SWEpisodes", "SW_DECOM"): "SW04STG1", ("SWEpisodes", "SW_DEC"): "SW05STG1",
    ("SWEpisodes", "SW_REASON"): "SW13STG1",
    ("Reviews", "REVIEW"): "166", ("Reviews", "REVIEW_CODE"): "167",
    ("OC3", "IN_TOUCH"): "131", ("OC3", "ACTIV"): "132", ("OC3", "ACCOM"): "133",
    ("Missing", "MISSING"): "1006", ("AD1", "FOSTER_CARE"): "114",
}


def codes(field_name: str, year: int) -> tuple[str, ...] | None:
    """The valid codes of ``field_name`` in collection ``year``, or None if it is free text."""
    for first, last, values in CODE_LISTS.get(field_name, ()):
        if first <= year <= last:
            return values
    return None


def collection_year_label(year: int) -> str:
    """``2025`` -> ``"2024/25"``, the way the DfE names a collection."""
    return f"{year - 1}/{str(year)[-2:]}"


def year_of(reference_date: dt.date) -> int:
    """The collection year a reference date falls in (1 April to 31 March)."""
    return reference_date.year + 1 if reference_date.month >= 4 else reference_date.year


def year_start(year: int) -> dt.date:
    return dt.date(year - 1, 4, 1)


def year_end(year: int) -> dt.date:
    return dt.date(year, 3, 31)


@lru_cache(maxsize=1 << 16)
def parse_date(text: str) -> dt.date:
    """Parse a ``dd/mm/YYYY`` date as the return writes it (ValueError if it is not one).

    Written out rather than with strptime, and cached: a national load parses millions of
    dates, most of them repeated, and strptime was two thirds of its time.
    """
    if (len(text) != 10 or text[2] != "/" or text[5] != "/" or not text.isascii()
            or not (text[:2] + text[3:5] + text[6:]).isdigit()):
        raise ValueError(f"{text!r} is not a date in the form dd/mm/YYYY")
    return dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))


def format_date(value: dt.date | None) -> str:
    return "" if value is None else value.strftime(DATE_FORMAT)


@dataclass(frozen=True)
class HeaderMatch:
    """How well a file's header row matches one table: what is missing and what is extra."""

    table: Table
    missing: tuple[str, ...] = field(default=())
    extra: tuple[str, ...] = field(default=())

    @property
    def exact(self) -> bool:
        return not self.missing and not self.extra

    @property
    def distance(self) -> int:
        return len(self.missing) + len(self.extra)


def normalise_header(name: str) -> str:
    """Headers are compared case-insensitively, without a BOM or surrounding spaces."""
    return name.replace("\ufeff", "").strip().upper()


def match_header(header: list[str]) -> HeaderMatch:
    """The table whose columns a header row names, or the nearest one if none matches.

    Matching is by the set of column names; order does not matter. Local file column names
    are compared in upper case as well.
    """
    names = [normalise_header(h) for h in header]
    given = set(names)
    best: HeaderMatch | None = None
    for table in TABLES.values():
        wanted = {c.upper() for c in table.columns}
        m = HeaderMatch(
            table,
            missing=tuple(c for c in table.columns if c.upper() not in given),
            extra=tuple(h for h in names if h not in wanted),
        )
        if m.exact:
            return m
        if best is None or m.distance < best.distance:
            best = m
    assert best is not None
    return best
