"""Reads: the committee's meetings and actions, and which actions are overdue (one function for every page)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from committee.models import ActionStatus, CommitteeAction, CommitteeMeeting


def meeting_list(*, user, programme=None) -> QuerySet[CommitteeMeeting]:
    meetings = CommitteeMeeting.objects.visible_to(user).select_related("programme")
    return meetings.filter(programme=programme) if programme is not None else meetings


def overdue_actions(*, user=None, programme=None, today: date | None = None) -> QuerySet[CommitteeAction]:
    """Open actions whose due day has passed. `user=None` is for documents already scoped by their request."""
    today = today or timezone.localdate()
    actions = CommitteeAction.objects.all() if user is None else CommitteeAction.objects.visible_to(user)
    actions = actions.filter(status=ActionStatus.OPEN, due_on__lt=today)
    if programme is not None:
        actions = actions.filter(meeting__programme=programme)
    return actions.select_related("meeting__programme").order_by("due_on", "pk")
