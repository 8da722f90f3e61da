"""Writes for events, participants and delegates; each one audited, each one atomic."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from groups.models import Facilitator
from pilot.audit import audit
from pilot.concurrency import claim_version
from pilot.roles import Role, role_of
from training.models import DelegateCount, Event, EventDay, EventStatus, Participant, Topic

MAX_AUTO_DAYS = 14


@transaction.atomic
def event_save(*, actor, form, new_topics: list[str] = (), expected_version: int | None = None) -> Event:
    """Create or update an event from a valid EventForm; new days in its range are added empty.

    A save by someone else since `expected_version` is refused (pilot.concurrency.StaleEdit).
    """
    creating = form.instance.pk is None
    event: Event = form.save(commit=False)
    claim_version(event, expected_version=expected_version)
    if creating:
        event.proposed_by = actor
        if role_of(actor) != Role.COORDINATOR:
            event.status = EventStatus.PROPOSED
    event.save()
    form.save_m2m()
    for name in new_topics:
        topic, _ = Topic.objects.get_or_create(name=name)
        event.topics.add(topic)
    _fill_days(event)
    # Days outside a shortened range go; their attendance would otherwise contradict the dates.
    event.days.exclude(date__range=(event.starts_on, event.ends_on)).delete()
    changed = form.changed_data + (["topics"] if new_topics else [])
    audit(actor=actor, action="create" if creating else "update", target=event, changed_fields=changed)
    return event


def _fill_days(event: Event) -> None:
    existing = set(event.days.values_list("date", flat=True))
    span = (event.ends_on - event.starts_on).days + 1
    if span > MAX_AUTO_DAYS:
        return
    new = [
        EventDay(event=event, date=event.starts_on + timedelta(days=offset))
        for offset in range(span)
        if event.starts_on + timedelta(days=offset) not in existing
    ]
    EventDay.objects.bulk_create(new)


@transaction.atomic
def event_days_save(*, actor, event: Event, formset) -> list[EventDay]:
    """Save a valid attendance formset for the event's days."""
    days = formset.save(commit=False)
    for day in days:
        day.event = event
        day.save()
    for day in formset.deleted_objects:
        day.delete()
    audit(actor=actor, action="update", target=event, changed_fields=["days"])
    return list(event.days.all())


@transaction.atomic
def event_delete(*, actor, event: Event) -> None:
    """Delete an event with its days, participants and delegates (expenses keep their amounts)."""
    audit(actor=actor, action="delete", target=event)
    event.delete()


@transaction.atomic
def participant_add(*, actor, event: Event, form) -> Participant:
    """Record a participant from a valid ParticipantForm."""
    participant: Participant = form.save(commit=False)
    participant.event = event
    participant.save()
    audit(actor=actor, action="create", target=participant, changed_fields=form.changed_data)
    return participant


@transaction.atomic
def participant_delete(*, actor, participant: Participant) -> None:
    """Remove a participant record."""
    audit(actor=actor, action="delete", target=participant)
    participant.delete()


@transaction.atomic
def participant_make_facilitator(*, actor, participant: Participant) -> Facilitator:
    """Turn a named participant into a facilitator record at the event's site, in one step."""
    if participant.facilitator_id:
        return participant.facilitator
    event = participant.event
    if event.site_id is None:
        raise ValueError("A network-wide event has no site to attach a facilitator to.")
    facilitator = Facilitator.objects.create(site_id=event.site_id, display_name=participant.name[:80])
    participant.facilitator = facilitator
    participant.save(update_fields=["facilitator"])
    audit(actor=actor, action="create", target=facilitator, changed_fields=["site", "display_name"])
    audit(actor=actor, action="update", target=participant, changed_fields=["facilitator"])
    return facilitator


@transaction.atomic
def delegate_count_save(*, actor, event: Event, sector: str, organisation: str, count: int) -> DelegateCount:
    """Set how many delegates came from an organisation in a sector (replaces an earlier figure)."""
    row, created = DelegateCount.objects.update_or_create(
        event=event, sector=sector, organisation=organisation, defaults={"count": count}
    )
    audit(actor=actor, action="create" if created else "update", target=row, changed_fields=["count"])
    return row


@transaction.atomic
def delegate_count_delete(*, actor, row: DelegateCount) -> None:
    """Remove one organisation's delegate count."""
    audit(actor=actor, action="delete", target=row)
    row.delete()
