"""The start page's panel from the reports app: whether a background worker runs, and the queue."""

from __future__ import annotations

from pilot.dashboard import Panel
from pilot.roles import Role, role_of
from reports.selectors import worker_status


def panels(user) -> list[Panel]:
    """The coordinator sees whether a background worker is running and what is queued."""
    if role_of(user) != Role.COORDINATOR:
        return []
    return [Panel("Background worker", "reports/_panel_worker.html", {"worker": worker_status()}, 900)]
