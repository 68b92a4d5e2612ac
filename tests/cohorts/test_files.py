"""The cohort files' headers: what each needs decides the order they are made in, and each
view has one row per its declared grain."""

from __future__ import annotations

import datetime as dt
import functools
import re
import tempfile
from pathlib import Path

import pytest

from carepanel import cohorts
from carepanel.cohorts import CohortError, in_order, read_file
from carepanel.warehouse import Warehouse

_READS = re.compile(r"\b(?:FROM|JOIN)\s+([A-Za-z_]\w*)", re.IGNORECASE)


def reads(f: cohorts.CohortFile, known: set[str]) -> set[str]:
    """What a file's SQL reads of ``known``: names after FROM or JOIN, and macros called."""
    code = "\n".join(line.split("--", 1)[0] for line in f.text.splitlines())
    read = {w.lower() for w in _READS.findall(code)}
    called = {m for m in known if re.search(rf"\b{m}\s*\(", code, re.IGNORECASE)}
    return ((read | called) & known) - f.defines


def test_each_file_needs_exactly_what_its_sql_reads() -> None:
    """Every view or macro of another file, and every run-time table, that a file reads is
    in its needs, and nothing else is: a view left out could be made after the file that
    reads it, or not at all."""
    files = cohorts.cohort_files()
    known = {v for f in files for v in f.defines} | cohorts.RUN_TIME
    for f in files:
        assert f.needs == reads(f, known), f.name


def test_the_shipped_files_are_made_after_everything_they_need() -> None:
    """Reading the files checks their needs: none missing, no cycle (else an error)."""
    files = cohorts.cohort_files()
    made: set[str] = set(cohorts.RUN_TIME)
    for f in files:
        assert f.needs <= made, f.name
        made |= f.defines
    assert len(files) == len(cohorts.sql_files())


def cohort_file(name: str, needs: str, makes: str) -> cohorts.CohortFile:
    return read_file(name, f"-- needs: [{needs}]\n-- grain:\n--   {makes}: [la_code, child]\n"
                           f"CREATE OR REPLACE TEMP VIEW {makes} AS SELECT 1;")


def test_files_are_made_in_the_order_their_needs_give_not_by_name() -> None:
    files = [cohort_file("01_late.sql", "middle, period", "late"),
             cohort_file("02_middle.sql", "early", "middle"),
             cohort_file("03_early.sql", "", "early")]
    assert [f.name for f in in_order(files)] == ["03_early.sql", "02_middle.sql",
                                                  "01_late.sql"]


def test_a_missing_need_or_a_cycle_is_refused_naming_the_files() -> None:
    with pytest.raises(CohortError) as missing:
        in_order([cohort_file("01_a.sql", "nowhere", "a")])
    assert str(missing.value) == "01_a.sql: needs 'nowhere', which no cohort file makes"
    with pytest.raises(CohortError) as cycle:
        in_order([cohort_file("01_a.sql", "b", "a"), cohort_file("02_b.sql", "a", "b")])
    assert str(cycle.value) in (
        "cohort files need each other in a cycle: 01_a.sql -> 02_b.sql -> 01_a.sql",
        "cohort files need each other in a cycle: 02_b.sql -> 01_a.sql -> 02_b.sql")


@pytest.mark.parametrize(("header", "said"), [
    ("-- grain:\n--   a: [la_code]\n", "x.sql: the header has no 'needs'"),
    ("-- needs: []\n", "x.sql: the header has no 'grain'"),
    ("-- needs: {a: 1}\n-- grain:\n--   a: [la_code]\n", "x.sql: needs must be a list of names"),
    ("-- needs: []\n-- grain:\n--   b: [la_code]\n",
     "x.sql: the grain names 'b', which the file does not make"),
    ("-- needs: []\n-- grain: [la_code]\n", "x.sql: grain must map each view to its columns"),
])
def test_a_bad_header_is_refused_naming_the_file(header: str, said: str) -> None:
    with pytest.raises(CohortError) as e:
        read_file("x.sql", header + "CREATE OR REPLACE TEMP VIEW a AS SELECT 1;")
    assert str(e.value).startswith(said)


def test_every_view_declares_its_grain() -> None:
    with pytest.raises(CohortError, match="view 'b' has no grain"):
        read_file("x.sql", "-- needs: []\n-- grain:\n--   a: [la_code]\n"
                           "CREATE OR REPLACE TEMP VIEW a AS SELECT 1;\n"
                           "CREATE OR REPLACE TEMP VIEW b AS SELECT 1;")
    for f in cohorts.cohort_files():
        assert set(f.grain) == f.views, f.name


@functools.cache
def synthetic_warehouse() -> Path:
    """A synthetic council of about 150 children over 2 years, with its local files, about
    3% of rows in error."""
    from carepanel.ssda903 import intake
    from carepanel.ssda903.synth import generate

    root = Path(tempfile.mkdtemp(prefix="carepanel-grain-synth-"))
    generate(root / "returns", children=150, years=2, seed=5, la_code="883", errors=0.03)
    path = root / "warehouse.duckdb"
    intake.load(intake.Request([root / "returns"]), path)
    return path


@pytest.mark.parametrize("end", [dt.date(2025, 3, 31), dt.date(2024, 12, 31)])
def test_each_view_has_one_row_per_its_grain(end: dt.date) -> None:
    """On a synthetic council, for the year to 31 March and an in-year period: no two rows
    of a view share the columns of its grain ("one row per child"). At 31 March every view
    has rows, so that none passes by being empty (in-year, the OC3 views are: OC3 is a
    snapshot at the return's 31 March)."""
    with Warehouse.open(synthetic_warehouse(), read_only=True) as wh:
        cohorts.register(wh.con, end, ["883"])
        for f in cohorts.cohort_files():
            for view, columns in f.grain.items():
                cols = ", ".join(columns)
                rows, repeated = wh.con.execute(
                    f"SELECT (SELECT count(*) FROM {view}), count(*) FROM ("
                    f"SELECT {cols} FROM {view} GROUP BY {cols} HAVING count(*) > 1)"
                ).fetchone()
                assert repeated == 0, f"{f.name}: {view} repeats its grain ({cols})"
                if end.month == 3:
                    assert rows > 0, f"{view} is empty: the test would show nothing"
