"""Reads of the sites app: the network overview, a site page, the log, follow-ups and the selection."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from pilot.permissions import allows
from pilot.roles import Capability, Role, role_of
from programmes.readiness import checklists_for
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
    SiteReadiness,
    Status,
    SustainabilityPlan,
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


def can_manage_entry(user, entry: ProgressEntry) -> bool:
    """May close this log entry's follow-up: whoever manages its site; a network-wide entry, the coordinator."""
    if entry.site_id is None:
        return allows(user, Capability.LOG_FOR_NETWORK)
    return can_manage_site(user, entry.site)


def sites_for(user, *, as_of: date | None = None) -> QuerySet[HostSite]:
    """The sites the user may see, each annotated with its status and its last contact (on or before `as_of`,
    when given: a page judged as of a past day shows neither later changes nor later contact)."""
    contact = Q(progress_entries__kind__in=CONTACT_KINDS)
    if as_of is not None:
        contact &= Q(progress_entries__day__lte=as_of)
    return (
        HostSite.objects.visible_to(user)
        .with_status(as_of)
        .annotate(last_contact=Max("progress_entries__day", filter=contact))
        .order_by("name")
    )


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


@dataclass(frozen=True)
class ReadinessItem:
    label: str
    done_on: date | None
    done_by: str
    key: str = ""
    help_text: str = ""

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class Readiness:
    """A site's readiness checklist, judged on a day: the one figure the site page, overview and warnings show."""

    items: list[ReadinessItem]
    row: SiteReadiness | None = None  # the stored checklist (for its illustrative marks), None if never saved
    programme: object = None  # the programme whose own items these are; None: the default items

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    @property
    def missing(self) -> list[str]:
        return [item.label for item in self.items if not item.done]

    def __str__(self) -> str:
        return f"{self.done} of {self.total}"


def readiness_for(sites, *, today: date | None = None) -> dict[int, Readiness]:
    """Each site's readiness (a fixed number of queries): the items of its checklist on `today` (its programme's,
    else the default ones: programmes.readiness), ticked if done on or before `today`."""
    site_ids = [s.pk for s in sites]
    checklists = checklists_for(site_ids, today or timezone.localdate())
    rows = {r.site_id: r for r in SiteReadiness.objects.filter(site_id__in=site_ids)}
    user_ids = {t.get("by") for r in rows.values() for t in r.ticks.values()} - {None}
    names = {}
    if user_ids:  # who ticked, by their login as it is now (an erased login shows as erased)
        users = get_user_model().objects.filter(pk__in=user_ids)
        names = {u.pk: u.get_full_name() or u.get_username() for u in users}
    result = {}
    for site_id in site_ids:
        items = []
        row = rows.get(site_id)
        checklist = checklists[site_id]
        for item in checklist.items:
            tick = row.ticks.get(item.key) if row else None
            on = date.fromisoformat(tick["on"]) if tick else None
            if on is not None and today is not None and on > today:
                on = None
            by = names.get(tick.get("by"), "") if on else ""
            items.append(ReadinessItem(item.label, on, by, item.key, item.help_text))
        result[site_id] = Readiness(items, row, checklist.programme)
    return result


def sustainability_for(sites) -> dict[int, SustainabilityPlan | None]:
    """Each site's sustainability plan, or None (one query): the one source of a site's "future" status
    (secure, at risk, ending) for the site page, the overview and the evaluation pack."""
    site_ids = [s.pk for s in sites]
    plans = {p.site_id: p for p in SustainabilityPlan.objects.filter(site_id__in=site_ids)}
    return {site_id: plans.get(site_id) for site_id in site_ids}
