"""Home-page panels: a facilitator's own groups first; missing registrations and recent meetings for the centre."""

from __future__ import annotations

from datetime import date

from django.db.models import Max
from django.utils import timezone

from groups import selectors
from groups.models import Facilitator, Group, GroupStatus, Meeting
from pilot.dashboard import Panel
from pilot.roles import Role, role_of


def panels(user, *, start: date | None = None, today: date | None = None) -> list[Panel]:
    """Judged as of `today` (default: today), with the meetings registered for dates from `start` on."""
    role = role_of(user)
    if role is None or role == Role.EVALUATOR:
        return []
    today = today or timezone.localdate()
    if role == Role.FACILITATOR:
        missing = {m.group.pk: m.count for m in selectors.missing_by_group(user=user, today=today)}
        groups = list(Group.objects.visible_to(user).select_related("site").exclude(status=GroupStatus.NEVER_STARTED))
        last = dict(
            Meeting.objects.filter(group__in=groups)
            .values("group_id")
            .order_by()
            .annotate(last=Max("date"))
            .values_list("group_id", "last")
        )
        rows = [
            {
                "group": g,
                "due": selectors.most_recent_scheduled_date(g, today),
                "last": last.get(g.pk),
                "missing": missing.get(g.pk, 0),
            }
            for g in groups
        ]
        own = Facilitator.objects.filter(user=user).only("pk").first()
        context = {"rows": rows, "support_pk": own.pk if own else None}
        return [Panel("My groups", "groups/_panel_my_groups.html", context, order=10)]
    missing = selectors.missing_count(user=user, today=today)
    recent = Meeting.objects.visible_to(user).filter(date__lte=today, date__gte=start or date.min)
    recent = selectors.latest_registrations(recent)
    context = {
        "missing": missing,
        "recent": recent,
        "may_register": role != Role.OBSERVER,
        "disclosure": selectors.meeting_disclosure(user),
    }
    return [Panel("Meetings", "groups/_panel_meetings.html", context, order=30 if missing else 60)]
