"""Production settings: Django's deployment checklist passes with nothing to report, and
nothing secret has a default."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "carepanel.web.settings_production",
    "CAREPANEL_SECRET_KEY": "x8Q!2mZr#" * 7,  # 63 characters, 9 distinct: passes W009
    "CAREPANEL_ALLOWED_HOSTS": "panel.example.gov.uk",
    "CAREPANEL_CSRF_TRUSTED_ORIGINS": "https://panel.example.gov.uk",
}


def _django(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("CAREPANEL_", "DJANGO_"))}
    clean.update({"CAREPANEL_DATA_DIR": str(tmp_path / "data"),
                  "CAREPANEL_DB_PATH": str(tmp_path / "web.sqlite3"), **env})
    return subprocess.run([sys.executable, "-m", "django", *args], env=clean,
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)


def test_check_deploy_reports_nothing(tmp_path: Path) -> None:
    """``check --deploy --fail-level WARNING`` exits 0 with no warnings at all (so HSTS,
    secure cookies, SSL redirect, the secret key and the rest are all set)."""
    result = _django(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("missing", ["CAREPANEL_SECRET_KEY", "CAREPANEL_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing: str, tmp_path: Path) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _django(["check"], env, tmp_path)
    assert result.returncode != 0
    assert f"{missing} must be set for production" in result.stderr
    assert not (tmp_path / "data" / "secret_key").exists()  # no fallback key was made


def test_production_values(tmp_path: Path) -> None:
    """The settings a reviewer looks for, read from the production module itself."""
    code = ("from django.conf import settings as s; "
            "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_NAME, "
            "s.ALLOWED_HOSTS, s.SECRET_KEY == '" + PRODUCTION["CAREPANEL_SECRET_KEY"] + "')")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CAREPANEL_", "DJANGO_"))}
    clean.update({"CAREPANEL_DATA_DIR": str(tmp_path), **PRODUCTION})
    result = subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False", "True", "True", "True", "31536000", "__Host-sessionid",
        "['panel.example.gov.uk']", "True"]


def test_collectstatic_with_hashed_names(tmp_path: Path) -> None:
    """Production collects static files under content-hashed names; every URL the CSS and
    the module script refer to must exist (collectstatic fails otherwise), and the module's
    import of GOV.UK Frontend is rewritten to the hashed file."""
    root = tmp_path / "static"
    env = {**PRODUCTION, "CAREPANEL_STATIC_ROOT": str(root)}
    result = _django(["collectstatic", "--noinput"], env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    hashed = [p.name for p in (root / "carepanel").glob("app.*.js")]
    assert len(hashed) == 1
    script = (root / "carepanel" / hashed[0]).read_text(encoding="utf-8")
    target = re.search(r'from "\./govuk/(govuk-frontend\.min\.[0-9a-f]{12}\.js)"', script)
    assert target is not None, script
    assert (root / "carepanel" / "govuk" / target.group(1)).exists()


@pytest.mark.parametrize(("worker", "expected"), [(None, "external"), ("thread", "thread")])
def test_production_runs_jobs_in_a_worker_process_of_their_own(
        worker: str | None, expected: str, tmp_path: Path) -> None:
    """gunicorn's several processes must not each run a worker thread: production only
    queues jobs for ``carepanel worker`` unless told otherwise."""
    code = "from django.conf import settings as s; print(s.CAREPANEL_WORKER)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CAREPANEL_", "DJANGO_"))}
    clean.update({"CAREPANEL_DATA_DIR": str(tmp_path), **PRODUCTION})
    if worker is not None:
        clean["CAREPANEL_WORKER"] = worker
    result = subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_an_unknown_worker_mode_is_refused(tmp_path: Path) -> None:
    result = _django(["check"], {**PRODUCTION, "CAREPANEL_WORKER": "threads"}, tmp_path)
    assert result.returncode != 0
    assert "CAREPANEL_WORKER='threads': use 'thread'" in result.stderr
