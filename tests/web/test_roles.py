"""The role matrix: for every URL pattern and every kind of visitor, the declared response.

Every pattern the URL resolver knows must be declared in MATRIX with
an expected status for a signed-out visitor, each of the four roles, and a signed-in person
with no role. A new page that is not declared fails ``test_every_url_pattern_is_declared``,
so no page can appear without someone deciding who may see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from carepanel.web.accounts.models import ServiceSettings
from carepanel.web.scorecard_pages.models import Commentary, ManualMeasureValue, MeasureOwner
from carepanel.web.strategy.models import Action, Priority, ProgressUpdate, YouSaidWeDid, today
from carepanel.web.uploads.models import Job, JobKind

from .scorecard_data import Q1, QUARTER_FIGURES, snapshot
from .support import client_for, make_user

LOGIN = "login"  # 302 to a sign-in page
VISITORS = ("anonymous", "administrator", "analyst", "officer", "member", "no_role")


def expect(anonymous: Any, administrator: Any, analyst: Any, officer: Any, member: Any,
           no_role: Any) -> dict[str, Any]:
    return dict(zip(VISITORS, (anonymous, administrator, analyst, officer, member, no_role),
                    strict=True))


def redirect(prefix: str) -> str:
    return f"redirect:{prefix}"


EVERYONE = expect(200, 200, 200, 200, 200, 200)
SIGNED_IN = expect(LOGIN, 200, 200, 200, 200, 200)
ANY_ROLE = expect(LOGIN, 200, 200, 200, 200, 403)
EDITORS = expect(LOGIN, 200, 200, 403, 403, 403)
WRITERS = expect(LOGIN, 200, 200, 200, 403, 403)
ADMINS = expect(LOGIN, 200, 403, 403, 403, 403)


ANALYSTS = expect(LOGIN, 403, 200, 403, 403, 403)


Url = Callable[[dict[str, Any]], str]


def named(name: str, *keys: str) -> Url:
    """The URL of ``name`` with the sample objects ``keys`` as its arguments."""
    return lambda o: reverse(name, args=[o[k].pk for k in keys])


def measure_url(name: str, number: str) -> Url:
    """A measure's page (by its number) for the sample quarter."""
    return lambda o: reverse(name, args=[number]) + f"?la=883&period={o['snapshot'].period_end}"


MATRIX: dict[str, tuple[Url, dict[str, Any]]] = {
    "home": (named("home"), SIGNED_IN),
    "accessibility": (named("accessibility"), EVERYONE),
    "login": (named("login"), expect(200, *[redirect("/")] * 5)),
    "logout": (named("logout"), expect(405, 405, 405, 405, 405, 405)),  # POST only
    "password_change": (named("password_change"), SIGNED_IN),
    "password_change_done": (named("password_change_done"), SIGNED_IN),
    "accounts:users": (named("accounts:users"), ADMINS),
    "accounts:user_add": (named("accounts:user_add"), ADMINS),
    "accounts:user_edit": (named("accounts:user_edit", "member"), ADMINS),
    "accounts:user_unlock": (named("accounts:user_unlock", "member"), expect(*[405] * 6)),
    "accounts:settings": (named("accounts:settings"), ADMINS),
    "strategy:tracker": (named("strategy:tracker"), ANY_ROLE),
    "strategy:action_add": (named("strategy:action_add"), EDITORS),
    "strategy:action_detail": (named("strategy:action_detail", "action"), ANY_ROLE),
    "strategy:action_edit": (named("strategy:action_edit", "action"), EDITORS),
    # The sample action is owned by the officer; test_strategy checks other officers get 403.
    "strategy:progress_add": (named("strategy:progress_add", "action"), WRITERS),
    "strategy:priority_add": (named("strategy:priority_add"), EDITORS),
    "strategy:priority_edit": (named("strategy:priority_edit", "priority"), EDITORS),
    "strategy:export_csv": (named("strategy:export_csv"), ANY_ROLE),
    "strategy:export_xlsx": (named("strategy:export_xlsx"), ANY_ROLE),
    "strategy:import": (named("strategy:import"), EDITORS),
    "yousaid:list": (named("yousaid:list"), ANY_ROLE),
    "yousaid:add": (named("yousaid:add"), WRITERS),
    "yousaid:edit": (named("yousaid:edit", "ask"), WRITERS),
    "audit:log": (named("audit:log"), ADMINS),
    "privacy:redact": (lambda o: reverse("privacy:redact", args=["progress", o["update"].pk]),
                       ADMINS),
    # The scorecard: figures for every role (members' suppressed), work on owned measures.
    "scorecard:index": (named("scorecard:index"), ANY_ROLE),
    "scorecard:measure": (measure_url("scorecard:measure", "1.6"), ANY_ROLE),
    # The officer owns 1.6 and 2.6; test_scorecard_workflow checks other officers get 403.
    "scorecard:commentary_add": (measure_url("scorecard:commentary_add", "1.6"), WRITERS),
    "scorecard:manual_value": (measure_url("scorecard:manual_value", "2.6"), WRITERS),
    "scorecard:mark_ready": (named("scorecard:mark_ready"), expect(*[405] * 6)),  # POST only
    "scorecard:owners": (named("scorecard:owners"), ADMINS),
    "scorecard:papers": (named("scorecard:papers"), ANY_ROLE),
    "scorecard:download": (lambda o: reverse("scorecard:download", args=["scorecard", "xlsx"]),
                           ANY_ROLE),
    # Uploads name children in their findings: analysts only.
    "uploads:index": (named("uploads:index"), ANALYSTS),
    "uploads:detail": (named("uploads:detail", "job"), ANALYSTS),
    "uploads:recompute": (named("uploads:recompute"), expect(*[405] * 6)),  # POST only
    # Ofsted's provider lists are kept from the upload page (POST only; analysts: see
    # test_provider_lists).
    "uploads:provider_lists": (named("uploads:provider_lists"), expect(*[405] * 6)),
}


def url_patterns() -> Iterator[str]:
    """Every pattern's key: its namespaced name, or its full route when it has no name."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[str]:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace + (f"{p.namespace}:" if p.namespace else "")
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                yield namespace + p.name if p.name else prefix + str(p.pattern)

    yield from walk(get_resolver().url_patterns, "", "")


def test_every_url_pattern_is_declared() -> None:
    """A URL pattern without a declared status for each visitor fails the build."""
    patterns = set(url_patterns())
    assert sorted(patterns - set(MATRIX)) == [], "undeclared URL patterns"
    assert sorted(set(MATRIX) - patterns) == [], "declared patterns that no longer exist"
    for key, (_, statuses) in MATRIX.items():
        assert set(statuses) == set(VISITORS), key


@pytest.fixture
def samples(people: dict[str, Any]) -> dict[str, Any]:
    """One object of every kind a URL can name, plus the people."""
    officer, admin = people["officer"], people["administrator"]
    priority = Priority.objects.create(title="Stable homes", order=1)
    action = Action.objects.create(priority=priority, what="Recruit foster carers",
                                   owner=officer, due_date=today() + dt.timedelta(days=3 * 365))
    objects = {
        **people,
        "no_role": make_user("norole", None),
        "priority": priority,
        "action": action,
        "update": ProgressUpdate.objects.create(action=action, text="Started", author=officer),
        "ask": YouSaidWeDid.objects.create(you_said="More say in reviews", owner=officer),
        "commentary": Commentary.objects.create(measure="2.15", period_end=dt.date(2025, 6, 30),
                                                text="Improving", author=officer),
        "manual_value": ManualMeasureValue.objects.create(
            measure="4.2", period_end=dt.date(2025, 6, 30), value=50, numerator=1,
            denominator=2, source_note="Health team count", entered_by=admin),
    }
    objects["snapshot"] = snapshot(Q1, QUARTER_FIGURES)
    for number in ("1.6", "2.6"):
        MeasureOwner.objects.create(measure=number, user=officer)
    objects["job"] = Job.objects.create(kind=JobKind.LOAD, created_by=people["analyst"],
                                        la_code="883", file_names=["header.csv"])
    ServiceSettings(council_name="Northshire County Council").save()
    objects["settings"] = ServiceSettings.objects.get()
    return objects


def _outcome(response: Any) -> Any:
    if response.status_code == 302:
        path = urlsplit(response["Location"]).path
        return LOGIN if path.endswith("/login/") else path
    return response.status_code


def _matches(expected: Any, got: Any) -> bool:
    if isinstance(expected, str) and expected.startswith("redirect:"):
        return isinstance(got, str) and got.startswith(expected.removeprefix("redirect:"))
    return expected == got


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_role_matrix(key: str, samples: dict[str, Any]) -> None:
    """Each visitor gets exactly the declared response for this URL (a GET)."""
    make_url, expected = MATRIX[key]
    url = make_url(samples)
    got = {}
    for visitor in VISITORS:
        user = None if visitor == "anonymous" else samples[visitor]
        got[visitor] = _outcome(client_for(user).get(url))
    wrong = {v: (expected[v], got[v]) for v in VISITORS if not _matches(expected[v], got[v])}
    assert wrong == {}, f"{url}: visitor -> (expected, got)"
