"""Writes: committee meetings and their actions (the coordinator only; audited; lost updates refused)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from committee.models import CommitteeAction, CommitteeMeeting
from pilot.audit import audit
from pilot.concurrency import claim_version

MEETING_FIELDS = ("programme", "held_on", "attendees", "decisions")
ACTION_FIELDS = ("description", "owner", "due_on", "status")


def _apply(obj, fields, values) -> list[str]:
    """Set the values and name the fields that differ from what is stored.

    The comparison is with the database row, not with the object: a bound model form has already
    copied its cleaned data onto the instance it was given, so comparing with the object would find
    nothing changed and the audit entry would name no fields.
    """
    attnames = {f: obj._meta.get_field(f).attname for f in fields}
    stored = {}
    if obj.pk is not None:
        stored = type(obj).objects.filter(pk=obj.pk).values(*attnames.values()).first() or {}
    for field in fields:
        if field in values:
            setattr(obj, field, values[field])
    return [f for f in fields if f in values and getattr(obj, attnames[f]) != stored.get(attnames[f])]


@transaction.atomic
def meeting_save(*, meeting: CommitteeMeeting | None, actor, expected_version: int | None = None, **values):
    creating = meeting is None
    meeting = meeting or CommitteeMeeting()
    changed = _apply(meeting, MEETING_FIELDS, values)
    clash = CommitteeMeeting.objects.filter(programme=meeting.programme, held_on=meeting.held_on)
    if clash.exclude(pk=meeting.pk).exists():
        raise ValidationError({"held_on": "The committee already has a meeting on this day in this programme."})
    if not creating:
        claim_version(meeting, expected_version=expected_version)
    meeting.save()
    audit(actor=actor, action="create" if creating else "update", target=meeting, changed_fields=changed)
    return meeting


@transaction.atomic
def action_save(
    *, action: CommitteeAction | None, meeting: CommitteeMeeting, actor, expected_version: int | None = None, **values
):
    creating = action is None
    action = action or CommitteeAction(meeting=meeting)
    changed = _apply(action, ACTION_FIELDS, values)
    if action.due_on and action.due_on < meeting.held_on:
        raise ValidationError({"due_on": "An action falls due on or after the meeting that agreed it."})
    if not action.owner.strip():
        raise ValidationError({"owner": "Name who carries this out: a person or an organisation."})
    if not creating:
        claim_version(action, expected_version=expected_version)
    action.save()
    audit(actor=actor, action="create" if creating else "update", target=action, changed_fields=changed)
    return action
