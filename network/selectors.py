"""The network overview and a site's figures: sites, their health flags and their meeting statistics together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max

from groups.models import Facilitator
from groups.selectors import site_meeting_stats
from network.health import flags_for
from pilot.disclosure import Disclosure, plot_value, policy_for
from programmes.selectors import sites_taking_part
from sites.health import HealthFlag
from sites.models import HostSite, Status, SustainabilityPlan
from sites.selectors import Readiness, readiness_for, sites_for, sustainability_for
from training.selectors import training_status

STATUS_ORDER = {s.value: i for i, s in enumerate(Status)}


def site_disclosure(user) -> Disclosure:
    """How site figures are shown: exact to coordinators and evaluators and to a site's own contacts (their scope
    is their own site, whose records they keep); published to the steering committee."""
    return policy_for(user, keeper=True)


def stats_for(sites: Sequence[HostSite], today: date, *, disclosure: Disclosure) -> dict[int, dict]:
    """Each site's meeting statistics (groups meeting, meetings lately, average attendance, weekly attendance,
    last meeting) as the reader may see them: three queries whatever the number of sites."""
    stats = site_meeting_stats(sites, today)
    for values in stats.values():
        values["average_attendance"] = (
            disclosure.per_thing(values["attendance_total"], values["meetings_held"])
            if values["meetings_held"]
            else None
        )
        values["attendance_total"] = disclosure.count(values["attendance_total"])
        values["attendance_series"] = disclosure.counts(values["attendance_series"])
    return stats


@dataclass
class OverviewRow:
    site: HostSite
    flags: list[HealthFlag]
    stats: dict
    last_contact: date | None
    readiness: Readiness | None = None
    plan: SustainabilityPlan | None = None

    @property
    def status_order(self) -> int:
        return STATUS_ORDER[self.site.status]


SORTS = {
    "name": lambda r: r.site.name.lower(),
    "status": lambda r: r.status_order,
    "groups": lambda r: r.stats["groups_meeting"],
    "meetings": lambda r: r.stats["meetings_last_4_weeks"],
    "attendance": lambda r: plot_value(r.stats["average_attendance"]),
    "flags": lambda r: len(r.flags),
    "contact": lambda r: r.last_contact or date.min,
}


def network_overview(
    *, user, today: date, sort: str = "name", programme=None
) -> tuple[list[HostSite], list[OverviewRow], str]:
    """The overview rows for the user's sites (those taking part in `programme`, if given), judged as of `today`,
    sorted by `sort` (a key of SORTS, '-' for descending)."""
    sites = sites_taking_part(sites_for(user, as_of=today), programme)
    flags = flags_for(sites, today)
    stats = stats_for(sites, today, disclosure=site_disclosure(user))
    readiness = readiness_for(sites, today=today)
    plans = sustainability_for(sites)
    rows = [OverviewRow(s, flags[s.pk], stats[s.pk], s.last_contact, readiness[s.pk], plans[s.pk]) for s in sites]
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = "name", "name"
    rows.sort(key=SORTS[key], reverse=sort.startswith("-"))
    return sites, rows, sort


@dataclass(frozen=True)
class UntrainedFacilitator:
    facilitator: Facilitator
    meetings: int
    last_meeting: date


def facilitating_untrained(limit: int = 20) -> list[UntrainedFacilitator]:
    """Active peer facilitators listed on registered meetings with no facilitator training recorded (training
    app), the most recently active first: two queries."""
    listed = (
        Facilitator.objects.active()
        .filter(is_professional=False)
        .annotate(meetings=Count("meetings_facilitated"), last_meeting=Max("meetings_facilitated__date"))
        .filter(meetings__gt=0)
        .select_related("site")
        .order_by("-last_meeting", "display_name")
    )
    listed = list(listed)
    status = training_status([f.pk for f in listed])
    rows = [UntrainedFacilitator(f, f.meetings, f.last_meeting) for f in listed if not status[f.pk].trained]
    return rows[:limit]
