"""Free text that names a child is refused when it is saved: CHILD, UPN and dates of birth
the warehouse holds (published to the web app as keyed digests), and anything shaped like a
UPN or an NHS number."""

from __future__ import annotations

import csv
import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from carepanel.web.privacy.identifiers import (
    check_text,
    digest,
    nhs_number_valid,
    publish,
    published_with_this_key,
)
from carepanel.web.privacy.models import KnownIdentifier
from carepanel.web.scorecard_pages.models import Commentary, MeasureOwner
from carepanel.web.strategy.exchange import ImportRefused, import_file
from carepanel.web.strategy.models import Action, Priority, ProgressUpdate, YouSaidWeDid

from .scorecard_data import Q1, QUARTER_FIGURES, snapshot
from .support import client_for

pytestmark = pytest.mark.django_db
CHILD, UPN, DOB = "10051105", "C883200111181", "14/03/2012"
REPORTED = f"Child {CHILD} (UPN {UPN}, DOB {DOB}) moved twice this quarter."
NHS = "943 476 5919"  # the NHS's own example of a valid number


@pytest.fixture
def known(db: Any) -> None:
    """The warehouse holds one child, as the worker publishes it."""
    publish([("child", CHILD), ("upn", UPN), ("dob", DOB)])


def _whats(text: str) -> list[tuple[int, str, str]]:
    return [(p.line, p.word, p.what) for p in check_text(text)]


def test_the_reported_commentary_is_refused_at_each_identifier(known: None) -> None:
    assert _whats(REPORTED) == [
        (1, CHILD, "is a child's identifier (CHILD) in the returns"),
        (1, UPN, "has the shape of a unique pupil number (UPN)"),
        (1, DOB, "is the date of birth of a child in the returns, beside a name"),
    ]


@pytest.mark.parametrize("written", [
    "Jamie, born 2012-03-14, is settled.", "Jamie (14 March 2012) is settled.",
    "Our young person Jamie was born on March 14th, 2012.", "DOB: 14.03.12"])
def test_a_date_of_birth_is_caught_however_it_is_written(known: None, written: str) -> None:
    assert [w for _, _, w in _whats(written)] == [
        "is the date of birth of a child in the returns, beside a name"]


@pytest.mark.parametrize("written", [
    "Since 14 March 2012 the service has grown.", "The Panel met on 14/03/2012.",
    "Figures for Quarter 1 (to 30/06/2025) are in."])
def test_a_date_alone_is_not_refused(known: None, written: str) -> None:
    assert _whats(written) == []


def test_identifiers_are_found_in_any_case_and_inside_joined_words(known: None) -> None:
    assert [w for _, w, _ in _whats(f"Ref: case-{CHILD}/2025\nsee c883200111181")] == [
        CHILD, "c883200111181"]


def test_upn_and_nhs_number_shapes_are_refused_even_when_unknown(db: Any) -> None:
    assert _whats(f"UPN A123456789012 and NHS number {NHS}.\nCall 01632 960123.") == [
        (1, "A123456789012", "has the shape of a unique pupil number (UPN)"),
        (1, NHS, "has the shape of an NHS number"),
    ]
    assert nhs_number_valid("9434765919") and not nhs_number_valid("9434765918")
    assert _whats("Budget line 9434765918 was underspent.") == []


def test_the_web_database_holds_digests_never_the_identifiers(known: None) -> None:
    assert KnownIdentifier.objects.filter(digest=digest("child", CHILD)).exists()
    assert published_with_this_key()
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest FROM privacy_knownidentifier")
        stored = " ".join(r[0] for r in cursor.fetchall())
    assert CHILD not in stored and UPN not in stored and "2012-03-14" not in stored
    # Publishing again with one child fewer removes their digests.
    publish([("child", "20000001")])
    assert list(KnownIdentifier.objects.values_list("digest", flat=True)) == [
        digest("child", "20000001")]


@pytest.fixture
def owned(people: dict[str, Any], known: None) -> Action:
    MeasureOwner.objects.create(measure="1.6", user=people["officer"])
    snapshot(Q1, QUARTER_FIGURES)
    priority = Priority.objects.create(title="Stable homes", order=1)
    return Action.objects.create(priority=priority, what="Recruit carers",
                                 owner=people["officer"])


def _page(response: Any) -> str:
    return " ".join(response.content.decode().split())


def test_every_free_text_page_refuses_a_child_identifier(people: dict[str, Any],
                                                         owned: Action) -> None:
    officer = client_for(people["officer"])
    analyst = client_for(people["analyst"])
    query = f"?la=883&period={Q1.isoformat()}"
    pages = [
        (officer, f"/scorecard/measures/1.6/commentary/{query}", {"text": REPORTED},
         "Commentary, line 1"),
        (officer, f"/strategy/actions/{owned.pk}/progress/",
         {"date": "01/07/2025", "text": f"Visited {CHILD}."}, "Progress, line 1"),
        (officer, "/you-said-we-did/new/",
         {"date": "01/07/2025", "you_said": "More trips", "we_did": f"Asked {UPN}",
          "status": "done"}, "What we did, line 1"),
        (analyst, f"/strategy/actions/{owned.pk}/edit/",
         {"priority": owned.priority_id, "what": f"Support {CHILD}", "status": "on_track"},
         "What we will do, line 1"),
        (analyst, "/strategy/priorities/new/",
         {"title": "Jamie's plan", "description": f"NHS {NHS}", "order": 2},
         "What this priority is about, line 1"),
    ]
    for client, url, data, where in pages:
        response = client.post(url, data)
        assert response.status_code == 200, url
        page = _page(response)
        assert "govuk-error-summary" in page and where in page, url
        assert "no child may be identifiable from it" in page
    assert not Commentary.objects.exists() and not ProgressUpdate.objects.exists()
    assert not YouSaidWeDid.objects.exists() and Priority.objects.count() == 1
    assert Action.objects.get().what == "Recruit carers"


def test_a_strategy_import_naming_a_child_changes_nothing(owned: Action) -> None:
    data = f"Priority,What\nStable homes,Find a home for {CHILD}\n".encode()
    with pytest.raises(ImportRefused) as refused:
        import_file("plan.csv", data)
    assert refused.value.errors == [
        f"Line 2: What, line 1: “{CHILD}” is a child's identifier (CHILD) in the returns. "
        "Remove it: members of the Panel and the public papers read this text, and no child "
        "may be identifiable from it."]
    assert list(Action.objects.values_list("what", flat=True)) == ["Recruit carers"]


def test_the_worker_publishes_the_identifiers_of_a_loaded_return(
        settings: Any, tmp_path: Path, people: dict[str, Any]) -> None:
    """A synthetic return loaded by the worker: its children's CHILD values and dates of
    birth are refused in commentary from then on, with no warehouse opened by the page."""
    from carepanel.ssda903.synth import generate
    from carepanel.web import worker

    root = tmp_path / "synth"
    generate(root, children=10, years=1, seed=3, la_code="883")
    settings.CAREPANEL_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    from carepanel.ssda903 import intake

    intake.load(intake.Request([root / "883"]), tmp_path / "warehouse.duckdb")
    worker.publish(tmp_path / "warehouse.duckdb")
    with open(root / "883" / "ssda903_2025" / "header.csv", newline="",
              encoding="utf-8-sig") as fh:
        first = next(csv.DictReader(fh))
    born = dt.datetime.strptime(first["DOB"], "%d/%m/%Y").date()
    assert _whats(f"Child {first['CHILD']} is doing well.")[0][1] == first["CHILD"]
    assert _whats(f"Alex was born on {born:%d %B %Y}.")[0][2].startswith("is the date of birth")

    # The secret key changes: the digests mean nothing under the new one, so the worker
    # publishes them again when it starts, before any job.
    settings.SECRET_KEY = "another-key-" + "z" * 60
    assert not published_with_this_key()
    assert _whats(f"Child {first['CHILD']} is doing well.") == []
    worker.work(threading.Event(), once=True)
    assert published_with_this_key()
    assert _whats(f"Child {first['CHILD']} is doing well.")[0][1] == first["CHILD"]
