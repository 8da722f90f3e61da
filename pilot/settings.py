"""Settings for the pilot network manager.

Everything that differs between machines comes from the environment (see
docs/configuration.md). With nothing set, the project runs on an SQLite file
and an embedded filesystem broker, so a fresh checkout needs no server.

Tunables (thresholds, page sizes, time limits) are listed with their defaults in pilot/conf.py
and read through `pilot.conf.setting` when used; this module sets only those that operators
may set through the environment, with the default from that table (`default(NAME)`).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from pilot.conf import TUNABLES, default
from pilot.env import cache_settings, env_bool, env_choice, env_float, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PILOT_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-0123456789abcdefghijklmnop"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "csp",
    # Our apps, in dependency order: sites <- groups <- training <- budget; groups <- evaluation; sites <- referrals.
    "pilot",
    "sites",
    "programmes",
    "committee",
    "referrals",
    "groups",
    "training",
    "budget",
    "evaluation",
    "network",
    "reports",
    "reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pilot.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pilot.urls"
WSGI_APPLICATION = "pilot.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pilot.context_processors.pilot",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, its threads and the worker write to one file. IMMEDIATE transactions take the
    # write lock when they begin, so a writer waits its turn (up to the busy timeout) instead of
    # failing with "database is locked" when it upgrades a read; WAL lets readers go on meanwhile.
    SQLITE_BUSY_TIMEOUT = env_int("SQLITE_BUSY_TIMEOUT", 20)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT,
            "init_command": (
                f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}"
            ),
        }
    )
    # Tests use a file, not memory, so that a real worker process can share the test database.
    # One file per test process, so that concurrent runs never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits) ---------------------------------------------------
# CACHE_URL=redis://... names the cache; else, with a Redis broker, the broker's server with the
# next database number (so clearing the cache never touches queued tasks); else a file cache
# under VAR_DIR that every process on the machine shares (web workers, runserver threads).
CACHE_URL = env_str("CACHE_URL", "")
CACHES = {"default": cache_settings(CACHE_URL, env_str("CELERY_BROKER_URL", ""), VAR_DIR / "cache")}

# Rate limits (pilot/ratelimits.py, django-ratelimit): "N/s", "N/m", "N/h" or "N/d" per client address.
RATELIMIT_ENABLE = env_bool("PILOT_RATELIMIT_ENABLE", True)
RATELIMIT_USE_CACHE = "default"
# public_form: answers to one round's public questionnaire; finder: the meeting finder and its cards;
# login: sign-in attempts, whatever the username (django-axes locks username + address). Per address.
PILOT_RATE_LIMITS = {
    name: env_rate(f"PILOT_RATE_{name.upper()}", rate) for name, rate in default("PILOT_RATE_LIMITS").items()
}
# Proxies in front of the web server that append to X-Forwarded-For (0: use the connection's address).
PILOT_TRUSTED_PROXIES = env_int("PILOT_TRUSTED_PROXIES", default("PILOT_TRUSTED_PROXIES"))

# --- Authentication -------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): 5 failures lock the username + address pair for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Sessions: idle and absolute time-outs (seconds), enforced by pilot.middleware.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", default("SESSION_IDLE_TIMEOUT"))
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", default("SESSION_ABSOLUTE_TIMEOUT"))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["pilot.formats"]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"]

# --- Static and media files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
PILOT_UPLOAD_MAX_BYTES = env_int("PILOT_UPLOAD_MAX_BYTES", default("PILOT_UPLOAD_MAX_BYTES"))

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "pilot-network@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------
# The default broker is kombu's filesystem transport: a folder that the web
# process and a separate worker process both read, so reports run in the
# background without Redis. Set CELERY_BROKER_URL=redis://... in production.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", default("CELERY_TASK_TIME_LIMIT"))
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", default("CELERY_TASK_SOFT_TIME_LIMIT"))
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A message not acknowledged within this time is delivered again: it must
    # outlast the longest task, or a slow report would run twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 10 * 60}
CELERY_RESULT_BACKEND = None  # the database rows are the truth, not task results
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker process that grew past this (KiB) after a task is replaced, so one large report does not keep
# its memory for the next one (prefork pools; the solo pool of the demo has no child to replace).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int(
    "CELERY_WORKER_MAX_MEMORY_PER_CHILD", default("CELERY_WORKER_MAX_MEMORY_PER_CHILD")
)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Beat's schedule is code (pilot/celery.py); beat keeps only when each entry last ran, in this file.
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Every worker writes a heartbeat row this often; the start page and the reports pages say
# "no worker running" once none has been seen for PILOT_WORKER_STALE_SECONDS (docs/reports.md).
PILOT_WORKER_HEARTBEAT_SECONDS = env_int("PILOT_WORKER_HEARTBEAT_SECONDS", default("PILOT_WORKER_HEARTBEAT_SECONDS"))
PILOT_WORKER_STALE_SECONDS = env_int("PILOT_WORKER_STALE_SECONDS", default("PILOT_WORKER_STALE_SECONDS"))

# Reports (docs/reports.md). Set here from the environment so that a worker started on its own is tuned alike.
REPORTS_EXPIRY_DAYS = env_int("REPORTS_EXPIRY_DAYS", default("REPORTS_EXPIRY_DAYS"))
REPORTS_SHARED_EXPIRY_DAYS = env_int("REPORTS_SHARED_EXPIRY_DAYS", default("REPORTS_SHARED_EXPIRY_DAYS"))
REPORTS_TIME_LIMIT = env_int("REPORTS_TIME_LIMIT", default("REPORTS_TIME_LIMIT"))
REPORTS_SOFT_TIME_LIMIT = env_int("REPORTS_SOFT_TIME_LIMIT", default("REPORTS_SOFT_TIME_LIMIT"))
REPORTS_PDF_MAX_ROWS = env_int("REPORTS_PDF_MAX_ROWS", default("REPORTS_PDF_MAX_ROWS"))
REPORTS_REQUEUE_AFTER = env_int("REPORTS_REQUEUE_AFTER", default("REPORTS_REQUEUE_AFTER"))
REPORTS_SITE_URL = env_str("REPORTS_SITE_URL", default("REPORTS_SITE_URL"))
# Reminder emails (docs/configuration.md, "Reminders"): links in them start with this address.
REMINDERS_SITE_URL = env_str("REMINDERS_SITE_URL", default("REMINDERS_SITE_URL"))
REPORTS_LEASE_SECONDS = env_int("REPORTS_LEASE_SECONDS", default("REPORTS_LEASE_SECONDS"))
REPORTS_RECOVERY_SECONDS = env_float("REPORTS_RECOVERY_SECONDS", default("REPORTS_RECOVERY_SECONDS"))
REPORTS_MAX_ACTIVE_PER_USER = env_int("REPORTS_MAX_ACTIVE_PER_USER", default("REPORTS_MAX_ACTIVE_PER_USER"))
REPORTS_MAX_ATTEMPTS = env_int("REPORTS_MAX_ATTEMPTS", default("REPORTS_MAX_ATTEMPTS"))
REPORTS_STEP_DELAY = env_float("REPORTS_STEP_DELAY", default("REPORTS_STEP_DELAY"))

# --- Security headers ---------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Off only for the demo served over plain HTTP on this machine (dev.py demo); never in production.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Crispy forms -----------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- The programme ----------------------------------------------------------
PILOT_DEMO = env_bool("PILOT_DEMO", default("PILOT_DEMO"))  # shows the demo-data banner
PILOT_PROGRAMME_NAME = env_str("PILOT_PROGRAMME_NAME", default("PILOT_PROGRAMME_NAME"))
REQUIRE_TRAINED_FACILITATOR = env_choice(
    "REQUIRE_TRAINED_FACILITATOR",
    default("REQUIRE_TRAINED_FACILITATOR"),
    TUNABLES["REQUIRE_TRAINED_FACILITATOR"].choices,
)

# Personal-data retention (docs/privacy.md), enforced nightly by the pilot.retention task (pilot/celery.py).
PILOT_RETAIN_INACTIVE_PERSON_MONTHS = env_int(
    "PILOT_RETAIN_INACTIVE_PERSON_MONTHS", default("PILOT_RETAIN_INACTIVE_PERSON_MONTHS")
)
PILOT_RETAIN_AUDIT_LOG_YEARS = env_int("PILOT_RETAIN_AUDIT_LOG_YEARS", default("PILOT_RETAIN_AUDIT_LOG_YEARS"))

# Login attempts: keep failures for throttling, but do not log every successful login's address and browser.
AXES_DISABLE_ACCESS_LOG = True

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
