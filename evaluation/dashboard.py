"""Home-page panels: questionnaire rounds open today in the user's scope with their response counts; for the
evaluators, the questionnaires open now and the latest summaries, which are what they come for."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.utils import timezone

from evaluation.models import CollectionRound, Questionnaire
from pilot.dashboard import Panel
from pilot.disclosure import policy_for
from pilot.permissions import allows
from pilot.roles import Capability, Role, role_of

MAX_ROUNDS = 6
MAX_SUMMARIES = 4


def open_rounds(*, user, site=None, limit: int = MAX_ROUNDS) -> list[CollectionRound]:
    """Rounds open today that the user may see, with `response_count` (one query)."""
    today = timezone.localdate()
    rounds = CollectionRound.objects.visible_to(user).filter(opens_on__lte=today, closes_on__gte=today)
    if site is not None:
        rounds = rounds.filter(site=site)
    rounds = rounds.select_related("questionnaire", "site").annotate(response_count=Count("responses"))
    return list(rounds.order_by("closes_on", "name")[:limit])


def open_questionnaires(*, user, today=None) -> list[Questionnaire]:
    """Questionnaires with a round open today in the user's scope, each with `open_rounds`, `open_responses`
    (responses to those rounds) and `last_close`, soonest closing first (one query)."""
    today = today or timezone.localdate()
    rounds = CollectionRound.objects.visible_to(user).filter(opens_on__lte=today, closes_on__gte=today)
    in_open = Q(rounds__in=rounds)
    return list(
        Questionnaire.objects.visible_to(user)
        .filter(pk__in=rounds.values("questionnaire"))
        .annotate(
            open_rounds=Count("rounds", filter=in_open, distinct=True),
            open_responses=Count("rounds__responses", filter=in_open, distinct=True),
            last_close=Max("rounds__closes_on", filter=in_open),
        )
        .order_by("last_close", "title")
    )


def latest_summaries(*, user, limit: int = MAX_SUMMARIES) -> list[Questionnaire]:
    """The questionnaires most recently answered in the user's scope, each with `response_count` and `latest`
    (the last day a response was sent or filled in on paper), newest first (one query)."""
    rounds = CollectionRound.objects.visible_to(user)
    in_scope = Q(rounds__in=rounds)
    return list(
        Questionnaire.objects.visible_to(user)
        .annotate(
            response_count=Count("rounds__responses", filter=in_scope, distinct=True),
            latest=Max("rounds__responses__submitted_on", filter=in_scope),
        )
        .filter(latest__isnull=False)
        .order_by("-latest", "title")[:limit]
    )


def evaluator_panels(user) -> list[Panel]:
    """What an evaluator comes for: the questionnaires being answered now, then the summaries to read."""
    questionnaires = open_questionnaires(user=user)
    disclosure = policy_for(user)
    context = {"questionnaires": questionnaires, "disclosure": disclosure, "today": timezone.localdate()}
    summaries = {"questionnaires": latest_summaries(user=user), "disclosure": disclosure}
    return [
        # With nothing open, the summaries come first: they are what there is to read.
        Panel(
            "Questionnaires open now",
            "evaluation/_panel_open_questionnaires.html",
            context,
            10 if questionnaires else 22,
        ),
        Panel("Latest summaries", "evaluation/_panel_latest_summaries.html", summaries, 20),
    ]


def panels(user) -> list[Panel]:
    role = role_of(user)
    if role is None:
        return []
    if role == Role.EVALUATOR and allows(user, Capability.READ_SUMMARIES):
        return evaluator_panels(user)
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
