"""The background worker: a real `celery worker` process picks up a task sent from here."""

import uuid

import pytest

from pilot.models import WorkerHeartbeat
from pilot.tasks import health
from pilot.testing.worker import wait_for


@pytest.mark.worker
def test_health_task_runs_in_a_real_worker(celery_worker_process):
    token = uuid.uuid4().hex
    health.delay(token)
    beat = wait_for(lambda: WorkerHeartbeat.objects.filter(token=token).first(), timeout=60)
    assert beat.hostname
    # The worker logs success just after the task body has written the row.
    log = wait_for(lambda: "succeeded" in celery_worker_process.log_path.read_text(), timeout=30)
    assert log and "pilot.health" in celery_worker_process.log_path.read_text()


@pytest.mark.django_db
def test_health_task_body_is_idempotent():
    health.run("same")
    health.run("same")
    assert WorkerHeartbeat.objects.filter(token="same").count() == 1
