"""Ofsted's provider lists read as councils download them, into the run's database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from carepanel.reference import providers

from bench_harness import load


@pytest.fixture
def lists() -> object:
    return load("provider_lists")


def _rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(f"SELECT urn, place_codes, provider_codes, closed, postcode, la_name "
                       f"FROM {providers.TABLE} ORDER BY urn, postcode").fetchall()


def test_both_lists_are_read_into_one_table(tmp_path: Path, lists) -> None:
    P = lists.Provider
    paths = lists.write_lists(tmp_path, [
        P("SC100001", ("K2",), ("PR4", "PR5"), "rm16 2xx"),
        P("SC100002", ("K2", "K1"), ("PR1",), "CM1 1AA", closed=dt.date(2024, 9, 30)),
        P("2000003", ("K3",), ("PR4",), "RM16 2XX", list="SCP"),
        P("2000005", ("U4",), ("PR4",), "B1 1AA", list="SCP", closed=dt.date(2023, 1, 2)),
    ])
    con = duckdb.connect()
    assert providers.stage(con, paths) == 4
    assert _rows(con) == [
        ("2000003", ["K3"], ["PR4"], None, "RM162XX", "Thurrock"),
        ("2000005", ["U4"], ["PR4"], dt.date(2023, 1, 2), "B11AA", "Thurrock"),
        ("SC100001", ["K2"], ["PR4", "PR5"], None, "RM162XX", "Thurrock"),  # "PR4/PR5"
        ("SC100002", ["K2", "K1"], ["PR1"], dt.date(2024, 9, 30), "CM11AA", "Thurrock"),
    ]


def _book(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_the_older_homes_list_with_addresses_on_their_own_sheet(tmp_path: Path) -> None:
    """Before "Provider information", the homes list had the postcode on a sheet of its own;
    headers in any case, a URN typed as a number, a closed date written as text."""
    path = _book(tmp_path / "homes.xlsx", {
        "Settings and Inspection Info": [
            ["URN", "LOCAL AUTHORITY", "Provider code", "Provider placement code",
             "Closed date"],
            [1234567, "Essex", "K2", "PR4/PR5", "31/01/2025"], ["SC1", "Essex", "K1", "PR1"]],
        "Address Details": [["URN", "Setting Address Postcode"], [1234567, "CM1 1AA"]],
    })
    con = duckdb.connect()
    providers.stage(con, [path])
    # SC1 has no address: left out, as the DfE's validator leaves it.
    assert _rows(con) == [("1234567", ["K2"], ["PR4", "PR5"], dt.date(2025, 1, 31),
                           "CM11AA", "Essex")]


def test_one_list_of_both_kinds_in_one_sheet(tmp_path: Path) -> None:
    path = _book(tmp_path / "both.xlsx", {"Providers": [
        ["urn", "local authority", "placement code", "placement provider code",
         "deregistration date", "setting address postcode"],
        ["SC2", "Kent", "K2", "PR4", None, "ME1 1AA"]]})
    con = duckdb.connect()
    providers.stage(con, [path])
    assert _rows(con) == [("SC2", ["K2"], ["PR4"], None, "ME11AA", "Kent")]


@pytest.mark.parametrize(("content", "says"), [
    ("not a workbook", "not an Excel workbook (.xlsx) as Ofsted publishes its provider lists"),
    ({"Current providers": [["URN", "Local authority", "Placement code"]]},
     "sheet Current providers: no column 'Placement provider code' in row 1; not one of "
     "Ofsted's provider lists?"),
    ({"Provider information": [
        ["URN", "Local Authority", "Provider Code", "Provider Placement Code", "Closed Date",
         "Setting Postcode"], ["SC3", "Kent", "K2", "PR4", "soon", "ME1 1AA"]]},
     "sheet Provider information, row 2, column 'Closed date': 'soon' is not a date "
     "(dd/mm/yyyy)"),
    ({"Provider information": []}, "sheet Provider information: the sheet is empty"),
])
def test_a_file_that_is_not_a_list_is_named_in_one_line(tmp_path: Path, content: object,
                                                         says: str) -> None:
    path = tmp_path / "list\x1b[31m.xlsx"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        _book(path, content)  # type: ignore[arg-type]
    con = duckdb.connect()
    with pytest.raises(providers.ProviderListError) as e:
        providers.stage(con, [path])
    assert e.value.file == str(path).replace("\x1b", "\\x1b")
    assert e.value.detail.startswith(says)
    assert "\n" not in str(e.value)
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone() == (0,)
