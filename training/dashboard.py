"""Home-page panels: the next events for everyone who sees events, and the budget position for the coordinator."""

from __future__ import annotations

from django.utils import timezone

from pilot.dashboard import Panel
from pilot.roles import Role, role_of


def panels(user) -> list[Panel]:
    from training.budget import budget_position
    from training.selectors import upcoming_events

    role = role_of(user)
    if role not in (Role.COORDINATOR, Role.SITE_CONTACT, Role.FACILITATOR, Role.OBSERVER):
        return []
    today = timezone.localdate()
    context = {"events": upcoming_events(user=user, today=today, limit=3)}
    if role in (Role.COORDINATOR, Role.OBSERVER):
        context["position"] = budget_position(as_of=today)
    title = "Next events and budget" if "position" in context else "Next events"
    return [Panel(title, "training/_dashboard_panel.html", context, 50)]
