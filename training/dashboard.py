"""Home-page panel: the next events for everyone who sees events."""

from __future__ import annotations

from django.utils import timezone

from pilot.dashboard import Panel
from pilot.roles import Role, role_of


def panels(user) -> list[Panel]:
    from training.selectors import upcoming_events

    if role_of(user) not in (Role.COORDINATOR, Role.SITE_CONTACT, Role.FACILITATOR, Role.OBSERVER):
        return []
    context = {"events": upcoming_events(user=user, today=timezone.localdate(), limit=3)}
    return [Panel("Next events", "training/_dashboard_panel.html", context, 50)]
