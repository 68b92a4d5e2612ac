"""Read SSDA903 returns and local files from CSV folders or XLSX workbooks, and check them.

A return arrives as a folder of CSV files or one workbook with a sheet per table, named
however the council's case-management system names them, so every table is recognised by
its header row. Nothing is written anywhere here: a return is read and checked whole, and
only a return with no errors is handed to the warehouse. That is what makes a load atomic
from the user's point of view: a refused return leaves the warehouse file untouched.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from carepanel.ssda903 import collection_year, schema
from carepanel.ssda903.collection_year import CollectionYear, YearError
from carepanel.ssda903.findings import Finding, LoadRefused
from carepanel.ssda903.schema import Table

DATA_SUFFIXES = {".csv", ".xlsx"}
# Three digits standing alone; "903_2025" is the return's name (the SSDA903 of 2025), not
# council 903.
_LA_CODE = re.compile(r"(?<![A-Za-z0-9])(?!903[_\- ]?20\d{2})(\d{3})(?![A-Za-z0-9])")
_DATE_SHAPE = re.compile(r"^\d{2}/\d{2}/\d{4}$")


@dataclass
class TableFile:
    """One table as read from one file or sheet: values in the table's column order."""

    table: Table
    source: str
    rows: list[list[str]]
    original_header: list[str]
    # The spreadsheet row each of ``rows`` was on (the header is row 1). Blank lines are
    # dropped from ``rows`` but still count here, so a finding names the row the council
    # sees when it opens the file. Empty: rows 2, 3, ... in order.
    row_numbers: list[int] = field(default_factory=list)

    def column(self, name: str) -> list[str]:
        i = self.table.columns.index(name)
        return [r[i] for r in self.rows]

    def numbered(self) -> Iterator[tuple[int, list[str]]]:
        """Each row with its spreadsheet row number."""
        numbers = self.row_numbers or range(2, len(self.rows) + 2)
        return zip(numbers, self.rows, strict=True)


@dataclass
class Return:
    """A set of tables that arrived together: one statutory return, or local files."""

    source: Path
    la_code: str
    reference_date: dt.date
    files: list[TableFile]
    warnings: list[Finding] = field(default_factory=list)
    sha256: str = ""
    # Values that break the return's own rules (a code not in the year's list, a date that
    # is not a date): kept as received in the raw submission, null in the history, and
    # stored as findings of severity error. They never stop the Panel's figures.
    errors: list[Finding] = field(default_factory=list)
    # Why this collection year: "from the folder name ssda903_2025", "from --year", ...
    year_from: str = ""

    @property
    def collection_year(self) -> int:
        return schema.year_of(self.reference_date)

    @property
    def year_label(self) -> str:
        return schema.collection_year_label(self.collection_year)

    def error_rows(self) -> int:
        """How many rows hold at least one error: what the load tells the user."""
        return len({(f.file, f.row) for f in self.errors if f.row is not None})

    @property
    def kind(self) -> str:
        return "ssda903" if any(f.table.kind == "ssda903" for f in self.files) else "local"

    def table(self, name: str) -> TableFile | None:
        return next((f for f in self.files if f.table.name == name), None)


# --- Finding the returns among the paths a user gave ------------------------------------


def discover(paths: Iterable[Path]) -> list[list[Path]]:
    """Group the given paths into returns.

    A workbook is a return; a folder holding CSV files is a return; a folder holding only
    folders is searched below; CSV files named one by one are grouped by their folder.
    """
    groups: list[list[Path]] = []
    loose: dict[Path, list[Path]] = {}
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise LoadRefused([Finding(str(path), None, None, "no such file or folder")])
        if path.is_file():
            if path.suffix.lower() == ".xlsx":
                groups.append([path])
            elif path.suffix.lower() == ".csv":
                loose.setdefault(path.parent, []).append(path)
            else:
                raise LoadRefused([Finding(str(path), None, None,
                                           "not a CSV file or an XLSX workbook")])
        else:
            groups.extend(_discover_folder(path))
    groups.extend(sorted(loose.values()))
    if not groups:
        raise LoadRefused([Finding(", ".join(str(p) for p in paths), None, None,
                                   "no CSV files or XLSX workbooks found")])
    return groups


def _discover_folder(folder: Path) -> list[list[Path]]:
    files = sorted(p for p in folder.iterdir()
                   if p.is_file() and p.suffix.lower() in DATA_SUFFIXES
                   and not p.name.startswith(("~$", ".")))
    csvs = [p for p in files if p.suffix.lower() == ".csv"]
    groups = [[p] for p in files if p.suffix.lower() == ".xlsx"]
    if csvs:
        groups.insert(0, csvs)
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        groups.extend(_discover_folder(sub))
    return groups


# --- Reading files ----------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM) as the DfE asks; Windows-1252 as Excel often saves."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    text = _decode(path.read_bytes())
    if "\x00" in text:
        raise LoadRefused([Finding(str(path), None, None,
                                   "the file holds NUL bytes: it is not a text CSV file")])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise LoadRefused([Finding(str(path), None, None, "the file is empty")]) from None
    except csv.Error as e:
        raise LoadRefused([Finding(str(path), 1, None, f"not readable as CSV: {e}")]) from None
    return header, reader


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime(schema.DATE_FORMAT)
    if isinstance(value, dt.date):
        return value.strftime(schema.DATE_FORMAT)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path) -> list[tuple[str, list[str], list[list[str]]]]:
    """Every non-empty sheet of a workbook as (source name, header, rows of text)."""
    import openpyxl  # imported here: loading CSV returns does not need it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a damaged workbook
        raise LoadRefused([Finding(str(path), None, None,
                                   f"not a readable XLSX workbook ({type(e).__name__})")]) from None
    sheets = []
    try:
        for sheet in book.worksheets:
            rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            while rows and not any(c.strip() for c in rows[-1]):
                rows.pop()
            if rows:
                sheets.append((f"{path}[{sheet.title}]", rows[0], rows[1:]))
    finally:
        book.close()
    return sheets


def _table_file(source: str, header: list[str], rows: Iterable[list[str]],
                findings: list[Finding]) -> TableFile | None:
    """Recognise the table by its header and put the values in the table's column order."""
    while header and not header[-1].strip():
        header = header[:-1]  # Excel leaves trailing empty header cells behind
    names = [schema.normalise_header(h) for h in header]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        findings.append(Finding(source, 1, ", ".join(dupes),
                                "the header names a column twice"))
        return None
    match = schema.match_header(header)
    if not match.exact:
        parts = [f"the header matches no table; nearest is {match.table.name}"]
        if match.missing:
            parts.append("missing columns: " + ", ".join(match.missing))
        if match.extra:
            parts.append("extra columns: " + ", ".join(match.extra))
        findings.append(Finding(source, 1, None, "; ".join(parts)))
        return None
    order = [names.index(c.upper()) for c in match.table.columns]
    width = len(header)
    out: list[list[str]] = []
    numbers: list[int] = []
    try:
        for n, row in enumerate(rows, start=2):
            if not any(c.strip() for c in row):
                continue  # blank lines carry nothing
            if len(row) > width and any(c.strip() for c in row[width:]):
                findings.append(Finding(source, n, None,
                                        f"the row has {len(row)} values but the header "
                                        f"names {width} columns"))
                continue
            row = row + [""] * (width - len(row))
            out.append([row[i] for i in order])
            numbers.append(n)
    except csv.Error as e:
        findings.append(Finding(source, None, None, f"not readable as CSV: {e}"))
    return TableFile(match.table, source, out, header, numbers)


def read_tables(group: list[Path]) -> tuple[list[TableFile], list[Finding]]:
    """Read every file of one return and recognise its tables, with what was unreadable."""
    findings: list[Finding] = []
    files: list[TableFile] = []
    for path in group:
        try:
            if path.suffix.lower() == ".xlsx":
                sheets = _read_xlsx(path)
            else:
                header, rows = _read_csv(path)
                sheets = [(str(path), header, rows)]
        except LoadRefused as e:
            findings.extend(e.findings)
            continue
        for source, header, rows in sheets:
            tf = _table_file(source, header, rows, findings)
            if tf is not None:
                files.append(tf)
    seen: dict[str, str] = {}
    for tf in files:
        if tf.table.name in seen:
            findings.append(Finding(tf.source, None, None,
                                    f"a second {tf.table.name} table in the same return "
                                    f"(the first is {seen[tf.table.name]})"))
        seen.setdefault(tf.table.name, tf.source)
    return files, findings


# --- Checking values --------------------------------------------------------------------


def activity_dates(files: list[TableFile]) -> Iterator[dt.date]:
    """Every activity date the return holds (all dates, for local files)."""
    for tf in files:
        columns = [c for c in tf.table.dates
                   if c in collection_year.ACTIVITY_COLUMNS or tf.table.kind == "local"]
        for c in columns:
            for text in tf.column(c):
                d = _try_date(text.strip())
                if d is not None:
                    yield d


def _try_date(text: str) -> dt.date | None:
    if not text or not _DATE_SHAPE.match(text):
        return None
    try:
        return schema.parse_date(text)
    except ValueError:
        return None


def check_tables_for_year(files: list[TableFile], year: int) -> list[Finding]:
    """A table the DfE did not collect in ``year`` means the wrong year or a wrong file."""
    return [Finding(tf.source, None, None,
                    f"{tf.table.name} is collected from "
                    f"{schema.collection_year_label(tf.table.from_year)}; this return is for "
                    f"{schema.collection_year_label(year)}", table=tf.table.name)
            for tf in files if tf.table.from_year > year]


def check_values(files: list[TableFile], year: int) -> list[Finding]:
    """Field by field: required fields, dates, whole numbers and codes of ``year``."""
    findings: list[Finding] = []
    for tf in files:
        if tf.table.from_year > year:
            continue
        for ci, col in enumerate(tf.table.columns):
            findings.extend(_check_column(tf, ci, col, year))
    return findings


def _check_column(tf: TableFile, ci: int, col: str, year: int) -> Iterator[Finding]:
    t = tf.table
    f = t.field(col)
    required = f.required
    valid = f.codes(year)
    is_date = f.type == "date"
    is_int = f.type == "integer" and valid is None
    rule = f.rule
    plain = t.kind == "ssda903"
    for n, row in tf.numbered():
        value = row[ci].strip()
        problem = _problem(value, required, is_date, is_int, valid, col, year, plain)
        if problem is not None:
            child = row[0].strip() if t.columns[0] == "CHILD" else None
            yield Finding(tf.source, n, col, problem, rule, child=child or None, table=t.name)


def _problem(value: str, required: bool, is_date: bool, is_int: bool,
             valid: tuple[str, ...] | None, col: str, year: int, plain: bool) -> str | None:
    """What is wrong with one value, or None. The order matters: a code list or a date
    says more than "a character the return does not allow"."""
    if not value:
        return "a value is required here" if required else None
    if is_date:
        return None if _try_date(value) is not None else (
            f"{_shown(value)} is not a date in the form dd/mm/YYYY")
    if valid is not None:
        return None if value in valid else (
            f"{_shown(value)} is not a valid {col} code for "
            f"{schema.collection_year_label(year)}; expected one of {_short_list(valid)}")
    if is_int:
        return None if is_whole_number(value) else f"{_shown(value)} is not a whole number"
    if plain and not _PLAIN_TEXT.match(value):
        # Identifiers, postcodes and URNs are plain ASCII: anything else is a byte that went
        # wrong on the way (a stray 0xFF made a new child "10793464ÿ").
        return f"{_shown(value)} holds a character the return does not allow"
    return None


# A whole number as the return writes one: ASCII digits, an optional minus, and within the
# range the warehouse stores (so "--5", "²", "٣" and 2147483648 are all errors, not nulls).
_WHOLE = re.compile(r"-?[0-9]{1,10}")
_PLAIN_TEXT = re.compile(r"[ -~]*")
_INT_MAX = 2**31 - 1


def is_whole_number(value: str) -> bool:
    return bool(_WHOLE.fullmatch(value)) and -_INT_MAX - 1 <= int(value) <= _INT_MAX


def _shown(value: str) -> str:
    """A value quoted for a message, with anything unprintable escaped."""
    return repr(value) if value.isprintable() else ascii(value)


def _short_list(values: tuple[str, ...], limit: int = 14) -> str:
    if len(values) <= limit:
        return " ".join(values)
    return " ".join(values[:limit]) + f" ... ({len(values)} codes)"


def return_hash(files: list[TableFile]) -> str:
    """A fingerprint of the content, blind to file names, column order and row order.

    Loading the same return twice, even re-exported with other file names, must change
    nothing; a return that differs in any value is a new submission.
    """
    h = hashlib.sha256()
    for tf in sorted(files, key=lambda f: f.table.name):
        h.update(tf.table.name.encode())
        for row in sorted(tf.rows):
            h.update(b"\x1e" + "\x1f".join(row).encode())
    return h.hexdigest()


def infer_la_code(group: list[Path]) -> str | None:
    """A council code written in the folder or file name: ``883/ssda903_2025`` -> ``883``."""
    first = group[0]
    candidates = [first.stem if first.suffix.lower() == ".xlsx" else first.parent.name]
    candidates.append((first.parent if first.suffix.lower() == ".xlsx" else first.parent.parent)
                      .name)
    for name in candidates:
        m = _LA_CODE.search(name)
        if m:
            return m.group(1)
    return None


def _read_checked(group: list[Path], la_code: str | None, reference_date: dt.date | None,
                  year: int | None = None) -> tuple[Return, list[Finding]]:
    """One return read and checked value by value, with what refuses it (not yet raised).

    Only structural problems refuse: a file that cannot be read, a table that is not
    recognised, no council, no year. A bad value is an error stored with the return.
    """
    files, findings = read_tables(group)
    source = group[0] if group[0].suffix.lower() == ".xlsx" else group[0].parent
    code = _council(group, la_code, str(source), findings)
    try:
        found = (collection_year.given(year, reference_date)
                 or collection_year.from_names(group)
                 or collection_year.from_dates(activity_dates(files)))
    except YearError as e:
        found = None
        findings.append(Finding(str(source), None, None, f"{e}: pass --year, e.g. --year "
                                "2024/25"))
    if found is None:
        if not any("pass --year" in f.message for f in findings):
            findings.append(Finding(str(source), None, None,
                                    "the return holds no dates to tell its year from and its "
                                    "names do not say: pass --year, e.g. --year 2024/25"))
        raise LoadRefused(findings)
    findings.extend(check_tables_for_year(files, found.year))
    ret = Return(source, code or "", found.reference_date, files, sha256=return_hash(files),
                 errors=check_values(files, found.year), year_from=found.reason)
    return ret, findings


def describe_year(ret: Return) -> str:
    """"883 2024/25, from the folder name ssda903_2025": which year a command used, and why."""
    cy = CollectionYear(ret.collection_year, ret.reference_date, ret.year_from)
    return f"{ret.la_code} {cy.describe()}"


LA_CODE = re.compile(r"\d{3}")


def _council(group: list[Path], given: str | None, source: str,
             findings: list[Finding]) -> str | None:
    """The council code: the one given, else the one the names state. Three digits.

    A code given that the names contradict is another council's return: loading it under
    the wrong code would put one council's children in another's figures.
    """
    named = infer_la_code(group)
    if given is not None:
        if not LA_CODE.fullmatch(given):
            findings.append(Finding(source, None, None,
                                    f"--la {given!r} is not a council code: council codes "
                                    "are three digits, e.g. 883"))
            return None
        if named is not None and named != given:
            findings.append(Finding(source, None, None,
                                    f"this looks like another council's return: its name says "
                                    f"{named}, --la says {given}"))
        return given
    if named is None:
        findings.append(Finding(source, None, None,
                                "cannot tell which council this return is for: name its "
                                "folder after the council code (e.g. 883/...) or pass --la"))
    return named


def _with_rule_findings(ret: Return, structural: list[Finding], strict: bool,
                        previous: Return | None = None) -> list[Finding]:
    """Attach the DfE rule findings (warnings) to ``ret``; return everything to refuse on.

    A return is refused for a structural problem, or under ``strict`` (as a council may
    want before the DfE's deadline) for any error. Warnings are worked out even for a
    refused return, so that one run of validate shows a council everything there is to fix.
    """
    from carepanel.ssda903.validate import validate

    ret.warnings = validate(ret, previous)
    if structural or (strict and ret.errors):
        return structural + ret.errors + ret.warnings
    return []


def read_return(group: list[Path], *, la_code: str | None = None,
                reference_date: dt.date | None = None, year: int | None = None,
                strict: bool = False) -> Return:
    """Read and check one return. Raises LoadRefused with every problem that refuses it."""
    ret, structural = _read_checked(group, la_code, reference_date, year)
    refused = _with_rule_findings(ret, structural, strict)
    if refused:
        raise LoadRefused(refused)
    return ret


# Last year's return for a council, by council code and the collection year wanted (2024:
# the return for 31 March 2024); None when there is none. The warehouse gives one.
PreviousLookup = Callable[[str, int], Return | None]


def previous_note(la_code: str, year: int, found: bool) -> str:
    """What a user is told about a return checked without last year's return in the run.

    Rules comparing with last year that silently never ran would look like a clean return,
    so the user always hears which it was. Council and date only: never a child.
    """
    date = f"31 March {year}"
    if found:
        return f"Compared with last year's return for {la_code} ({date}) from the warehouse"
    return (f"No return for {date} for council {la_code}: rules comparing with last year "
            "were not run")


def _previous_for(ret: Return, in_run: dict[tuple[str, int], Return],
                  lookup: PreviousLookup | None,
                  notes: Callable[[str], None] | None) -> Return | None:
    """Last year's return for ``ret``: from the same run, else from ``lookup``."""
    if ret.kind != "ssda903":
        return None
    year = ret.collection_year - 1
    found = in_run.get((ret.la_code, year))
    if found is not None:
        return found
    found = lookup(ret.la_code, year) if lookup is not None and ret.la_code else None
    if notes is not None:
        notes(previous_note(ret.la_code, year, found is not None))
    return found


def read_returns(paths: Iterable[Path], *, la_code: str | None = None,
                 reference_date: dt.date | None = None,
                 progress: Callable[[int, int, str], None] | None = None,
                 previous: PreviousLookup | None = None,
                 notes: Callable[[str], None] | None = None,
                 year: int | None = None, strict: bool = False) -> list[Return]:
    """Read every return under ``paths``; refuse them all if any one cannot be loaded.

    A return that cannot be read safely (``_read_checked``) refuses the run; bad values do
    not, unless ``strict``: they travel with the return as ``errors``.

    A return is also checked against its council's return for the year before (the DfE
    rules on ``*_last`` tables): the one among ``paths`` when there is one, else the one
    ``previous`` finds (a council loads one return a year, so last year's is usually in the
    warehouse already). ``notes`` is told, for each return not compared within the run,
    whether last year's return was found (``previous_note``): also when the run is refused.
    """
    groups = discover(paths)
    read: list[tuple[Return, list[Finding]]] = []
    findings: list[Finding] = []
    for i, group in enumerate(groups):
        if progress:
            progress(i, len(groups), str(group[0].parent if len(group) > 1 else group[0]))
        try:
            read.append(_read_checked(group, la_code, reference_date, year))
        except LoadRefused as e:
            findings.extend(e.findings)
    by_year = {(r.la_code, r.collection_year): r
               for r, _ in sorted(read, key=lambda x: x[0].reference_date)
               if r.kind == "ssda903"}
    for ret, errors in read:
        last = _previous_for(ret, by_year, previous, notes)
        findings.extend(_with_rule_findings(ret, errors, strict, last))
    if progress:
        progress(len(groups), len(groups), "")
    if findings:
        raise LoadRefused(findings)
    return [r for r, _ in read]
