"""Tunables of the reports app: each reads a Django setting of the same name, with a default."""

from __future__ import annotations

import os

from django.conf import settings


def _get(name: str, default):
    # A Django setting wins; an environment variable of the same name is the fallback, so that a
    # worker started on its own (or by a test) can be tuned without editing settings.
    return getattr(settings, name, os.environ.get(name, default))


def expiry_days() -> int:
    """Days a finished report file is kept before a periodic task deletes it."""
    return int(_get("REPORTS_EXPIRY_DAYS", 30))


def hard_time_limit() -> int:
    """Seconds after which a report task is killed (Celery's hard limit)."""
    return int(_get("REPORTS_TIME_LIMIT", getattr(settings, "CELERY_TASK_TIME_LIMIT", 30 * 60)))


def soft_time_limit() -> int:
    """Seconds after which a report task is asked to stop and the request fails with a readable message."""
    return int(_get("REPORTS_SOFT_TIME_LIMIT", getattr(settings, "CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60)))


def requeue_after_seconds() -> int:
    """A request still queued after this many seconds is sent to the broker again by the periodic sweep."""
    return int(_get("REPORTS_REQUEUE_AFTER", 10 * 60))


def site_url() -> str:
    """The address that links in e-mailed reports start with."""
    return str(_get("REPORTS_SITE_URL", "http://localhost:8000")).rstrip("/")


def lease_seconds() -> int:
    """A running request whose worker has shown no sign of life for this long is handed to another worker.

    The builder refreshes the lease every quarter of it; with `recovery_seconds()` this bounds how long a
    report whose worker died waits for a live one (40 + 15 s: within a minute)."""
    return int(_get("REPORTS_LEASE_SECONDS", 40))


def recovery_seconds() -> float:
    """How often every worker runs the sweep itself (and once as it starts), with or without beat."""
    return float(_get("REPORTS_RECOVERY_SECONDS", 15))


def max_active_per_user() -> int:
    """How many reports one person may have queued or being built at once."""
    return int(_get("REPORTS_MAX_ACTIVE_PER_USER", 5))


def max_attempts() -> int:
    """How many times a request is started before it is given up as failed."""
    return int(_get("REPORTS_MAX_ATTEMPTS", 3))


def step_delay() -> float:
    """Seconds to pause at each progress step: 0 in production; demonstrations and tests slow reports down."""
    return float(_get("REPORTS_STEP_DELAY", 0))
