"""The training app's health flag: a trained site with no refresher in REFRESHER_MONTHS and none planned."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from django.db.models import Max, Min, Q

from sites.health import HealthFlag
from training import conf
from training.models import REFRESHING_KINDS, Event, EventStatus

REFRESHER_REASON = (
    "One training was not enough: every site in the pilot asked for refresher and train-the-trainer sessions."
)
# Host-site statuses for which no refresher is expected (pass sites from HostSite.objects.with_status(),
# as every page does, and the check stays one query).
CLOSED_SITE_STATUSES = {"withdrawn", "ended", "not_selected"}


def subtract_months(day: date, months: int) -> date:
    """The same day `months` earlier, clamped to the month's end (31 August - 6 months = 28/29 February)."""
    year, month_zero = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month_zero + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def refresher_due(*, last_training: date | None, next_planned: date | None, today: date, months: int) -> bool:
    """True when a trained site's last training ended more than `months` ago and nothing is planned."""
    if last_training is None or next_planned is not None:
        return False
    return last_training < subtract_months(today, months)


def refresher_health_check(sites: Sequence, today: date) -> dict[int, list[HealthFlag]]:
    """The "no refresher in 6 months" flag for every site at once: one query."""
    site_ids = [s.pk for s in sites if s.status not in CLOSED_SITE_STATUSES]
    rows = (
        Event.objects.filter(site_id__in=site_ids, kind__in=REFRESHING_KINDS)
        .exclude(status=EventStatus.CANCELLED)
        .values("site_id")
        .annotate(
            last=Max("ends_on", filter=Q(ends_on__lte=today)),
            next=Min("starts_on", filter=Q(ends_on__gt=today)),
        )
        .order_by()
    )
    months = conf.refresher_months()
    flags = {}
    for row in rows:
        if refresher_due(last_training=row["last"], next_planned=row["next"], today=today, months=months):
            flags[row["site_id"]] = [
                HealthFlag(
                    code="no_refresher",
                    label=f"No refresher in {months} months",
                    reason=REFRESHER_REASON,
                )
            ]
    return flags
