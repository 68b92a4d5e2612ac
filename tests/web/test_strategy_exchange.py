"""Strategy tracker to and from CSV/XLSX: safe exports, checked and atomic imports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carepanel.web.audit.models import AuditEvent
from carepanel.web.strategy import exchange
from carepanel.web.strategy.exchange import COLUMNS, ImportRefused, import_file, safe_text
from carepanel.web.strategy.models import Action, Priority, ProgressUpdate, Status, today

from .support import client_for

pytestmark = pytest.mark.django_db
HEADERS = [c.header for c in COLUMNS]
TRIGGERS = ["=1+1", "+44 20", "-ve trend", "@SUM(A1)", "\tindented", "\rreturn"]


def test_safe_text_prefixes_exactly_the_formula_triggers() -> None:
    for text in TRIGGERS:
        assert safe_text(text) == "'" + text
    for text in ["Plain", "3.1", "'already quoted", "", " =spaced"]:
        assert safe_text(text) == text
    for text in TRIGGERS:
        assert exchange.unsafe_text(safe_text(text)) == text
    assert exchange.unsafe_text("'already quoted") == "'already quoted"


@pytest.fixture
def tracker(people: dict[str, Any]) -> dict[str, Any]:
    """A priority whose title starts with "=", an overdue action whose text is each kind of
    formula trigger in turn, an owner, a progress update, and a second priority."""
    p1 = Priority.objects.create(title="=HYPERLINK(\"http://evil\")", order=1)
    p2 = Priority.objects.create(title="Be healthy", order=2)
    overdue = Action.objects.create(priority=p1, what="-1 placement moves", status=Status.AT_RISK,
                                    due_date=today() - dt.timedelta(days=3),
                                    owner=people["officer"], measures="3.1, 3.2")
    ProgressUpdate.objects.create(action=overdue, date=dt.date(2026, 1, 5),
                                  text="@everyone: reviews done", author=people["officer"])
    # Due years from whenever the test runs: never overdue, on any day.
    later = Action.objects.create(priority=p2, what="Health assessments on time",
                                  due_date=today() + dt.timedelta(days=3 * 365))
    return {"p1": p1, "p2": p2, "overdue": overdue, "later": later, **people}


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # UTF-8 BOM for Excel
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_export_is_formula_safe_and_typed(tracker: dict[str, Any]) -> None:
    response = client_for(tracker["analyst"]).get("/strategy/export.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="strategy-tracker-{today():%Y-%m-%d}.csv"')
    rows = _csv_rows(response.content)
    assert rows[0] == HEADERS
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert first == {
        "Action ID": str(tracker["overdue"].pk), "Priority order": "1",
        "Priority": "'=HYPERLINK(\"http://evil\")", "What": "'-1 placement moves",
        "When (due date)": (today() - dt.timedelta(days=3)).isoformat(),
        "Owner (username)": "officer", "Owner name": "Test Officer", "Status": "At risk",
        "Shown status": "Overdue", "Linked measures": "3.1, 3.2",
        "Latest progress date": "2026-01-05", "Latest progress": "'@everyone: reviews done"}
    second = dict(zip(HEADERS, rows[2], strict=True))
    assert second["Priority order"] == "2" and second["Owner (username)"] == ""
    assert second["Shown status"] == "Not started"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_members_exports_name_owners_but_not_their_usernames(tracker: dict[str, Any],
                                                             fmt: str) -> None:
    response = client_for(tracker["member"]).get(f"/strategy/export.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        rows = _csv_rows(response.content)
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Actions"]
        rows = [["" if c.value is None else str(c.value) for c in r] for r in sheet.rows]
    headers = [c.header for c in exchange.MEMBER_COLUMNS]
    assert rows[0] == headers and "Owner (username)" not in headers
    first = dict(zip(headers, rows[1], strict=True))
    assert first["Owner name"] == "Test Officer"
    cells = {cell for row in rows for cell in row}
    assert "officer" not in cells  # the officer's username, in no cell


def test_every_trigger_is_neutralised_in_csv_and_xlsx(tracker: dict[str, Any]) -> None:
    """Each trigger character as an action's text: the CSV cell and the Excel cell both
    start with an apostrophe, and the Excel cell is a string, never a formula."""
    for index, text in enumerate(TRIGGERS):
        Action.objects.create(priority=tracker["p2"], what=text,
                              due_date=dt.date(2031, 1, 1) + dt.timedelta(days=index))
    csv_whats = [r[3] for r in _csv_rows(exchange.write_csv(exchange.export_rows()))[1:]]
    book = openpyxl.load_workbook(io.BytesIO(exchange.write_xlsx(exchange.export_rows())))
    cells = [row[3] for row in book["Actions"].iter_rows(min_row=2)]
    for text in TRIGGERS:
        assert "'" + text in csv_whats
        # Excel's file format stores a carriage return as _x000D_ (decoded when opened).
        stored = "'" + text.replace("\r", "_x000D_")
        matching = [c for c in cells if c.value == stored]
        assert len(matching) == 1 and matching[0].data_type == "s", text
    every_cell = [c for row in book["Actions"].iter_rows() for c in row]
    assert not [c.coordinate for c in every_cell if c.data_type == "f"]


def test_xlsx_keeps_numbers_and_dates_typed(tracker: dict[str, Any]) -> None:
    response = client_for(tracker["officer"]).get("/strategy/export.xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Actions"]
    assert [c.value for c in sheet[1]] == HEADERS
    row = {h: c for h, c in zip(HEADERS, sheet[2], strict=True)}
    assert row["Action ID"].data_type == "n" and row["Action ID"].value == tracker["overdue"].pk
    assert row["Priority order"].data_type == "n" and row["Priority order"].value == 1
    assert row["When (due date)"].is_date
    assert row["When (due date)"].value.date() == today() - dt.timedelta(days=3)
    assert row["What"].value == "'-1 placement moves"


def test_export_then_import_changes_nothing(tracker: dict[str, Any]) -> None:
    """Including text that had to be made safe: the apostrophes come off again."""
    for text in TRIGGERS:
        Action.objects.create(priority=tracker["p2"], what=text)
    before = sorted(Action.objects.values_list("pk", "priority_id", "what", "due_date",
                                               "owner_id", "status", "measures"))
    for name, data in [("t.csv", exchange.write_csv(exchange.export_rows())),
                       ("t.xlsx", exchange.write_xlsx(exchange.export_rows()))]:
        result = import_file(name, data)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 8), name
    after = sorted(Action.objects.values_list("pk", "priority_id", "what", "due_date",
                                              "owner_id", "status", "measures"))
    assert after == before
    assert Priority.objects.get(pk=tracker["p1"].pk).title == '=HYPERLINK("http://evil")'


def _csv(*rows: list[str], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or ["Action ID", "Priority", "What", "When (due date)",
                               "Owner (username)", "Status", "Linked measures"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_import_adds_and_changes_actions(tracker: dict[str, Any]) -> None:
    """Line 2 changes the existing action (by ID); line 3 adds one to an existing priority
    (matched without regard to case); line 4 adds one under a new priority, which goes after
    the existing two (order 3). The fixture's other action is not in the file: untouched."""
    later = tracker["later"]
    data = _csv(
        [str(later.pk), "Be healthy", "Health assessments within 20 days", "31/03/2031",
         "officer", "On track", "4.2"],
        ["", "be healthy", "Dental checks", "2031-06-30", "", "not started", ""],
        ["", "Ready for adult life", "Bus passes for care leavers", "", "analyst",
         "At risk", "2.15; 2.16"],
    )
    result = import_file("plan.csv", data)
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    assert result.priorities_created == ["Ready for adult life"]
    later.refresh_from_db()
    assert (later.what, later.due_date, later.owner, later.status, later.measures) == (
        "Health assessments within 20 days", dt.date(2031, 3, 31), tracker["officer"],
        Status.ON_TRACK, "4.2")
    dental = Action.objects.get(what="Dental checks")
    assert dental.priority == tracker["p2"] and dental.due_date == dt.date(2031, 6, 30)
    bus = Action.objects.get(what="Bus passes for care leavers")
    assert bus.priority.order == 3 and bus.measures == "2.15, 2.16"
    assert bus.owner == tracker["analyst"] and bus.status == Status.AT_RISK
    assert AuditEvent.objects.filter(action="import", changes__created=2,
                                     changes__updated=1).exists()


def test_import_reports_every_problem_by_line_and_changes_nothing(
        tracker: dict[str, Any]) -> None:
    data = _csv(
        ["", "Be healthy", "A good row", "2031-01-01", "officer", "On track", "4.2"],
        ["", "Be healthy", "Bad date", "31/13/2031", "", "", ""],
        ["", "Be healthy", "Unknown owner", "", "nobody", "", ""],
        ["", "Be healthy", "Chose overdue", "", "", "Overdue", ""],
        ["999999", "", "", "", "", "Finished", "two"],
    )
    before = (Action.objects.count(), Priority.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ImportRefused) as refused:
        import_file("plan.csv", data)
    assert refused.value.errors == [
        "Line 3: When (due date) “31/13/2031” is not a date; write it like 31/03/2026 or "
        "2026-03-31.",
        "Line 4: Owner “nobody” is not the username of anyone who can sign in.",
        "Line 5: Status “Overdue” cannot be chosen: overdue is worked out from the due date. "
        "Give Not started, On track, At risk or Complete.",
        "Line 6: Action ID “999999” is not an action in the tracker (leave it blank to add a "
        "new action).",
        "Line 6: Priority is blank.",
        "Line 6: What is blank: say what will be done.",
        "Line 6: Status “Finished” is not one of Not started, On track, At risk, Complete.",
        "Line 6: Linked measures “two” are not measure numbers (like 2.15).",
    ]
    assert (Action.objects.count(), Priority.objects.count(),
            AuditEvent.objects.count()) == before


def test_a_windows_1252_file_is_imported_with_a_note_and_no_byte_replaced(
        tracker: dict[str, Any]) -> None:
    """Older Excel saves "CSV" as Windows-1252: read the way the CLI reads it (one decoder),
    with the user told, and "Zoë" kept as it was written."""
    result = import_file("plan.csv", "Priority,What\nBe healthy,Zoë's review\n"
                         .encode("cp1252"))
    assert result.created == 1 and Action.objects.filter(what="Zoë's review").exists()
    assert result.note is not None and "read as Windows-1252" in result.note
    with pytest.raises(ImportRefused, match="neither UTF-8 nor Windows-1252"):
        import_file("plan.csv", b"Priority,What\nBe healthy,Bad \x81 byte\n")


def test_line_numbers_count_physical_lines(tracker: dict[str, Any]) -> None:
    """A quoted cell spanning two lines: the next record starts on line 4, not 3."""
    data = (b"Priority,What,When (due date)\n"
            b'Be healthy,"Two\nlines",\n'
            b"Be healthy,Bad date,soon\n")
    with pytest.raises(ImportRefused) as refused:
        import_file("plan.csv", data)
    assert refused.value.errors[0].startswith("Line 4: When (due date) “soon”")


def test_import_is_all_or_nothing_when_writing_fails(tracker: dict[str, Any],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The database refuses the second new action: the first one is rolled back too."""
    saves = []
    original = Action.save

    def failing_save(self: Action, *args: Any, **kwargs: Any) -> None:
        saves.append(self.what)
        if len(saves) == 2:
            raise RuntimeError("disk full")
        original(self, *args, **kwargs)

    monkeypatch.setattr(Action, "save", failing_save)
    before = Action.objects.count()
    with pytest.raises(RuntimeError):
        import_file("plan.csv", _csv(["", "Be healthy", "First", "", "", "", ""],
                                     ["", "New priority", "Second", "", "", "", ""]))
    assert Action.objects.count() == before
    assert not Priority.objects.filter(title="New priority").exists()


def test_xlsx_import_reports_rows(tracker: dict[str, Any]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Priority", "What", "When (due date)", "Linked measures"])
    sheet.append(["Be healthy", "Eye tests", dt.datetime(2031, 2, 1), "4.3"])
    sheet.append(["Be healthy", "Hearing tests", "someday", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportRefused) as refused:
        import_file("plan.xlsx", buffer.getvalue())
    assert refused.value.errors == [
        "Row 3: When (due date) “someday” is not a date; write it like 31/03/2026 or "
        "2026-03-31."]
    sheet.delete_rows(3)
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_file("plan.xlsx", buffer.getvalue()).created == 1
    assert Action.objects.get(what="Eye tests").due_date == dt.date(2031, 2, 1)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("plan.pdf", b"%PDF", "must be a CSV file (.csv) or an Excel workbook (.xlsx)"),
    ("plan.xlsx", b"not a zip", "not an Excel workbook"),
    ("plan.csv", b"Priority,What\x00\n", "contains NUL bytes"),
    ("plan.csv", b"", "The file is empty."),
    ("plan.csv", b"Priority,What\n", "has a header but no actions"),
    ("plan.csv", b"Priority,Whta\nA,B\n", "“Whta” is not a column"),
    ("plan.csv", b"What\nB\n", "missing the column(s) Priority"),
])
def test_files_that_cannot_be_imported(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_file(name, data)
    assert message in " ".join(refused.value.errors)


def test_oversize_files_are_refused_before_reading(settings: Any) -> None:
    settings.CAREPANEL_MAX_IMPORT_BYTES = 100
    with pytest.raises(ImportRefused, match="the most it can be is 100 bytes"):
        import_file("plan.csv", b"Priority,What\n" + b"x,y\n" * 50)


def test_import_page(tracker: dict[str, Any]) -> None:
    analyst = client_for(tracker["analyst"])
    bad = analyst.post("/strategy/import/", {"file": SimpleUploadedFile(
        "plan.csv", _csv(["", "Be healthy", "Bad", "never", "", "", ""]))})
    page = bad.content.decode()
    assert bad.status_code == 200
    assert "The file was not imported" in page and "Nothing has been changed" in page
    assert "Line 2: When (due date) “never” is not a date" in page
    good = analyst.post("/strategy/import/", {"file": SimpleUploadedFile(
        "plan.csv", _csv(["", "Be healthy", "Flu jabs", "", "", "", ""]))})
    assert good.status_code == 302
    assert Action.objects.filter(what="Flu jabs").exists()
    windows = analyst.post("/strategy/import/", {"file": SimpleUploadedFile(
        "plan.csv", "Priority,What\nBe healthy,Zoë's review\n".encode("cp1252"))},
        follow=True)
    assert "plan.csv: the file is not UTF-8" in windows.content.decode()
    officer = client_for(tracker["officer"]).post("/strategy/import/", {
        "file": SimpleUploadedFile("plan.csv", _csv(["", "X", "Y", "", "", "", ""]))})
    assert officer.status_code == 403
