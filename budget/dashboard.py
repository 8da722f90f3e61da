"""Home-page panel: the budget position of the start page's programme, for the coordinator and the committee."""

from __future__ import annotations

from django.utils.http import urlencode

from budget.selectors import budget_position
from pilot.dashboard import Panel
from pilot.permissions import allows
from pilot.roles import Capability
from programmes.models import Programme
from programmes.periods import Period, default_period


def panels(user, *, period: Period | None = None) -> list[Panel]:
    """The position of the period's programme (default: the programme running today, else the latest)."""
    if not allows(user, Capability.READ_BUDGET):
        return []
    period = period or default_period()
    context = {
        "programme": period.programme,
        "can_create": allows(user, Capability.MANAGE_PROGRAMMES),
        "query": urlencode(period.query()),
    }
    if period.programme is not None:
        context["position"] = budget_position(programme=period.programme, as_of=period.as_of())
    else:  # a year, a quarter or dates: the budget page lists the programmes overlapping them
        context["no_programme"] = not Programme.objects.exists()
    return [Panel("Budget", "budget/_dashboard_panel.html", context, 55)]
