"""Cross-cutting background tasks."""

from celery import shared_task

from pilot.privacy import retention_enforce
from pilot.services import worker_heartbeat_record


@shared_task(name="pilot.health")
def health(token: str) -> None:
    """Prove that a worker is alive and reaches the database: record a heartbeat row."""
    worker_heartbeat_record(token=token)


@shared_task(name="pilot.retention")
def retention() -> dict:
    """Nightly: erase people inactive past the retention period, drop old audit entries."""
    return vars(retention_enforce())
