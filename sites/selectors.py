"""Reads of the sites app: the network overview, a site page, the log, follow-ups and the selection."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Q, QuerySet

from pilot.disclosure import Disclosure, plot_value, policy_for
from pilot.roles import Role, role_of
from sites import hooks
from sites.hooks import HealthFlag, SitePanel
from sites.models import (
    ACTIVE_STATUSES,
    CONTACT_KINDS,
    ENGLISH_REGIONS,
    Application,
    Decision,
    HostSite,
    ProgressEntry,
    ProviderType,
    Region,
    Setting,
    Status,
)

STATUS_ORDER = {s.value: i for i, s in enumerate(Status)}
STAT_KEYS = (
    "groups_meeting",
    "meetings_last_4_weeks",
    "average_attendance",
    "attendance_total",
    "meetings_held",
    "attendance_series",
    "last_meeting",
)


def can_see_contact_details(user, site: HostSite) -> bool:
    """Volunteers' and agencies' phone numbers and emails: the coordinator and that site's own contacts only."""
    role = role_of(user)
    if role == Role.COORDINATOR:
        return True
    if role == Role.SITE_CONTACT:
        return site.memberships.filter(user=user).exists()
    return False


def sees_contact_notes(user) -> bool:
    """Free-text notes of the progress log and of status changes: coordinators and site contacts (whose scope is
    their own site). The steering committee reads dates, kinds and follow-ups, as in the site progress report."""
    return role_of(user) in (Role.COORDINATOR, Role.SITE_CONTACT)


def can_manage_site(user, site: HostSite) -> bool:
    """May write to this site's log, people and details (coordinator, or a contact of this site)."""
    return can_see_contact_details(user, site)


def sites_for(user) -> QuerySet[HostSite]:
    """The sites the user may see, each annotated with its current status and last contact."""
    return (
        HostSite.objects.visible_to(user)
        .with_status()
        .annotate(
            last_contact=Max("progress_entries__day", filter=Q(progress_entries__kind__in=CONTACT_KINDS)),
        )
        .order_by("name")
    )


def flags_for(sites: Sequence[HostSite], today: date) -> dict[int, list[HealthFlag]]:
    """Every registered health check, called once with all the sites."""
    flags: dict[int, list[HealthFlag]] = {s.pk: [] for s in sites}
    if not sites:
        return flags
    for check in hooks.health_checks():
        for site_id, found in check(sites, today).items():
            if site_id in flags:
                flags[site_id].extend(found)
    return flags


def site_disclosure(user) -> Disclosure:
    """How site figures are shown: exact to coordinators and evaluators and to a site's own contacts (their scope
    is their own site, whose records they keep); published to the steering committee."""
    return policy_for(user, keeper=True)


def stats_for(sites: Sequence[HostSite], today: date, *, disclosure: Disclosure) -> dict[int, dict]:
    """Every registered stats provider, called once with all the sites, as the reader may see the figures."""
    stats: dict[int, dict] = {s.pk: dict.fromkeys(STAT_KEYS) for s in sites}
    if not sites:
        return stats
    for provider in hooks.site_stats_providers():
        for site_id, values in provider(sites, today).items():
            if site_id in stats:
                stats[site_id].update(values)
    for values in stats.values():
        if values["meetings_held"]:
            values["average_attendance"] = disclosure.per_thing(values["attendance_total"], values["meetings_held"])
            values["attendance_total"] = disclosure.count(values["attendance_total"])
        if values["attendance_series"] is not None:
            values["attendance_series"] = disclosure.counts(values["attendance_series"])
    return stats


@dataclass
class OverviewRow:
    site: HostSite
    flags: list[HealthFlag]
    stats: dict
    last_contact: date | None

    @property
    def status_order(self) -> int:
        return STATUS_ORDER[self.site.status]


SORTS = {
    "name": lambda r: r.site.name.lower(),
    "status": lambda r: r.status_order,
    "groups": lambda r: r.stats.get("groups_meeting") or 0,
    "meetings": lambda r: r.stats.get("meetings_last_4_weeks") or 0,
    "attendance": lambda r: plot_value(r.stats.get("average_attendance")),
    "flags": lambda r: len(r.flags),
    "contact": lambda r: r.last_contact or date.min,
}


def network_overview(*, user, today: date, sort: str = "name") -> tuple[list[HostSite], list[OverviewRow], str]:
    """The overview rows for the user's sites, sorted by `sort` (a key of SORTS, '-' for descending)."""
    sites = list(sites_for(user))
    flags = flags_for(sites, today)
    stats = stats_for(sites, today, disclosure=site_disclosure(user))
    rows = [OverviewRow(s, flags[s.pk], stats[s.pk], s.last_contact) for s in sites]
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = "name", "name"
    rows.sort(key=SORTS[key], reverse=sort.startswith("-"))
    return sites, rows, sort


def site_panels(site: HostSite, user) -> list[SitePanel]:
    panels: list[SitePanel] = []
    for provider in hooks.site_panel_providers():
        panels.extend(provider(site, user))
    return sorted(panels, key=lambda p: p.order)


def site_log(*, site: HostSite, limit: int) -> list[ProgressEntry]:
    return list(site.progress_entries.select_related("author")[:limit])


def network_log(
    *,
    user,
    site: HostSite | None = None,
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[ProgressEntry]:
    """Log entries the user may see, filtered by site, kind and date range."""
    entries = ProgressEntry.objects.visible_to(user).select_related("site", "author")
    if site is not None:
        entries = entries.filter(site=site)
    if kind:
        entries = entries.filter(kind=kind)
    if date_from:
        entries = entries.filter(day__gte=date_from)
    if date_to:
        entries = entries.filter(day__lte=date_to)
    return entries


def overdue_follow_ups(*, user, today: date) -> QuerySet[ProgressEntry]:
    """Follow-ups whose date has passed and are not marked done, oldest first."""
    entries = ProgressEntry.objects.visible_to(user).overdue(today)
    if role_of(user) != Role.COORDINATOR:
        # Network-wide follow-ups are the coordinator's to close.
        entries = entries.filter(site__isnull=False)
    return entries.select_related("site").order_by("follow_up_on", "pk")


@dataclass
class Coverage:
    regions: list[tuple[str, bool]] = field(default_factory=list)
    settings: list[tuple[str, bool]] = field(default_factory=list)
    provider_types: list[tuple[str, bool]] = field(default_factory=list)
    sites: list[HostSite] = field(default_factory=list)


def selection_summary() -> dict:
    """Applications by region and the coverage the sites still in the programme give."""
    applications = list(Application.objects.select_related("site"))
    statuses = dict(HostSite.objects.with_status().values_list("pk", "current_status"))
    for application in applications:
        # What became of a selected site (Cornwall: withdrawn), without a query per row.
        status = statuses.get(application.site_id)
        application.site_status_label = Status(status).label if status else ""
    per_region = Counter(a.region for a in applications)
    selected_per_region = Counter(a.region for a in applications if a.decision == Decision.SELECTED)
    by_region = [
        {
            "region": r,
            "label": r.label,
            "applications": per_region.get(r.value, 0),
            "selected": selected_per_region.get(r.value, 0),
        }
        for r in Region
        if per_region.get(r.value) or r in ENGLISH_REGIONS
    ]
    current = [s for s in HostSite.objects.with_status() if s.status in ACTIVE_STATUSES]
    covered_regions = {s.region for s in current}
    covered_settings = {s.setting for s in current}
    covered_types = {s.provider_type for s in current}
    coverage = Coverage(
        regions=[(r.label, r.value in covered_regions) for r in ENGLISH_REGIONS],
        settings=[(s.label, s.value in covered_settings) for s in Setting],
        provider_types=[(p.label, p.value in covered_types) for p in ProviderType],
        sites=current,
    )
    return {
        "applications": sorted(applications, key=lambda a: (-(a.total_score or -1), a.agency_name)),
        "by_region": by_region,
        "max_per_region": max([row["applications"] for row in by_region] or [0]),
        "coverage": coverage,
        "coverage_groups": [
            ("Regions of England", coverage.regions),
            ("Settings", coverage.settings),
            ("Provider types", coverage.provider_types),
        ],
        "total": len(applications),
        "selected": sum(1 for a in applications if a.decision == Decision.SELECTED),
    }
