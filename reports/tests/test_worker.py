"""Reports built by a real `celery worker` process, including one killed in the middle of a report."""

from __future__ import annotations

import io
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook

from pilot.testing.services import require
from pilot.testing.worker import WorkerProcess, broker_reachable, wait_for
from reports import services
from reports.models import ReportRequest, ReportStatus

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_env(monkeypatch, settings):
    """The worker writes where this test reads, and reports are slow enough to interrupt."""
    monkeypatch.setenv("DJANGO_MEDIA_ROOT", str(settings.MEDIA_ROOT))
    monkeypatch.setenv("REPORTS_STEP_DELAY", "0.6")
    monkeypatch.setenv("REPORTS_LEASE_SECONDS", "3")


AUTUMN_2009 = {"date_from": "2009-09-01", "date_to": "2009-12-31"}  # the fixture's months: a short PDF


def _status(pk):
    return ReportRequest.objects.get(pk=pk)


def test_a_worker_builds_the_requested_report(worker_env, tmp_path, evaluator, meetings):
    require(broker_reachable(), f"no Celery broker reachable at {settings.CELERY_BROKER_URL}")
    worker = WorkerProcess(tmp_path).start()
    try:
        request = services.report_request_create(user=evaluator, kind="monitoring", parameters=AUTUMN_2009, fmt="xlsx")
        seen = set()

        def finished():
            row = _status(request.pk)
            seen.add(row.progress)
            return row.is_finished and row

        done = wait_for(finished, timeout=90, interval=0.1)
    finally:
        worker.stop()
    assert done.status == ReportStatus.DONE, done.message
    assert any(0 < p < 100 for p in seen)  # progress was visible while it ran
    book = load_workbook(done.file.path)
    assert "Meetings per group and month" in book.sheetnames


def test_a_report_interrupted_by_a_killed_worker_is_rebuilt_by_the_next_worker_without_beat(
    worker_env, monkeypatch, tmp_path, evaluator, meetings
):
    require(broker_reachable(), f"no Celery broker reachable at {settings.CELERY_BROKER_URL}")
    monkeypatch.setenv("REPORTS_RECOVERY_SECONDS", "1")  # the workers' own sweep; no beat runs here
    monkeypatch.setenv("REPORTS_MAX_ATTEMPTS", "2")  # allowed here: a lost run is run once more
    first = WorkerProcess(tmp_path).start()
    try:
        request = services.report_request_create(user=evaluator, kind="monitoring", parameters=AUTUMN_2009, fmt="pdf")
        wait_for(lambda: _status(request.pk).status == ReportStatus.RUNNING and _status(request.pk).progress > 0)
        first_builder = _status(request.pk).worker
        first.kill()  # kill -9 mid-report: no shutdown, no acknowledgement, the message is not given back
    finally:
        first.stop()
    row = _status(request.pk)
    assert row.status == ReportStatus.RUNNING and not row.file and row.progress < 100
    # Nothing in this process sweeps or resends: the new worker alone must notice and rebuild.
    second = WorkerProcess(tmp_path).start()
    try:
        started = time.monotonic()
        wait_for(lambda: _status(request.pk).is_finished, timeout=60, interval=0.5)
        print(f"rebuilt {time.monotonic() - started:.1f} s after the new worker was ready")
    finally:
        second.stop()
    row = _status(request.pk)
    assert row.status == ReportStatus.DONE, row.message
    assert row.attempts == 2 and row.file.path.endswith(".pdf")
    assert row.worker and row.worker != first_builder  # built by the new worker's process


def test_a_report_whose_worker_was_killed_is_failed_with_a_message_not_run_again(
    worker_env, monkeypatch, tmp_path, evaluator, meetings
):
    require(broker_reachable(), f"no Celery broker reachable at {settings.CELERY_BROKER_URL}")
    monkeypatch.setenv("REPORTS_RECOVERY_SECONDS", "1")
    first = WorkerProcess(tmp_path).start()
    try:
        request = services.report_request_create(user=evaluator, kind="monitoring", parameters=AUTUMN_2009, fmt="pdf")
        wait_for(lambda: _status(request.pk).status == ReportStatus.RUNNING and _status(request.pk).progress > 0)
        first.kill()  # as the kernel's out-of-memory killer or a hard time limit would
    finally:
        first.stop()
    second = WorkerProcess(tmp_path).start()
    try:
        row = wait_for(lambda: (r := _status(request.pk)).is_finished and r, timeout=60, interval=0.5)
        time.sleep(4)  # more sweeps by the live worker change nothing
    finally:
        second.stop()
    row = _status(request.pk)
    assert row.status == ReportStatus.FAILED and "more time or memory" in row.message
    assert "XLSX or CSV" in row.message
    assert row.attempts == 1 and not row.file  # run once, never again


def test_a_report_past_the_soft_time_limit_fails_with_a_message_and_is_not_retried(
    worker_env, monkeypatch, tmp_path, evaluator, meetings
):
    require(broker_reachable(), f"no Celery broker reachable at {settings.CELERY_BROKER_URL}")
    # The limits travel with the message (read here); the worker reads its own for the message it writes.
    settings.REPORTS_SOFT_TIME_LIMIT, settings.REPORTS_TIME_LIMIT = 2, 30
    monkeypatch.setenv("REPORTS_SOFT_TIME_LIMIT", "2")
    monkeypatch.setenv("REPORTS_STEP_DELAY", "1.5")  # six steps: nine seconds, far past the limit
    monkeypatch.setenv("REPORTS_RECOVERY_SECONDS", "1")
    worker = WorkerProcess(tmp_path, pool="prefork").start()  # production's pool: it enforces time limits
    try:
        request = services.report_request_create(user=evaluator, kind="monitoring", parameters=AUTUMN_2009, fmt="pdf")
        started = time.monotonic()
        row = wait_for(lambda: (r := _status(request.pk)).is_finished and r, timeout=60, interval=0.2)
        elapsed = time.monotonic() - started
        time.sleep(4)  # no retry comes later either
        log = worker.log_path.read_text()
    finally:
        worker.stop()
    row = _status(request.pk)
    assert row.status == ReportStatus.FAILED, row.message
    assert row.message.startswith("The report took longer than 1 minute and was stopped.")
    assert "choose a shorter period or one site, or ask for it as XLSX or CSV" in row.message
    assert row.attempts == 1 and not row.file and elapsed < 8
    assert "Retry in" not in log


def test_while_a_report_is_built_the_worker_says_so_and_the_pages_show_it_running(
    worker_env, monkeypatch, tmp_path, evaluator, coordinator, client_for, meetings
):
    require(broker_reachable(), f"no Celery broker reachable at {settings.CELERY_BROKER_URL}")
    monkeypatch.setenv("PILOT_WORKER_HEARTBEAT_SECONDS", "1")
    worker = WorkerProcess(tmp_path).start()
    try:
        request = services.report_request_create(user=evaluator, kind="monitoring", parameters=AUTUMN_2009, fmt="pdf")
        wait_for(lambda: (row := worker.heartbeat()) and row.doing == "building a report", timeout=30)
        progress_page = client_for(evaluator).get(request.get_absolute_url()).content.decode()
        home = client_for(coordinator).get("/").content.decode()
        wait_for(lambda: _status(request.pk).is_finished, timeout=90)
        wait_for(lambda: worker.heartbeat().doing == "idle", timeout=30)
    finally:
        worker.stop()
    assert "Being built" in progress_page and "No worker" not in progress_page
    assert "Running." in home and "building a report" in home and "1 being built" in home


def test_build_report_background_writes_the_file_through_the_worker(worker_env, tmp_path, evaluator, meetings):
    require(broker_reachable(), f"no Celery broker reachable at {settings.CELERY_BROKER_URL}")
    worker = WorkerProcess(tmp_path).start()
    output = tmp_path / "monitoring.json"
    err = io.StringIO()
    try:
        call_command(
            "build_report", "monitoring", "--background", "--as-user", evaluator.username,
            "--format", "json", "--output", str(output), "--timeout", "90", stderr=err,
        )  # fmt: skip
    finally:
        worker.stop()
    assert output.read_text().startswith("{") and '"kind": "monitoring"' in output.read_text()
    assert "100%" in err.getvalue()
