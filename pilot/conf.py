"""Every tunable of the project in one table, and the one way to read one: `setting(NAME)`.

A tunable is a Django setting that changes how the programme behaves (a threshold, a page size, a
time limit). `setting(NAME)` reads `django.conf.settings` when it is called, so `override_settings`
and the pytest `settings` fixture take effect, and falls back to the default in TUNABLES. Nothing
reads a tunable at import time (pilot/tests/test_conf.py checks every module).

- Each app reads its tunables through small named functions in its own `conf.py`
  (`groups.conf.edit_window_days()`), each one line calling `setting`; the core's are below.
- Operators set a tunable that has an environment variable (the `env` column) through the
  environment: pilot/settings.py reads it with the strict helpers of pilot/env.py and takes the
  default from this table (`default(NAME)`). Any tunable may also be set in a settings module.
- docs/configuration.md lists each tunable with its default and meaning (a test checks both ways).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Tunable:
    name: str
    app: str  # the app it tunes: pilot, sites, groups, referrals, training, evaluation, reports, reminders
    type: str  # as documented: int, float, bool, str, date, "off | warn | block", ...
    default: Any
    meaning: str  # one line, as in docs/configuration.md
    env: str = ""  # the environment variable(s) pilot/settings.py reads it from, if operators may set it there
    choices: tuple = ()


TUNABLES: dict[str, Tunable] = {
    t.name: t
    for t in (
        # --- pilot: the core -----------------------------------------------------------------------
        Tunable("PILOT_DEMO", "pilot", "bool", False,
                "show the banner that marks demonstration data",
                env="PILOT_DEMO"),
        Tunable("PILOT_PROGRAMME_NAME", "pilot", "str", "SMART Recovery pilot network", "shown in the header",
                env="PILOT_PROGRAMME_NAME"),
        Tunable("SESSION_IDLE_TIMEOUT", "pilot", "int", 30 * 60, "seconds without a request before sign-out",
                env="SESSION_IDLE_TIMEOUT"),
        Tunable("SESSION_ABSOLUTE_TIMEOUT", "pilot", "int", 12 * 60 * 60,
                "seconds after sign-in before sign-out, however busy", env="SESSION_ABSOLUTE_TIMEOUT"),
        Tunable("PILOT_UPLOAD_MAX_BYTES", "pilot", "int", 20 * 1024 * 1024,
                "largest upload accepted (but files of responses: EVALUATION_IMPORT_MAX_BYTES), checked first",
                env="PILOT_UPLOAD_MAX_BYTES"),
        Tunable("PILOT_TRUSTED_PROXIES", "pilot", "int", 0,
                "proxies in front of the web server that append to X-Forwarded-For (1 behind one TLS proxy)",
                env="PILOT_TRUSTED_PROXIES"),
        Tunable("PILOT_RATE_LIMITS", "pilot", "dict of rates",
                {"public_form": "20/h", "finder": "300/h", "login": "30/h"},
                "per client address: answers to one round's public questionnaire, meeting finder pages, "
                "sign-in attempts (N/s, N/m, N/h or N/d; 5/15m is five per fifteen minutes)",
                env="PILOT_RATE_PUBLIC_FORM, PILOT_RATE_FINDER, PILOT_RATE_LOGIN"),
        Tunable("PILOT_RETAIN_INACTIVE_PERSON_MONTHS", "pilot", "int", 24,
                "months after their last activity before a volunteer's or contact's personal details are erased",
                env="PILOT_RETAIN_INACTIVE_PERSON_MONTHS"),
        Tunable("PILOT_RETAIN_AUDIT_LOG_YEARS", "pilot", "int", 6, "years an audit entry is kept",
                env="PILOT_RETAIN_AUDIT_LOG_YEARS"),
        Tunable("PILOT_WORKER_HEARTBEAT_SECONDS", "pilot", "int", 30, "how often each worker writes its heartbeat row",
                env="PILOT_WORKER_HEARTBEAT_SECONDS"),
        Tunable("PILOT_WORKER_STALE_SECONDS", "pilot", "int", 120,
                "a worker not seen for this long no longer counts as running", env="PILOT_WORKER_STALE_SECONDS"),
        Tunable("CELERY_TASK_TIME_LIMIT", "pilot", "int", 30 * 60,
                "seconds after which a background task is killed (the Redis visibility timeout is 10 minutes more)",
                env="CELERY_TASK_TIME_LIMIT"),
        Tunable("CELERY_TASK_SOFT_TIME_LIMIT", "pilot", "int", 25 * 60,
                "seconds after which a background task is asked to stop", env="CELERY_TASK_SOFT_TIME_LIMIT"),
        Tunable("CELERY_WORKER_MAX_MEMORY_PER_CHILD", "pilot", "int", 400_000,
                "KiB a prefork worker process may keep after a task before it is replaced by a fresh one",
                env="CELERY_WORKER_MAX_MEMORY_PER_CHILD"),
        Tunable("DISCLOSURE_THRESHOLD", "pilot", "int", 7, "published counts of people from 1 to this show as *"),
        Tunable("DISCLOSURE_ROUNDING_BASE", "pilot", "int", 5,
                "other published counts of people are rounded to a multiple of this"),
        Tunable("DISCLOSURE_MIN_BASE", "pilot", "int", 10,
                "published means, medians, minima and maxima of answers need this many answers"),
        Tunable("DISCLOSURE_MIN_RESPONSES", "pilot", "int", 10,
                "a questionnaire scope with fewer responses publishes nothing but that"),
        # --- sites ---------------------------------------------------------------------------------
        Tunable("SITES_NO_CONTACT_WEEKS", "sites", "int", 8, "weeks without logged contact before the flag"),
        Tunable("SITES_AGREEMENT_UNSIGNED_WEEKS", "sites", "int", 6,
                "weeks after selection before an unsigned agreement is flagged"),
        Tunable("SITES_LOG_PAGE_SIZE", "sites", "int", 50, "entries per page of the network log"),
        Tunable("SITES_SITE_PAGE_LOG_ENTRIES", "sites", "int", 15, "latest log entries on a site page"),
        # --- groups --------------------------------------------------------------------------------
        Tunable("REQUIRE_TRAINED_FACILITATOR", "groups", "off | warn | block", "warn",
                "may someone with no recorded facilitator training be listed as facilitating a meeting",
                env="REQUIRE_TRAINED_FACILITATOR", choices=("off", "warn", "block")),
        Tunable("GROUPS_EDIT_WINDOW_DAYS", "groups", "int", 14,
                "days after registering during which a facilitator may change their own registration"),
        Tunable("GROUPS_REGISTRATION_DUE_DAYS", "groups", "int", 7,
                "after this many days a registration is late (the timeliness of the data quality page and "
                "report), and a scheduled meeting with none is missing"),
        Tunable("GROUPS_MISSING_LOOKBACK_DAYS", "groups", "int", 91,
                "how far back the missing-registrations list looks"),
        Tunable("GROUPS_USUAL_DURATION_RANGE", "groups", "(int, int)", (60, 90),
                "meeting lengths in minutes outside this range are saved with a warning"),
        Tunable("GROUPS_SINGLE_FACILITATOR_THRESHOLD", "groups", "int", 1,
                "health flag when a site's meeting groups have at most this many active peer facilitators"),
        Tunable("GROUPS_SILENT_DAYS", "groups", "int", 21,
                "health flag when a site with a meeting group has no registration for this many days"),
        Tunable("GROUPS_MEETINGS_PER_PAGE", "groups", "int", 50, "rows per page in the meetings list"),
        Tunable("GROUPS_MEETINGS_COUNT_LIMIT", "groups", "int", 10_000,
                "the meetings list counts matching registrations up to this many and pages through the newest "
                "this many; a group or dates narrow it to older ones"),
        Tunable("GROUPS_FEED_MAX_AGE", "groups", "int", 900,
                "seconds a reader or proxy may keep the public meeting feeds (JSON, iCalendar) before asking again"),
        Tunable("GROUPS_PLAUSIBLE_HISTORY_MEETINGS", "groups", "int", 12,
                "a group's usual attendance is the median of its last this many held meetings"),
        Tunable("GROUPS_PLAUSIBLE_ESTABLISHED_MEETINGS", "groups", "int", 6,
                "a group with at least this many held meetings before the date is established"),
        Tunable("GROUPS_PLAUSIBLE_ATTENDANCE_FLOOR", "groups", "int", 20,
                "attendance above this, and above the factor times the usual, asks for confirmation"),
        Tunable("GROUPS_PLAUSIBLE_ATTENDANCE_FACTOR", "groups", "int", 3,
                "attendance above this many times the usual (or below the usual divided by it) asks for confirmation"),
        Tunable("GROUPS_PLAUSIBLE_LOW_FROM_MEDIAN", "groups", "int", 10,
                "low attendance is asked about only for groups whose usual attendance is at least this"),
        Tunable("GROUPS_PLAUSIBLE_NEWCOMER_SHARE", "groups", "float", 0.5,
                "newcomers above this share of attendance at an established group asks for confirmation"),
        Tunable("GROUPS_PLAUSIBLE_LATE_DAYS", "groups", "int", 60,
                "registering a meeting more than this many days after it happened asks for confirmation"),
        # --- training ------------------------------------------------------------------------------
        Tunable("TRAINING_REFRESHER_MONTHS", "training", "int", 6,
                "months after a site's last training, with none planned, before the refresher flag"),
        Tunable("TRAINING_ACTIVE_WEEKS", "training", "int", 8,
                '"facilitating": facilitated a registered meeting within this many weeks'),
        Tunable("TRAINING_MANY_TRAINED", "training", "int", 10,
                "the Gateshead pattern: at least this many trained at a site and none went on to facilitate"),
        # --- referrals -----------------------------------------------------------------------------
        Tunable("REFERRALS_QUIET_WEEKS", "referrals", "int", 12,
                "weeks with no newcomer from its kind of source and no outreach before a referral partner is quiet"),
        # --- evaluation ----------------------------------------------------------------------------
        Tunable("EVALUATION_IMPORT_MAX_ROWS", "evaluation", "int", 200_000, "most response rows in one bulk import"),
        Tunable("EVALUATION_IMPORT_MAX_ERRORS", "evaluation", "int", 1000,
                "an import stops listing errors after this many (nothing is saved either way)"),
        Tunable("EVALUATION_RETAIN_QUALITATIVE_NOTES_MONTHS", "evaluation", "int", 72,
                "months after its date before an interview, focus group or observation note is deleted"),
        Tunable("EVALUATION_RESPONSES_PER_PAGE", "evaluation", "int", 50, "rows per page of the responses table"),
        Tunable("EVALUATION_XLSFORM_MAX_UNPACKED_BYTES", "evaluation", "int", 50 * 1024 * 1024,
                "largest total size of an XLSForm workbook's parts once unzipped"),
        Tunable("EVALUATION_XLSFORM_MAX_CELLS", "evaluation", "int", 200_000,
                "most filled cells in an XLSForm workbook, all sheets together"),
        Tunable("EVALUATION_XLSFORM_MAX_ROWS", "evaluation", "int", 50_000,
                "most rows one sheet of an XLSForm may reach"),
        Tunable("EVALUATION_XLSFORM_MAX_COLUMNS", "evaluation", "int", 100,
                "most columns one sheet of an XLSForm may reach"),
        Tunable("EVALUATION_XLSFORM_BACKGROUND_CELLS", "evaluation", "int", 15_000,
                "XLSForm workbooks with more filled cells than this are parsed by the worker, not the web process"),
        Tunable("EVALUATION_PENDING_UPLOAD_HOURS", "evaluation", "int", 24,
                "hours a checked file of responses awaiting confirmation is kept before it is deleted"),
        Tunable("EVALUATION_IMPORT_MAX_BYTES", "evaluation", "int", 64 * 1024 * 1024,
                "largest file of responses accepted (200,000 rows of a long questionnaire fit)"),
        Tunable("EVALUATION_IMPORT_BACKGROUND_BYTES", "evaluation", "int", 256 * 1024,
                "files of responses larger than this are checked and imported by the worker, not the web process"),
        Tunable("EVALUATION_IMPORT_TABLE_CHECK_RESPONSES", "evaluation", "int", 10_000,
                "imports of at least this many responses check the answers' foreign keys once over the whole table"
                " (PostgreSQL; the answers table is locked until the import commits) instead of once per answer"),
        Tunable("EVALUATION_EXPORT_BACKGROUND_ROWS", "evaluation", "int", 3000,
                "exports of more responses than this are written by the worker and downloaded from their page"),
        Tunable("EVALUATION_JOB_FILE_DAYS", "evaluation", "int", 7,
                "days a background export's file (or an unconfirmed import's) is kept before it is deleted"),
        # --- reports -------------------------------------------------------------------------------
        Tunable("REPORTS_EXPIRY_DAYS", "reports", "int", 30, "days a finished report file is kept",
                env="REPORTS_EXPIRY_DAYS"),
        Tunable("REPORTS_SHARED_EXPIRY_DAYS", "reports", "int", 365,
                "days a shared report file is kept at least, counted from the day it is shared",
                env="REPORTS_SHARED_EXPIRY_DAYS"),
        Tunable("REPORTS_TIME_LIMIT", "reports", "int", 6 * 60,
                "seconds after which a report's worker process is killed (the request then fails with a message)",
                env="REPORTS_TIME_LIMIT"),
        Tunable("REPORTS_SOFT_TIME_LIMIT", "reports", "int", 5 * 60,
                "seconds after which a report is stopped and its request failed with a message, never retried",
                env="REPORTS_SOFT_TIME_LIMIT"),
        Tunable("REPORTS_PDF_MAX_ROWS", "reports", "int", 3000,
                "table rows a PDF may lay out; a larger report is refused as PDF (XLSX and CSV hold any size)",
                env="REPORTS_PDF_MAX_ROWS"),
        Tunable("REPORTS_REQUEUE_AFTER", "reports", "int", 10 * 60,
                "seconds after which a request still queued is sent to the broker again", env="REPORTS_REQUEUE_AFTER"),
        Tunable("REPORTS_SITE_URL", "reports", "str", "http://localhost:8000",
                "the address that links in e-mailed reports start with", env="REPORTS_SITE_URL"),
        Tunable("REPORTS_LEASE_SECONDS", "reports", "int", 40,
                "a running request without a sign of life this long is handed to another worker",
                env="REPORTS_LEASE_SECONDS"),
        Tunable("REPORTS_RECOVERY_SECONDS", "reports", "float", 15.0,
                "how often each worker runs the sweep itself (and once as it starts)", env="REPORTS_RECOVERY_SECONDS"),
        Tunable("REPORTS_MAX_ACTIVE_PER_USER", "reports", "int", 5,
                "reports one person may have waiting or being built at once", env="REPORTS_MAX_ACTIVE_PER_USER"),
        Tunable("REPORTS_MAX_ATTEMPTS", "reports", "int", 1,
                "runs a request may have; one whose worker was lost after that many is failed, not started again",
                env="REPORTS_MAX_ATTEMPTS"),
        Tunable("REPORTS_STEP_DELAY", "reports", "float", 0.0,
                "seconds to pause at each progress step (demonstrations and tests only)", env="REPORTS_STEP_DELAY"),
        # --- reminders -----------------------------------------------------------------------------
        Tunable("REMINDERS_SITE_URL", "reminders", "str", "http://localhost:8000",
                "the address that links in reminder emails start with", env="REMINDERS_SITE_URL"),
        Tunable("REMINDERS_CATCH_UP_DAYS", "reminders", "int", 2,
                "an unregistered meeting is reminded of from the day after it up to this many days after "
                "(a missed run catches up)"),
        Tunable("REMINDERS_FOLLOW_UP_AHEAD_DAYS", "reminders", "int", 7,
                "the coordinator's weekly email lists follow-ups overdue or due within this many days"),
    )
}  # fmt: skip


def _tunable(name: str) -> Tunable:
    try:
        return TUNABLES[name]
    except KeyError:
        raise ImproperlyConfigured(f"{name} is not a tunable: add it to TUNABLES in pilot/conf.py") from None


def default(name: str) -> Any:
    """The default of a tunable (pilot/settings.py passes it to the environment readers)."""
    return _tunable(name).default


def setting(name: str) -> Any:
    """The tunable's value now: the Django setting of that name, else its default."""
    tunable = _tunable(name)
    value = getattr(settings, name, tunable.default)
    if tunable.choices and value not in tunable.choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(tunable.choices)}, not {value!r}")
    return value


def format_default(value: Any) -> str:
    """A default as docs/configuration.md writes it."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return ", ".join(f"{key} {item}" for key, item in value.items())
    return str(value)


# --- The core's own tunables ----------------------------------------------------------------------


def demo() -> bool:
    return setting("PILOT_DEMO")


def programme_name() -> str:
    return setting("PILOT_PROGRAMME_NAME")


def session_idle_timeout() -> int:
    return setting("SESSION_IDLE_TIMEOUT")


def session_absolute_timeout() -> int:
    return setting("SESSION_ABSOLUTE_TIMEOUT")


def upload_max_bytes() -> int:
    return setting("PILOT_UPLOAD_MAX_BYTES")


def trusted_proxies() -> int:
    return setting("PILOT_TRUSTED_PROXIES")


def rate_limits() -> dict[str, str]:
    return setting("PILOT_RATE_LIMITS")


def retain_inactive_person_months() -> int:
    return setting("PILOT_RETAIN_INACTIVE_PERSON_MONTHS")


def retain_audit_log_years() -> int:
    return setting("PILOT_RETAIN_AUDIT_LOG_YEARS")


def worker_heartbeat_seconds() -> int:
    return setting("PILOT_WORKER_HEARTBEAT_SECONDS")


def worker_stale_seconds() -> int:
    return setting("PILOT_WORKER_STALE_SECONDS")


def task_time_limit() -> int:
    return setting("CELERY_TASK_TIME_LIMIT")


def task_soft_time_limit() -> int:
    return setting("CELERY_TASK_SOFT_TIME_LIMIT")


def disclosure_threshold() -> int:
    return setting("DISCLOSURE_THRESHOLD")


def disclosure_rounding_base() -> int:
    return setting("DISCLOSURE_ROUNDING_BASE")


def disclosure_min_base() -> int:
    return setting("DISCLOSURE_MIN_BASE")


def disclosure_min_responses() -> int:
    return setting("DISCLOSURE_MIN_RESPONSES")


def worker_max_memory_per_child() -> int:
    return setting("CELERY_WORKER_MAX_MEMORY_PER_CHILD")
