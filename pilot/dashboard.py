"""The home dashboard: each app contributes panels for the roles it serves.

An app offers panels with a module `<app>/dashboard.py` that defines
`panels(user) -> list[Panel]`. Order follows INSTALLED_APPS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from pilot.roles import PROJECT_APPS


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    # Lower numbers come first; a panel that needs attention can jump the queue.
    order: int = 100


def dashboard_panels(user) -> list[Panel]:
    panels: list[Panel] = []
    for app in PROJECT_APPS:
        try:
            module = import_module(f"{app}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.dashboard":
                raise
            continue
        panels.extend(module.panels(user))
    return sorted(panels, key=lambda p: p.order)


def panels(user) -> list[Panel]:
    """The project's own panel: the coordinator sees whether a background worker is running and the queue."""
    from pilot.roles import Role, role_of
    from reports.selectors import worker_status

    if role_of(user) != Role.COORDINATOR:
        return []
    return [Panel("Background worker", "pilot/_panel_worker.html", {"worker": worker_status()}, 900)]
