"""The background worker: a real `celery worker` process runs tasks and tells the start page it is alive."""

import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pilot.models import WorkerHeartbeat
from pilot.tasks import health
from pilot.testing.services import require
from pilot.testing.worker import WorkerProcess, broker_reachable, wait_for


@pytest.mark.worker
def test_health_task_runs_in_a_real_worker(celery_worker_process):
    token = uuid.uuid4().hex
    health.delay(token)
    beat = wait_for(lambda: WorkerHeartbeat.objects.filter(token=token).first(), timeout=60)
    assert beat.hostname.startswith(f"{celery_worker_process.queue}@")
    assert beat.pid == celery_worker_process.pid  # the worker's own row, not a new one per check
    # The worker logs success just after the task body has written the row.
    log = wait_for(lambda: "succeeded" in celery_worker_process.log_path.read_text(), timeout=30)
    assert log and "pilot.health" in celery_worker_process.log_path.read_text()


@pytest.mark.django_db
def test_health_task_body_is_idempotent():
    health.run("same")
    health.run("same")
    assert WorkerHeartbeat.objects.filter(token="same").count() == 1


@pytest.fixture
def quick_heartbeat(monkeypatch):
    """Child workers write their heartbeat every second instead of every 30."""
    monkeypatch.setenv("PILOT_WORKER_HEARTBEAT_SECONDS", "1")


def _start_worker(tmp_path) -> WorkerProcess:
    require(broker_reachable(), f"no Celery broker reachable at {settings.CELERY_BROKER_URL}")
    return WorkerProcess(tmp_path).start()


def _panel(client) -> str:
    html = client.get(reverse("home")).content.decode()
    start = html.index("Background worker")
    return html[start : start + 2000]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_running_worker_shows_as_running_and_a_killed_one_as_no_worker_once_its_heartbeat_is_stale(
    quick_heartbeat, tmp_path, coordinator, client_for
):
    client = client_for(coordinator)
    assert "No worker running" in _panel(client)  # nothing has ever run
    worker = _start_worker(tmp_path)
    try:
        first = wait_for(worker.heartbeat, timeout=30)
        # It keeps beating by itself (not only when a task runs).
        wait_for(lambda: worker.heartbeat().seen_at > first.seen_at, timeout=30)
        assert first.doing == "idle" and first.stopped_at is None
        panel = _panel(client)
        assert "Running." in panel and "No worker running" not in panel
        assert worker.heartbeat().hostname in panel and "Reports: 0 queued, 0 being built." in panel
        reports_page = client.get(reverse("reports:index")).content.decode()
        assert 'data-worker-status="running"' in reports_page and "No worker running" not in reports_page
        worker.kill()  # kill -9: no chance to say goodbye
    finally:
        worker.stop()
    # Within the stale window the last heartbeat still counts; once it is older, the pages say so plainly.
    assert "Running." in _panel(client)
    stale = timezone.now() - timedelta(seconds=settings.PILOT_WORKER_STALE_SECONDS + 1)
    WorkerHeartbeat.objects.update(seen_at=stale)
    panel = _panel(client)
    assert "No worker running" in panel and "Running." not in panel
    assert "None has been seen since" in panel
    reports_page = client.get(reverse("reports:index")).content.decode()
    assert 'data-worker-status="stopped"' in reports_page and "No worker running" in reports_page


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_stopped_cleanly_is_no_longer_running_at_once(quick_heartbeat, tmp_path, coordinator, client_for):
    worker = _start_worker(tmp_path)
    try:
        wait_for(worker.heartbeat, timeout=30)
    finally:
        worker.stop()  # a warm shutdown (SIGTERM)
    row = WorkerHeartbeat.objects.get(pid=worker.pid)
    assert row.stopped_at is not None
    assert "No worker running" in _panel(client_for(coordinator))
