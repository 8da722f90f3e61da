"""Home-page panels: the coordinator's overdue follow-ups and sites needing attention; a site contact's site."""

from __future__ import annotations

from pilot.dashboard import Panel
from pilot.roles import Role, role_of
from sites import conf, selectors


def panels(user) -> list[Panel]:
    role = role_of(user)
    if role == Role.COORDINATOR:
        today = conf.as_of()
        overdue = list(selectors.overdue_follow_ups(user=user, today=today)[:10])
        _, rows, _ = selectors.network_overview(user=user, today=today, sort="-flags")
        attention = [r for r in rows if r.flags]
        return [
            Panel("Overdue follow-ups", "sites/_panel_overdue.html", {"entries": overdue, "as_of": today}, 10),
            Panel("Sites needing attention", "sites/_panel_attention.html", {"rows": attention, "as_of": today}, 20),
        ]
    if role == Role.SITE_CONTACT:
        today = conf.as_of()
        _, rows, _ = selectors.network_overview(user=user, today=today)
        return [Panel("Your site", "sites/_panel_my_site.html", {"rows": rows, "as_of": today}, 10)]
    return []
