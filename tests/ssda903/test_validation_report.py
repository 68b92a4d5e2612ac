"""The validator's outputs: text for a person, the JSON contract, and the workbook.

Each test stages a small return the way the intake does (``staging``) and records its
findings as the field checks and DfE rules would (rows of ``run_findings``), so what is
checked here is the report, on exactly the tables it reads in real use.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import duckdb
import openpyxl
import pytest

from carepanel.ssda903 import field_checks, schema, staging
from carepanel.ssda903 import validation_report as report
from carepanel.ssda903.findings import Finding
from carepanel.ssda903.returns import Comparison, Return
from carepanel.ssda903.validate.catalogue import all_rules, implemented, not_implemented
from carepanel.warehouse import Warehouse

ESC = "\x1b[31m"  # a terminal escape (red text) typed into a return

CURRENT = "883/ssda903_2025"
PREVIOUS = "883/ssda903_2024"
HEADER_CSV = f"{CURRENT}/header.csv"
EPISODES_CSV = f"{CURRENT}/episodes.csv"
LAST_EPISODES_CSV = f"{PREVIOUS}/episodes.csv"


def stage(con: duckdb.DuckDBPyConnection, rid: int, name: str, source: str,
          rows: list[dict[str, str]], folder: Path) -> None:
    """Stage a table's rows, the first on spreadsheet row 2 (the header is row 1)."""
    table = schema.TABLES[name]
    staging.stage_table(con, rid, table, source, list(table.columns),
                        ((n, [row.get(c, "") for c in table.columns])
                         for n, row in enumerate(rows, start=2)), folder)


def finding(con: duckdb.DuckDBPyConnection, rid: int, rule: str | None, severity: str,
            table: str | None, file: str, row: int | None, column: str | None,
            child: str | None, message: str, in_return: str = "current") -> None:
    con.execute("INSERT INTO run_findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [rid, rule, severity, table, in_return, file, row, column, child, message])


def dfe(code: str) -> str:
    return implemented()[code].message(2025)


def bad_ethnic(value: str) -> str:
    return f"{value} is not a valid ETHNIC code for 2024/25; expected one of WBRI WIRI ..."


def stage_council_883(con: duckdb.DuckDBPyConnection, folder: Path) -> tuple[int, int]:
    """883's 2024/25 return, and its 2023/24 return given with --previous.

    Header: C1 with sex X (rule 101), C2 (its id and ethnicity carry a terminal escape),
    C4 and C5 with bad ethnicity codes (rule 103, three times in all), C3 with a UPN
    written as a formula (rule 168). Episodes: C1 with a start date that is no date
    (rule 141), C1's ending with no reason (rule 148, two columns), two home postcodes the
    contract refuses for two different reasons (no rule code), and a file read as
    Windows-1252. Last year's episode of C1 flagged by rule 502.
    """
    rid = staging.add_return(con, CURRENT)
    prev = staging.add_return(con, PREVIOUS, checked=False)
    staging.set_return(con, rid, la_code="883", collection_year=2025,
                       reference_date=dt.date(2025, 3, 31), previous_id=prev,
                       year_from="from the folder name ssda903_2025")
    staging.set_return(con, prev, la_code="883", collection_year=2024,
                       reference_date=dt.date(2024, 3, 31))
    stage(con, rid, "Header", HEADER_CSV, [
        {"CHILD": "C1", "SEX": "X", "DOB": "01/01/2012", "ETHNIC": "WBRI"},
        {"CHILD": f"{ESC}C2", "SEX": "F", "DOB": "02/02/2013", "ETHNIC": f"{ESC}RED"},
        {"CHILD": "C3", "SEX": "M", "DOB": "03/03/2014", "ETHNIC": "WBRI",
         "UPN": '=HYPERLINK("http://evil")'},
        {"CHILD": "C4", "SEX": "M", "DOB": "04/04/2015", "ETHNIC": "ZZZZ"},
        {"CHILD": "C5", "SEX": "F", "DOB": "05/05/2016", "ETHNIC": "YYYY"},
    ], folder)
    stage(con, rid, "Episodes", EPISODES_CSV, [
        {"CHILD": "C1", "DECOM": "31/02/2025", "RNE": "S", "LS": "C2", "PLACE": "U1",
         "HOME_POST": "AB1"},
        {"CHILD": "C1", "DECOM": "01/04/2024", "DEC": "01/05/2024", "RNE": "S",
         "HOME_POST": "ÅB1"},
    ], folder)
    stage(con, prev, "Episodes", LAST_EPISODES_CSV, [
        {"CHILD": "C1", "DECOM": "01/01/2024", "RNE": "S", "LS": "C2", "PLACE": "U1"},
    ], folder)
    finding(con, rid, "101", "error", "Header", HEADER_CSV, 2, "SEX", "C1",
            "'X' is not a valid SEX code for 2024/25; expected one of M F")
    finding(con, rid, "103", "error", "Header", HEADER_CSV, 3, "ETHNIC", f"{ESC}C2",
            bad_ethnic("'\\x1b[31mRED'"))
    finding(con, rid, "168", "warning", "Header", HEADER_CSV, 4, "UPN", "C3", dfe("168"))
    finding(con, rid, "103", "error", "Header", HEADER_CSV, 5, "ETHNIC", "C4",
            bad_ethnic("'ZZZZ'"))
    finding(con, rid, "103", "error", "Header", HEADER_CSV, 6, "ETHNIC", "C5",
            bad_ethnic("'YYYY'"))
    finding(con, rid, "141", "error", "Episodes", EPISODES_CSV, 2, "DECOM", "C1",
            "'31/02/2025' is not a date in the form dd/mm/YYYY")
    finding(con, rid, "148", "warning", "Episodes", EPISODES_CSV, 3, "DEC, REC", "C1",
            dfe("148"))
    finding(con, rid, None, "error", "Episodes", EPISODES_CSV, 2, "HOME_POST", "C1",
            "'AB1' is not a postcode")
    finding(con, rid, None, "error", "Episodes", EPISODES_CSV, 3, "HOME_POST", "C1",
            "'\\xc5B1' holds a character the return does not allow")
    finding(con, rid, None, "warning", "Episodes", EPISODES_CSV, None, None, None,
            "read as Windows-1252: the file is not UTF-8")
    finding(con, rid, "502", "warning", "Episodes", LAST_EPISODES_CSV, 2, "DECOM", "C1",
            dfe("502"), in_return="previous")
    return rid, prev


def the_return(rid: int, *, compared: bool = True) -> Return:
    """What the intake says of 883's return (``returns.Return``)."""
    return Return(rid, CURRENT, "883", 2025, dt.date(2025, 3, 31),
                  "from the folder name ssda903_2025",
                  compared_with=Comparison(dt.date(2024, 3, 31), PREVIOUS, "files")
                  if compared else None)


@pytest.fixture
def run(tmp_path: Path):
    """A run's staging database holding 883's return and its findings."""
    con = duckdb.connect(":memory:")
    staging.create(con)
    rid, _ = stage_council_883(con, tmp_path)
    yield con, rid
    con.close()


def json_of(source: report.FindingSource) -> dict:
    out = io.StringIO()
    report.write_json(source, out)
    return json.loads(out.getvalue())


def text_of(source: report.FindingSource) -> str:
    out = io.StringIO()
    report.write_text(source, out)
    return out.getvalue()


# --- JSON ----------------------------------------------------------------------------------


def test_json_is_the_documented_contract_for_one_return(run) -> None:
    con, rid = run
    doc = json_of(report.from_run(con, [the_return(rid)]))
    assert list(doc) == ["year", "la_code", "reference_date", "year_from", "compared_with",
                         "rules_run", "rules_not_run", "findings"]
    assert doc["year"] == "2024/25"
    assert doc["la_code"] == "883"
    assert doc["reference_date"] == "2025-03-31"
    assert doc["year_from"] == "folder name"
    assert doc["compared_with"] == {"reference_date": "2024-03-31", "source": PREVIOUS}

    def f(rule, severity, table, ret, file, row, column, child, message):
        return {"rule": rule, "severity": severity, "table": table, "return": ret,
                "file": file, "row": row, "column": column, "child": child,
                "message": message}

    # In return, file and row order; last year's rows after the return's own.
    assert doc["findings"] == [
        f(None, "warning", "Episodes", "current", EPISODES_CSV, None, None, None,
          "read as Windows-1252: the file is not UTF-8"),
        f("141", "error", "Episodes", "current", EPISODES_CSV, 2, "DECOM", "C1",
          "'31/02/2025' is not a date in the form dd/mm/YYYY"),
        f(None, "error", "Episodes", "current", EPISODES_CSV, 2, "HOME_POST", "C1",
          "'AB1' is not a postcode"),
        f("148", "warning", "Episodes", "current", EPISODES_CSV, 3, "DEC, REC", "C1",
          dfe("148")),
        f(None, "error", "Episodes", "current", EPISODES_CSV, 3, "HOME_POST", "C1",
          "'\\xc5B1' holds a character the return does not allow"),
        f("101", "error", "Header", "current", HEADER_CSV, 2, "SEX", "C1",
          "'X' is not a valid SEX code for 2024/25; expected one of M F"),
        f("103", "error", "Header", "current", HEADER_CSV, 3, "ETHNIC", f"{ESC}C2",
          bad_ethnic("'\\x1b[31mRED'")),
        f("168", "warning", "Header", "current", HEADER_CSV, 4, "UPN", "C3", dfe("168")),
        f("103", "error", "Header", "current", HEADER_CSV, 5, "ETHNIC", "C4",
          bad_ethnic("'ZZZZ'")),
        f("103", "error", "Header", "current", HEADER_CSV, 6, "ETHNIC", "C5",
          bad_ethnic("'YYYY'")),
        f("502", "warning", "Episodes", "previous", LAST_EPISODES_CSV, 2, "DECOM", "C1",
          dfe("502")),
    ]


def test_json_escapes_a_terminal_escape_so_the_raw_byte_never_reaches_the_terminal(run):
    con, rid = run
    out = io.StringIO()
    report.write_json(report.from_run(con, [the_return(rid)]), out)
    assert "\x1b" not in out.getvalue()
    assert "\\u001b[31mC2" in out.getvalue()


def test_rules_run_are_the_year_s_rules_and_the_field_checks_and_every_other_rule_says_why(
        run) -> None:
    con, rid = run
    doc = json_of(report.from_run(con, [the_return(rid)]))
    ran = doc["rules_run"]
    not_run = {n["rule"]: n["why"] for n in doc["rules_not_run"]}
    year_rules = {r.code for r in all_rules() if r.applies_to(2025)}
    assert set(ran) | set(not_run) == year_rules
    assert not set(ran) & set(not_run)
    # The loader's value checks count as rules run, under their DfE codes.
    assert set(field_checks.rules_of_the_contract(2025)) <= set(ran)
    assert {"101", "102", "141"} <= set(ran)
    # Compared with last year: the rules comparing the years ran.
    assert {"202", "502"} <= set(ran)
    assert not_run["164"] == not_implemented()["164"].reason
    # In the DfE's order, as its lists and the documentation give them.
    order = [r.code for r in all_rules()]
    assert ran == sorted(ran, key=order.index)


def test_without_last_year_s_return_the_rules_comparing_years_are_not_run_and_say_so(
        run) -> None:
    con, rid = run
    doc = json_of(report.from_run(con, [the_return(rid, compared=False)]))
    assert doc["compared_with"] is None
    not_run = {n["rule"]: n["why"] for n in doc["rules_not_run"]}
    for code in ("202", "502", "1010"):
        assert code not in doc["rules_run"]
        assert not_run[code] == "no return for 31 March 2024 to compare with"
    assert "101" in doc["rules_run"]


def test_year_from_is_the_short_source_of_the_year() -> None:
    assert report.short_year_from("from the folder name ssda903_2025") == "folder name"
    assert report.short_year_from("from the file names 2024-25_header") == "file names"
    assert report.short_year_from("from the workbook name 903_2025") == "workbook name"
    assert report.short_year_from("from --year") == "--year"
    assert report.short_year_from("from --reference-date") == "--reference-date"
    assert report.short_year_from("from the return's dates") == "the return's dates"
    assert report.short_year_from("from the warehouse") == "warehouse"


def test_an_unusable_input_keeps_the_same_keys_with_the_refusals_as_findings(run) -> None:
    con, _ = run
    refusal = Finding(f"{CURRENT}/episodes.csv", 7, None,
                      "the row has 3 values but the header names 13 columns")
    source = report.from_run(con, [], [refusal])
    doc = json_of(source)
    assert doc == {
        "year": None, "la_code": None, "reference_date": None, "year_from": None,
        "compared_with": None, "rules_run": [], "rules_not_run": [],
        "findings": [{"rule": None, "severity": "error", "table": None, "return": "current",
                      "file": f"{CURRENT}/episodes.csv", "row": 7, "column": None,
                      "child": None,
                      "message": "the row has 3 values but the header names 13 columns"}],
    }
    assert report.exit_status(source) == 2


def test_exit_status_is_1_with_errors_and_0_with_warnings_only(run, tmp_path) -> None:
    con, rid = run
    assert report.exit_status(report.from_run(con, [the_return(rid)])) == 1
    con.execute("DELETE FROM run_findings WHERE severity = 'error'")
    assert report.exit_status(report.from_run(con, [the_return(rid)])) == 0


def test_several_returns_keep_the_one_return_keys_and_list_each_return(run, tmp_path):
    """883's 2023/24 return checked in the same run as its 2024/25 one: every finding is in
    the top-level list; each return says where its own findings are in it."""
    con, rid = run
    prev = con.execute("SELECT previous_id FROM run_returns WHERE return_id = ?",
                       [rid]).fetchone()[0]
    staging.set_return(con, prev, checked=True, year_from="from the folder name ssda903_2024")
    finding(con, prev, "141", "error", "Episodes", LAST_EPISODES_CSV, 2, "DECOM", "C1",
            "'x' is not a date in the form dd/mm/YYYY")
    older = Return(prev, PREVIOUS, "883", 2024, dt.date(2024, 3, 31),
                   "from the folder name ssda903_2024")
    newer = the_return(rid)
    newer.compared_with = Comparison(dt.date(2024, 3, 31), "run", "run")
    doc = json_of(report.from_run(con, [older, newer]))
    assert list(doc) == ["year", "la_code", "reference_date", "year_from", "compared_with",
                         "rules_run", "rules_not_run", "returns", "findings"]
    # Shared values stay; values that differ between the returns are null.
    assert doc["la_code"] == "883"
    assert doc["year_from"] == "folder name"
    assert doc["year"] is None and doc["reference_date"] is None
    assert doc["compared_with"] is None
    older_doc, newer_doc = doc["returns"]
    assert (older_doc["source"], older_doc["year"]) == (PREVIOUS, "2023/24")
    # A return of the same run compared with names that return.
    assert newer_doc["compared_with"] == {"reference_date": "2024-03-31", "source": PREVIOUS}
    assert older_doc["compared_with"] is None
    older_findings = doc["findings"][older_doc["findings_start"]:older_doc["findings_end"]]
    newer_findings = doc["findings"][newer_doc["findings_start"]:newer_doc["findings_end"]]
    assert [f["message"] for f in older_findings] == ["'x' is not a date in the form dd/mm/YYYY"]
    assert len(newer_findings) == 11
    assert len(doc["findings"]) == 12
    # Rules run on every return; a rule comparing years ran on one of them only.
    assert "101" in doc["rules_run"] and "502" not in doc["rules_run"]
    why = {n["rule"]: n["why"] for n in doc["rules_not_run"]}
    assert why["502"] == "883 2023/24: no return for 31 March 2023 to compare with"
    assert why["164"] == not_implemented()["164"].reason


# --- text ----------------------------------------------------------------------------------


def test_text_summarises_by_rule_most_frequent_first_with_the_dfe_message(run) -> None:
    con, rid = run
    text = text_of(report.from_run(con, [the_return(rid)]))
    lines = text.splitlines()
    start = lines.index("  Findings by rule, most frequent first")
    summary = lines[start + 1:lines.index("  Findings by child")]
    assert summary == [
        f"    3  103   error    {dfe('103')}",
        "    2  -     error    values in Episodes HOME_POST that the data contract does not "
        "allow",
        f"    1  101   error    {not_implemented()['101'].message(2025)}",
        f"    1  141   error    {not_implemented()['141'].message(2025)}",
        f"    1  148   warning  {dfe('148')}",
        f"    1  168   warning  {dfe('168')}",
        f"    1  502   warning  {dfe('502')}",
        "    1  -     warning  read as Windows-1252: the file is not UTF-8",
        "",
    ]
    assert lines[0] == f"{CURRENT}: 883 2024/25, from the folder name ssda903_2025"
    assert lines[1] == (f"Compared with last year's return for 883 (31 March 2024) from "
                        f"{PREVIOUS}")
    assert "7 error(s) in 6 row(s), 4 warning(s)" in lines


def test_text_lists_findings_by_child_with_the_file_first_and_every_value_escaped(run):
    con, rid = run
    text = text_of(report.from_run(con, [the_return(rid)]))
    assert "\x1b" not in text
    by_child = text.split("  Findings by child\n")[1].splitlines()
    assert by_child == [
        "  No child (the file as a whole)",
        f"    warning  {EPISODES_CSV}: read as Windows-1252: the file is not UTF-8",
        "  Child \\x1b[31mC2",
        f"    error    {HEADER_CSV}, row 3, column ETHNIC: '\\x1b[31mRED' is not a valid "
        "ETHNIC code for 2024/25; expected one of WBRI WIRI ... [rule 103]",
        "  Child C1",
        f"    error    {EPISODES_CSV}, row 2, column DECOM: '31/02/2025' is not a date in "
        "the form dd/mm/YYYY [rule 141]",
        f"    error    {EPISODES_CSV}, row 2, column HOME_POST: 'AB1' is not a postcode",
        f"    warning  {EPISODES_CSV}, row 3, column DEC, REC: {dfe('148')} [rule 148]",
        f"    error    {EPISODES_CSV}, row 3, column HOME_POST: '\\xc5B1' holds a character "
        "the return does not allow",
        f"    error    {HEADER_CSV}, row 2, column SEX: 'X' is not a valid SEX code for "
        "2024/25; expected one of M F [rule 101]",
        f"    warning  {LAST_EPISODES_CSV} (last year's return), row 2, column DECOM: "
        f"{dfe('502')} [rule 502]",
        "  Child C3",
        f"    warning  {HEADER_CSV}, row 4, column UPN: {dfe('168')} [rule 168]",
        "  Child C4",
        f"    error    {HEADER_CSV}, row 5, column ETHNIC: 'ZZZZ' is not a valid ETHNIC code "
        "for 2024/25; expected one of WBRI WIRI ... [rule 103]",
        "  Child C5",
        f"    error    {HEADER_CSV}, row 6, column ETHNIC: 'YYYY' is not a valid ETHNIC code "
        "for 2024/25; expected one of WBRI WIRI ... [rule 103]",
    ]


def test_text_escapes_a_file_name_and_a_message_that_hold_control_characters(run):
    con, rid = run
    con.execute("UPDATE run_findings SET file = ?, message = ? WHERE rule = '101'",
                [f"{CURRENT}/head\x1b]0;pwned\x07er.csv", "bad\nline"])
    text = text_of(report.from_run(con, [the_return(rid)]))
    assert "\x1b" not in text and "\x07" not in text
    assert f"{CURRENT}/head\\x1b]0;pwned\\x07er.csv, row 2, column SEX: bad\\nline" in text


def test_text_of_an_unusable_input_names_each_refusal(run) -> None:
    con, _ = run
    refusal = Finding(f"{CURRENT}/episodes.csv", None, None,
                      f"the header matches no table; extra columns: '{ESC}X'")
    text = text_of(report.from_run(con, [], [refusal]))
    assert text.splitlines() == [
        "The input could not be used:",
        f"    error    {CURRENT}/episodes.csv: the header matches no table; extra columns: "
        "'\\x1b[31mX'",
    ]


def test_a_clean_return_says_so(tmp_path) -> None:
    con = duckdb.connect(":memory:")
    staging.create(con)
    rid = staging.add_return(con, CURRENT)
    text = text_of(report.from_run(con, [the_return(rid, compared=False)]))
    assert "Rules comparing with last year were not run: no return for 31 March 2024 to " \
           "compare with" in text
    assert text.splitlines()[-1] == "No findings."
    assert report.exit_status(report.from_run(con, [the_return(rid)])) == 0


# --- XLSX ----------------------------------------------------------------------------------


def workbook_of(source: report.FindingSource, tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "findings.xlsx"
    report.write_xlsx(source, path)
    return openpyxl.load_workbook(path)


def as_excel_reads(value: object) -> object:
    """A cell's text as Excel shows it: the file writes a control character such as ESC as
    ``_x001B_`` (the OOXML escape), which Excel reads back as the character itself."""
    if isinstance(value, str):
        return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), value)
    return value


def values(ws) -> list[list]:
    return [[as_excel_reads(v) for v in r] for r in ws.iter_rows(values_only=True)]


def test_workbook_sheets_summarise_by_rule_and_by_child(run, tmp_path) -> None:
    con, rid = run
    book = workbook_of(report.from_run(con, [the_return(rid)]), tmp_path)
    assert book.sheetnames == ["Findings by rule", "Findings by child", "Header", "Episodes",
                               "Other findings", "Returns"]
    by_rule = values(book["Findings by rule"])
    assert by_rule[0] == ["Rule", "Severity", "Message", "Count"]
    assert by_rule[1] == ["103", "error", dfe("103"), 3]
    assert by_rule[2] == [None, "error",
                          "values in Episodes HOME_POST that the data contract does not allow",
                          2]
    assert [r[0] for r in by_rule[3:]] == ["101", "141", "148", "168", "502", None]
    assert values(book["Findings by child"]) == [
        ["Child", "Errors", "Warnings", "Rules"],
        [f"{ESC}C2", 1, 0, "103"],
        ["C1", 4, 2, "101, 141, 148, 502, no rule code"],
        ["C3", 0, 1, "168"],
        ["C4", 1, 0, "103"],
        ["C5", 1, 0, "103"],
    ]
    assert values(book["Returns"])[1] == [CURRENT, "883", "2024/25", "2025-03-31",
                                          "folder name", f"2024-03-31 ({PREVIOUS})", 7, 4,
                                          len(report.rules_run(the_return(rid))),
                                          len(report.rules_not_run(the_return(rid)))]


def test_workbook_shows_every_flagged_row_with_its_cells_and_marks_the_bad_ones(run,
                                                                                 tmp_path):
    con, rid = run
    book = workbook_of(report.from_run(con, [the_return(rid)]), tmp_path)
    ws = book["Header"]
    rows = values(ws)
    fixed = ["In return", "File", "Row", "Child", "Rules", "Problems"]
    assert rows[0] == [*fixed, *schema.TABLES["Header"].columns]
    assert [r[2] for r in rows[1:]] == [2, 3, 4, 5, 6]
    assert rows[1][:6] == ["current", HEADER_CSV, 2, "C1", "101",
                           "SEX: 'X' is not a valid SEX code for 2024/25; expected one of M F "
                           "[rule 101]"]
    assert rows[1][6:] == ["C1", "X", "01/01/2012", "WBRI", None, None, None]
    sex = 6 + schema.TABLES["Header"].columns.index("SEX")
    ethnic = 6 + schema.TABLES["Header"].columns.index("ETHNIC")
    # The bad cell is marked; its neighbours are not.
    assert ws.cell(row=2, column=sex + 1).fill.fgColor.rgb.endswith("FFC7CE")
    assert ws.cell(row=2, column=ethnic + 1).fill.fill_type is None
    assert ws.cell(row=3, column=ethnic + 1).fill.fgColor.rgb.endswith("FFC7CE")
    # A value written as a formula is text, made inert.
    upn = 6 + schema.TABLES["Header"].columns.index("UPN")
    assert rows[3][upn] == '\'=HYPERLINK("http://evil")'
    assert ws.cell(row=4, column=upn + 1).data_type == "s"


def test_workbook_marks_every_column_a_rule_names_and_shows_last_year_s_rows(run, tmp_path):
    con, rid = run
    book = workbook_of(report.from_run(con, [the_return(rid)]), tmp_path)
    ws = book["Episodes"]
    rows = values(ws)
    columns = schema.TABLES["Episodes"].columns
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("current", EPISODES_CSV, 2), ("current", EPISODES_CSV, 3),
        ("previous", LAST_EPISODES_CSV, 2)]
    third = 3  # spreadsheet row of EPISODES_CSV row 3 in this sheet
    marked = [c for j, c in enumerate(columns)
              if ws.cell(row=third, column=7 + j).fill.fill_type is not None]
    assert marked == ["DEC", "REC", "HOME_POST"]
    assert rows[3][4:6] == ["502", f"DECOM: {dfe('502')} [rule 502]"]
    assert rows[3][6:8] == ["C1", "01/01/2024"]  # last year's row as it was received


def test_workbook_lists_findings_about_no_row_and_refusals(run, tmp_path) -> None:
    con, rid = run
    book = workbook_of(report.from_run(con, [the_return(rid)]), tmp_path)
    assert values(book["Other findings"])[1:] == [
        ["warning", None, EPISODES_CSV, None, None, None,
         "read as Windows-1252: the file is not UTF-8"]]
    refusal = Finding(f"{CURRENT}/episodes.csv", 4, "DECOM", "=cmd|' /C calc'!A0")
    book = workbook_of(report.from_run(con, [], [refusal]), tmp_path)
    assert values(book["Other findings"])[1:] == [
        ["error", None, f"{CURRENT}/episodes.csv", 4, "DECOM", None, "'=cmd|' /C calc'!A0"]]
    assert values(book["Returns"]) == [["Return", "Council", "Year", "Reference date",
                                        "Year from", "Compared with", "Errors", "Warnings",
                                        "Rules run", "Rules not run"]]


def test_workbook_sheet_names_are_valid_even_for_long_or_odd_names() -> None:
    taken: set[str] = set()
    assert report._sheet_name("return_interviews", taken) == "return_interviews"
    long = report._sheet_name("a name far longer than thirty-one characters", taken)
    assert len(long) <= 31
    again = report._sheet_name("a name far longer than thirty-one characters", taken)
    assert len(again) <= 31 and again != long
    assert report._sheet_name("odd/name[1]:*?", taken) == "odd_name_1____"


def test_workbook_leaves_no_temporary_file_behind(run, tmp_path) -> None:
    con, rid = run
    spare = tmp_path / "run-folder"
    spare.mkdir()
    report.write_xlsx(report.from_run(con, [the_return(rid)]), tmp_path / "out.xlsx",
                      tmpdir=spare)
    assert list(spare.iterdir()) == []


# --- the warehouse -------------------------------------------------------------------------


@pytest.fixture
def warehouse(tmp_path: Path):
    """A warehouse holding 883's 2024/25 return and its findings, stored by a real run."""
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(":memory:")
    staging.create(con)
    rid, _ = stage_council_883(con, tmp_path)
    # Last year's return is not stored here (given with --previous): only this year's.
    wh = Warehouse.attach(con, path)
    ret = the_return(rid)
    ret.sha256 = staging.fingerprints(con)[rid]
    wh.store_run([ret], allow_shrink=True)
    con.close()
    return path


def test_the_warehouse_s_findings_are_reported_as_the_run_s(warehouse, run) -> None:
    with Warehouse.open(warehouse, read_only=True) as wh:
        source = report.from_warehouse(wh.con, "883", 2025)
        doc = json_of(source)
        status = report.exit_status(source)
    run_con, rid = run
    from_run = json_of(report.from_run(run_con, [the_return(rid, compared=False)]))
    assert doc["year_from"] == "warehouse"
    assert (doc["year"], doc["la_code"], doc["reference_date"]) == ("2024/25", "883",
                                                                     "2025-03-31")
    assert doc["findings"] == from_run["findings"]
    # Findings on last year's rows show the return was compared when it was loaded.
    assert doc["compared_with"] == {"reference_date": "2024-03-31", "source": "warehouse"}
    assert status == 1


def test_the_warehouse_report_keeps_to_its_council_and_year(warehouse) -> None:
    with Warehouse.open(warehouse, read_only=True) as wh:
        assert json_of(report.from_warehouse(wh.con, "884", 2025))["findings"] == []
        assert json_of(report.from_warehouse(wh.con, "883", 2024))["year"] is None
        assert len(json_of(report.from_warehouse(wh.con))["findings"]) == 11


def test_the_warehouse_workbook_shows_the_rows_as_received(warehouse, tmp_path) -> None:
    with Warehouse.open(warehouse, read_only=True) as wh:
        book = workbook_of(report.from_warehouse(wh.con, "883", 2025), tmp_path)
    rows = values(book["Header"])
    assert rows[1][6:9] == ["C1", "X", "01/01/2012"]
    # Last year's return is not in the warehouse: its row is listed, its cells blank.
    episodes = values(book["Episodes"])
    assert episodes[3][:3] == ["previous", LAST_EPISODES_CSV, 2]
    assert episodes[3][6:] == [None] * len(schema.TABLES["Episodes"].columns)


def test_a_corrected_return_replaces_the_findings_of_the_tables_it_replaced(warehouse,
                                                                           tmp_path):
    """883 re-sends its Header for 31 March 2025: the old Header's findings go, the old
    Episodes' stay (that table is still the one in the history)."""
    con = duckdb.connect(":memory:")
    staging.create(con)
    rid = staging.add_return(con, "883/ssda903_2025_fixed")
    staging.set_return(con, rid, la_code="883", collection_year=2025,
                       reference_date=dt.date(2025, 3, 31),
                       year_from="from the folder name ssda903_2025_fixed")
    fixed = f"{CURRENT}_fixed/header.csv"
    stage(con, rid, "Header", fixed, [{"CHILD": "C1", "SEX": "M", "DOB": "01/01/2012",
                                       "ETHNIC": "WBRI"}], tmp_path)
    finding(con, rid, "103", "error", "Header", fixed, 2, "ETHNIC", "C1", "still wrong")
    wh = Warehouse.attach(con, warehouse)
    ret = Return(rid, "883/ssda903_2025_fixed", "883", 2025, dt.date(2025, 3, 31),
                 "from the folder name ssda903_2025_fixed",
                 sha256=staging.fingerprints(con)[rid])
    wh.store_run([ret], allow_shrink=True)
    con.close()
    with Warehouse.open(warehouse, read_only=True) as wh:
        doc = json_of(report.from_warehouse(wh.con, "883", 2025))
    files = [r["source"] for r in doc["returns"]]
    assert files == ["883/ssda903_2025_fixed", CURRENT]  # latest first
    tables = {(f["table"], f["file"]) for f in doc["findings"]}
    assert ("Header", fixed) in tables
    assert ("Header", HEADER_CSV) not in tables
    assert ("Episodes", EPISODES_CSV) in tables


def test_the_warehouse_report_of_a_council_with_no_returns_says_so(warehouse) -> None:
    with Warehouse.open(warehouse, read_only=True) as wh:
        source = report.from_warehouse(wh.con, "884")
        assert text_of(source) == "No returns to report.\n"
        assert json_of(source)["rules_run"] == []
        assert report.exit_status(source) == 0


# --- several returns in one workbook -------------------------------------------------------


def test_a_workbook_of_several_returns_names_the_return_on_every_line(run, tmp_path) -> None:
    con, rid = run
    other = staging.add_return(con, "884/ssda903_2025")
    staging.set_return(con, other, la_code="884", collection_year=2025,
                       reference_date=dt.date(2025, 3, 31), year_from="from --year")
    stage(con, other, "Header", "884/ssda903_2025/header.csv",
          [{"CHILD": "D1", "SEX": "Q", "DOB": "01/01/2012", "ETHNIC": "WBRI"}], tmp_path)
    finding(con, other, "101", "error", "Header", "884/ssda903_2025/header.csv", 2, "SEX",
            "D1", "'Q' is not a valid SEX code for 2024/25; expected one of M F")
    returns = [the_return(rid), Return(other, "884/ssda903_2025", "884", 2025,
                                       dt.date(2025, 3, 31), "from --year")]
    book = workbook_of(report.from_run(con, returns), tmp_path)
    by_rule = values(book["Findings by rule"])
    assert by_rule[0] == ["Return", "Rule", "Severity", "Message", "Count"]
    assert by_rule[-1] == ["884 2024/25", "101", "error",
                           not_implemented()["101"].message(2025), 1]
    header = values(book["Header"])
    assert header[0][:3] == ["Return", "In return", "File"]
    assert header[-1][:4] == ["884 2024/25", "current", "884/ssda903_2025/header.csv", 2]
    assert header[-1][7:9] == ["D1", "Q"]
    assert [r[0] for r in values(book["Returns"])[1:]] == [CURRENT, "884/ssda903_2025"]


# --- the contract document -----------------------------------------------------------------


def documented_keys(section: str) -> set[str]:
    """The keys a table of docs/validation_json.md documents under ``section``."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "validation_json.md").read_text(
        encoding="utf-8")
    part = doc.split(f"### {section}\n", 1)[1].split("\n#", 1)[0]
    return {m.group(1) for m in re.finditer(r"^\| `([a-z_]+)` \|", part, re.MULTILINE)}


def test_the_contract_document_names_every_key_the_json_has(run) -> None:
    con, rid = run
    doc = json_of(report.from_run(con, [the_return(rid)]))
    assert documented_keys("Keys") == set(doc)
    assert documented_keys("A finding") == set(doc["findings"][0])
