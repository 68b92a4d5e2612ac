"""The compiled GOV.UK Frontend assets: Arial, no GOV.UK-only font or crest, and the
committed build matches what the pinned npm packages produce."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "src" / "carepanel" / "web" / "static" / "carepanel"
BUILD = REPO / "src" / "carepanel" / "web" / "static_src" / "build.mjs"


def test_css_uses_arial_and_nothing_reserved_for_gov_uk() -> None:
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "font-family:arial,sans-serif" in css
    assert "govuk-crest" not in css and "govuk-logo" not in css.replace(
        "govuk-logo-dot", "")  # the footer crest image is compiled away
    assert "govuk-generic-header" in css and "govuk-service-navigation" in css


def test_css_refers_only_to_files_that_are_shipped() -> None:
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    urls = re.findall(r"url\(([^)]*)\)", css)
    missing = [u for u in urls if not u.startswith(("data:", "\"data:", "'data:"))]
    assert missing == []


def test_templates_use_only_shipped_static_files() -> None:
    templates = REPO / "src" / "carepanel" / "web" / "templates"
    used = set()
    for path in templates.rglob("*.html"):
        used |= set(re.findall(r"{% static '([^']+)' %}", path.read_text(encoding="utf-8")))
    assert used == {"carepanel/app.css", "carepanel/app.js", "carepanel/favicon.svg"}
    for name in used:
        assert (STATIC.parent / name).is_file(), name
    module = (STATIC / "app.js").read_text(encoding="utf-8")
    assert 'from "./govuk/govuk-frontend.min.js"' in module
    assert (STATIC / "govuk" / "govuk-frontend.min.js").is_file()


def test_frontend_pinned_to_version_6() -> None:
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"6\.\d+\.\d+", package["devDependencies"]["govuk-frontend"])
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/govuk-frontend"]["version"] == (
        package["devDependencies"]["govuk-frontend"])


def test_committed_build_matches_a_fresh_one(tmp_path: Path) -> None:
    """CI runs `npm ci` first and sets CAREPANEL_REQUIRE_ASSETS=1, so there this cannot skip:
    a change to the SCSS without `npm run build` fails here."""
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "sass").is_dir():
        if os.environ.get("CAREPANEL_REQUIRE_ASSETS") == "1":
            pytest.fail("CAREPANEL_REQUIRE_ASSETS=1 but node or node_modules is missing")
        pytest.skip("needs node and `npm ci`")
    subprocess.run([node, str(BUILD), str(tmp_path)], check=True, capture_output=True,
                   timeout=120)
    for name in ("app.css", "govuk/govuk-frontend.min.js"):
        assert (tmp_path / name).read_bytes() == (STATIC / name).read_bytes(), (
            f"{name} is out of date: run `npm run build`")
