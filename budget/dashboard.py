"""Home-page panel: the budget position of the start page's programme, for the coordinator and the committee."""

from __future__ import annotations

from budget.models import BUDGET_READERS
from budget.selectors import budget_position
from pilot.dashboard import Panel
from pilot.roles import Role, role_of
from programmes.periods import Period, default_period


def panels(user, *, period: Period | None = None) -> list[Panel]:
    """The position of the period's programme (default: the programme running today, else the latest)."""
    role = role_of(user)
    if role not in BUDGET_READERS:
        return []
    period = period or default_period()
    context = {"programme": period.programme, "can_create": role == Role.COORDINATOR}
    if period.programme is not None:
        context["position"] = budget_position(programme=period.programme, as_of=period.as_of())
        context["period_key"] = period.key
    return [Panel("Budget", "budget/_dashboard_panel.html", context, 55)]
