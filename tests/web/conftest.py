"""Test set-up for the web app: Django settings, the database, and people in each role.

By default the tests use SQLite. With ``CAREPANEL_TEST_POSTGRES=1`` they use the PostgreSQL
server named by ``CAREPANEL_DB_HOST``/``PORT``/``NAME``/``USER``/``PASSWORD`` (CI starts a
throwaway one on loopback); pytest-django creates and drops a ``test_`` database there, so
the role needs CREATEDB.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

_DB_VARS = ("CAREPANEL_DB_ENGINE", "CAREPANEL_DB_NAME", "CAREPANEL_DB_USER",
            "CAREPANEL_DB_PASSWORD", "CAREPANEL_DB_HOST", "CAREPANEL_DB_PORT",
            "CAREPANEL_DB_PATH")

if os.environ.get("CAREPANEL_TEST_POSTGRES") == "1":
    os.environ["CAREPANEL_DB_ENGINE"] = "postgresql"
    os.environ.setdefault("CAREPANEL_DB_NAME", "carepanel")
    os.environ.setdefault("CAREPANEL_DB_HOST", "127.0.0.1")
else:
    # Never run the tests against a database a developer's shell happens to point at.
    for _name in _DB_VARS:
        os.environ.pop(_name, None)

os.environ["DJANGO_SETTINGS_MODULE"] = "carepanel.web.settings"
os.environ["CAREPANEL_DATA_DIR"] = tempfile.mkdtemp(prefix="carepanel-web-tests-")
os.environ["CAREPANEL_SECRET_KEY"] = "tests-only-" + "k" * 60
os.environ.setdefault("CAREPANEL_COUNCIL_NAME", "Northshire County Council")

import django  # noqa: E402  (after the environment above is set)

django.setup()

from django.test.utils import override_settings  # noqa: E402

# Password hashing is deliberately slow; tests make hundreds of people.
override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()

from carepanel.web.roles import ROLES  # noqa: E402

from .support import make_user  # noqa: E402


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    """One person per role: {"administrator": user, "analyst": ..., "officer": ...,
    "member": ...}, all with the password ``PASSWORD``."""
    return {role: make_user(role, role, first_name="Test", last_name=role.title())
            for role in ROLES}


@pytest.fixture
def sync_worker(settings: Any, tmp_path: Path) -> Path:
    """Jobs run at once; a new warehouse and upload folder for each test."""
    settings.CAREPANEL_WORKER_SYNC = True
    settings.CAREPANEL_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    settings.CAREPANEL_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path / "warehouse.duckdb"
