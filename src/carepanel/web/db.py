"""Which database the web app uses, read from the environment.

The web database holds users, strategy, commentary and the audit log: aggregates and text,
never child-level rows (those stay in the DuckDB warehouse). SQLite is the default so a
council can try the app with nothing to install; PostgreSQL is for a shared deployment.

    CAREPANEL_DB_ENGINE=postgresql   then CAREPANEL_DB_NAME, CAREPANEL_DB_USER,
                                     CAREPANEL_DB_PASSWORD, CAREPANEL_DB_HOST, CAREPANEL_DB_PORT
    (unset or sqlite)                CAREPANEL_DB_PATH, else web.sqlite3 in the data directory
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs
from django.core.exceptions import ImproperlyConfigured


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$CAREPANEL_DATA_DIR``, else the user's data directory (``~/.local/share/carepanel``)."""
    env = os.environ if env is None else env
    if env.get("CAREPANEL_DATA_DIR"):
        return Path(env["CAREPANEL_DATA_DIR"])
    return platformdirs.user_data_path("carepanel")


def _need_psycopg() -> None:
    """PostgreSQL's driver is an extra (SQLite needs nothing): say how to add it, at start-up,
    rather than letting Django fail on the first request with a traceback."""
    try:
        import psycopg  # noqa: F401
    except ImportError as e:
        raise ImproperlyConfigured(
            "CAREPANEL_DB_ENGINE=postgresql needs the PostgreSQL driver: "
            "pip install 'carepanel[postgres]'"
        ) from e


def database_from_env(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Django's ``DATABASES["default"]`` for the environment ``env`` (default ``os.environ``)."""
    env = os.environ if env is None else env
    engine = env.get("CAREPANEL_DB_ENGINE", "sqlite").strip().lower()
    if engine in ("postgresql", "postgres", "postgresql_psycopg"):
        name = env.get("CAREPANEL_DB_NAME", "")
        if not name:
            raise ImproperlyConfigured(
                "CAREPANEL_DB_ENGINE=postgresql needs CAREPANEL_DB_NAME (and usually "
                "CAREPANEL_DB_USER, CAREPANEL_DB_PASSWORD, CAREPANEL_DB_HOST, CAREPANEL_DB_PORT)"
            )
        _need_psycopg()
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": env.get("CAREPANEL_DB_USER", ""),
            "PASSWORD": env.get("CAREPANEL_DB_PASSWORD", ""),
            "HOST": env.get("CAREPANEL_DB_HOST", ""),
            "PORT": env.get("CAREPANEL_DB_PORT", ""),
            # Reuse connections for a minute: a request no longer pays for a new connection.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if engine not in ("sqlite", "sqlite3", ""):
        raise ImproperlyConfigured(
            f"CAREPANEL_DB_ENGINE={engine!r}: use 'sqlite' (the default) or 'postgresql'"
        )
    path = Path(env["CAREPANEL_DB_PATH"]) if env.get("CAREPANEL_DB_PATH") else (
        data_dir(env) / "web.sqlite3")
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Wait for a concurrent writer rather than failing at once with "database is locked".
        # IMMEDIATE: a transaction takes the write lock when it begins, so one that reads
        # and then writes (update_or_create) waits for another writer (the worker's
        # heartbeat, a request) instead of failing at once on SQLite's deadlock check.
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }
