"""Writes: committee meetings and their actions (the coordinator only; audited; lost updates refused)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from committee.models import CommitteeAction, CommitteeMeeting
from pilot.audit import apply_changes, audit
from pilot.concurrency import claim_version

MEETING_FIELDS = ("programme", "held_on", "attendees", "decisions")
ACTION_FIELDS = ("description", "owner", "due_on", "status")


@transaction.atomic
def meeting_save(*, meeting: CommitteeMeeting | None, actor, expected_version: int | None = None, **values):
    creating = meeting is None
    meeting = meeting or CommitteeMeeting()
    changed = apply_changes(meeting, values, MEETING_FIELDS)
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
    changed = apply_changes(action, values, ACTION_FIELDS)
    if action.due_on and action.due_on < meeting.held_on:
        raise ValidationError({"due_on": "An action falls due on or after the meeting that agreed it."})
    if not action.owner.strip():
        raise ValidationError({"owner": "Name who carries this out: a person or an organisation."})
    if not creating:
        claim_version(action, expected_version=expected_version)
    action.save()
    audit(actor=actor, action="create" if creating else "update", target=action, changed_fields=changed)
    return action
