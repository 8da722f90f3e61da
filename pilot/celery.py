"""The Celery application: configured from Django settings (CELERY_*), tasks autodiscovered per app.

Every worker also keeps house by itself, with or without beat: a side thread in its main process writes
its heartbeat row (what the start page and the reports pages show) and runs the reports sweep once as
the worker starts and then every few seconds, so a report whose worker died is handed to a live one.
"""

import logging
import os
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path

from celery import Celery
from celery.signals import worker_init, worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilot.settings")

logger = logging.getLogger(__name__)

app = Celery("pilot")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_folders() -> None:
    """The filesystem broker needs its folders before anyone sends or reads, and beat its schedule file's."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
    if app.conf.beat_schedule_filename:  # beat opens it before any signal of its own: a fresh var/ has no folder
        Path(app.conf.beat_schedule_filename).parent.mkdir(parents=True, exist_ok=True)


ensure_folders()


@worker_init.connect
def _worker_init(**kwargs) -> None:
    ensure_folders()


# --- the worker's own housekeeping ------------------------------------------------------------

FORGET_WORKERS_AFTER = timedelta(days=1)  # each restart adds a heartbeat row; old ones are pruned
TASK_LABELS = {"reports.build": "building a report", "pilot.health": "answering a health check"}


def doing_now() -> str:
    """What this worker is executing, in words: read from Celery's own record of active requests."""
    from celery.worker import state

    names = [getattr(r, "name", "") or "" for r in list(state.active_requests)]
    if not names:
        return "idle"
    counts: dict[str, int] = {}
    for name in names:
        label = TASK_LABELS.get(name, name)
        counts[label] = counts.get(label, 0) + 1
    return ", ".join(label if n == 1 else f"{label} (x{n})" for label, n in sorted(counts.items()))


class Housekeeping(threading.Thread):
    """Writes this worker's heartbeat and runs the reports sweep, each on its own interval (read every time)."""

    def __init__(self, hostname: str):
        super().__init__(name="pilot-housekeeping", daemon=True)
        self.hostname, self.pid = hostname, os.getpid()
        self.stopping = threading.Event()

    def beat(self) -> None:
        from pilot.services import worker_heartbeat_beat

        worker_heartbeat_beat(hostname=self.hostname, pid=self.pid, doing=doing_now())

    def sweep(self) -> None:
        from reports.services import report_requests_sweep

        result = report_requests_sweep()
        if any(result.values()):
            logger.info("reports sweep: %s", result)

    def run(self) -> None:
        from django.db import connection

        from pilot import conf
        from pilot.services import worker_heartbeats_prune
        from reports import conf as reports_conf

        self._safely(lambda: worker_heartbeats_prune(older_than=FORGET_WORKERS_AFTER))
        jobs = [
            (self.beat, conf.worker_heartbeat_seconds),
            (self.sweep, reports_conf.recovery_seconds),
        ]
        due = [0.0] * len(jobs)  # every job runs at once as the worker starts
        try:
            while not self.stopping.is_set():
                for i, (job, interval) in enumerate(jobs):
                    if time.monotonic() >= due[i]:
                        self._safely(job)
                        due[i] = time.monotonic() + max(0.2, float(interval()))
                self.stopping.wait(max(0.05, min(due) - time.monotonic()))
        finally:
            connection.close()

    def _safely(self, job) -> None:
        from django.db import connection

        try:
            job()
        except Exception:  # the database or broker blinked: log, drop the connection, try at the next tick
            logger.warning("worker housekeeping: %s failed", getattr(job, "__name__", job), exc_info=True)
            connection.close()

    def stop(self) -> None:
        from pilot.services import worker_heartbeat_stop

        self.stopping.set()
        self.join(timeout=10)
        try:
            worker_heartbeat_stop(hostname=self.hostname, pid=self.pid)
        except Exception:  # shutting down anyway; the row goes stale by itself
            logger.warning("worker housekeeping: could not record the shutdown", exc_info=True)


_housekeeping: Housekeeping | None = None


@worker_ready.connect
def _start_housekeeping(sender=None, **kwargs) -> None:
    global _housekeeping
    if _housekeeping is None:
        _housekeeping = Housekeeping(getattr(sender, "hostname", None) or f"celery@{socket.gethostname()}")
        _housekeeping.start()


@worker_shutdown.connect
def _stop_housekeeping(**kwargs) -> None:
    global _housekeeping
    if _housekeeping is not None:
        _housekeeping.stop()
        _housekeeping = None


# Periodic tasks (run `celery -A pilot beat`). The schedule is this code, and only this code: beat's file
# (CELERY_BEAT_SCHEDULE_FILENAME) keeps when each entry last ran. The sweep also runs inside every worker
# (above); beat's copy is a backstop.
from celery.schedules import crontab  # noqa: E402

app.conf.beat_schedule = {
    # Personal data past its retention period (docs/privacy.md); a run not started within 6 hours is dropped.
    "pilot-retention-nightly": {
        "task": "pilot.retention",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 6 * 60 * 60},
    },
    "reports-expire": {"task": "reports.expire", "schedule": crontab(minute=15, hour=3)},
    "reports-sweep": {"task": "reports.sweep", "schedule": 300.0},
    "evaluation-jobs-sweep": {"task": "evaluation.sweep_jobs", "schedule": 300.0},
    "reports-scheduled": {"task": "reports.scheduled", "schedule": crontab(minute=0, hour=6)},
    # Reminder emails (docs/configuration.md, "Reminders"); a rerun sends nothing twice.
    "reminders-unregistered-meetings": {
        "task": "reminders.unregistered_meetings",
        "schedule": crontab(minute=0, hour=9),
    },
    "reminders-coordinators-weekly": {
        "task": "reminders.coordinators_weekly",
        "schedule": crontab(minute=30, hour=7, day_of_week="mon"),
    },
    "reminders-site-contacts-monthly": {
        "task": "reminders.site_contacts_monthly",
        "schedule": crontab(minute=0, hour=8, day_of_month="5"),
    },
    # After the weekly and monthly runs, so that what they held goes out the same morning.
    "reminders-digests": {"task": "reminders.digests", "schedule": crontab(minute=0, hour=10, day_of_week="mon")},
}
