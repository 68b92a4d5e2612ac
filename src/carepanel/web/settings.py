"""Settings for running carepanel's web app on one machine (``carepanel serve``, tests).

Everything that differs between machines comes from the environment (see ``db.py`` for the
database). ``settings_production`` builds on this module for a real deployment over HTTPS.

    CAREPANEL_SECRET_KEY     else a random key kept in the data directory (file secret_key)
    CAREPANEL_DEBUG=1        Django's debug pages (never in production)
    CAREPANEL_ALLOWED_HOSTS  comma-separated, added to localhost
    CAREPANEL_COUNCIL_NAME   shown in the header until an administrator sets it on the
                             Settings page (unset: the council the warehouse's figures are
                             for, by the DfE's name)
"""

from __future__ import annotations

import math
import os
import secrets
from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from carepanel.web.db import data_dir, database_from_env

WEB_DIR = Path(__file__).resolve().parent


def _secret_key() -> str:
    """The environment's key, else one generated once and kept beside the SQLite database."""
    if os.environ.get("CAREPANEL_SECRET_KEY"):
        return os.environ["CAREPANEL_SECRET_KEY"]
    path = data_dir() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="ascii").strip()


def _csv_env(name: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, "").split(",") if part.strip()]


WORKER_MODES = ("thread", "external")


def _worker_mode(default: str) -> str:
    """``CAREPANEL_WORKER``: who runs the background jobs (see the worker settings below)."""
    mode = os.environ.get("CAREPANEL_WORKER", "").strip().lower() or default
    if mode not in WORKER_MODES:
        raise ImproperlyConfigured(
            f"CAREPANEL_WORKER={mode!r}: use 'thread' (the server process runs the jobs) or "
            "'external' (a separate `carepanel worker` process runs them)")
    return mode


def _positive_env(name: str, default: float) -> float:
    """A positive number of seconds or days from the environment, refused when it is not."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise ImproperlyConfigured(f"{name}={text!r}: it must be a number greater than 0")
    return value


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("CAREPANEL_DEBUG") == "1"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", *_csv_env("CAREPANEL_ALLOWED_HOSTS")]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "carepanel.web.accounts",
    "carepanel.web.audit",
    "carepanel.web.strategy",
    "carepanel.web.scorecard_pages",
    "carepanel.web.uploads",
    "carepanel.web.privacy",
    # Django's task framework (built into Django 6; the django-tasks backport on 5.2) with
    # its database backend: the worker's queue (carepanel.web.worker).
    "django_tasks",
    "django_tasks_db",
]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "carepanel.web.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before sessions, users and the CSRF check: a body too large for its page is refused
    # from its headers, unread (the security headers above still apply to the refusal).
    "carepanel.web.request_limits.RequestSizeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Authentication before the CSRF check, so that files from someone not signed in are
    # refused before the CSRF check parses them (request_limits.SignedInUploadsMiddleware).
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "carepanel.web.request_limits.SignedInUploadsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "carepanel.web.request_limits.MethodRefusedMiddleware",
    "carepanel.web.accounts.middleware.SessionLifetimeMiddleware",
    "carepanel.web.audit.middleware.AuditActorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A snapshot saved by an earlier carepanel: a page saying to recalculate, not an error.
    "carepanel.web.scorecard_pages.middleware.SnapshotOutdatedMiddleware",
    "carepanel.web.accounts.middleware.NoStoreForSignedInMiddleware",
    # Last, so a locked-out login attempt gets axes' response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "carepanel.web.urls"
WSGI_APPLICATION = "carepanel.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carepanel.web.context_processors.service",
            ],
        },
    },
]

DATABASES = {"default": database_from_env()}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "carepanel.web.accounts.passwords.ContainsUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes). Five failures for one username from one address lock that
# pair for 15 minutes; keying on the pair means one office's shared address cannot be used
# to lock a whole council out, and guessing at one account from many addresses is slowed
# by each address. A successful login clears the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "carepanel.web.client_ip.client_ip"
# Proxies in front of the app that append to X-Forwarded-For (see client_ip.py).
CAREPANEL_PROXY_COUNT = int(os.environ.get("CAREPANEL_PROXY_COUNT", "0"))

# Sessions: 30 minutes without a request signs a person out, and no session lasts longer
# than 10 hours (a working day) however active (SessionLifetimeMiddleware enforces both).
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=10)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content security policy (django-csp 4). Scripts and styles come only from this site; the
# one inline script, GOV.UK Frontend's `js-enabled` line at the top of <body>, carries the
# per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True  # stored in UTC (the audit log's times are UTC); shown in UK time

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
# On one machine WhiteNoise serves the files straight from the package (no collectstatic);
# settings_production collects them into STATIC_ROOT.
STATIC_ROOT = os.environ.get("CAREPANEL_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# The strategy import takes a small spreadsheet: refuse anything larger before reading it.
CAREPANEL_MAX_IMPORT_BYTES = 2 * 1024 * 1024
# Unset: the name of the council whose figures the worker published (from the DfE's
# tables in the warehouse), until an administrator sets one (accounts.models).
CAREPANEL_COUNCIL_NAME = os.environ.get("CAREPANEL_COUNCIL_NAME", "").strip()

# The DuckDB warehouse the background worker loads uploads into and computes from (its only
# writer; pages never open it). Unset: carepanel.warehouse.default_path(), as the CLI uses.
CAREPANEL_WAREHOUSE = os.environ.get("CAREPANEL_WAREHOUSE") or None
# The scorecard configuration (YAML); unset: carepanel's default.yaml.
CAREPANEL_SCORECARD_CONFIG = os.environ.get("CAREPANEL_SCORECARD_CONFIG") or None
# A folder of the council's own indicators (SQL files in the built-in ones' format,
# docs/indicators.md), added to the catalogue at start-up; unset: the built-in ones only.
CAREPANEL_INDICATORS_DIR = os.environ.get("CAREPANEL_INDICATORS_DIR") or None
# Who runs the background jobs (uploads, recalculations). "thread": each server process
# runs a worker thread (carepanel serve: one command, nothing else to start). "external":
# requests only queue jobs and a separate process, `carepanel worker`, runs them (a server
# with several processes; settings_production's default). Either way jobs are taken from
# the database, so a queued job is never lost with the process that queued it.
CAREPANEL_WORKER = _worker_mode("thread")
# Tests (and the publish command) may run each job at once in the caller's thread instead;
# it is the same code either way, and it overrides CAREPANEL_WORKER.
CAREPANEL_WORKER_SYNC = os.environ.get("CAREPANEL_WORKER_SYNC") == "1"
# An idle worker looks for queued jobs this often (a job submitted by its own process wakes
# it at once; this is for jobs queued by other processes).
CAREPANEL_WORKER_POLL_SECONDS = _positive_env("CAREPANEL_WORKER_POLL_SECONDS", 5)
# A running job's heartbeat is written every CAREPANEL_WORKER_HEARTBEAT_SECONDS (at most a
# third of the stale limit). A running job whose heartbeat is older than the stale limit
# lost its worker (the process was killed, the machine restarted): any worker fails it so
# it can be run again. Generous, so a busy machine is never mistaken for a dead one.
CAREPANEL_WORKER_HEARTBEAT_SECONDS = _positive_env("CAREPANEL_WORKER_HEARTBEAT_SECONDS", 30)
CAREPANEL_WORKER_STALE_SECONDS = _positive_env("CAREPANEL_WORKER_STALE_SECONDS", 600)
# Upload findings name children (UK GDPR storage limitation: kept no longer than needed).
# An analyst needs them while correcting and re-uploading a return: the findings of one
# quarter's upload are superseded by the next quarter's extract, so 90 days covers the fix
# with room to spare. After that only counts by rule are kept (uploads/retention.py). A
# council whose retention schedule says otherwise sets its own number of days.
CAREPANEL_FINDINGS_RETENTION_DAYS = math.ceil(
    _positive_env("CAREPANEL_FINDINGS_RETENTION_DAYS", 90))  # whole days
# Uploaded returns wait here (never under a served folder) until the worker has read them,
# then are deleted.
CAREPANEL_UPLOAD_DIR = os.environ.get("CAREPANEL_UPLOAD_DIR") or str(data_dir() / "uploads")
# A council's return is a few megabytes; refuse anything far larger before reading it.
CAREPANEL_MAX_UPLOAD_FILE_BYTES = 50 * 1024 * 1024
CAREPANEL_MAX_UPLOAD_BYTES = 100 * 1024 * 1024
CAREPANEL_MAX_UPLOAD_FILES = 30
# Django refuses more files than this while parsing (a 400, said in words by
# request_limits.bad_request); up to it, the upload form says "Select at most 30 files".
DATA_UPLOAD_MAX_NUMBER_FILES = CAREPANEL_MAX_UPLOAD_FILES + 20
CSRF_FAILURE_VIEW = "carepanel.web.request_limits.csrf_failure"
# Browser features no page of the service uses are switched off (Permissions-Policy).
CAREPANEL_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), "
    "xr-spatial-tracking=(), browsing-topics=()")
CAREPANEL_SERVICE_NAME = "Corporate parenting"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        "axes": {"handlers": ["console"], "level": "WARNING"},
        # Which job started and how it ended (job numbers and kinds only, never a child).
        "carepanel.web.worker": {"handlers": ["console"], "level": "INFO"},
        # django-tasks names tasks by their id only; carepanel's own lines name the job.
        "django_tasks": {"handlers": ["console"], "level": "WARNING"},
        "django_tasks_db": {"handlers": ["console"], "level": "WARNING"},
    },
}
