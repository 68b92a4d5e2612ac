"""Which database the web app uses, from the environment."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from carepanel.web.db import database_from_env


def test_sqlite_in_the_data_directory_by_default(tmp_path: Path) -> None:
    db = database_from_env({"CAREPANEL_DATA_DIR": str(tmp_path)})
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "web.sqlite3")


def test_sqlite_path_can_be_given(tmp_path: Path) -> None:
    db = database_from_env({"CAREPANEL_DB_PATH": str(tmp_path / "panel.db")})
    assert db["NAME"] == str(tmp_path / "panel.db")


def test_postgresql_from_the_environment() -> None:
    db = database_from_env({
        "CAREPANEL_DB_ENGINE": "postgresql", "CAREPANEL_DB_NAME": "panel",
        "CAREPANEL_DB_USER": "panel_app", "CAREPANEL_DB_PASSWORD": "s3cret",
        "CAREPANEL_DB_HOST": "db.internal", "CAREPANEL_DB_PORT": "5433"})
    assert {k: db[k] for k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")} == {
        "ENGINE": "django.db.backends.postgresql", "NAME": "panel", "USER": "panel_app",
        "PASSWORD": "s3cret", "HOST": "db.internal", "PORT": "5433"}


def test_postgresql_needs_a_database_name() -> None:
    with pytest.raises(ImproperlyConfigured, match="needs CAREPANEL_DB_NAME"):
        database_from_env({"CAREPANEL_DB_ENGINE": "postgresql"})


def test_postgresql_without_its_driver_says_which_extra_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A council that installed plain "carepanel" (SQLite only): psycopg cannot be imported.
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(ImproperlyConfigured, match=r"pip install 'carepanel\[postgres\]'"):
        database_from_env({"CAREPANEL_DB_ENGINE": "postgresql", "CAREPANEL_DB_NAME": "panel"})


def test_unknown_engines_are_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="use 'sqlite'"):
        database_from_env({"CAREPANEL_DB_ENGINE": "mysql"})


def test_the_tests_run_on_the_database_asked_for() -> None:
    """CI runs this suite twice; this says which database each run really used."""
    import os

    from django.db import connection

    wanted = "postgresql" if os.environ.get("CAREPANEL_TEST_POSTGRES") == "1" else "sqlite"
    assert connection.vendor == wanted


@pytest.mark.django_db
def test_migrations_match_the_models() -> None:
    """A model change without its migration would pass here and fail on a council's server."""
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
