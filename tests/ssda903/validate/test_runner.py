"""The rule runner: every rule once over all the returns of a run, findings as before.

``synthetic_findings.csv`` is the golden set: every DfE rule finding on nine synthetic
returns, as the per-return runner found them BEFORE rules ran over a whole run (commit
ee0da3a, ``carepanel.ssda903.validate.validate`` on each return with its previous year,
through the old loader's ``read_returns``, both since removed). The returns are::

    carepanel synth OUT --councils 3 --years 3 --children 150 --errors 0.03 --seed 11 \\
        --la-code 901

(2022/23 to 2024/25 for councils 901, 201 and 202). Its columns: return (council/year),
rule, table, in_return, file (relative to OUT), row, column, child, message.

If the generator or a rule changes ON PURPOSE, check the new findings by hand and
regenerate the file with ``python tests/ssda903/validate/test_runner.py``, which writes
what the current runner finds on those returns (all nine staged in one run).
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest

from carepanel.ssda903 import schema, staging
from carepanel.ssda903.validate import implemented
from carepanel.ssda903.validate.runner import run_rules

GOLDEN = Path(__file__).with_name("synthetic_findings.csv")
COLUMNS = ["return", "rule", "table", "in_return", "file", "row", "column", "child", "message"]
SYNTH = {"children": 150, "years": 3, "seed": 11, "la_code": "901", "councils": 3,
         "errors": 0.03}

Row = tuple[str, ...]


def generate(out: Path) -> list[Path]:
    """The golden set's returns, written under ``out``: their folders."""
    from carepanel.ssda903 import synth

    synth.generate(out, **SYNTH)
    return sorted(out.glob("*/ssda903_*"))


def stage_folder(con: duckdb.DuckDBPyConnection, folder: Path, tmp: Path, *,
                 checked: bool = True) -> int:
    """One synthetic return (``<council>/ssda903_<year>/<table>.csv``) staged as the
    intake stages a return: every cell as text, with its spreadsheet row."""
    la_code, year = folder.parent.name, int(folder.name.split("_")[1])
    return_id = staging.add_return(con, str(folder), checked=checked)
    for path in sorted(folder.glob("*.csv")):
        table = next(t for t in schema.RETURN_TABLES if t.sql_name == path.stem)
        with open(path, newline="", encoding="utf-8") as fh:
            header, *rows = list(csv.reader(fh))
        at = [header.index(c) for c in table.columns]
        staging.stage_table(con, return_id, table, str(path), header,
                            ((n, [row[i] for i in at]) for n, row in enumerate(rows, start=2)),
                            tmp)
    staging.set_return(con, return_id, la_code=la_code, collection_year=year,
                       reference_date=dt.date(year, 3, 31))
    return return_id


def stage_run(con: duckdb.DuckDBPyConnection, folders: list[Path], tmp: Path,
              *, also_previous: bool = False) -> dict[int, str]:
    """``folders`` staged as one run, each with its council's return of the year before
    when that is among them (or, with ``also_previous``, staged unchecked beside it).
    The name (``council/year``) of every return checked, by return id."""
    staging.create(con)
    ids = {folder: stage_folder(con, folder, tmp) for folder in folders}
    for folder, return_id in ids.items():
        previous = folder.parent / f"ssda903_{int(folder.name.split('_')[1]) - 1}"
        if previous in ids:
            staging.set_return(con, return_id, previous_id=ids[previous])
        elif also_previous and previous.is_dir():
            last = stage_folder(con, previous, tmp, checked=False)
            staging.set_return(con, return_id, previous_id=last)
    return {i: f"{f.parent.name}/{f.name.split('_')[1]}" for f, i in ids.items()}


def findings(con: duckdb.DuckDBPyConnection, names: dict[int, str], root: Path) -> set[Row]:
    """run_findings as rows of the golden file."""
    rows = con.execute("SELECT return_id, rule, table_name, in_return, file, row_number, "
                       "column_name, child, message FROM run_findings").fetchall()
    return {(names[rid], rule, table, in_return, Path(file).relative_to(root).as_posix(),
             str(row), column or "", child or "", message)
            for rid, rule, table, in_return, file, row, column, child, message in rows}


def golden() -> set[Row]:
    with open(GOLDEN, newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    assert header == COLUMNS
    return {tuple(r) for r in rows}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    root = tmp_path_factory.mktemp("synthetic")
    return root, generate(root)


def test_one_run_of_nine_returns_finds_exactly_the_golden_set(
        synthetic: tuple[Path, list[Path]], tmp_path: Path) -> None:
    """Three councils' three years, all staged in one run (each year compared with the
    year before in the same run): the same findings, row for row, as each return found
    alone with the per-return runner."""
    root, folders = synthetic
    con = duckdb.connect()
    names = stage_run(con, folders, tmp_path)
    run_rules(con)
    expected = golden()
    assert {r[3] for r in expected} == {"current"}  # no finding on last year's rows here
    assert len({r[1] for r in expected}) > 50 and len(expected) > 400
    assert findings(con, names, root) == expected


def test_a_run_finds_exactly_what_each_return_finds_alone(
        synthetic: tuple[Path, list[Path]], tmp_path: Path) -> None:
    """Several years of one council share children: a rule that joined, windowed or
    grouped across returns would find something here that no return finds alone."""
    root, folders = synthetic
    together = duckdb.connect()
    names = stage_run(together, folders, tmp_path)
    run_rules(together)
    alone: set[Row] = set()
    for folder in folders:
        con = duckdb.connect()
        one = stage_run(con, [folder], tmp_path, also_previous=True)
        run_rules(con)
        alone |= findings(con, one, root)
    assert findings(together, names, root) == alone
    assert {r[0] for r in alone} == set(names.values())


def test_the_intake_finds_the_golden_set(synthetic: tuple[Path, list[Path]]) -> None:
    """``carepanel validate``'s intake (files read, council and year told, last year's
    return paired within the run) names every rule finding as before: the file, row,
    column, child, rule and the message of the return's year."""
    from carepanel.ssda903 import intake

    root, folders = synthetic
    with intake.open_run(intake.Request(folders)) as run:
        year_of = {r.return_id: f"{r.la_code}/{r.collection_year}" for r in run.returns}
        rows = run.con.execute(
            "SELECT return_id, rule, table_name, in_return, file, row_number, column_name, "
            "child, message FROM run_findings WHERE severity = 'warning' AND rule IS NOT NULL"
        ).fetchall()
    found = {(year_of[rid], rule, table, in_return, Path(file).relative_to(root).as_posix(),
              str(row), column or "", child or "", message)
             for rid, rule, table, in_return, file, row, column, child, message in rows}
    assert found == golden()


def test_threads_find_exactly_what_one_thread_finds(
        synthetic: tuple[Path, list[Path]], tmp_path: Path) -> None:
    """Rules shared out between threads (each on its own cursor) write the same findings,
    once each."""
    _, folders = synthetic
    con = duckdb.connect()
    stage_run(con, folders, tmp_path)
    runs = []
    for workers in (1, 3):
        run_rules(con, workers=workers)
        runs.append(con.execute("SELECT * FROM run_findings ORDER BY ALL").fetchall())
        con.execute("DELETE FROM run_findings")
    assert runs[0] == runs[1]
    assert len({row[1] for row in runs[0]}) > 50
    assert len(runs[0]) == len(set(runs[0]))


# --- Which rules run for which return, and how findings are named ----------------------

HEADER = {"CHILD": "A", "SEX": "M", "DOB": "01/06/2012", "ETHNIC": "WBRI",
          "UPN": "A123456789012"}
EPISODE = {"CHILD": "A", "DECOM": "01/05/2024", "RNE": "S", "LS": "C2", "CIN": "N1",
           "PLACE": "U4", "PLACE_PROVIDER": "PR1", "HOME_POST": "AB1 2CD",
           "PL_POST": "AB3 4EF", "URN": "SC123456"}


def stage(con: duckdb.DuckDBPyConnection, name: str, year: int,
          tables: dict[str, list[dict[str, str]]], *, checked: bool = True) -> int:
    return_id = staging.add_return(con, name, checked=checked)
    for table_name, rows in tables.items():
        table = schema.TABLES[table_name]
        staging.stage_table(con, return_id, table, f"{name}/{table.sql_name}.csv",
                            list(table.columns),
                            [(n, [r.get(c, "") for c in table.columns])
                             for n, r in enumerate(rows, start=2)], Path(tempfile.gettempdir()))
    staging.set_return(con, return_id, la_code="883", collection_year=year,
                       reference_date=dt.date(year, 3, 31))
    return return_id


def found(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT return_id, rule, table_name, in_return, file, row_number, "
                       "column_name, child, message FROM run_findings "
                       "ORDER BY ALL").fetchall()


def test_a_rule_runs_for_the_returns_of_the_years_the_dfe_lists_it_for() -> None:
    """Rule 702 (a DoLO ending before it starts) is listed from 2026/27 only: the same
    rows in a 2024/25 return are not reported."""
    dolo = {"DoLo": [{"CHILD": "A", "DOB": "01/06/2012", "DOLO_START": "01/06/2024",
                      "DOLO_END": "31/05/2024"}]}
    con = duckdb.connect()
    staging.create(con)
    old = stage(con, "883/2025", 2025, dolo)
    new = stage(con, "883/2027", 2027, {"DoLo": [{**dolo["DoLo"][0],
                                                  "DOLO_START": "01/06/2026",
                                                  "DOLO_END": "31/05/2026"}]})
    run_rules(con, codes=["702"])
    assert [(r[0], r[1], r[4], r[5]) for r in found(con)] == [
        (new, "702", "883/2027/dolo.csv", 2)]
    assert {r[0] for r in found(con)} == {new} != {old}


def test_each_return_gets_its_years_message() -> None:
    """Rule 174's message changed in 2024/25 ('gender' became 'sex'): two returns of one
    run, of 2023/24 and 2024/25, each get their own year's words."""
    con = duckdb.connect()
    staging.create(con)
    for year in (2024, 2025):
        stage(con, f"883/{year}", year, {"Header": [{**HEADER, "SEX": "1" if year == 2024
                                                     else "M", "MC_DOB": "01/01/2023"}]})
    run_rules(con, codes=["174"])
    messages = [r[8] for r in found(con)]
    rule = implemented()["174"]
    assert messages == [rule.message(2024), rule.message(2025)]
    assert messages[0] != messages[1]


def test_rules_comparing_with_last_year_run_only_for_returns_that_have_it() -> None:
    """Two returns with the same first episode starting before the year: rule 562 (the
    episode is not in last year's return) reports the one compared with last year's, and
    does not run for the one without."""
    episode = {"Episodes": [{**EPISODE, "DECOM": "01/03/2024"}]}
    con = duckdb.connect()
    staging.create(con)
    compared = stage(con, "883/2025", 2025, episode)
    last = stage(con, "883/2024", 2024, {"Episodes": [{**EPISODE, "DECOM": "02/03/2024"}]},
                 checked=False)
    staging.set_return(con, compared, previous_id=last)
    stage(con, "884/2025", 2025, episode)
    run_rules(con, codes=["562", "576"])
    assert [(r[0], r[1]) for r in found(con)] == [(compared, "562")]


def test_a_finding_on_last_years_rows_names_last_years_file() -> None:
    """Rule 576 reports a missing episode left open in last year's return: the finding is
    on the checked return, in_return 'previous', in last year's file; when last year's
    return came without that file (from the warehouse), the return and table are named."""
    open_last = {"Missing": [{"CHILD": "A", "DOB": "01/06/2012", "MISSING": "M",
                              "MIS_START": "30/03/2024"}]}
    con = duckdb.connect()
    staging.create(con)
    this = stage(con, "883/2025", 2025, {"Header": [HEADER]})
    last = stage(con, "883/2024", 2024, open_last, checked=False)
    staging.set_return(con, this, previous_id=last)
    run_rules(con, codes=["576"])
    assert [r[:8] for r in found(con)] == [
        (this, "576", "Missing", "previous", "883/2024/missing.csv", 2, "MIS_END", "A")]
    con.execute("DELETE FROM run_findings")
    con.execute("DELETE FROM run_files WHERE return_id = ?", [last])
    run_rules(con, codes=["576"])
    assert [r[4] for r in found(con)] == ["883/2024[Missing]"]


def test_returns_staged_only_as_last_years_are_not_checked() -> None:
    """An unchecked return (staged to be another's last year) gets no findings, and a
    run with nothing to check writes none."""
    con = duckdb.connect()
    staging.create(con)
    stage(con, "883/2024", 2024, {"Header": [{**HEADER, "ETHNIC": ""}]}, checked=False)
    run_rules(con)
    assert found(con) == []


def test_the_rules_leave_the_connection_as_they_found_it() -> None:
    """The typed tables live in the schema ``rules`` only while the rules run, so a
    warehouse attached to the same connection, with tables of the same names, is never
    read or touched; the connection's search path and current database are unchanged."""
    con = duckdb.connect()
    staging.create(con)
    stage(con, "883/2025", 2025, {"Header": [{**HEADER, "ETHNIC": ""}]})
    con.execute("ATTACH ':memory:' AS warehouse")
    con.execute("CREATE TABLE warehouse.main.header AS SELECT 'not a child' AS note")
    con.execute("CREATE TABLE main.episodes AS SELECT 1 AS staged_by_someone_else")
    path = con.execute("SELECT current_setting('search_path')").fetchone()
    run_rules(con, codes=["103"])
    assert [(r[1], r[5], r[6]) for r in found(con)] == [("103", 2, "ETHNIC")]
    assert con.execute("SELECT * FROM warehouse.main.header").fetchall() == [("not a child",)]
    assert con.execute("SELECT * FROM main.episodes").fetchall() == [(1,)]
    assert con.execute("SELECT count(*) FROM duckdb_schemas() "
                       "WHERE schema_name = 'rules'").fetchone() == (0,)
    assert con.execute("SELECT current_setting('search_path')").fetchone() == path
    assert con.execute("SELECT current_database()").fetchone() == ("memory",)


def test_the_staging_database_may_be_any_attached_database() -> None:
    """Staged in a database attached and made current (not the connection's first): the
    rules read and write that database."""
    con = duckdb.connect()
    con.execute("ATTACH ':memory:' AS run_staging")
    con.execute("USE run_staging")
    staging.create(con)
    stage(con, "883/2025", 2025, {"Header": [{**HEADER, "ETHNIC": ""}]})
    run_rules(con, codes=["103"])
    assert con.execute("SELECT rule, row_number FROM run_staging.main.run_findings"
                       ).fetchall() == [("103", 2)]


def main() -> None:
    """Regenerate ``synthetic_findings.csv`` with the current runner (see the docstring)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folders = generate(root / "returns")
        con = duckdb.connect()
        names = stage_run(con, folders, root)
        run_rules(con)
        rows = sorted(findings(con, names, root / "returns"),
                      key=lambda r: (*r[:5], r[5].zfill(8), *r[6:]))
    with open(GOLDEN, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    print(f"wrote {len(rows)} findings to {GOLDEN}", file=sys.stderr)


if __name__ == "__main__":
    main()
