"""Settings for a deployment over HTTPS.

``DJANGO_SETTINGS_MODULE=carepanel.web.settings_production``.

Nothing secret or machine-specific is written here; it all comes from the environment, and
a missing value stops the app at start-up rather than running insecurely:

    CAREPANEL_SECRET_KEY       required: 50 or more random characters
    CAREPANEL_ALLOWED_HOSTS    required: the host names the service answers to, comma-separated
    CAREPANEL_CSRF_TRUSTED_ORIGINS  e.g. https://panel.example.gov.uk (when behind a proxy)
    CAREPANEL_BEHIND_PROXY=1   trust X-Forwarded-Proto from the council's TLS-terminating proxy,
                               and X-Forwarded-For from CAREPANEL_PROXY_COUNT proxies (1)
    CAREPANEL_HSTS_PRELOAD=0   opt out of HSTS preloading (on by default)
    CAREPANEL_DB_*             the database (PostgreSQL for a shared deployment; see db.py)
    CAREPANEL_STATIC_ROOT      where ``collectstatic`` writes the static files
    CAREPANEL_WORKER           ``external`` by default: run ``carepanel worker`` as its own
                               service (README.md); ``thread`` for a single-process server

``python -m django check --deploy --fail-level WARNING`` with this module reports nothing;
tests/web/test_deploy.py keeps it that way.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set for production (see {__name__})")
    return value


# Checked before the shared settings are read, so a missing key never falls back to the
# generated development key.
_required("CAREPANEL_SECRET_KEY")
_required("CAREPANEL_ALLOWED_HOSTS")

from carepanel.web.db import data_dir  # noqa: E402
from carepanel.web.settings import *  # noqa: E402, F403  (the shared settings, then tightened)
from carepanel.web.settings import _csv_env, _worker_mode  # noqa: E402

SECRET_KEY = os.environ["CAREPANEL_SECRET_KEY"].strip()
ALLOWED_HOSTS = _csv_env("CAREPANEL_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = _csv_env("CAREPANEL_CSRF_TRUSTED_ORIGINS")
DEBUG = False

# HTTPS only: redirect plain HTTP, cookies never sent over it, and browsers told to use HTTPS
# for a year (HSTS).
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = os.environ.get("CAREPANEL_HSTS_PRELOAD", "1") != "0"
if os.environ.get("CAREPANEL_BEHIND_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The proxy's address is everyone's address: throttle and audit by the client's.
    CAREPANEL_PROXY_COUNT = int(os.environ.get("CAREPANEL_PROXY_COUNT", "1"))
# Cookie names with the __Host- prefix: browsers refuse them unless Secure, path /, no domain.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# Static files are collected once (collectstatic) with content-hashed names, compressed, and
# served by WhiteNoise with far-future cache headers.
STATIC_ROOT = os.environ.get("CAREPANEL_STATIC_ROOT") or str(data_dir() / "static")
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "carepanel.web.storage.StaticStorage"},
}

# A server with several processes (gunicorn --workers N) would otherwise run a worker
# thread in each: one worker process (`carepanel worker`, a service of its own) runs every
# job, and requests only queue them.
CAREPANEL_WORKER = _worker_mode("external")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO"},
        "axes": {"handlers": ["console"], "level": "INFO"},
        "carepanel.web.worker": {"handlers": ["console"], "level": "INFO"},
        "django_tasks": {"handlers": ["console"], "level": "WARNING"},
        "django_tasks_db": {"handlers": ["console"], "level": "WARNING"},
    },
}
