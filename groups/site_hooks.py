"""What the groups app contributes to site pages: stats, health flags, timeline entries and a panel."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from django.db.models import Max, Min, Q
from django.utils import timezone

from groups import health, selectors
from groups.models import Group, GroupStatusChange, Meeting
from sites import hooks
from sites.hooks import SitePanel, TimelineEntry

WEEKS = 12


def site_stats(sites: Sequence, today: date) -> dict[int, dict]:
    """Per site: groups meeting, meetings in the last 4 weeks, attendance and meetings held over 12 weeks,
    weekly totals (3 queries). Exact figures: the sites app shows them through the reader's disclosure policy."""
    site_ids = [s.pk for s in sites]
    meeting_groups = health.meeting_groups_by_site(site_ids)
    since = today - timedelta(days=WEEKS * 7 - 1)
    rows = Meeting.objects.filter(group__site__in=site_ids, held=True, date__range=(since, today)).values_list(
        "group__site_id", "date", "attendance"
    )
    by_site: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for site_id, day, attendance in rows:
        by_site[site_id].append((day, attendance))
    last = health.last_meeting_by_site(site_ids)
    four_weeks = today - timedelta(days=27)
    stats = {}
    for site_id in site_ids:
        meetings = by_site.get(site_id, [])
        stats[site_id] = {
            "groups_meeting": meeting_groups.get(site_id, 0),
            "meetings_last_4_weeks": sum(1 for day, _ in meetings if day >= four_weeks),
            "attendance_total": sum(a for _, a in meetings),
            "meetings_held": len(meetings),
            "attendance_series": selectors.weekly_attendance(meetings, today, WEEKS),
            "last_meeting": last.get(site_id),
        }
    return stats


def timeline(site_ids: Sequence[int] | None) -> list[TimelineEntry]:
    """First and last meetings of each group, and every group status change (2 queries)."""
    groups = Group.objects.all()
    changes = GroupStatusChange.objects.select_related("group")
    if site_ids is not None:
        groups = groups.filter(site__in=site_ids)
        changes = changes.filter(group__site__in=site_ids)
    groups = groups.annotate(
        first=Min("meetings__date", filter=Q(meetings__held=True)),
        last=Max("meetings__date", filter=Q(meetings__held=True)),
    )
    entries = []
    for group in groups:
        url = group.get_absolute_url()
        if group.first:
            entries.append(
                TimelineEntry(group.first, "first_meeting", f"{group.name} group first met", group.site_id, url)
            )
        if group.last and group.status != "meeting":
            entries.append(
                TimelineEntry(group.last, "last_meeting", f"{group.name} group last met", group.site_id, url)
            )
    for change in changes:
        reason = f" ({change.get_reason_display().lower()})" if change.reason else ""
        text = f"{change.group.name} group: {change.get_status_display().lower()}{reason}"
        entries.append(
            TimelineEntry(change.changed_on, "status", text, change.group.site_id, change.group.get_absolute_url())
        )
    return entries


def site_panels(site, user) -> list[SitePanel]:
    """The groups at a site with their reporting rate over the last 13 weeks and per month."""
    groups = list(Group.objects.visible_to(user).filter(site=site).order_by("name"))
    if not groups:
        return []
    today = timezone.localdate()
    start = today - timedelta(days=90)
    rates = selectors.reporting_rate(groups=groups, start=start, end=today)
    context = {
        "rows": [(g, rates.groups[g.pk]) for g in groups],
        "overall": rates.overall,
        "start": start,
        "by_month": selectors.reporting_rate_by_month(groups=groups, end=today),
    }
    return [SitePanel(title="Groups", template="groups/_site_panel.html", context=context, order=20)]


def register() -> None:
    hooks.register_site_stats(site_stats)
    for check in health.CHECKS:
        hooks.register_health_check(check)
    hooks.register_timeline_source(timeline)
    hooks.register_site_panels(site_panels)
