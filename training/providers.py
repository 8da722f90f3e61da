"""Each facilitator's training status, which meeting registration and the group page show."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from groups.hooks import TrainingStatus
from training.models import FACILITATOR_TRAINING_KINDS, EventStatus, Participant


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
