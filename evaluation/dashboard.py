"""Home-page panel: questionnaire rounds open today in the user's scope, with their response counts."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from evaluation.models import CollectionRound
from pilot.dashboard import Panel
from pilot.disclosure import policy_for
from pilot.roles import Role, role_of

MAX_ROUNDS = 6


def open_rounds(*, user, site=None, limit: int = MAX_ROUNDS) -> list[CollectionRound]:
    """Rounds open today that the user may see, with `response_count` (one query)."""
    today = timezone.localdate()
    rounds = CollectionRound.objects.visible_to(user).filter(opens_on__lte=today, closes_on__gte=today)
    if site is not None:
        rounds = rounds.filter(site=site)
    rounds = rounds.select_related("questionnaire", "site").annotate(response_count=Count("responses"))
    return list(rounds.order_by("closes_on", "name")[:limit])


def panels(user) -> list[Panel]:
    role = role_of(user)
    if role is None:
        return []
    rounds = open_rounds(user=user)
    if not rounds and role not in (Role.COORDINATOR, Role.EVALUATOR):
        return []
    may_enter = role != Role.OBSERVER and user.has_perm("evaluation.add_response")
    context = {
        "rounds": rounds,
        "may_enter": may_enter,
        "show_links": role != Role.OBSERVER,
        "disclosure": policy_for(user),
    }
    return [Panel("Questionnaires open now", "evaluation/_panel_open_rounds.html", context, order=40)]
