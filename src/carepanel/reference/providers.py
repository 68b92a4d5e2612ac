"""Ofsted's lists of registered providers, as councils download them, for the DfE's URN rules.

A placement with a registered provider names it by its Ofsted Unique Reference Number
(URN). The DfE's rules 219, 221, 224, 227, 228, 229, 241 and 1008 check the URN against
Ofsted's lists: the provider must be on them, offer that placement type and that kind of
provider, be at the placement's postcode and be registered for the whole placement. The
lists are not part of the return; a council downloads two workbooks from Ofsted and gives
them to the validator (``--provider-lists``), as it gives them to csc-validator-be-903:

- the **children's homes list**: a sheet "Provider information" (or the older pair
  "Settings and Inspection Info" and "Address Details", joined on URN) with the columns
  URN, Local Authority, Provider Code (the placement types), Provider Placement Code (the
  provider kinds, PR1 to PR5, separated by "/"), Closed Date and Setting Postcode (or
  Setting Address Postcode);
- the **social care providers list**: the current providers on its first sheet, the
  closed ones on its second, with the columns URN, Local authority, Placement code,
  Placement provider code, Deregistration date (closed sheet) and Setting postcode. A list
  of both in one sheet, with these columns (Setting address postcode), is read too.

Which list a workbook is, is told by its sheets, so files can be given in any order.
Header names are matched without regard to case. Codes are separated by "," or "/".

Each list is read with openpyxl (read-only, values only) and handed to DuckDB in one
statement as ``run_providers`` in the run's staging database: ``urn``, ``place_codes`` and
``provider_codes`` (lists), ``closed`` (date registration ended, NULL while open),
``postcode`` (upper case, no spaces, as postcodes are matched), ``la_name`` (as written),
``source`` (file, sheet and row, for a message). The rules read it as ``ref_provider``
(``validate.runner``), with the council each provider's postcode is in.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from carepanel.faults import shown

TABLE = "run_providers"
# Sheets of the children's homes list: the current form, and the older pair.
CH_SHEET = "provider information"
CH_SETTINGS, CH_ADDRESS = "settings and inspection info", "address details"
_SEPARATORS = re.compile(r"[,/]")


class ProviderListError(ValueError):
    """A provider list that cannot be read: one line naming the file (sheet, row, column).

    ``file``: the file as it may be shown; ``detail``: what is wrong, and where in it."""

    def __init__(self, file: str, detail: str) -> None:
        super().__init__(f"{file}: {detail}")
        self.file, self.detail = file, detail


@dataclass(frozen=True)
class _Columns:
    """Where each field is in a sheet: the header names that may hold it, in order."""

    urn: tuple[str, ...] = ("urn",)
    la_name: tuple[str, ...] = ("local authority", "provider local authority")
    place: tuple[str, ...] = ("placement code",)
    provider: tuple[str, ...] = ("placement provider code",)
    closed: tuple[str, ...] = ("deregistration date",)
    postcode: tuple[str, ...] = ("setting postcode", "setting address postcode")


# The children's homes list names the placement types "Provider Code" and the provider
# kinds "Provider Placement Code" (so csc-validator-be-903 reads them).
CH = _Columns(place=("provider code",), provider=("provider placement code",),
              closed=("closed date",))
SCP = _Columns()


@dataclass
class _Provider:
    urn: str
    place_codes: list[str]
    provider_codes: list[str]
    closed: dt.date | None
    postcode: str | None
    la_name: str | None
    source: str


def stage(con: duckdb.DuckDBPyConnection, paths: Sequence[Path]) -> int:
    """``run_providers`` in ``con``'s current schema, from every list in ``paths``.

    Returns how many providers were read. Raises ProviderListError, naming the file, for a
    file that is not one of Ofsted's lists; nothing is created then.
    """
    rows: list[_Provider] = []
    for path in paths:
        rows.extend(read(path))
    con.execute(
        f"CREATE OR REPLACE TABLE {TABLE} AS SELECT unnest(?::VARCHAR[]) AS urn, "
        "unnest(?::VARCHAR[][]) AS place_codes, unnest(?::VARCHAR[][]) AS provider_codes, "
        "unnest(?::DATE[]) AS closed, unnest(?::VARCHAR[]) AS postcode, "
        "unnest(?::VARCHAR[]) AS la_name, unnest(?::VARCHAR[]) AS source",
        [[r.urn for r in rows], [r.place_codes for r in rows],
         [r.provider_codes for r in rows], [r.closed for r in rows],
         [r.postcode for r in rows], [r.la_name for r in rows], [r.source for r in rows]])
    return len(rows)


def read(path: Path) -> list[_Provider]:
    """Every provider of one list (children's homes, social care providers, or both)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = _shown(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ProviderListError(name, "no such file") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise ProviderListError(name, "not an Excel workbook (.xlsx) as Ofsted publishes "
                                      "its provider lists") from e
    try:
        sheets = {str(s).strip().lower(): s for s in book.sheetnames}
        if CH_SHEET in sheets:
            return list(_providers(name, book[sheets[CH_SHEET]], CH))
        if CH_SETTINGS in sheets and CH_ADDRESS in sheets:
            return _settings_and_addresses(name, book[sheets[CH_SETTINGS]],
                                           book[sheets[CH_ADDRESS]])
        out: list[_Provider] = []
        for i, title in enumerate(book.sheetnames[:2]):
            # The second sheet of the social care providers list: providers closed.
            out.extend(_providers(name, book[title], SCP, closed_optional=i == 0))
        return out
    finally:
        book.close()


def _settings_and_addresses(name: str, settings: Any, addresses: Any) -> list[_Provider]:
    """The older children's homes list: the postcode is on a sheet of its own."""
    postcodes = {p.urn: p.postcode for p in _providers(
        name, addresses, _Columns(place=(), provider=(), closed=(), la_name=()),
        closed_optional=True)}
    out = []
    for p in _providers(name, settings, CH, postcode_optional=True):
        if p.urn in postcodes:  # as the peer does: a home without an address is left out
            p.postcode = postcodes[p.urn]
            out.append(p)
    return out


def _providers(name: str, sheet: Any, columns: _Columns, *, closed_optional: bool = False,
               postcode_optional: bool = False) -> Iterator[_Provider]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    where = f"sheet {_shown(sheet.title)}"
    if header is None:
        raise ProviderListError(name, f"{where}: the sheet is empty (no header row)")
    index = {str(h).strip().lower(): i for i, h in enumerate(header) if h is not None}

    def find(field: str, optional: bool = False) -> int | None:
        names = getattr(columns, field)
        for n in names:
            if n in index:
                return index[n]
        if optional or not names:
            return None
        raise ProviderListError(name, f"{where}: no column {_title(names[0])!r} in row 1; "
                                      "not one of Ofsted's provider lists?")

    urn, la, place, provider = find("urn"), find("la_name"), find("place"), find("provider")
    closed = find("closed", closed_optional)
    postcode = find("postcode", postcode_optional)
    for n, row in enumerate(rows, start=2):
        value = _text(_cell(row, urn))
        if value is None:
            continue
        yield _Provider(
            urn=value, place_codes=_codes(_cell(row, place)),
            provider_codes=_codes(_cell(row, provider)),
            closed=_date(_cell(row, closed), name, f"{where}, row {n}", columns.closed[:1]),
            postcode=_postcode(_cell(row, postcode)), la_name=_text(_cell(row, la)),
            source=f"{name}, {where}, row {n}")


def _cell(row: tuple, at: int | None) -> object:
    return row[at] if at is not None and at < len(row) else None


def _text(value: object) -> str | None:
    """A cell as text: a whole number without ".0" (a URN typed as a number)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _codes(value: object) -> list[str]:
    text = _text(value) or ""
    return [c.strip().upper() for c in _SEPARATORS.split(text) if c.strip()]


def _postcode(value: object) -> str | None:
    text = _text(value)
    return text.replace(" ", "").upper() if text else None


def _date(value: object, name: str, where: str, column: tuple[str, ...]) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ProviderListError(name, f"{where}, column {_title(column[0])!r}: "
                                  f"{_shown(text)!r} is not a date (dd/mm/yyyy)")


def _title(name: str) -> str:
    """A header name as Ofsted writes it: "URN", "Setting postcode"."""
    return name.upper() if name == "urn" else name[:1].upper() + name[1:]


def _shown(value: object) -> str:
    return shown(str(value))
