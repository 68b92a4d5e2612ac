"""The scorecard pages: reading them, the commentary gate, owners, and what members see.

Snapshots are made with carepanel's own scorecard code from figures chosen here
(``scorecard_data``); the ratings in the comments are worked out from the default
configuration's targets and tolerances.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from carepanel.web.audit.models import AuditEvent
from carepanel.web.scorecard_pages.models import (
    Commentary,
    MeasureOwner,
    PanelPaper,
    ScorecardSnapshot,
)

from .scorecard_data import Q1, QUARTER_FIGURES, RED_MEASURES, snapshot
from .support import client_for, make_user

pytestmark = pytest.mark.django_db
QUERY = f"?la=883&period={Q1.isoformat()}"


@pytest.fixture
def quarter(people: dict[str, Any]) -> Any:
    """The quarter's snapshot; the officer owns measures 1.6 and 2.6."""
    MeasureOwner.objects.create(measure="1.6", user=people["officer"])
    MeasureOwner.objects.create(measure="2.6", user=people["officer"])
    return snapshot(Q1, QUARTER_FIGURES)


def _rows(html: str) -> dict[str, str]:
    """Each scorecard table row's text by measure number (tags stripped, spaces folded)."""
    rows = {}
    for body in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html, re.S):
        number = re.search(r"<th scope=\"row\" class=\"govuk-table__header\">([\d.]+)</th>",
                           body)
        if number:
            text = re.sub(r"<[^>]+>", " ", body)
            rows[number.group(1)] = " ".join(text.split())
    return rows


def _mark_ready(client: Any) -> Any:
    return client.post("/scorecard/ready/", {"la": "883", "period": Q1.isoformat(),
                                             "ready": "1"}, follow=True)


def test_ready_is_refused_while_a_red_measure_lacks_commentary(
        quarter: Any, people: dict[str, Any]) -> None:
    """1.6, 2.5 and 3.5 are Red (see scorecard_data); the paper can be marked ready only
    once each has commentary for the quarter, and the refusal names those still missing."""
    analyst = client_for(people["analyst"])
    page = analyst.get("/scorecard/" + QUERY).content.decode()
    assert "3 measures are rated Red without commentary" in page

    refused = _mark_ready(analyst).content.decode()
    assert "cannot be marked ready" in refused
    assert "(1.6, 2.5, 3.5)" in refused
    assert not PanelPaper.objects.filter(ready=True).exists()

    officer = client_for(people["officer"])
    assert officer.post("/scorecard/measures/1.6/commentary/" + QUERY, {
        "text": "Two social workers left; the team is fully staffed again from May."}
    ).status_code == 302
    Commentary.objects.create(la_code="883", measure="2.5", period_end=Q1,
                              author=people["analyst"],
                              text="Covered by the analyst while the owner is away.")
    still = _mark_ready(analyst).content.decode()
    assert "(3.5)" in still and "1 measure is rated Red without commentary" in still
    assert not PanelPaper.objects.filter(ready=True).exists()

    Commentary.objects.create(la_code="883", measure="3.5", period_end=Q1,
                              author=people["analyst"],
                              text="Moves were planned steps to permanence.")
    done = _mark_ready(analyst).content.decode()
    assert "is marked ready for the Panel" in done
    paper = PanelPaper.objects.get(la_code="883", period_end=Q1)
    assert paper.ready and paper.marked_by == people["analyst"] and paper.marked_at
    assert AuditEvent.objects.filter(object_type="scorecard_pages.panelpaper",
                                     actor=people["analyst"]).exists()
    assert "Every measure rated Red has commentary" in analyst.get(
        "/scorecard/" + QUERY).content.decode()


def test_members_and_officers_cannot_mark_the_paper_ready(
        quarter: Any, people: dict[str, Any]) -> None:
    for role in ("officer", "member"):
        assert client_for(people[role]).post("/scorecard/ready/", {
            "la": "883", "period": Q1.isoformat(), "ready": "1"}).status_code == 403
    assert not PanelPaper.objects.exists()


def test_officers_comment_only_on_the_measures_they_own(
        quarter: Any, people: dict[str, Any]) -> None:
    officer = client_for(people["officer"])
    assert officer.get("/scorecard/measures/1.6/commentary/" + QUERY).status_code == 200
    assert officer.post("/scorecard/measures/3.5/commentary/" + QUERY,
                        {"text": "Not mine to write"}).status_code == 403
    assert not Commentary.objects.filter(measure="3.5").exists()
    # An analyst covers for any owner.
    assert client_for(people["analyst"]).post("/scorecard/measures/3.5/commentary/" + QUERY, {
        "text": "Written for the owner."}).status_code == 302


def test_commentary_keeps_every_version_with_who_and_when(
        quarter: Any, people: dict[str, Any]) -> None:
    officer = client_for(people["officer"])
    url = "/scorecard/measures/1.6/commentary/" + QUERY
    officer.post(url, {"text": "First account of the figure."})
    form = officer.get(url).content.decode()
    assert "First account of the figure." in form  # the form starts from the current text
    officer.post(url, {"text": "Corrected account of the figure."})
    versions = list(Commentary.objects.for_measure("883", "1.6", Q1))
    assert [v.text for v in versions] == ["Corrected account of the figure.",
                                          "First account of the figure."]
    measure_page = officer.get("/scorecard/measures/1.6/" + QUERY).content.decode()
    assert measure_page.index("Corrected account") < measure_page.index("First account")
    assert "Test Officer" in measure_page
    assert AuditEvent.objects.filter(object_type="scorecard_pages.commentary",
                                     action="create").count() == 2


def test_members_see_small_numbers_suppressed_and_no_rating_for_them(
        quarter: Any, people: dict[str, Any]) -> None:
    """1.6 is 4 of 20 (20.0%, Red) and 1.4 is a count of 3: members see c for both, and no
    Red for 1.6; staff see the figures. 2.5 (30 of 60, 50.0%, Red) is shown to everyone."""
    staff = _rows(client_for(people["officer"]).get("/scorecard/" + QUERY).content.decode())
    assert "20.0%" in staff["1.6"] and "Red" in staff["1.6"]
    assert " 3 " in f" {staff['1.4']} "
    member_page = client_for(people["member"]).get("/scorecard/" + QUERY).content.decode()
    member = _rows(member_page)
    assert "20.0%" not in member["1.6"] and " c " in f" {member['1.6']} "
    assert "Red" not in member["1.6"] and "No rating" in member["1.6"]
    assert " c " in f" {member['1.4']} " and " 3 " not in f" {member['1.4']} "
    assert "50.0%" in member["2.5"] and "Red" in member["2.5"]
    # The hidden Red is not given away by the count of measures missing commentary, nor by
    # filtering on Red.
    assert "2 measures are rated Red without commentary" in member_page
    reds = _rows(client_for(people["member"]).get(
        "/scorecard/" + QUERY + "&rag=red").content.decode())
    assert sorted(reds) == ["2.5", "3.5"]
    detail = client_for(people["member"]).get("/scorecard/measures/1.6/" + QUERY)
    text = detail.content.decode()
    assert "20.0%" not in text and "4 of 20" not in text and "Red" not in text


def test_the_threshold_on_the_settings_page_applies(quarter: Any,
                                                    people: dict[str, Any]) -> None:
    """With a threshold of 10, 3.5's 28 of 200 is still shown, but 1.6's denominator of
    20 is not small: its numerator 4 still is, so it stays hidden."""
    from carepanel.web.accounts.models import ServiceSettings

    ServiceSettings(council_name="Northshire", suppression_threshold=10).save()
    rows = _rows(client_for(people["member"]).get("/scorecard/" + QUERY).content.decode())
    assert "14.0%" in rows["3.5"]
    assert " c " in f" {rows['1.6']} "


def test_filters_by_pledge_and_rating(quarter: Any, people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    pledge3 = _rows(client.get("/scorecard/" + QUERY + "&pledge=3").content.decode())
    assert pledge3 and all(n.startswith("3.") for n in pledge3)
    green = _rows(client.get("/scorecard/" + QUERY + "&rag=green").content.decode())
    assert sorted(green) == ["3.6"]  # 75.0% against 70 (higher is better)
    red = _rows(client.get("/scorecard/" + QUERY + "&rag=red").content.decode())
    assert sorted(red) == RED_MEASURES


def test_measure_page_has_the_chart_table_definition_and_sql(
        quarter: Any, people: dict[str, Any]) -> None:
    page = client_for(people["member"]).get("/scorecard/measures/3.5/" + QUERY)
    html = page.content.decode()
    assert 'role="img"' in html and "<desc id=" in html  # the chart and its text
    assert "14.0%" in html  # in the trend table as well as the summary
    assert "placements_3plus_pct" in html and "SELECT" in html  # the SQL
    assert "Target" in html and "10.0%" in html


def test_measure_page_names_the_period_a_measure_is_counted_over(
        quarter: Any, people: dict[str, Any]) -> None:
    """A measure set to a quarter in the configuration (``period: quarter``) is compared
    with the quarter before and the same quarter last year: its page must not call them
    "12 months", while a rolling-year measure's page still does."""
    figures = quarter.figures()
    quarter.measure("1.3").period = "quarter"
    quarter.data = ScorecardSnapshot.stored(figures)
    quarter.save(update_fields=["data"])
    member = client_for(people["member"])
    html = member.get("/scorecard/measures/1.3/" + QUERY).content.decode()
    assert "(the quarter to 31 March 2025)" in html and "(the quarter to 30 June 2024)" in html
    assert "12 months to" not in html
    assert "(in the quarter)" in html  # the default title does not say it
    assert "(12 months to 31 March 2025)" in member.get(
        "/scorecard/measures/3.5/" + QUERY).content.decode()


def test_administrators_say_who_owns_each_measure(people: dict[str, Any]) -> None:
    other = make_user("officer2", "officer", first_name="Second", last_name="Officer")
    admin = client_for(people["administrator"])
    page = admin.get("/scorecard/owners/").content.decode()
    assert "Head of Fostering" in page  # the configuration's job title for 3.13
    admin.post("/scorecard/owners/", {"owner-3.13": str(other.pk),
                                      "owner-1.6": str(people["officer"].pk)})
    assert set(MeasureOwner.objects.values_list("measure", "user__username")) == {
        ("3.13", "officer2"), ("1.6", "officer")}
    admin.post("/scorecard/owners/", {"owner-3.13": "", "owner-1.6": str(other.pk)})
    assert set(MeasureOwner.objects.values_list("measure", "user__username")) == {
        ("1.6", "officer2")}
    assert AuditEvent.objects.filter(object_type="scorecard_pages.measureowner",
                                     action="delete").count() == 2
    assert client_for(people["analyst"]).get("/scorecard/owners/").status_code == 403


def test_an_empty_scorecard_says_how_figures_arrive(people: dict[str, Any]) -> None:
    page = client_for(people["analyst"]).get("/scorecard/").content.decode()
    assert "There are no figures yet" in page and "/uploads/" in page


# --- data quality: for staff, counts only ---------------------------------------------------

# The quarter's returns hold 9 errors in 8 rows, for 7 children: 3 of the 412 children looked
# after (1.1) have errors (0.7%), 6 of the 60 care leavers of 2.5 (10.0%), none of 3.5's 200.
QUALITY = {"1.1": (412, 3), "2.5": (60, 6), "3.5": (200, 0)}


@pytest.fixture
def with_errors(people: dict[str, Any]) -> Any:
    return snapshot(Q1, QUARTER_FIGURES, quality=QUALITY, errors=(9, 8, 7))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_staff_read_how_far_the_figures_rest_on_rows_with_errors(
        with_errors: Any, people: dict[str, Any]) -> None:
    """The scorecard page: the period's errors, then the measures with the largest share of
    children with errors (2.5 at 10% before 1.1 at 0.7%), each linking to its page."""
    page = client_for(people["officer"]).get("/scorecard/" + QUERY).content.decode()
    text = _text(page)
    assert ("The returns for this period hold 9 data errors in 8 rows, for 7 children."
            in text)
    first, second = (text.index("2.5 Care leavers"), text.index("1.1 Children looked"))
    assert first < second
    assert ("6 of 60 children in this measure have data errors in the returns for this "
            "period.") in text
    assert f'href="/scorecard/measures/2.5/{QUERY.replace("&", "&amp;")}"' in page
    measure = _text(client_for(people["analyst"]).get(
        "/scorecard/measures/1.1/" + QUERY).content.decode())
    assert ("Data quality 3 of 412 children in this measure have data errors in the returns "
            "for this period.") in measure
    clean = _text(client_for(people["analyst"]).get(
        "/scorecard/measures/3.5/" + QUERY).content.decode())
    assert ("None of the 200 children in this measure has a data error in the returns for "
            "this period.") in clean


def test_members_are_not_shown_data_errors(with_errors: Any, people: dict[str, Any]) -> None:
    member = client_for(people["member"])
    for url in ("/scorecard/", "/scorecard/measures/1.1/", "/scorecard/measures/2.5/"):
        text = _text(member.get(url + QUERY).content.decode())
        assert "data error" not in text and "Data quality" not in text, url


def test_the_paper_from_a_snapshot_has_the_data_quality_section(with_errors: Any) -> None:
    """Papers are made from the snapshot: its counts reach the Data quality section, and
    the public version hides the small ones (3 children of 1.1)."""
    from carepanel.web.scorecard_pages import papers

    def section(public: bool) -> str:
        report = papers.scorecard_report(with_errors, public)
        s = next(s for s in report.sections if s.heading == "Data quality")
        return " ".join(getattr(b, "text", "") or " ".join(
            v.text for row in getattr(b, "rows", []) for v in row) for b in s.blocks)

    staff = section(False)
    assert "hold 9 data errors in 8 rows, for 7 children" in staff
    assert "412 3 0.7%" in staff and "60 6 10.0%" in staff
    public = section(True)
    assert "412 c c" in public and "60 6 10.0%" in public


@pytest.mark.parametrize("query, says", [
    ("?la=999", "There is no scorecard for council “999”. The councils with one are: "
                "Council 883."),
    ("?la=883&period=2024-02-30", "There is no scorecard of Council 883 for the period "
                                  "ending “2024-02-30”. Its periods end on: 30/06/2025."),
    ("?la=883&period=2023-03-31", "for the period ending “2023-03-31”"),
])
def test_an_unknown_council_or_period_is_said_never_swapped(quarter: Any,
                                                            people: dict[str, Any],
                                                            query: str, says: str) -> None:
    member = client_for(people["member"])
    for url in ("/scorecard/", "/scorecard/measures/2.5/", "/scorecard/papers/",
                "/scorecard/papers/scorecard.xlsx"):
        response = member.get(url + query)
        assert response.status_code == 404, url
        assert says in " ".join(response.content.decode().split()), url


def test_a_paper_unmarked_by_the_system_shows_on_the_scorecard(quarter: Any,
                                                               people: dict[str, Any]) -> None:
    """A recalculation run by the worker itself (no person) unmarks a paper: the page says
    so rather than failing on the missing name."""
    from django.utils import timezone

    PanelPaper.objects.create(la_code="883", period_end=Q1, ready=False,
                              marked_at=timezone.now())
    page = " ".join(client_for(people["member"]).get(f"/scorecard/{QUERY}").content.decode()
                    .split())
    assert "Not ready" in page and "a recalculation changed the figures" in page
    PanelPaper.objects.filter(la_code="883").update(ready=True)
    assert client_for(people["member"]).get(f"/scorecard/{QUERY}").status_code == 200
