"""Cross-cutting write operations."""

from __future__ import annotations

import os
from datetime import timedelta

from django.utils import timezone

from pilot.models import WorkerHeartbeat


def worker_heartbeat_beat(*, hostname: str, pid: int, doing: str = "") -> WorkerHeartbeat:
    """Record that this worker process is alive now and what it is doing (one row per node name and pid)."""
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname[:255],
        pid=pid,
        defaults={"seen_at": timezone.now(), "doing": doing[:200], "stopped_at": None},
    )
    return heartbeat


def worker_heartbeat_stop(*, hostname: str, pid: int) -> None:
    """Record that this worker process shut down cleanly, so it no longer counts as running."""
    now = timezone.now()
    WorkerHeartbeat.objects.filter(hostname=hostname[:255], pid=pid).update(stopped_at=now, seen_at=now, doing="")


def worker_heartbeats_prune(*, older_than: timedelta) -> int:
    """Forget workers not seen for this long (each restart adds a row); returns how many rows went."""
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - older_than).delete()
    return deleted


def worker_health_record(*, hostname: str, token: str) -> WorkerHeartbeat:
    """Record that the worker named `hostname` ran the health check `token` (idempotent)."""
    heartbeat = WorkerHeartbeat.objects.filter(hostname=hostname[:255], stopped_at__isnull=True).first()
    if heartbeat is None:  # a worker whose own heartbeat has not been written yet
        heartbeat, _ = WorkerHeartbeat.objects.get_or_create(hostname=hostname[:255], pid=os.getpid())
    WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(token=token, seen_at=timezone.now(), stopped_at=None)
    heartbeat.refresh_from_db()
    return heartbeat
