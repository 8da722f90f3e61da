"""Cross-cutting write operations."""

from __future__ import annotations

import socket

from pilot.models import WorkerHeartbeat


def worker_heartbeat_record(*, token: str) -> WorkerHeartbeat:
    """Record that a worker processed the health task with this token (idempotent)."""
    heartbeat, _ = WorkerHeartbeat.objects.get_or_create(token=token, defaults={"hostname": socket.gethostname()})
    return heartbeat
