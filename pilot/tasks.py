"""The worker's own health task (check_worker)."""

import socket

from pilot.celery import app
from pilot.services import worker_health_record


@app.task(bind=True, name="pilot.health")
def health(self, token: str) -> None:
    """Prove that a worker is alive and reaches the database: mark its heartbeat row with the token."""
    worker_health_record(hostname=self.request.hostname or f"celery@{socket.gethostname()}", token=token)
