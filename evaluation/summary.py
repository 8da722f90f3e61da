"""SPSS-style frequency tables for a questionnaire, computed with aggregate queries.

    questionnaire_summary(questionnaire=q, site=sheffield) -> {"form_id", "title", "version", "responses",
                                                               "questions": [...]}

Percent is of all responses in scope, valid percent of those who answered the
question; both rounded half-up to one decimal (None when there is nothing to
divide by). Answers are matched across versions by question name; the question
list and labels come from the chosen version (default: the newest).
"""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Min, Sum

from evaluation.models import Answer, QuestionnaireVersion, QuestionType, Response
from pilot.disclosure import HIDDEN, WITHHELD, Disclosure, min_responses

ONE_PLACE = Decimal("0.1")


def percent(count: int, base: int) -> float | None:
    """count/base as a percentage, rounded half-up to one decimal."""
    if not base:
        return None
    return float((Decimal(count) * 100 / Decimal(base)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP))


def _plain(value: Decimal, qtype: str):
    if value is None:
        return None
    if qtype == QuestionType.INTEGER and value == value.to_integral_value():
        return int(value)
    return float(value)


def responses_in_scope(*, questionnaire, version=None, round=None, site=None, group=None, date_from=None,
                       date_to=None):  # fmt: skip
    """The responses a summary counts (a queryset)."""
    responses = Response.objects.filter(round__questionnaire=questionnaire)
    if version is not None:
        responses = responses.filter(version=version)
    if round is not None:
        responses = responses.filter(round=round)
    if site is not None:
        responses = responses.filter(round__site=site)
    if group is not None:
        responses = responses.filter(round__group=group)
    if date_from is not None:
        responses = responses.filter(submitted_on__gte=date_from)
    if date_to is not None:
        responses = responses.filter(submitted_on__lte=date_to)
    return responses


def questionnaire_summary(
    *,
    questionnaire,
    version=None,
    round=None,
    site=None,
    group=None,
    date_from=None,
    date_to=None,
    breakdown_by_site: bool = False,
) -> dict:
    """Responses, and per question: answered, choice counts with percent/valid_percent, number stats or texts.

    `version` may be a QuestionnaireVersion or its version label (e.g. "autumn"); round, site and group may be
    instances or primary keys.
    """
    if version is not None and not isinstance(version, QuestionnaireVersion):
        version = questionnaire.versions.filter(version=str(version)).first() or questionnaire.versions.get(
            pk=int(version) if str(version).isdigit() else 0
        )
    shown = version or questionnaire.current_version
    responses = responses_in_scope(
        questionnaire=questionnaire, version=version, round=round, site=site, group=group,
        date_from=date_from, date_to=date_to,
    )  # fmt: skip
    total = responses.count()
    questions = list(shown.questions.exclude(type=QuestionType.NOTE).prefetch_related("choices")) if shown else []
    result = {
        "form_id": questionnaire.form_id,
        "title": questionnaire.title,
        "version": shown.version if shown else "",
        "responses": total,
        "questions": _question_tables(questions, responses, total),
    }
    if breakdown_by_site:
        from sites.models import HostSite

        site_ids = responses.values_list("round__site", flat=True).distinct()
        result["by_site"] = [
            {
                "site": s.slug,
                "site_name": s.name,
                **_site_part(s, questionnaire, version, round, group, date_from, date_to),
            }  # fmt: skip
            for s in HostSite.objects.filter(pk__in=site_ids).order_by("name")
        ]
    return result


def _site_part(site, questionnaire, version, round, group, date_from, date_to) -> dict:
    part = questionnaire_summary(
        questionnaire=questionnaire, version=version, round=round, site=site, group=group,
        date_from=date_from, date_to=date_to,
    )  # fmt: skip
    return {"responses": part["responses"], "questions": part["questions"]}


def _question_tables(questions, responses, total: int) -> list[dict]:
    names = [q.name for q in questions]
    # No default ordering: Answer's (response, question position, choice position) would join three tables
    # into every aggregate below for nothing.
    answers = Answer.objects.filter(response__in=responses, question__name__in=names).order_by()
    # A response has one answer row per question, except select_multiple (one per ticked choice), and
    # (response, question, choice) is unique: plain COUNT(*) is exact and much cheaper than COUNT(DISTINCT).
    multiple = [q.name for q in questions if q.type == QuestionType.SELECT_MULTIPLE]
    answered = dict(
        answers.exclude(question__name__in=multiple)
        .values("question__name")
        .annotate(n=Count("id"))
        .values_list("question__name", "n")
    )
    if multiple:
        answered.update(
            answers.filter(question__name__in=multiple)
            .values("question__name")
            .annotate(n=Count("response", distinct=True))
            .values_list("question__name", "n")
        )
    choice_counts: dict[tuple[str, str], int] = {
        (row["question__name"], row["choice__name"]): row["n"]
        for row in answers.filter(choice__isnull=False)
        .values("question__name", "choice__name")
        .annotate(n=Count("id"))
    }
    numbers = {
        row["question__name"]: row
        for row in answers.filter(number_value__isnull=False)
        .values("question__name")
        .annotate(n=Count("id"), total=Sum("number_value"), low=Min("number_value"), high=Max("number_value"))
    }
    dates = {
        row["question__name"]: row
        for row in answers.filter(date_value__isnull=False)
        .values("question__name")
        .annotate(low=Min("date_value"), high=Max("date_value"))
    }
    text_names = [q.name for q in questions if q.type == QuestionType.TEXT]
    texts: dict[str, list[str]] = {name: [] for name in text_names}
    if text_names:
        for name, text in (
            answers.filter(question__name__in=text_names)
            .exclude(text_value="")
            .order_by("question__name", "response_id")
            .values_list("question__name", "text_value")
        ):
            texts[name].append(text)

    tables = []
    for question in questions:
        n = answered.get(question.name, 0)
        table = {"name": question.name, "label": question.label, "type": question.type, "answered": n}
        if question.is_select:
            listed = [(c.name, c.label) for c in question.choices.all()]
            extra = sorted(c for (q, c) in choice_counts if q == question.name and c not in dict(listed))
            table["choices"] = [
                {
                    "name": name,
                    "label": label,
                    "count": choice_counts.get((question.name, name), 0),
                    "percent": percent(choice_counts.get((question.name, name), 0), total),
                    "valid_percent": percent(choice_counts.get((question.name, name), 0), n),
                }
                for name, label in listed + [(c, c) for c in extra]
            ]
        elif question.is_numeric:
            stats = numbers.get(question.name)
            mean = Decimal(str(stats["total"])) / stats["n"] if stats else None
            table.update(
                mean=float(mean.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)) if mean is not None else None,
                median=_median(answers, question) if stats else None,
                min=_plain(stats["low"], question.type) if stats else None,
                max=_plain(stats["high"], question.type) if stats else None,
            )
        elif question.type == QuestionType.DATE:
            stats = dates.get(question.name)
            table.update(
                min=stats["low"].isoformat() if stats else None, max=stats["high"].isoformat() if stats else None
            )
        elif question.type == QuestionType.TEXT:
            table["answers"] = texts.get(question.name, [])
        tables.append(table)
    return tables


def _median(answers, question):
    """The median, read from the database by offset (the middle one or two values)."""
    values = answers.filter(question__name=question.name, number_value__isnull=False)
    count = values.count()
    if not count:
        return None
    middle = list(
        values.order_by("number_value").values_list("number_value", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    median = sum(Decimal(str(v)) for v in middle) / len(middle)
    return _plain(median, question.type)


def is_whole_scope(*, version=None, round=None, site=None, group=None, date_from=None, date_to=None) -> bool:
    """No filter at all: the whole network over the whole period (the only scope with published extremes)."""
    return not any((round, site, group, date_from, date_to))


def publish_summary(data: dict, *, disclosure: Disclosure, whole: bool, free_text: bool) -> dict:
    """The summary as this reader may see it: the page, every export and every report call this one function.

    Free-text answers only when `free_text`; with published figures, a scope of fewer than
    DISCLOSURE_MIN_RESPONSES responses shows nothing but that, and every count, percentage and
    statistic goes through the disclosure policy.
    """
    data = copy.deepcopy(data)
    data["disclosure"] = disclosure.label
    data["disclosure_rule"] = disclosure.rule_text()
    for question in data.get("questions", []):
        if "answers" in question and not free_text:
            question["answers_withheld"] = disclosure.count(len(question["answers"]))
            question["answers"] = []
    if disclosure.exact:
        return data
    responses = data.get("responses") or 0
    if disclosure.too_few_responses(responses):
        data.update(responses=HIDDEN, too_few=True, too_few_text=f"fewer than {min_responses()} responses")
        data["questions"] = []
        data.pop("by_site", None)
        return data
    for question in data.get("questions", []):
        _publish_question(question, responses, disclosure, whole)
    data["responses"] = disclosure.count(responses)
    return data


def _publish_question(question: dict, responses: int, disclosure: Disclosure, whole: bool) -> None:
    answered = question.get("answered") or 0
    choices = question.get("choices", [])
    for choice in choices:
        choice["percent"] = disclosure.percent(choice["count"], responses)
        choice["valid_percent"] = disclosure.percent(choice["count"], answered)
        choice["count"] = disclosure.count(choice["count"])
    if question.get("type") == QuestionType.SELECT_ONE and choices:
        # One answer each: the choice counts add up to `answered`, which must not give one of them away.
        question["answered"] = disclosure.total(answered, [c["count"] for c in choices])
        if question["answered"] == WITHHELD:
            for choice in choices:
                choice["valid_percent"] = HIDDEN
    else:
        question["answered"] = disclosure.count(answered)
    for key in ("mean", "median"):
        if key in question:
            question[key] = disclosure.statistic(question[key], base=answered)
    for key in ("min", "max"):
        if key in question:
            question[key] = disclosure.extreme(question[key], base=answered, whole=whole)
