"""The service in a real browser: each role signs in and uses it, and every page passes the
axe-core WCAG 2.2 AA checks, with GOV.UK Frontend's JavaScript running under the CSP.

Uses Debian's Chromium (/usr/bin/chromium) through Playwright; no browser is downloaded.
Screenshots of every page go to $CAREPANEL_SCREENSHOTS (else a temporary folder) so a
person can look at them. Skipped where Chromium is missing, unless CI sets
CAREPANEL_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from carepanel.web.strategy.models import Action, Priority, ProgressUpdate, YouSaidWeDid

from conftest import CHROMIUM, import_for_browser, require_tools

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEMO_PASSWORD = "browser test demo passphrase"
REFLOW_WIDTH = 320
# The innermost elements reaching past the viewport's right edge: what makes a page scroll.
WIDEST_ELEMENTS = """(width) => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && ![...el.children].some(
        c => c.getBoundingClientRect().right > width + 1)) {
      out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className)
        .trim().split(/\\s+/).join('.') : ''));
    }
  }
  return [...new Set(out)].slice(0, 5).join(', ');
}"""

require_tools(CHROMIUM.exists(), f"needs {CHROMIUM} (apt-get install chromium)",
              allow_module_level=True)
playwright_api = import_for_browser("playwright.sync_api")
axe_module = import_for_browser("axe_playwright_python.sync_playwright")


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; Django's guard against ORM
    # calls from async code would otherwise refuse the test's own database queries.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("CAREPANEL_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def demo(transactional_db: Any) -> None:
    from carepanel.web.demo import create_demo

    create_demo(password=DEMO_PASSWORD)


@pytest.fixture
def figures(demo: None, settings: Any, tmp_path: Path) -> str:
    """Two quarters' scorecards (three measures Red in the later one; see scorecard_data)
    and a worker that runs jobs at once against a warehouse of this test's own."""
    from .scorecard_data import Q1, QUARTER_FIGURES, snapshot

    settings.CAREPANEL_WORKER_SYNC = True
    settings.CAREPANEL_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    settings.CAREPANEL_UPLOAD_DIR = str(tmp_path / "uploads")
    earlier = {k: (n + 2 if d else n, d) for k, (n, d) in QUARTER_FIGURES.items()}
    snapshot(dt.date(2025, 3, 31), earlier)
    snapshot(Q1, QUARTER_FIGURES, last_year=earlier)
    return f"?la=883&period={Q1.isoformat()}"


@pytest.fixture(scope="module")
def broken_return(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A synthetic return with two field errors (see test_uploads.broken_copy)."""
    from carepanel.ssda903.synth import generate

    from .test_uploads import broken_copy

    root = tmp_path_factory.mktemp("browser-synth")
    generate(root, children=20, years=1, seed=5, la_code="883")
    broken_copy(root / "883" / "ssda903_2025", root / "bad")
    return sorted((root / "bad").glob("*.csv"))


class Visitor:
    """One person in one browser tab: signs in, opens pages, checks each one."""

    def __init__(self, browser: Any, base: str, shots: Path, who: str,
                 width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.base, self.shots, self.who = base, shots, who
        self.violations: dict[str, list[str]] = {}
        self.width = width

    def sign_in(self, username: str) -> None:
        self.open("/accounts/login/", check=False)
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("button:has-text('Sign in')")
        self.page.wait_for_url(self.base + "/")

    def open(self, path: str, check: bool = True) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status < 400, (path, response and
                                                                 response.status)
        if check:
            self.check(path)

    def check(self, label: str) -> None:
        """Screenshot, GOV.UK Frontend running, no console errors (a CSP refusal would be
        one), and no axe violations."""
        name = re.sub(r"[^a-z0-9]+", "-", f"{self.who} {label}".lower()).strip("-")
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)
        classes = self.page.evaluate("document.body.className")
        assert "govuk-frontend-supported" in classes, (label, classes)
        assert self.errors == [], (label, self.errors)
        results = axe_module.Axe().run(self.page, options={
            "runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"],
            # Best practice beyond WCAG that the service keeps: all content in landmarks.
            "rules": {"region": {"enabled": True}}})
        found = [f"{v['id']}: {v['help']} ({len(v['nodes'])} elements)"
                 for v in results.response["violations"]]
        found += self.reflow(label)
        if found:
            self.violations[label] = found

    def reflow(self, label: str) -> list[str]:
        """WCAG 1.4.10: at 320 CSS pixels wide (400% zoom of 1280) nothing makes the page
        scroll sideways; a screenshot at that width goes beside the others."""
        self.page.set_viewport_size({"width": REFLOW_WIDTH, "height": 900})
        try:
            wide = self.page.evaluate("document.documentElement.scrollWidth")
            name = re.sub(r"[^a-z0-9]+", "-", f"{self.who} {label} 320".lower())
            self.page.screenshot(path=str(self.shots / f"{name.strip('-')}.png"),
                                 full_page=True)
            if wide > REFLOW_WIDTH:
                culprits = self.page.evaluate(WIDEST_ELEMENTS, REFLOW_WIDTH)
                return [f"reflow: {wide} px wide at {REFLOW_WIDTH} px ({culprits})"]
            return []
        finally:
            self.page.set_viewport_size({"width": self.width, "height": 900})

    def close(self) -> None:
        self.context.close()


def _first_action_paths(owner: str) -> tuple[int, str]:
    action = Action.objects.filter(owner__username=owner).order_by("pk").first()
    assert action is not None
    return action.pk, f"/strategy/actions/{action.pk}/"


def test_every_page_for_every_role_is_accessible(chrome: Any, live_server: Any, demo: None,
                                                 figures: str, shots: Path) -> None:
    _, detail = _first_action_paths("demo-officer")
    # Real keys: PostgreSQL does not restart its sequences between tests.
    ask = f"/you-said-we-did/{YouSaidWeDid.objects.order_by('pk').first().pk}/edit/"
    priority = f"/strategy/priorities/{Priority.objects.order_by('pk').first().pk}/edit/"
    admin_user = f"/accounts/users/{get_user_model().objects.get(username='demo-admin').pk}/"
    redact = f"/redact/progress/{ProgressUpdate.objects.order_by('pk').first().pk}/"
    q = figures
    scorecard = [f"/scorecard/{q}", f"/scorecard/{q}&rag=red", f"/scorecard/measures/1.6/{q}",
                 f"/scorecard/measures/3.6/{q}", f"/scorecard/papers/{q}"]
    pages = {
        "anonymous": ["/accounts/login/", "/accessibility/"],
        "demo-admin": ["/", "/strategy/", detail, f"{detail}edit/", "/strategy/actions/new/",
                       f"{detail}progress/", "/strategy/priorities/new/",
                       priority, "/strategy/import/",
                       "/you-said-we-did/", "/you-said-we-did/new/", ask, "/accounts/users/",
                       "/accounts/users/new/", admin_user, "/accounts/settings/",
                       "/audit/", "/accounts/password/", *scorecard, "/scorecard/owners/",
                       redact,
                       f"/scorecard/measures/2.5/commentary/{q}"],
        "demo-analyst": ["/", "/strategy/", detail, *scorecard, "/uploads/",
                         f"/scorecard/measures/3.13/value/{q}",
                         f"/scorecard/measures/3.13/{q}"],
        "demo-officer": ["/", "/strategy/", detail, f"{detail}progress/", "/you-said-we-did/",
                         ask, *scorecard, f"/scorecard/measures/1.6/commentary/{q}"],
        "demo-councillor": ["/", "/strategy/", detail, "/you-said-we-did/", *scorecard],
    }
    violations: dict[str, Any] = {}
    for who, paths in pages.items():
        visitor = Visitor(chrome, live_server.url, shots, who)
        if who != "anonymous":
            visitor.sign_in(who)
        for path in paths:
            visitor.open(path)
        violations.update({f"{who} {k}": v for k, v in visitor.violations.items()})
        visitor.close()
    assert violations == {}, "\n".join(f"{k}: {v}" for k, v in violations.items())


def test_error_states_are_accessible(chrome: Any, live_server: Any, demo: None,
                                     shots: Path) -> None:
    """Forms with errors: the error summary takes focus and links to each field."""
    visitor = Visitor(chrome, live_server.url, shots, "errors")
    page = visitor.page
    visitor.open("/accounts/login/", check=False)
    page.fill("#id_username", "demo-officer")
    page.fill("#id_password", "wrong password")
    page.click("button:has-text('Sign in')")
    visitor.check("login error")
    assert page.evaluate("document.activeElement.className").startswith("govuk-error-summary")
    visitor.sign_in("demo-officer")
    _, detail = _first_action_paths("demo-officer")
    visitor.open(f"{detail}progress/", check=False)
    page.fill("#id_date", "31/02/2026")
    page.click("button:has-text('Add update')")
    visitor.check("progress error")
    assert page.locator(".govuk-error-summary__list a").all_inner_texts() == [
        "Date of this update must be a real date, for example 31/3/2026", "Enter progress"]
    visitor.close()

    admin = Visitor(chrome, live_server.url, shots, "errors-admin")
    admin.sign_in("demo-admin")
    admin.open("/strategy/import/", check=False)
    admin.page.set_input_files("#id_file", files=[{
        "name": "plan.csv", "mimeType": "text/csv",
        "buffer": b"Priority,What,When (due date)\nBe healthy,Eye tests,soon\n"}])
    admin.page.click("button:has-text('Import')")
    admin.check("import error")
    assert "Line 2: When (due date)" in admin.page.content()
    admin.close()
    assert visitor.violations == {} and admin.violations == {}


def test_officer_adds_progress_and_a_member_sees_it(chrome: Any, live_server: Any,
                                                    demo: None, shots: Path) -> None:
    pk, detail = _first_action_paths("demo-officer")
    officer = Visitor(chrome, live_server.url, shots, "officer-journey")
    officer.sign_in("demo-officer")
    officer.page.click("a.govuk-service-navigation__link:has-text('Strategy tracker')")
    officer.page.click(f"a[href='{detail}']")
    officer.page.click("a:has-text('Add a progress update')")
    # Today, built at run time: the demo's own updates are dated relative to today, so a
    # fixed date would fall behind them and be hidden as the test ages.
    officer.page.fill("#id_date", dt.date.today().strftime("%d/%m/%Y"))
    officer.page.fill("#id_text", "Twelve new carers approved at Panel this month.")
    officer.page.select_option("#id_new_status", "on_track")
    officer.page.click("button:has-text('Add update')")
    officer.page.wait_for_url(live_server.url + detail)
    officer.check("after adding progress")
    assert "Progress update added." in officer.page.content()
    officer.close()
    assert ProgressUpdate.objects.filter(action_id=pk, author__username="demo-officer",
                                         text__startswith="Twelve new carers").exists()

    member = Visitor(chrome, live_server.url, shots, "member-journey")
    member.sign_in("demo-councillor")
    member.open("/strategy/")
    assert "Twelve new carers approved" in member.page.content()
    member.open(detail)
    assert "Twelve new carers approved at Panel this month." in member.page.content()
    assert member.page.locator("a:has-text('Add a progress update')").count() == 0
    member.close()
    assert officer.violations == {} and member.violations == {}


def test_small_screen_menu(chrome: Any, live_server: Any, demo: None, shots: Path) -> None:
    """On a phone the service navigation folds into a Menu button that opens it (GOV.UK
    Frontend's JavaScript, allowed by the CSP)."""
    visitor = Visitor(chrome, live_server.url, shots, "phone", width=375)
    visitor.sign_in("demo-admin")
    visitor.open("/strategy/")
    toggle = visitor.page.locator("button.govuk-service-navigation__toggle")
    assert toggle.is_visible()
    assert not visitor.page.locator("#navigation").is_visible()
    toggle.click()
    assert visitor.page.locator("#navigation").is_visible()
    visitor.check("menu open")
    visitor.close()
    assert visitor.violations == {}


def test_officer_explains_a_red_measure_and_the_paper_waits_for_the_rest(
        chrome: Any, live_server: Any, figures: str, shots: Path) -> None:
    """1.6, 2.5 and 3.5 are Red; the placements officer owns 1.6 and 3.5 in the demo."""
    from carepanel.web.scorecard_pages.models import Commentary, PanelPaper

    officer = Visitor(chrome, live_server.url, shots, "commentary-journey")
    officer.sign_in("demo-officer")
    officer.page.click("a.govuk-service-navigation__link:has-text('Scorecard')")
    warning = officer.page.locator(".govuk-warning-text")
    assert "3 measures are rated Red without commentary" in warning.inner_text()
    warning.locator("a:has-text('1.6')").click()
    officer.page.click("a:has-text('Add commentary')")
    officer.check("commentary form")
    officer.page.fill("#id_text", "Two social workers left in the spring; both posts are "
                                  "filled and every child has met their new worker.")
    officer.page.click("button:has-text('Save commentary')")
    officer.check("measure after commentary")
    assert "Commentary on measure 1.6 saved." in officer.page.content()
    assert "every child has met their new worker" in officer.page.content()
    officer.close()
    assert Commentary.objects.filter(measure="1.6", author__username="demo-officer").exists()

    analyst = Visitor(chrome, live_server.url, shots, "ready-journey")
    analyst.sign_in("demo-analyst")
    analyst.open(f"/scorecard/{figures}")
    analyst.page.click("button:has-text('Mark the paper ready')")
    analyst.check("ready refused")
    banner = analyst.page.locator(".govuk-notification-banner").inner_text()
    assert "cannot be marked ready" in banner and "(2.5, 3.5)" in banner
    assert not PanelPaper.objects.filter(ready=True).exists()
    analyst.close()
    assert officer.violations == {} and analyst.violations == {}


def test_analyst_uploads_a_return_with_errors_and_sees_them(
        chrome: Any, live_server: Any, figures: str, broken_return: list[Path],
        shots: Path) -> None:
    from carepanel.web.uploads.models import Finding, Job

    analyst = Visitor(chrome, live_server.url, shots, "upload-journey")
    analyst.sign_in("demo-analyst")
    analyst.page.click("a.govuk-service-navigation__link:has-text('Uploads')")
    analyst.page.set_input_files("#id_files", [str(p) for p in broken_return])
    analyst.page.fill("#id_la_code", "883")
    analyst.page.fill("#id_year", "2024/25")
    analyst.page.click("button:has-text('Upload and check')")
    # Bad values do not block the Panel's figures: the return loads, and the analyst sees
    # what was left out.
    analyst.page.wait_for_selector("h2.govuk-panel__title:has-text('Loaded')")
    analyst.page.wait_for_selector("text=left out of the figures")
    analyst.check("upload loaded with errors")
    job = Job.objects.filter(kind="load").get()
    sex = Finding.objects.get(job=job, column="SEX")
    row = analyst.page.locator("tr", has_text="header.csv").filter(has_text="SEX")
    cells = row.locator("td").all_inner_texts()
    assert cells[:3] == ["header.csv", "3", "SEX"] and cells[-1] == sex.child
    analyst.page.click("a:has-text('Errors only')")
    analyst.check("upload errors only")
    assert analyst.page.locator("tbody tr").count() == 2
    analyst.close()
    assert analyst.violations == {}


def test_member_downloads_the_public_paper(chrome: Any, live_server: Any, figures: str,
                                           shots: Path, tmp_path: Path) -> None:
    member = Visitor(chrome, live_server.url, shots, "download-journey")
    member.sign_in("demo-councillor")
    member.page.click("a.govuk-service-navigation__link:has-text('Papers')")
    member.check("papers")
    with member.page.expect_download() as info:
        member.page.click("a:has-text('Excel, public version') >> nth=0")
    download = info.value
    assert download.suggested_filename == "scorecard_883_2025-06-30_public_DRAFT.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    import openpyxl

    book = openpyxl.load_workbook(saved)
    assert book.sheetnames  # a real workbook
    member.close()
    assert member.violations == {}


def test_administrator_lifts_a_sign_in_lock(chrome: Any, live_server: Any, demo: None,
                                            shots: Path) -> None:
    """Five wrong passwords lock the officer out; the administrator's page for that person
    says so (and passes axe), one button lifts the lock and the officer signs in."""
    officer = Visitor(chrome, live_server.url, shots, "lock-officer")
    for attempt in range(5):
        officer.open("/accounts/login/", check=False)
        officer.page.fill("#id_username", "demo-officer")
        officer.page.fill("#id_password", f"wrong guess {attempt}")
        officer.page.click("button:has-text('Sign in')")
    assert "Signing in is paused" in officer.page.content()

    admin = Visitor(chrome, live_server.url, shots, "lock-admin")
    admin.sign_in("demo-admin")
    person = get_user_model().objects.get(username="demo-officer")
    admin.open(f"/accounts/users/{person.pk}/")
    assert "Signing in is locked" in admin.page.content()
    admin.page.click("button:has-text('Let demo-officer sign in again')")
    admin.check("lock lifted")
    assert "demo-officer can sign in again." in admin.page.content()
    admin.close()

    officer.sign_in("demo-officer")
    officer.close()
    assert admin.violations == {}
