"""Reads for questionnaires, always through the user's scope."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from evaluation.models import Answer, CollectionRound, Questionnaire, QuestionType, Response
from pilot.scoping import get_visible_or_404
from programmes.models import Programme
from programmes.periods import custom_period, default_period, programme_period


def get_questionnaire_for_user(request, form_id: str) -> Questionnaire:
    """The questionnaire if the user may see it, else 404."""
    return get_visible_or_404(Questionnaire, request.user, form_id=form_id)


def get_round_for_user(request, pk: int) -> CollectionRound:
    """The round if it is in the user's scope, else 404."""
    return get_visible_or_404(
        CollectionRound.objects.visible_to(request.user).select_related("questionnaire", "version", "site", "group"),
        request.user,
        pk=pk,
    )


def get_round_by_token(token: str) -> CollectionRound:
    """The round behind a public link, else 404."""
    found = (
        CollectionRound.objects.select_related("questionnaire", "version", "site", "group").filter(token=token).first()
    )
    if found is None or len(token) < 20:
        raise Http404("No such questionnaire")
    return found


def questionnaire_list(*, user):
    """Questionnaires with their count of rounds and responses within the user's scope (one query)."""
    rounds = CollectionRound.objects.visible_to(user)
    return (
        Questionnaire.objects.visible_to(user)
        .annotate(
            round_count=Count("rounds", filter=Q(rounds__in=rounds), distinct=True),
            response_count=Count("rounds__responses", filter=Q(rounds__in=rounds), distinct=True),
        )
        .order_by("title")
    )


def rounds_with_counts(*, questionnaire: Questionnaire, user):
    """The questionnaire's rounds in scope, each with `response_count` and `paper_count`: counted per round, so
    that a page of rounds counts its own responses only and counting the rounds joins none."""
    responses = Response.objects.filter(round=OuterRef("pk")).order_by().values("round")
    return (
        CollectionRound.objects.visible_to(user)
        .filter(questionnaire=questionnaire)
        .select_related("site", "group", "version")
        .annotate(
            response_count=Coalesce(Subquery(responses.annotate(n=Count("pk")).values("n")), 0),
            paper_count=Coalesce(Subquery(responses.filter(is_paper=True).annotate(n=Count("pk")).values("n")), 0),
        )
        .order_by("site__name", "-opens_on", "name")
    )


def round_response_count(*, collection_round: CollectionRound) -> int:
    """How many responses a round has had (the caller shows it through the reader's disclosure policy)."""
    return collection_round.responses.count()


def counts_by_site(*, questionnaire: Questionnaire, user) -> list[dict]:
    """Responses per site within the user's scope."""
    return list(
        Response.objects.visible_to(user)
        .filter(round__questionnaire=questionnaire)
        .values("round__site__name")
        .annotate(n=Count("id"))
        .order_by("round__site__name")
    )


def answer_grid(*, responses, question_names: list[str]) -> dict[int, dict[str, str]]:
    """Answers of these responses as display text by response id and question name (one query)."""
    grid: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    rows = (
        Answer.objects.filter(response__in=responses, question__name__in=question_names)
        .order_by("response_id", "question__position", "choice__position")
        .values_list("response_id", "question__name", "question__type", "choice__name", "number_value",
                     "text_value", "date_value")
    )  # fmt: skip
    for response_id, name, qtype, choice, number, text, day in rows:
        if choice is not None:
            grid[response_id][name].append(choice)
        elif number is not None:
            grid[response_id][name].append(
                str(int(number)) if qtype == QuestionType.INTEGER else f"{number.normalize():f}"
            )
        elif day is not None:
            grid[response_id][name].append(day.strftime("%d/%m/%Y"))
        else:
            grid[response_id][name].append(text)
    return {rid: {name: " ".join(vals) for name, vals in answers.items()} for rid, answers in grid.items()}


def questionnaire_period(questionnaire: Questionnaire):
    """The period a questionnaire's summary opens on: the programme of its latest round (or the programme that
    round fell in), else the days from its first round's opening to its last round's closing."""
    from django.db.models import Max, Min

    latest = questionnaire.rounds.order_by("-opens_on").select_related("programme").first()
    if latest is None:
        return default_period()
    programme = latest.programme or (
        Programme.objects.filter(starts_on__lte=latest.opens_on, ends_on__gte=latest.opens_on).first()
    )
    if programme is not None:
        return programme_period(programme)
    span = questionnaire.rounds.aggregate(first=Min("opens_on"), last=Max("closes_on"))
    return custom_period(span["first"], span["last"])
