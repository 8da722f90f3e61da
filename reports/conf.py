"""Tunables of the reports app (defaults and meanings: pilot/conf.py, docs/configuration.md)."""

from __future__ import annotations

from pilot.conf import setting


def expiry_days() -> int:
    """Days a finished report file is kept before a periodic task deletes it."""
    return setting("REPORTS_EXPIRY_DAYS")


def shared_expiry_days() -> int:
    """Days a report file is kept at least once it is shared (a library outlives the usual expiry)."""
    return setting("REPORTS_SHARED_EXPIRY_DAYS")


def hard_time_limit() -> int:
    """Seconds after which a report task is killed (Celery's hard limit), a little above the soft one."""
    return setting("REPORTS_TIME_LIMIT")


def soft_time_limit() -> int:
    """Seconds after which a report task is asked to stop and the request fails with a readable message."""
    return setting("REPORTS_SOFT_TIME_LIMIT")


def pdf_max_rows() -> int:
    """Table rows a PDF may lay out; a report estimated larger is refused as PDF (XLSX, CSV and JSON hold any size)."""
    return setting("REPORTS_PDF_MAX_ROWS")


def requeue_after_seconds() -> int:
    """A request still queued after this many seconds is sent to the broker again by the periodic sweep."""
    return setting("REPORTS_REQUEUE_AFTER")


def site_url() -> str:
    """The address that links in e-mailed reports start with."""
    return setting("REPORTS_SITE_URL").rstrip("/")


def lease_seconds() -> int:
    """A running request whose worker has shown no sign of life for this long is handed to another worker.

    The builder refreshes the lease every quarter of it; with `recovery_seconds()` this bounds how long a
    report whose worker died waits for a live one (40 + 15 s: within a minute)."""
    return setting("REPORTS_LEASE_SECONDS")


def recovery_seconds() -> float:
    """How often every worker runs the sweep itself (and once as it starts), with or without beat."""
    return setting("REPORTS_RECOVERY_SECONDS")


def max_active_per_user() -> int:
    """How many reports one person may have queued or being built at once."""
    return setting("REPORTS_MAX_ACTIVE_PER_USER")


def max_attempts() -> int:
    """How many times a request is started before it is given up as failed."""
    return setting("REPORTS_MAX_ATTEMPTS")


def step_delay() -> float:
    """Seconds to pause at each progress step: 0 in production; demonstrations and tests slow reports down."""
    return setting("REPORTS_STEP_DELAY")
