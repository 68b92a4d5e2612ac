"""Uploads through the web app and the background worker, against a real DuckDB warehouse.

Returns come from carepanel's synthetic council generator; the worker runs each job at once
(``CAREPANEL_WORKER_SYNC``), which is the same code the background thread runs (one test
runs it on the thread; test_worker.py tests the worker itself). Expected figures are never
typed in: they are read back from the warehouse with carepanel's own engine, or worked out
from the scorecard configuration.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from carepanel.indicators.engine import compute
from carepanel.ssda903 import schema
from carepanel.ssda903.synth import generate
from carepanel.warehouse import Warehouse
from carepanel.web import worker
from carepanel.web.audit.models import AuditEvent
from carepanel.web.scorecard_pages.models import (
    ManualMeasureValue,
    MeasureOwner,
    ScorecardSnapshot,
)
from carepanel.web.scorecard_pages.presentation import quarter_series
from carepanel.web.uploads.models import Finding, Job, JobKind, JobStatus

from .support import client_for

LA = "883"
TABLES = ("submissions", "submission_tables", "episodes", "header", "raw_episodes",
          "raw_header", "findings")


@pytest.fixture(scope="module")
def returns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two years of a small synthetic council: 883/ssda903_2024 and 883/ssda903_2025."""
    root = tmp_path_factory.mktemp("synth")
    generate(root, children=30, years=2, seed=11, la_code=LA)
    return root / LA


def upload(client: Any, folder: Path, **fields: Any) -> Any:
    """Post every CSV of a return folder as the browser would (several files in one field)."""
    handles = [open(p, "rb") for p in sorted(folder.glob("*.csv"))]  # noqa: SIM115
    try:
        return client.post("/uploads/", {"files": handles, "la_code": LA, **fields})
    finally:
        for h in handles:
            h.close()


def child_ids(folder: Path) -> set[str]:
    with open(folder / "header.csv", newline="", encoding="utf-8-sig") as fh:
        return {row["CHILD"] for row in csv.DictReader(fh)}


def warehouse_state(path: Path) -> dict[str, Any]:
    """Everything a load could change: row counts and the submissions themselves."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        state = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        state["rows"] = con.execute(
            "SELECT submission_id, la_code, reference_date, sha256 FROM submissions "
            "ORDER BY 1").fetchall()
        return state
    finally:
        con.close()


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


def broken_copy(folder: Path, target: Path) -> dict[str, Any]:
    """The return with two field errors: an unknown SEX code on header.csv row 3 and an
    impossible DECOM on episodes.csv row 2 (spreadsheet rows: the header is row 1)."""
    shutil.copytree(folder, target)
    header = read_csv(target / "header.csv")
    header[2][header[0].index("SEX")] = "Q"
    episodes = read_csv(target / "episodes.csv")
    episodes[1][episodes[0].index("DECOM")] = "31/02/2025"
    for name, rows in (("header.csv", header), ("episodes.csv", episodes)):
        with open(target / name, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
    return {"sex_child": header[2][0], "decom_child": episodes[1][0]}


def test_upload_with_errors_loads_and_lists_them_for_the_analyst(
        sync_worker: Path, returns: Path, people: dict[str, Any], tmp_path: Path) -> None:
    """By default a return with bad values is loaded: the two bad cells are findings on the
    upload's page, kept as received in the raw submission and null in the history, and
    the scorecard is recomputed."""
    analyst = client_for(people["analyst"])
    bad = broken_copy(returns / "ssda903_2025", tmp_path / "bad")
    response = upload(analyst, tmp_path / "bad", year="2024/25")
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert job.status == JobStatus.LOADED and job.errors == 2 and job.year == 2025
    assert "2 errors in 2 row(s)" in job.summary and "from --year" in job.summary
    assert job.follow_ups.filter(kind=JobKind.RECOMPUTE).exists()
    page = analyst.get(reverse("uploads:detail", args=[job.pk])).content.decode()
    for shown in ("header.csv", "&#x27;Q&#x27; is not a valid SEX code", "31/02/2025",
                  bad["sex_child"]):
        assert shown in page, shown
    with Warehouse.open(sync_worker, read_only=True) as wh:
        raw = wh.con.execute("SELECT sex FROM raw_header WHERE child = ?",
                             [bad["sex_child"]]).fetchall()
        history = wh.con.execute("SELECT sex FROM header WHERE child = ?",
                                 [bad["sex_child"]]).fetchall()
    assert raw == [("Q",)] and history == [(None,)]


def test_a_strict_upload_with_errors_shows_the_findings_and_changes_nothing(
        sync_worker: Path, returns: Path, people: dict[str, Any], tmp_path: Path) -> None:
    analyst = client_for(people["analyst"])
    assert upload(analyst, returns / "ssda903_2024").status_code == 302
    before = warehouse_state(sync_worker)
    snapshots = list(ScorecardSnapshot.objects.values_list("pk", "computed_at"))
    jobs = Job.objects.count()

    bad = broken_copy(returns / "ssda903_2025", tmp_path / "bad")
    response = upload(analyst, tmp_path / "bad", strict="on")
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert job.status == JobStatus.REFUSED and job.errors == 2
    assert warehouse_state(sync_worker) == before
    assert list(ScorecardSnapshot.objects.values_list("pk", "computed_at")) == snapshots
    assert Job.objects.count() == jobs + 1  # no recompute follows a refused upload

    page = analyst.get(reverse("uploads:detail", args=[job.pk])).content.decode()
    assert "The return was refused" in page and "the warehouse is unchanged" in page
    sex_rule = schema.TABLES["Header"].field("SEX").rule
    errors = {(f.file, f.row, f.column, f.rule, f.child)
              for f in Finding.objects.filter(job=job, severity="error")}
    assert errors == {
        ("header.csv", 3, "SEX", sex_rule or "", bad["sex_child"]),
        ("episodes.csv", 2, "DECOM", schema.TABLES["Episodes"].field("DECOM").rule or "",
         bad["decom_child"])}
    for shown in ("header.csv", "episodes.csv", "&#x27;Q&#x27; is not a valid SEX code",
                  "31/02/2025", bad["sex_child"], bad["decom_child"]):
        assert shown in page, shown
    assert str(tmp_path) not in page  # file names as uploaded, never the server's folders
    index = analyst.get("/uploads/").content.decode()
    assert index.index(f"#{job.pk}<") < index.index(f"#{job.pk - 2}<")  # newest first
    assert list(Path(sync_worker.parent / "uploads").iterdir()) == []  # files deleted
    for role in ("administrator", "officer", "member"):
        assert client_for(people[role]).get(
            reverse("uploads:detail", args=[job.pk])).status_code == 403
    events = AuditEvent.objects.filter(action__in=("upload", "upload_refused"),
                                       object_id=str(job.pk))
    assert {e.action for e in events} == {"upload", "upload_refused"}
    assert not any(bad["sex_child"] in f"{e.summary} {e.changes}" for e in events)


def test_a_good_upload_is_loaded_and_the_scorecard_recomputed(
        sync_worker: Path, returns: Path, people: dict[str, Any]) -> None:
    analyst = client_for(people["analyst"])
    upload(analyst, returns / "ssda903_2024")
    response = upload(analyst, returns / "ssda903_2025")
    job = Job.objects.filter(kind=JobKind.LOAD).latest("pk")
    assert response["Location"] == reverse("uploads:detail", args=[job.pk])
    assert job.status == JobStatus.LOADED and "Loaded: council 883" in job.summary
    follow_up = job.follow_ups.get()
    assert follow_up.status == JobStatus.DONE

    # Quarter ends from the earliest return (31 March 2024) to the latest (31 March 2025).
    ends = [dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30),
            dt.date(2024, 12, 31), dt.date(2025, 3, 31)]
    assert sorted(ScorecardSnapshot.objects.filter(la_code=LA)
                  .values_list("period_end", flat=True)) == ends
    with Warehouse.open(sync_worker, read_only=True) as wh:
        expected = {end: compute(wh.con, end, ids=["cla_at_end"])[0].value for end in ends}
    latest = ScorecardSnapshot.objects.get(la_code=LA, period_end=ends[-1])
    assert latest.measure("1.1").current.value == expected[ends[-1]]
    trend = quarter_series(latest.figures(), "1.1")
    assert [(d, p.value if p else None) for d, p in trend] == [
        (end, expected[end]) for end in ends]
    page = analyst.get("/scorecard/").content.decode()
    assert "Quarter 4 2024/25" in page

    # The same return again, as one workbook: recognised by content, nothing changes.
    book = openpyxl.Workbook()
    book.remove(book.active)
    for path in sorted((returns / "ssda903_2025").glob("*.csv")):
        sheet = book.create_sheet(path.stem)
        for row in read_csv(path):
            sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "return_2025.xlsx"
    analyst.post("/uploads/", {"files": [data], "la_code": LA})
    again = Job.objects.filter(kind=JobKind.LOAD).latest("pk")
    assert again.status == JobStatus.LOADED
    assert "Already loaded, unchanged" in again.summary
    assert not again.follow_ups.exists()


def test_an_upload_is_compared_with_last_years_return_in_the_warehouse(
        sync_worker: Path, returns: Path, people: dict[str, Any], tmp_path: Path) -> None:
    """The analyst uploads one return a year: this year's is checked against last year's,
    already in the warehouse. One child's date of birth changes (DfE rule 203, on this
    year's row) and an absence left open at 31 March 2024 is not in 2025 (rule 576, on last
    year's row)."""
    last_year, this_year = tmp_path / "2024", tmp_path / "2025"
    shutil.copytree(returns / "ssda903_2024", last_year)
    shutil.copytree(returns / "ssda903_2025", this_year)
    header = read_csv(this_year / "header.csv")
    dob = header[0].index("DOB")
    row = next(i for i, r in enumerate(header) if i and r[0] in child_ids(last_year))
    child = header[row][0]
    old = dt.datetime.strptime(header[row][dob], "%d/%m/%Y").date()
    header[row][dob] = (old - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    missing = read_csv(last_year / "missing.csv")
    missing.append([child, old.strftime("%d/%m/%Y"), "M", "10/03/2024", ""])
    for path, rows in ((this_year / "header.csv", header),
                       (last_year / "missing.csv", missing)):
        with open(path, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)

    analyst = client_for(people["analyst"])
    upload(analyst, last_year)
    first = Job.objects.filter(kind=JobKind.LOAD).latest("pk")
    assert first.status == JobStatus.LOADED, first.summary
    assert ("No return for 31 March 2023 for council 883: rules comparing with last year "
            "were not run.") in first.summary
    upload(analyst, this_year)
    job = Job.objects.filter(kind=JobKind.LOAD).latest("pk")
    assert job.status == JobStatus.LOADED, job.summary
    assert ("Compared with last year's return for 883 (31 March 2024) from the warehouse."
            in job.summary)
    found = {(f.rule, f.file, f.row, f.column, f.child)
             for f in Finding.objects.filter(job=job, rule__in=("203", "576"))}
    # Spreadsheet rows: the header is row 1. Last year's file is named as uploaded, with
    # its date, never by the server folder it waited in.
    assert found == {("203", "header.csv", row + 1, "DOB", child),
                     ("576", "missing.csv (31 March 2024 return)", len(missing), "MIS_END",
                      child)}
    assert not [f.file for f in Finding.objects.filter(job=job) if os.sep in f.file]


def test_only_csv_or_one_workbook_within_the_size_limit(
        sync_worker: Path, people: dict[str, Any], settings: Any) -> None:
    analyst = client_for(people["analyst"])
    exe = io.BytesIO(b"MZ")
    exe.name = "return.exe"
    page = analyst.post("/uploads/", {"files": [exe], "la_code": LA}).content.decode()
    assert "return.exe is not a CSV file or an Excel workbook" in page
    settings.CAREPANEL_MAX_UPLOAD_FILE_BYTES = 10
    big = io.BytesIO(b"CHILD,SEX,DOB\n" * 3)
    big.name = "header.csv"
    page = analyst.post("/uploads/", {"files": [big], "la_code": LA}).content.decode()
    assert "header.csv must be smaller than" in page
    assert not Job.objects.exists()


def test_a_manual_value_is_rated_and_charted_like_a_computed_one(
        sync_worker: Path, returns: Path, people: dict[str, Any]) -> None:
    """3.13 (foster households recruited) has target 20, higher is better, tolerance 20%
    of target = 4: Green at 20 or more, Amber from 16, Red below 16."""
    analyst = client_for(people["analyst"])
    upload(analyst, returns / "ssda903_2024")
    upload(analyst, returns / "ssda903_2025")
    MeasureOwner.objects.create(measure="3.13", user=people["officer"])
    officer = client_for(people["officer"])
    url = "/scorecard/measures/3.13/value/?la=883&period=2025-03-31"

    def enter(period: str, value: str) -> Any:
        return officer.post(url, {"period_end": period, "value": value,
                                  "source_note": "Fostering panel minutes"})

    def measure(end: str) -> Any:
        return ScorecardSnapshot.objects.get(period_end=end).measure("3.13")

    def rated(end: str) -> tuple[Any, str]:
        return measure(end).current.value, measure(end).rating.rag

    assert enter("2025-03-31", "15").status_code == 302
    assert rated("2025-03-31") == (15, "red")
    enter("2025-03-31", "17")
    assert rated("2025-03-31") == (17, "amber")
    # A value for the quarter before is that scorecard's own and this one's previous quarter.
    enter("2024-12-31", "21")
    assert measure("2024-12-31").rating.rag == "green"
    assert measure("2025-03-31").previous_quarter.value == 21
    latest = ScorecardSnapshot.objects.get(period_end="2025-03-31")
    # The trend has every quarter end loaded; those without a value entered are blank.
    assert [(d.isoformat(), p.value if p else None)
            for d, p in quarter_series(latest.figures(), "3.13")] == [
        ("2024-03-31", None), ("2024-06-30", None), ("2024-09-30", None),
        ("2024-12-31", 21), ("2025-03-31", 17)]
    page = officer.get("/scorecard/measures/3.13/?la=883&period=2025-03-31").content.decode()
    assert "Amber" in page and "Fostering panel minutes" in page and 'role="img"' in page
    events = AuditEvent.objects.filter(object_type="scorecard_pages.manualmeasurevalue")
    assert [e.action for e in events.order_by("pk")] == ["create", "update", "create"]
    assert ManualMeasureValue.objects.get(period_end="2025-03-31").entered_by == people[
        "officer"]
    # Only owners (and analysts) enter values, and only for manual measures.
    assert client_for(people["member"]).get(url).status_code == 403
    assert officer.get("/scorecard/measures/3.5/value/?la=883").status_code in (403, 404)


def test_a_recalculation_that_changes_the_figures_unmarks_the_ready_paper(
        sync_worker: Path, returns: Path, people: dict[str, Any]) -> None:
    """Ready stays ready through a recalculation that changes nothing, and ends when the
    quarter's figures change (a Red measure may then be new, without commentary)."""
    from carepanel.web.scorecard_pages.models import PanelPaper

    analyst = client_for(people["analyst"])
    upload(analyst, returns / "ssda903_2025")
    end = dt.date(2025, 3, 31)
    PanelPaper.objects.create(la_code=LA, period_end=end, ready=True,
                              marked_by=people["analyst"])
    analyst.post("/uploads/recompute/")
    assert PanelPaper.objects.get(la_code=LA, period_end=end).ready
    response = analyst.post(f"/scorecard/measures/3.13/value/?la={LA}&period={end}", {
        "period_end": end.isoformat(), "value": "3", "source_note": "Fostering panel"})
    assert response.status_code == 302
    paper = PanelPaper.objects.get(la_code=LA, period_end=end)
    assert not paper.ready
    job = Job.objects.filter(kind=JobKind.RECOMPUTE).order_by("-pk").first()
    assert "no longer marked ready for the Panel: council 883, 31/03/2025" in job.summary
    page = analyst.get(f"/scorecard/?la={LA}&period={end}").content.decode()
    assert "Not ready" in page and "Mark the paper ready" in page


def _texts(response: Any) -> Iterator[str]:
    """The text of a page or a downloaded paper (PDF through pdftotext, Word and Excel
    through their XML)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        import subprocess

        out = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True,
                             check=True)
        yield out.stdout.decode("utf-8", "replace")
    elif "openxmlformats" in kind:
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            for name in z.namelist():
                yield z.read(name).decode("utf-8", "replace")
    else:
        yield body.decode("utf-8", "replace")


def test_a_scorecard_saved_by_an_earlier_carepanel_says_to_recalculate_until_it_is(
        sync_worker: Path, returns: Path, people: dict[str, Any]) -> None:
    """A snapshot saved before the worker kept its figures (``Scorecard.as_dict`` only)
    breaks no page: each says to recalculate, and a full recalculation brings it back."""
    analyst = client_for(people["analyst"])
    upload(analyst, returns / "ssda903_2025")
    snap = ScorecardSnapshot.objects.get(la_code=LA, period_end="2025-03-31")
    snap.data = snap.card.as_dict()
    snap.save()
    query = f"?la={LA}&period=2025-03-31"
    urls = [f"/scorecard/{query}", f"/scorecard/measures/1.1/{query}",
            f"/scorecard/papers/scorecard.xlsx{query}"]
    for url in urls:
        page = analyst.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert "saved by an earlier version of carepanel" in text
        assert "Recalculate the scorecard</button>" in text
    member_page = client_for(people["member"]).get(urls[0]).content.decode()
    assert "Ask the council's performance team to recalculate it." in member_page
    assert analyst.post("/uploads/recompute/").status_code == 302
    for url in urls:
        page = analyst.get(url)
        assert page.status_code == 200, url
        assert b"saved by an earlier version" not in page.content
    assert "Quarter 4 2024/25" in analyst.get(urls[0]).content.decode()


@pytest.mark.usefixtures("poppler")
def test_members_never_see_a_child_identifier(sync_worker: Path, returns: Path,
                                              people: dict[str, Any], tmp_path: Path) -> None:
    """A return with errors (its findings name children) and two good returns go in
    through the upload page; then every page and paper a member can open is read."""
    analyst = client_for(people["analyst"])
    broken_copy(returns / "ssda903_2025", tmp_path / "bad")
    upload(analyst, tmp_path / "bad")
    upload(analyst, returns / "ssda903_2024")
    upload(analyst, returns / "ssda903_2025")
    assert Finding.objects.exclude(child="").exists()
    children = child_ids(returns / "ssda903_2024") | child_ids(returns / "ssda903_2025")
    assert len(children) > 20
    member = client_for(people["member"])
    urls = ["/", "/strategy/", "/you-said-we-did/", "/scorecard/papers/"]
    for snap in ScorecardSnapshot.objects.all():
        query = f"?la={snap.la_code}&period={snap.period_end.isoformat()}"
        urls.append("/scorecard/" + query)
        urls += [f"/scorecard/measures/{r.measure.number}/{query}"
                 for r in snap.card.measures]
    latest = f"?la={LA}&period=2025-03-31"
    urls += [f"/scorecard/papers/{kind}.{fmt}{latest}" for kind in ("scorecard", "progress")
             for fmt in ("pdf", "docx", "xlsx")]
    for job in Job.objects.all():
        urls.append(reverse("uploads:detail", args=[job.pk]))  # refused to members
    seen = 0
    for url in urls:
        response = member.get(url)
        assert response.status_code in (200, 403), url
        text = "\n".join(_texts(response))
        leaked = [c for c in children if c in text]
        assert leaked == [], (url, leaked[:3])
        if url.startswith("/scorecard/papers/scorecard."):
            assert "Corporate Parenting Scorecard" in text, url  # the paper's text was read
        seen += response.status_code == 200
    assert seen > 40


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_runs_the_same_jobs(settings: Any, tmp_path: Path,
                                                  returns: Path) -> None:
    from .support import make_user

    settings.CAREPANEL_WORKER_SYNC = False
    settings.CAREPANEL_WORKER = "thread"
    settings.CAREPANEL_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    settings.CAREPANEL_UPLOAD_DIR = str(tmp_path / "uploads")
    analyst = client_for(make_user("threaded-analyst", "analyst"))
    try:
        upload(analyst, returns / "ssda903_2025")
        assert worker.thread_running()  # started by the upload, once it was committed
        assert worker.wait_until_idle(120)
        job = Job.objects.get(kind=JobKind.LOAD)
        assert job.status == JobStatus.LOADED
        assert job.follow_ups.get().status == JobStatus.DONE
        assert ScorecardSnapshot.objects.filter(period_end="2025-03-31").exists()
    finally:
        assert worker.stop(wait=30)  # a test leaves no thread polling the database
    assert not worker.thread_running()


@pytest.mark.django_db
def test_publish_command_fills_the_web_app_from_a_warehouse(
        settings: Any, tmp_path: Path, returns: Path, capsys: Any) -> None:
    """``carepanel_publish --warehouse FILE``, as make demo runs it; later jobs use FILE."""
    from carepanel.ssda903 import intake

    settings.CAREPANEL_WAREHOUSE = None
    path = tmp_path / "published.duckdb"
    intake.load(intake.Request([returns / "ssda903_2025"], la_code=LA), path)
    call_command("carepanel_publish", "--warehouse", str(path))
    assert "Built 1 scorecard for 1 council (883)" in capsys.readouterr().out
    assert list(ScorecardSnapshot.objects.values_list("period_end", flat=True)) == [
        dt.date(2025, 3, 31)]
    assert worker.warehouse_path() == path.resolve()


@pytest.mark.django_db
def test_papers_from_a_snapshot_match_papers_from_the_warehouse(
        settings: Any, tmp_path: Path, returns: Path) -> None:
    """The web app makes the Panel's paper without opening the warehouse, from the snapshot
    the worker saved; it must say exactly what ``carepanel report scorecard`` says from the
    warehouse itself (staff and public versions)."""
    from carepanel.reports import scorecard as paper
    from carepanel.reports.render import render
    from carepanel.ssda903 import intake
    from carepanel.web.scorecard_pages import papers

    path = tmp_path / "warehouse.duckdb"
    intake.load(intake.Request([returns / "ssda903_2024", returns / "ssda903_2025"],
                               la_code=LA), path)
    settings.CAREPANEL_WAREHOUSE = str(path)
    worker.publish(path)
    end = dt.date(2025, 3, 31)
    snap = ScorecardSnapshot.objects.get(la_code=LA, period_end=end)
    config = worker.scorecard_config()
    for public in (False, True):
        ours = papers.scorecard_report(snap, public, draft=False)
        options = paper.PaperOptions(council_name=ours.council, public=public,
                                     commentary=papers.commentary_file(end, la_code=LA))
        with Warehouse.open(path, read_only=True) as wh:
            direct = paper.build_papers(wh.con, config, end, options,
                                        manual=worker.manual_values(config))[0]
        assert render(ours, "html") == render(direct, "html")
