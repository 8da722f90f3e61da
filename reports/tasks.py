"""Thin Celery tasks: load by id, call a service. The ReportRequest row is the truth, not the task result."""

from __future__ import annotations

import contextlib
import logging

from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from pilot.celery import app
from reports import services

logger = logging.getLogger(__name__)
TRANSIENT = (OperationalError, InterfaceError, BrokerError)


GAVE_UP = (
    "This report could not be built because the database or the report service kept failing. "
    "Please ask for it again later."
)


# Time limits are passed with each message (services.report_request_enqueue), read from settings then.
@app.task(bind=True, name="reports.build", acks_late=True, reject_on_worker_lost=True, max_retries=5)
def build_report(self, request_id: str) -> None:
    """Build one report request (a rerun of a finished request changes nothing)."""
    try:
        services.report_request_run(request_id=request_id)
    except TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            # Retries are bounded: the request ends failed with a message, not queued for ever.
            logger.error("report %s: transient errors persisted, giving up: %s", request_id, exc)
            with contextlib.suppress(*TRANSIENT):
                services.report_request_fail(request_id=request_id, message=GAVE_UP)
            raise
        # The database or broker blinked: give the request back and try again with backoff.
        logger.warning("report %s: transient error, retrying: %s", request_id, exc)
        # If even that fails, the sweep (run by every worker) hands the request on once its lease runs out.
        with contextlib.suppress(*TRANSIENT):
            services.report_request_reset_for_retry(request_id=request_id)
        raise self.retry(exc=exc, countdown=min(300, 5 * 2**self.request.retries)) from exc


@app.task(name="reports.expire")
def expire_reports() -> int:
    """Delete expired report files."""
    return services.report_requests_expire()


@app.task(name="reports.sweep")
def sweep_reports() -> dict:
    """Fail stuck requests, hand silent ones on, resend those the broker never got."""
    return services.report_requests_sweep()


@app.task(name="reports.scheduled")
def scheduled_reports() -> int:
    """Daily: the reports programmes' duties owe today, and on the 1st each site contact's monthly report."""
    return len(services.duty_reports_request()) + len(services.monthly_reports_request())
