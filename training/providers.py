"""What the training app adds to other apps' pages through their hooks (registered in TrainingConfig.ready)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone

from groups.hooks import TrainingStatus
from pilot.disclosure import policy_for
from pilot.roles import Role, is_read_only, role_of
from sites.hooks import HealthFlag, SitePanel, TimelineEntry
from training import conf
from training.models import FACILITATOR_TRAINING_KINDS, REFRESHING_KINDS, Event, EventKind, EventStatus, Participant

REFRESHER_REASON = (
    "One training was not enough: every site in the pilot asked for refresher and train-the-trainer sessions."
)
# Host-site statuses for which no refresher is expected (read only when the caller annotated them,
# so that the check stays one query).
CLOSED_SITE_STATUSES = {"withdrawn", "ended", "not_selected"}


def training_status(facilitator_ids: Sequence[int]) -> dict[int, TrainingStatus]:
    """Each facilitator's training status: one query whatever the number of facilitators."""
    facilitator_ids = list(facilitator_ids)
    today = timezone.localdate()
    rows = (
        Participant.objects.filter(facilitator_id__in=facilitator_ids, event__kind__in=FACILITATOR_TRAINING_KINDS)
        .exclude(event__status=EventStatus.CANCELLED)
        .filter(event__starts_on__lte=today)
        .order_by("event__starts_on")
        .values_list("facilitator_id", "event__starts_on", "event__title")
    )
    statuses: dict[int, TrainingStatus] = {}
    for facilitator_id, starts_on, title in rows:
        if facilitator_id not in statuses:
            statuses[facilitator_id] = TrainingStatus(True, f"Trained {starts_on:%B %Y} ({title})")
    untrained = TrainingStatus(False, "No facilitator training recorded")
    return {fid: statuses.get(fid, untrained) for fid in facilitator_ids}


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
    site_ids = [s.pk for s in sites if getattr(s, "current_status", None) not in CLOSED_SITE_STATUSES]
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


def _timeline_kind(event: Event) -> str:
    return "training" if event.is_training else "event"


def timeline(site_ids: Sequence[int] | None) -> list[TimelineEntry]:
    """Training days, networking meetings and the conference on the programme timeline: two queries."""
    events = Event.objects.exclude(status=EventStatus.CANCELLED).select_related("site").prefetch_related("days")
    if site_ids is not None:
        events = events.filter(site_id__in=list(site_ids))
    entries = []
    for event in events:
        days = list(event.days.all())
        attended = [f"{d.attendance} on day {n}" for n, d in enumerate(days, start=1) if d.attendance is not None]
        text = event.title + (f" ({', '.join(attended)})" if attended else "")
        entries.append(
            TimelineEntry(
                day=event.starts_on,
                kind=_timeline_kind(event),
                text=text,
                site_id=event.site_id,
                url=event.get_absolute_url(),
            )
        )
    return entries


def site_panels(site, user) -> list[SitePanel]:
    """The site page's training block: the site's pipeline, its recent and next events, "plan a refresher"."""
    from training.pipeline import site_pipeline
    from training.selectors import can_propose_event

    if role_of(user) not in (Role.COORDINATOR, Role.SITE_CONTACT, Role.OBSERVER, Role.EVALUATOR):
        return []
    today = timezone.localdate()
    events = list(Event.objects.filter(site=site).exclude(status=EventStatus.CANCELLED).order_by("-starts_on")[:5])
    plan_url = ""
    if can_propose_event(user) and not is_read_only(user):
        plan_url = f"{reverse('training:create')}?kind={EventKind.REFRESHER}&site={site.pk}"
    row = site_pipeline(site=site, today=today)
    # The site's own contacts keep its training records; the committee sees published figures.
    figures = row.figures(policy_for(user, keeper=True))
    context = {"site": site, "row": row, "fig": figures, "events": events, "plan_url": plan_url}
    return [SitePanel(title="Training", template="training/_site_panel.html", context=context, order=40)]
