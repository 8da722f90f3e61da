"""Reads for events: lists, the event page, who may see names, delegate summaries, upcoming events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from pilot.disclosure import policy_for
from pilot.roles import Role, role_of
from pilot.scoping import get_visible_or_404
from sites.selectors import readiness_for
from sites.timeline import TimelineEntry
from training.models import (
    FACILITATOR_TRAINING_KINDS,
    DelegateCount,
    Event,
    EventDay,
    EventKind,
    EventStatus,
    Participant,
    Sector,
)

WHEN_CHOICES = {"upcoming": "Upcoming", "past": "Past", "all": "All"}


@dataclass(frozen=True)
class TrainingStatus:
    trained: bool
    label: str  # e.g. "Trained March 2024 (Sheffield facilitator training)" or "No facilitator training recorded"


def training_status(facilitator_ids: Sequence[int]) -> dict[int, TrainingStatus]:
    """Each facilitator's training status (facilitator training that has begun): one query whatever the number."""
    facilitator_ids = list(facilitator_ids)
    if not facilitator_ids:
        return {}
    rows = (
        Participant.objects.filter(facilitator_id__in=facilitator_ids, event__kind__in=FACILITATOR_TRAINING_KINDS)
        .exclude(event__status=EventStatus.CANCELLED)
        .filter(event__starts_on__lte=timezone.localdate())
        .order_by("event__starts_on")
        .values_list("facilitator_id", "event__starts_on", "event__title")
    )
    statuses: dict[int, TrainingStatus] = {}
    for facilitator_id, starts_on, title in rows:
        if facilitator_id not in statuses:
            statuses[facilitator_id] = TrainingStatus(True, f"Trained {starts_on:%B %Y} ({title})")
    untrained = TrainingStatus(False, "No facilitator training recorded")
    return {fid: statuses.get(fid, untrained) for fid in facilitator_ids}


def event_list(*, user, when: str = "all", kind: str = "", today: date) -> QuerySet[Event]:
    """Events this user may see, filtered by time and kind; days prefetched (two queries)."""
    events = Event.objects.visible_to(user).select_related("site").prefetch_related("days")
    if when == "upcoming":
        events = events.filter(ends_on__gte=today).order_by("starts_on", "title")
    elif when == "past":
        events = events.filter(ends_on__lt=today)
    if kind:
        events = events.filter(kind=kind)
    return events


def get_event_for_user(request, pk: int) -> Event:
    """The event if the user may see it, else 404."""
    return get_visible_or_404(
        Event.objects.visible_to(request.user).select_related("site", "proposed_by"), request.user, pk=pk
    )


def user_site_ids(user) -> set[int]:
    """Host sites a site-scoped user belongs to (cached on the user for the request)."""
    cached = getattr(user, "_training_site_ids", None)
    if cached is None:
        cached = set(user.site_memberships.values_list("site_id", flat=True)) if user.is_authenticated else set()
        user._training_site_ids = cached
    return cached


def can_manage_events(user) -> bool:
    """Only the coordinator plans, edits and records events."""
    return role_of(user) == Role.COORDINATOR


def can_propose_event(user) -> bool:
    """Coordinators and site contacts (training.add_event) may propose; observers never write."""
    return role_of(user) in (Role.COORDINATOR, Role.SITE_CONTACT) and user.has_perm("training.add_event")


def can_see_names(user, event: Event) -> bool:
    """Participants' names and contacts: the coordinator, and the contacts of the event's own site."""
    role = role_of(user)
    if role == Role.COORDINATOR:
        return True
    return role == Role.SITE_CONTACT and event.site_id is not None and event.site_id in user_site_ids(user)


def event_disclosure(user, event: Event):
    """How an event's figures (attendance, participants) are shown: exactly to those who keep its records
    (who may see its participants by name) and to coordinators and evaluators; published to everyone else."""
    return policy_for(user, keeper=can_see_names(user, event))


def can_make_facilitator(user, event: Event) -> bool:
    """Turning a participant into a facilitator: someone who may add facilitators at the event's site.

    Only from a facilitator training, refresher or train-the-trainer: professionals may attend
    meetings but not facilitate them (a rule of the pilot's steering committee).
    """
    return (
        event.site_id is not None
        and event.kind in FACILITATOR_TRAINING_KINDS
        and can_see_names(user, event)
        and user.has_perm("groups.add_facilitator")
    )


@dataclass
class SectorLine:
    sector: str
    label: str
    count: int
    percent: int
    organisations: list[tuple[str, int, int]]  # (organisation, count, percent of the sector)


def delegate_summary(delegates: list[DelegateCount]) -> tuple[int, list[SectorLine]]:
    """Total delegates and, per sector, the count, share and organisations with their share of the sector."""
    total = sum(d.count for d in delegates)
    lines = []
    for sector in Sector:
        rows = [d for d in delegates if d.sector == sector]
        count = sum(d.count for d in rows)
        if not count:
            continue
        orgs = [(d.organisation, d.count, round(100 * d.count / count)) for d in rows]
        lines.append(SectorLine(sector, sector.label, count, round(100 * count / total), orgs))
    return total, lines


def event_page(*, event: Event, user) -> dict:
    """Everything the event page shows, in a fixed number of queries (days, topics, participants, delegates)."""
    days = list(event.days.all())
    show_names = can_see_names(user, event)
    disclosure = event_disclosure(user, event)
    participants = list(event.participants.select_related("facilitator")) if show_names else []
    named_count = len(participants) if show_names else event.participants.count()
    named_shown, unnamed_shown = disclosure.count(named_count), disclosure.count(event.unnamed_participants)
    delegates = list(event.delegate_counts.all())
    total_delegates, sectors = delegate_summary(delegates)
    # The money spent on the event (trainer expenses, venues): for those who may read the budget.
    show_expenses = role_of(user) in (Role.COORDINATOR, Role.OBSERVER)
    return {
        "expenses": list(event.expenses.select_related("head")) if show_expenses else [],
        "show_expenses": show_expenses,
        "days": days,
        "disclosure": disclosure,
        "topics": list(event.topics.all()),
        "show_names": show_names,
        "participants": participants,
        "named_count": named_shown,
        "unnamed_count": unnamed_shown,
        "total_participants": disclosure.total(named_count + event.unnamed_participants, [named_shown, unnamed_shown]),
        "delegates": delegates,
        "total_delegates": total_delegates,
        "sectors": sectors,
    }


def upcoming_events(*, user, today: date, limit: int = 5) -> list[Event]:
    """The next few events this user may see (two queries)."""
    return list(
        Event.objects.visible_to(user)
        .filter(ends_on__gte=today)
        .exclude(status=EventStatus.CANCELLED)
        .select_related("site")
        .prefetch_related(Prefetch("days", queryset=EventDay.objects.order_by("date")))
        .order_by("starts_on", "title")[:limit]
    )


def participants_named_for(user) -> QuerySet[Participant]:
    """Participants whose names this user may see: all for the coordinator, their sites' events for site contacts."""
    role = role_of(user)
    participants = Participant.objects.select_related("event__site", "facilitator")
    if role == Role.COORDINATOR:
        return participants.filter(event__in=Event.objects.visible_to(user))
    if role == Role.SITE_CONTACT:
        return participants.filter(event__in=Event.objects.visible_to(user), event__site_id__in=user_site_ids(user))
    return participants.none()


def get_participant_for_user(request, pk: int) -> Participant:
    """A participant whose name the user may see, else 404 (audited when the participant exists)."""
    return get_visible_or_404(participants_named_for(request.user), request.user, pk=pk)


def get_delegate_count_for_user(request, pk: int) -> DelegateCount:
    """A delegate count of an event the user may see, else 404 (audited when it exists)."""
    rows = DelegateCount.objects.select_related("event").filter(event__in=Event.objects.visible_to(request.user))
    return get_visible_or_404(rows, request.user, pk=pk)


def _timeline_kind(event: Event) -> str:
    return "training" if event.is_training else "event"


def timeline_entries(site_ids: Sequence[int] | None) -> list[TimelineEntry]:
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


def readiness_warning(event) -> str:
    """For a facilitator training at a site whose readiness checklist is incomplete: a warning naming what is
    missing (the Gateshead lesson: 25 trained, no venue, no group); otherwise "". A warning, never a refusal."""
    if event.kind != EventKind.FACILITATOR_TRAINING or event.site_id is None or event.status == EventStatus.CANCELLED:
        return ""
    readiness = readiness_for([event.site], today=timezone.localdate())[event.site_id]
    if readiness.complete:
        return ""
    missing = "; ".join(readiness.missing)
    return f"{event.site} is not ready for facilitator training yet ({readiness}). Still missing: {missing}."


# Changes to an event that schedule it anew: another day, another site, a different kind or a new status.
RESCHEDULING_FIELDS = frozenset({"kind", "site", "status", "starts_on", "ends_on"})


def readiness_warning_on_edit(event, changed_fields) -> str:
    """The same warning as when the event was scheduled, when an edit moves it to another day or site (or makes it
    a facilitator training, or planned): "" for an edit that schedules nothing anew, or at a ready site."""
    if not RESCHEDULING_FIELDS & set(changed_fields):
        return ""
    return readiness_warning(event)
