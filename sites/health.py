"""Health flags: what a flag is, and the sites app's own checks (network/health.py runs every app's).

Every check receives all the sites a page shows and the day to judge on, runs one
query, and returns {site_id: [HealthFlag]} for the sites it flags.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max, Q

from sites import conf
from sites.models import ACTIVE_STATUSES, CHAMPION_ROLES, CONTACT_KINDS, HostSite, SitePerson, Status, StatusChange


@dataclass(frozen=True)
class HealthFlag:
    """One reason a site needs attention: a short label and a one-line reason from the pilot's lessons."""

    code: str
    label: str
    reason: str
    severity: str = "warning"  # "warning" or "danger"


# check(sites, today) -> {site_id: [HealthFlag, ...]}; sites absent from the dict have no flag.
HealthCheck = Callable[[Sequence, date], dict[int, list[HealthFlag]]]


def _active(sites: Sequence[HostSite]) -> list[HostSite]:
    """The sites still in the programme (selected and not withdrawn, ended or turned down)."""
    return [s for s in sites if s.status in ACTIVE_STATUSES]


def no_champion(sites: Sequence[HostSite], today: date) -> dict[int, list[HealthFlag]]:
    """Flag active sites where no practitioner champion or recovery advocate is named."""
    active = _active(sites)
    if not active:
        return {}
    with_champion = set(
        SitePerson.objects.filter(site__in=active, active=True, role__in=CHAMPION_ROLES).values_list(
            "site_id", flat=True
        )
    )
    flag = HealthFlag(
        code="no_champion",
        label="No champion named",
        reason="Groups did best where a local champion promoted them (Sheffield); none is named here.",
    )
    return {s.pk: [flag] for s in active if s.pk not in with_champion}


def no_recent_contact(sites: Sequence[HostSite], today: date) -> dict[int, list[HealthFlag]]:
    """Flag active sites with no contact, visit, training or support logged in the last N weeks."""
    active = _active(sites)
    if not active:
        return {}
    last = dict(
        HostSite.objects.filter(pk__in=[s.pk for s in active])
        .annotate(
            last=Max(
                "progress_entries__day",
                filter=Q(progress_entries__kind__in=CONTACT_KINDS, progress_entries__day__lte=today),
            )
        )
        .values_list("pk", "last")
    )
    weeks = conf.no_contact_weeks()
    cutoff = today - timedelta(weeks=weeks)
    flags = {}
    for site in active:
        day = last.get(site.pk)
        if day is None or day < cutoff:
            since = f"since {day:%d/%m/%Y}" if day else "ever"
            flags[site.pk] = [
                HealthFlag(
                    code="no_recent_contact",
                    label=f"No contact in {weeks} weeks",
                    reason=f"No contact logged {since}: in the pilot, contact with sites tailed off.",
                )
            ]
    return flags


def agreement_unsigned(sites: Sequence[HostSite], today: date) -> dict[int, list[HealthFlag]]:
    """Flag sites selected N weeks ago or more whose agreement is still not signed."""
    waiting = [s for s in sites if s.status in (Status.SELECTED, Status.AGREEMENT_ISSUED)]
    if not waiting:
        return {}
    selected_on = dict(
        StatusChange.objects.filter(site__in=waiting, status=Status.SELECTED)
        .values("site_id")
        .annotate(on=Max("on"))
        .values_list("site_id", "on")
    )
    cutoff = today - timedelta(weeks=conf.agreement_unsigned_weeks())
    flag = HealthFlag(
        code="agreement_unsigned",
        label="Agreement not signed",
        reason=f"Selected over {conf.agreement_unsigned_weeks()} weeks ago and the agreement is still not signed.",
        severity="danger",
    )
    return {s.pk: [flag] for s in waiting if selected_on.get(s.pk) and selected_on[s.pk] <= cutoff}


OWN_CHECKS = (no_champion, no_recent_contact, agreement_unsigned)
