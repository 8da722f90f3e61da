"""The network overview and a site's figures: sites, their health flags and their meeting statistics together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max

from committee.models import READERS
from committee.selectors import overdue_actions
from groups.models import Facilitator
from groups.selectors import site_meeting_stats
from groups.support import FLAG_LABELS, support_flags
from network.health import flags_for
from pilot.disclosure import Disclosure, plot_value, policy_for
from pilot.permissions import allows
from pilot.roles import Capability, role_of
from programmes.selectors import sites_taking_part
from referrals.selectors import ReferralSummary, referral_summary
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
    support: dict | None = None  # facilitators with support flags, counted (support_counts_for), as disclosed
    referrals: ReferralSummary | None = None  # active referral partners and the quiet ones (referral_summary)

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
    support = disclosed_support_counts(support_counts_for(sites, today), site_disclosure(user))
    referrals = referral_summary(sites, today)
    rows = [
        OverviewRow(
            s, flags[s.pk], stats[s.pk], s.last_contact, readiness[s.pk], plans[s.pk], support[s.pk], referrals[s.pk]
        )
        for s in sites
    ]
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = "name", "name"
    rows.sort(key=SORTS[key], reverse=sort.startswith("-"))
    return sites, rows, sort


SUPPORT_CODES = tuple(FLAG_LABELS)  # alone, no_contact, struggling


def support_counts_for(sites: Sequence[HostSite], today: date) -> dict[int, dict[str, int]]:
    """Per site, how many active facilitators have a support flag ("flagged": any) and each flag, as their
    programme's support policy allows (groups.support.support_flags): the one source of the counts the overview,
    the start pages and the evaluation pack show. Counts of people: show them through a Disclosure."""
    facilitators = Facilitator.objects.filter(site__in=[s.pk for s in sites]).active()
    counts = {s.pk: dict.fromkeys(("flagged", *SUPPORT_CODES), 0) for s in sites}
    people: dict[int, set[int]] = {s.pk: set() for s in sites}
    for flag in support_flags(list(facilitators), today):
        site_id = flag.facilitator.site_id
        counts[site_id][flag.code] += 1
        people[site_id].add(flag.facilitator.pk)
    for site_id, flagged in people.items():
        counts[site_id]["flagged"] = len(flagged)
    return counts


def disclosed_support_counts(counts: dict[int, dict[str, int]], disclosure: Disclosure) -> dict[int, dict]:
    """The counts of support_counts_for as this reader may see them (published to the steering committee)."""
    return {site_id: {k: disclosure.count(v) for k, v in values.items()} for site_id, values in counts.items()}


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


def overdue_action_count(user, programme, today: date) -> int | None:
    """How many steering committee actions are overdue as of `today` (committee.selectors.overdue_actions), for
    those who read the committee's record; None for anyone else."""
    if role_of(user) not in READERS or not allows(user, Capability.READ_COMMITTEE):
        return None
    return overdue_actions(user=user, programme=programme, today=today).count()


@dataclass
class AttentionRow:
    site: HostSite
    flags: list[HealthFlag]
    plan: SustainabilityPlan | None
    referrals: ReferralSummary | None = None  # the quiet partners (referral_summary), as the overview has them


def sites_needing_attention(*, user, today: date, programme=None) -> list[AttentionRow]:
    """The user's sites (those taking part in `programme`, if given) with their health flags and sustainability
    plan, most flags first: what the start page's panels read of the network overview, from the same functions
    (flags_for, sustainability_for, referral_summary) and in the same order as network_overview(sort="-flags"),
    without the meeting figures, readiness or support counts that only the overview shows."""
    sites = sites_taking_part(sites_for(user, as_of=today), programme)
    flags = flags_for(sites, today)
    plans = sustainability_for(sites)
    referrals = referral_summary(sites, today)
    rows = [AttentionRow(s, flags[s.pk], plans[s.pk], referrals[s.pk]) for s in sites]
    rows.sort(key=lambda r: len(r.flags), reverse=True)
    return rows
