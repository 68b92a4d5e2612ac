"""Commentary and manual values belong to one council.

A web app may hold several councils' scorecards (a council's own and, say, a regional set).
What an officer writes about council A's Red measure must not show on council B's pages or
in B's paper, nor let B's paper be marked ready; a value entered for A is rated in A's
scorecard only, and only A's scorecards are rebuilt. Rows written before councils were
recorded are given one by migration 0003 (tested at the end through Django's migration
executor, on whichever database the tests run against).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from carepanel.ssda903 import intake
from carepanel.ssda903.synth import generate
from carepanel.web import worker
from carepanel.web.audit.models import AuditEvent
from carepanel.web.scorecard_pages import papers
from carepanel.web.scorecard_pages.models import (
    Commentary,
    ManualMeasureValue,
    MeasureOwner,
    PanelPaper,
    ScorecardSnapshot,
)
from carepanel.web.uploads.models import Job

from .scorecard_data import Q1, QUARTER_FIGURES, RED_MEASURES, snapshot
from .support import client_for, make_user

A, B = "883", "884"


def _query(la: str, period: dt.date = Q1) -> str:
    return f"?la={la}&period={period.isoformat()}"


@pytest.fixture
def two_councils(people: dict[str, Any]) -> None:
    """The same quarter for two councils, each with 1.6, 2.5 and 3.5 Red (scorecard_data);
    the officer owns 1.6."""
    MeasureOwner.objects.create(measure="1.6", user=people["officer"])
    snapshot(Q1, QUARTER_FIGURES, la_code=A)
    snapshot(Q1, QUARTER_FIGURES, la_code=B)


def _page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _mark_ready(client: Any, la: str) -> str:
    return client.post("/scorecard/ready/", {"la": la, "period": Q1.isoformat(), "ready": "1"},
                       follow=True).content.decode()


def _docx_text(response: Any) -> str:
    """The words of a downloaded Word paper (its XML without the tags)."""
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        return re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode())


def test_commentary_shows_only_on_its_own_councils_pages(
        two_councils: None, people: dict[str, Any]) -> None:
    officer = client_for(people["officer"])
    text = "Two social workers left in the spring; both posts are filled again."
    assert officer.post("/scorecard/measures/1.6/commentary/" + _query(A),
                        {"text": text}).status_code == 302
    assert text in _page(officer, "/scorecard/measures/1.6/" + _query(A))
    on_b = _page(officer, "/scorecard/measures/1.6/" + _query(B))
    assert text not in on_b and "Commentary missing" in on_b
    # B's commentary form starts empty rather than from A's text.
    assert text not in _page(officer, "/scorecard/measures/1.6/commentary/" + _query(B))
    # The "commentary missing" lists: A now lacks two, B still all three.
    analyst = client_for(people["analyst"])
    assert "2 measures are rated Red without commentary" in _page(
        analyst, "/scorecard/" + _query(A))
    assert "3 measures are rated Red without commentary" in _page(
        analyst, "/scorecard/" + _query(B))
    # The scorecard offers both councils, and each page says which one it is about.
    scorecard = _page(analyst, "/scorecard/" + _query(B))
    assert 'name="la"' in scorecard and f'value="{A}"' in scorecard
    assert f"Council {B}" in on_b
    # The audit log names the council the commentary was written for.
    event = AuditEvent.objects.get(object_type="scorecard_pages.commentary")
    assert f"Council {A}" in event.summary and event.changes["la_code"] == A


def test_one_councils_commentary_does_not_make_anothers_paper_ready(
        two_councils: None, people: dict[str, Any]) -> None:
    for number in RED_MEASURES:
        Commentary.objects.create(la_code=A, measure=number, period_end=Q1,
                                  author=people["analyst"], text=f"Why {number} is Red.")
    analyst = client_for(people["analyst"])
    refused = _mark_ready(analyst, B)
    assert "cannot be marked ready" in refused and "(1.6, 2.5, 3.5)" in refused
    assert not PanelPaper.objects.filter(ready=True).exists()
    assert "is marked ready for the Panel" in _mark_ready(analyst, A)
    assert list(PanelPaper.objects.filter(ready=True).values_list("la_code", flat=True)) == [A]


def test_each_councils_paper_carries_its_own_commentary(
        two_councils: None, people: dict[str, Any]) -> None:
    text = "Moves were planned steps towards permanence with family."
    Commentary.objects.create(la_code=A, measure="3.5", period_end=Q1,
                              author=people["analyst"], text=text)
    analyst = client_for(people["analyst"])
    ours = analyst.get("/scorecard/papers/scorecard.docx" + _query(A))
    theirs = analyst.get("/scorecard/papers/scorecard.docx" + _query(B))
    assert ours.status_code == theirs.status_code == 200
    assert text in _docx_text(ours)
    assert text not in _docx_text(theirs)
    assert list(papers.commentary_file(Q1, la_code=B).entries) == []


# --- manual values, through the worker and a real warehouse -----------------------------------

@pytest.fixture(scope="module")
def two_returns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One small synthetic return (to 31 March 2025) for each of two councils."""
    root = tmp_path_factory.mktemp("two-councils")
    for seed, la in enumerate((A, B), start=31):
        generate(root, children=20, years=1, seed=seed, la_code=la)
    return {la: root / la / "ssda903_2025" for la in (A, B)}


def _publish_both(returns: dict[str, Path], settings: Any, tmp_path: Path) -> None:
    """Both councils' returns in a new warehouse, published; jobs run at once."""
    settings.CAREPANEL_WORKER_SYNC = True
    path = tmp_path / "warehouse.duckdb"
    settings.CAREPANEL_WAREHOUSE = str(path)
    for la, folder in returns.items():
        intake.load(intake.Request([folder], la_code=la), path)
    worker.publish(path)


def test_a_manual_value_is_rated_for_its_own_council_only(
        two_returns: dict[str, Path], people: dict[str, Any], settings: Any,
        tmp_path: Path) -> None:
    """3.13 (foster households recruited): target 20, higher is better, Amber from 16, so
    15 is Red."""
    _publish_both(two_returns, settings, tmp_path)
    end = dt.date(2025, 3, 31)
    before_b = ScorecardSnapshot.objects.get(la_code=B, period_end=end).computed_at
    MeasureOwner.objects.create(measure="3.13", user=people["officer"])
    officer = client_for(people["officer"])
    assert officer.post("/scorecard/measures/3.13/value/" + _query(A, end), {
        "period_end": end.isoformat(), "value": "15",
        "source_note": "Fostering panel minutes"}).status_code == 302

    ours = ScorecardSnapshot.objects.get(la_code=A, period_end=end)
    theirs = ScorecardSnapshot.objects.get(la_code=B, period_end=end)
    assert (ours.measure("3.13").current.value, ours.measure("3.13").rating.rag) == (15, "red")
    assert theirs.measure("3.13").current.value is None
    assert theirs.measure("3.13").rating.rag == "no rating"
    # Only A's scorecard was rebuilt.
    assert theirs.computed_at == before_b
    job = Job.objects.filter(created_by=people["officer"]).get()
    assert job.la_code == A and f"({A})" in job.summary
    # The value is listed on A's measure page, not on B's.
    assert "Fostering panel minutes" in _page(officer, "/scorecard/measures/3.13/"
                                              + _query(A, end))
    assert "Fostering panel minutes" not in _page(officer, "/scorecard/measures/3.13/"
                                                  + _query(B, end))
    event = AuditEvent.objects.get(object_type="scorecard_pages.manualmeasurevalue")
    assert f"Council {A}" in event.summary and event.changes["la_code"] == A


def test_the_demo_gives_each_council_its_own_values_and_commentary(
        db: Any, two_returns: dict[str, Path], settings: Any, tmp_path: Path) -> None:
    """``carepanel serve --demo``: each council gets manual values and commentary on every
    Red measure but one (so the gate has something to refuse), and no row is shared."""
    from carepanel.web.demo import create_demo, publish_demo_figures

    create_demo(password="a demo passphrase for tests")
    _publish_both(two_returns, settings, tmp_path)
    publish_demo_figures()
    assert set(ManualMeasureValue.objects.values_list("la_code", flat=True)) == {A, B}
    assert set(Commentary.objects.values_list("la_code", flat=True)) == {A, B}
    analyst = make_user("analyst", "analyst")
    for la in (A, B):
        rated = ScorecardSnapshot.objects.get(la_code=la, period_end=dt.date(2025, 3, 31))
        assert rated.measure("3.13").current.value is not None  # its demo value, rated
        assert "1 measure is rated Red without commentary" in _page(
            client_for(analyst), f"/scorecard/?la={la}")


def test_the_worker_gives_each_value_its_council_and_ignores_values_without_one(
        people: dict[str, Any]) -> None:
    for la in (A, ""):
        ManualMeasureValue.objects.create(la_code=la, measure="3.13", period_end=Q1,
                                          value=15, source_note="Minutes",
                                          entered_by=people["analyst"])
    values = worker.manual_values(worker.scorecard_config())
    assert len(values) == 1
    assert values.get("3.13", Q1, A) is not None
    assert values.get("3.13", Q1, B) is None


# --- migration 0003: rows from before councils were recorded -----------------------------------

BEFORE = ("scorecard_pages", "0002_snapshots_owners_papers")
T1 = dt.datetime(2025, 7, 1, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2025, 7, 2, 9, 0, tzinfo=dt.UTC)


def _migrate(targets: list[tuple[str, str]] | None = None) -> None:
    """Migrate the test database to ``targets`` (default: every app's latest)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.fixture
def old_schema(transactional_db: Any) -> Iterator[Any]:
    """The database as it was before migration 0003, and the models of that time; put
    back to the latest afterwards whatever the test did."""
    try:
        _migrate([BEFORE])
        yield MigrationExecutor(connection).loader.project_state([BEFORE]).apps
    finally:
        _migrate()


def _write_old_rows(old: Any, councils: list[str]) -> Any:
    """Snapshots for ``councils``; two versions of commentary on 1.6 (the second current)
    and a value of 3.13, as the old pages wrote them: without a council."""
    author = make_user("author-before-0003", "officer")
    snapshot_model = old.get_model("scorecard_pages", "ScorecardSnapshot")
    for la in councils:
        snapshot_model.objects.create(la_code=la, period_end=Q1, computed_at=timezone.now(),
                                      data={}, trends={})
    commentary = old.get_model("scorecard_pages", "Commentary")
    for text, when in (("First account.", T1), ("Corrected account.", T2)):
        row = commentary.objects.create(measure="1.6", period_end=Q1, text=text,
                                        author_id=author.pk)
        commentary.objects.filter(pk=row.pk).update(created=when)
    value = old.get_model("scorecard_pages", "ManualMeasureValue")
    row = value.objects.create(measure="3.13", period_end=Q1, value=15, numerator=None,
                               denominator=None, source_note="Fostering panel minutes",
                               entered_by_id=author.pk)
    value.objects.filter(pk=row.pk).update(entered_at=T1)
    return author


def test_migration_gives_old_rows_the_only_council(old_schema: Any) -> None:
    _write_old_rows(old_schema, [A])
    _migrate()
    assert set(Commentary.objects.values_list("la_code", flat=True)) == {A}
    assert Commentary.objects.current(A, "1.6", Q1).text == "Corrected account."
    assert list(ManualMeasureValue.objects.values_list("la_code", "measure")) == [(A, "3.13")]


def test_migration_copies_old_rows_to_every_council_shown_them(old_schema: Any) -> None:
    author = _write_old_rows(old_schema, [A, B])
    _migrate()
    for la in (A, B):
        versions = list(Commentary.objects.for_measure(la, "1.6", Q1))
        assert [(v.text, v.created, v.author) for v in versions] == [
            ("Corrected account.", T2, author), ("First account.", T1, author)]
        value = ManualMeasureValue.objects.get(la_code=la, measure="3.13", period_end=Q1)
        assert (value.value, value.source_note, value.entered_by, value.entered_at) == (
            15, "Fostering panel minutes", author, T1)
    # Each council's value is its own from now on.
    assert worker.manual_values(worker.scorecard_config()).get("3.13", Q1, B) is not None
    # Going back, the old schema holds one value per measure and period: one is kept.
    _migrate([BEFORE])
    assert old_schema.get_model("scorecard_pages", "ManualMeasureValue").objects.count() == 1
    assert old_schema.get_model("scorecard_pages", "Commentary").objects.count() == 4


def test_migration_without_councils_keeps_rows_that_show_nowhere(
        old_schema: Any, people: dict[str, Any]) -> None:
    _write_old_rows(old_schema, [])
    _migrate()
    assert set(Commentary.objects.values_list("la_code", flat=True)) == {""}
    assert set(ManualMeasureValue.objects.values_list("la_code", flat=True)) == {""}
    # Nothing breaks: the worker applies them to no council, and a council published
    # afterwards starts with its own empty commentary and values.
    assert len(worker.manual_values(worker.scorecard_config())) == 0
    snapshot(Q1, QUARTER_FIGURES, la_code=A)
    page = _page(client_for(people["analyst"]), "/scorecard/measures/1.6/" + _query(A))
    assert "Corrected account." not in page and "Commentary missing" in page
    assert "3 measures are rated Red without commentary" in _page(
        client_for(people["analyst"]), "/scorecard/" + _query(A))
