"""Health flags the groups app adds to site pages; each a small check over all the sites at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, Subquery

from groups import conf
from groups.models import Facilitator, Group, GroupStatus, Meeting
from sites.health import HealthFlag

LIVE = (GroupStatus.MEETING, GroupStatus.FORMING)


def _site_ids(sites: Sequence) -> list[int]:
    return [s.pk for s in sites]


def single_facilitator(sites: Sequence, today: date) -> dict[int, list[HealthFlag]]:
    """Sites whose meeting groups rest on one active peer facilitator (or none)."""
    meeting_sites = set(
        Group.objects.filter(site__in=_site_ids(sites), status=GroupStatus.MEETING).values_list("site_id", flat=True)
    )
    counts = dict(
        Facilitator.objects.filter(site__in=meeting_sites, is_professional=False, groups__status=GroupStatus.MEETING)
        .active()
        .values("site_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("site_id", "n")
    )
    flag = HealthFlag(
        code="single_facilitator",
        label="Only one active facilitator",
        reason="Over-reliance on one activist: when Norwich's key facilitator stepped down, the group stopped.",
    )
    return {
        site_id: [flag] for site_id in meeting_sites if counts.get(site_id, 0) <= conf.single_facilitator_threshold()
    }


def away_from_host(sites: Sequence, today: date) -> dict[int, list[HealthFlag]]:
    """Sites with a live group meeting away from the host agency's premises."""
    rows = (
        Group.objects.filter(site__in=_site_ids(sites), status__in=LIVE)
        .exclude(venue_type__in=["host_agency", "online"])
        .values_list("site_id", "name")
    )
    names: dict[int, list[str]] = defaultdict(list)
    for site_id, name in rows:
        names[site_id].append(name)
    return {
        site_id: [
            HealthFlag(
                code="away_from_host",
                label="Group meets away from the host agency",
                reason=f"{', '.join(sorted(groups))}: in the pilot, groups meeting outside the host agency's "
                "building folded (Birmingham, Norwich, Croydon).",
            )
        ]
        for site_id, groups in names.items()
    }


def no_recent_meeting(sites: Sequence, today: date) -> dict[int, list[HealthFlag]]:
    """Sites with a group meeting but no meeting registered in the last three weeks."""
    meeting_sites = set(
        Group.objects.filter(site__in=_site_ids(sites), status=GroupStatus.MEETING).values_list("site_id", flat=True)
    )
    since = today - timedelta(days=conf.silent_days())
    recent = set(
        Meeting.objects.filter(group__site__in=meeting_sites, date__gt=since, date__lte=today)
        .order_by()
        .values_list("group__site_id", flat=True)
        .distinct()
    )
    weeks = conf.silent_days() // 7
    flag = HealthFlag(
        code="no_recent_meeting",
        label=f"No meeting registered for {weeks} weeks",
        reason="Contact with sites tailed off in the pilot; a group can stop without anyone at the centre noticing.",
        severity="danger",
    )
    return {site_id: [flag] for site_id in meeting_sites - recent}


CHECKS = [single_facilitator, away_from_host, no_recent_meeting]


def last_meeting_by_site(site_ids: Sequence[int]) -> dict[int, date]:
    """The date of each site's last held meeting (one query): each group's last one read from the (group, date)
    index, then the latest per site, instead of a GROUP BY over every registration."""
    last = Meeting.objects.filter(group=OuterRef("pk"), held=True).order_by("-date").values("date")[:1]
    rows = (
        Group.objects.filter(site__in=site_ids)
        .order_by()
        .annotate(last=Subquery(last))
        .filter(last__isnull=False)
        .values_list("site_id", "last")
    )
    found: dict[int, date] = {}
    for site_id, day in rows:
        if site_id not in found or day > found[site_id]:
            found[site_id] = day
    return found


def meeting_groups_by_site(site_ids: Sequence[int]) -> dict[int, int]:
    rows = (
        Group.objects.filter(site__in=site_ids)
        .values("site_id")
        .annotate(n=Count("pk", filter=Q(status=GroupStatus.MEETING)))
        .values_list("site_id", "n")
    )
    return dict(rows)
