"""SPSS-style frequency tables for a questionnaire, read from the tallies kept per round and day.

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

from django.db.models import Max, Min, Sum

from evaluation import tallies
from evaluation.models import (
    Answer,
    ChoiceTally,
    NumberTally,
    QuestionnaireVersion,
    QuestionTally,
    QuestionType,
    Response,
    ResponseTally,
)
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
    texts: bool = True,
) -> dict:
    """The summary (see summary_and_numbers)."""
    return summary_and_numbers(
        questionnaire=questionnaire, version=version, round=round, site=site, group=group, date_from=date_from,
        date_to=date_to, breakdown_by_site=breakdown_by_site, texts=texts,
    )[0]  # fmt: skip


def summary_and_numbers(
    *,
    questionnaire,
    version=None,
    round=None,
    site=None,
    group=None,
    date_from=None,
    date_to=None,
    breakdown_by_site: bool = False,
    texts: bool = True,
) -> tuple[dict, dict[str, list[tuple[Decimal, int]]]]:
    """The summary, and each number question's ascending (value, count) pairs (for histograms).

    Responses, and per question: answered, choice counts with percent/valid_percent, number stats or texts.

    Read from the tallies (evaluation.tallies), never from the answers, except the written answers themselves
    when `texts` (without them, a text question carries `answers_count` instead). `version` may be a
    QuestionnaireVersion or its version label (e.g. "autumn"); round, site and group may be instances or keys.
    """
    version = resolve_version(questionnaire, version)
    shown = version or questionnaire.current_version
    filters = {"version": version, "round": round, "site": site, "group": group,
               "date_from": date_from, "date_to": date_to}  # fmt: skip
    found = tallies.scope(questionnaire=questionnaire, **filters)
    total = ResponseTally.objects.filter(found).aggregate(n=Sum("responses"))["n"] or 0
    questions = list(shown.questions.exclude(type=QuestionType.NOTE).prefetch_related("choices")) if shown else []
    written = None
    if texts and any(q.type == QuestionType.TEXT for q in questions):
        written = _texts(questions, responses_in_scope(questionnaire=questionnaire, **filters))
    result = {
        "form_id": questionnaire.form_id,
        "title": questionnaire.title,
        "version": shown.version if shown else "",
        "responses": total,
        "questions": [],
    }
    numbers = number_counts(found, [q.name for q in questions if q.is_numeric])
    result["questions"] = _question_tables(questions, found, total, written, numbers)
    if breakdown_by_site:
        from sites.models import HostSite

        site_ids = ResponseTally.objects.filter(found).values_list("round__site", flat=True).distinct()
        result["by_site"] = [
            {"site": s.slug, "site_name": s.name, **_site_part(s, questionnaire, filters, texts)}
            for s in HostSite.objects.filter(pk__in=site_ids).order_by("name")
        ]
    return result, numbers


def resolve_version(questionnaire, version):
    """A QuestionnaireVersion given as itself, its label or its key (None stays None)."""
    if version is None or isinstance(version, QuestionnaireVersion):
        return version
    return questionnaire.versions.filter(version=str(version)).first() or questionnaire.versions.get(
        pk=int(version) if str(version).isdigit() else 0
    )


def _site_part(site, questionnaire, filters: dict, texts: bool) -> dict:
    part = questionnaire_summary(questionnaire=questionnaire, **{**filters, "site": site}, texts=texts)
    return {"responses": part["responses"], "questions": part["questions"]}


def number_counts(found, names: list[str]) -> dict[str, list[tuple[Decimal, int]]]:
    """Each number question's values in scope with how often each was given, in ascending order (one query)."""
    counts: dict[str, list[tuple[Decimal, int]]] = {name: [] for name in names}
    if names:
        rows = (
            NumberTally.objects.filter(found, question__in=names)
            .values("question", "value")
            .annotate(n=Sum("count"))
            .order_by("question", "value")
            .values_list("question", "value", "n")
        )
        for name, value, n in rows:
            counts[name].append((value, n))
    return counts


def _texts(questions, responses) -> dict[str, list[str]]:
    names = [q.name for q in questions if q.type == QuestionType.TEXT]
    texts: dict[str, list[str]] = {name: [] for name in names}
    for name, text in (
        Answer.objects.filter(response__in=responses, question__name__in=names)
        .exclude(text_value="")
        .order_by("question__name", "response_id")
        .values_list("question__name", "text_value")
    ):
        texts[name].append(text)
    return texts


def _question_tables(questions, found, total: int, written: dict | None, numbers: dict) -> list[dict]:
    names = [q.name for q in questions]
    per_question = {
        row["question"]: row
        for row in QuestionTally.objects.filter(found, question__in=names)
        .values("question")
        .annotate(answers=Sum("answers"), responses=Sum("responses"), texts=Sum("texts"),
                  low=Min("first_date"), high=Max("last_date"))
        .order_by()
    }  # fmt: skip
    choice_counts: dict[tuple[str, str], int] = {
        (q, c): n
        for q, c, n in ChoiceTally.objects.filter(found, question__in=names)
        .values("question", "choice")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("question", "choice", "n")
    }
    tables = []
    for question in questions:
        row = per_question.get(question.name) or {}
        # select_multiple has a row per ticked choice: those who answered are the responses, not the rows.
        n = row.get("responses" if question.type == QuestionType.SELECT_MULTIPLE else "answers") or 0
        table = {"name": question.name, "label": question.label, "type": question.type, "answered": n}
        if question.is_select:
            table["choices"] = _choices(question, choice_counts, total, n)
        elif question.is_numeric:
            table.update(number_stats(numbers[question.name], question.type))
        elif question.type == QuestionType.DATE:
            low, high = row.get("low"), row.get("high")
            table.update(min=low.isoformat() if low else None, max=high.isoformat() if high else None)
        elif question.type == QuestionType.TEXT:
            if written is None:
                table.update(answers=[], answers_count=row.get("texts") or 0)
            else:
                table["answers"] = written.get(question.name, [])
        tables.append(table)
    return tables


def _choices(question, choice_counts: dict, total: int, answered: int) -> list[dict]:
    listed = [(c.name, c.label) for c in question.choices.all()]
    known = dict(listed)
    extra = sorted(c for (q, c) in choice_counts if q == question.name and c not in known)
    return [
        {
            "name": name,
            "label": label,
            "count": choice_counts.get((question.name, name), 0),
            "percent": percent(choice_counts.get((question.name, name), 0), total),
            "valid_percent": percent(choice_counts.get((question.name, name), 0), answered),
        }
        for name, label in listed + [(c, c) for c in extra]
    ]


def number_stats(counts: list[tuple[Decimal, int]], qtype: str) -> dict:
    """Mean (half-up, one decimal), median, min and max from a question's ascending (value, count) pairs."""
    n = sum(c for _, c in counts)
    if not n:
        return {"mean": None, "median": None, "min": None, "max": None}
    mean = sum(Decimal(str(v)) * c for v, c in counts) / n
    return {
        "mean": float(mean.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)),
        "median": _median(counts, n, qtype),
        "min": _plain(counts[0][0], qtype),
        "max": _plain(counts[-1][0], qtype),
    }


def _median(counts: list[tuple[Decimal, int]], n: int, qtype: str):
    """The middle value (or the mean of the middle two) found by walking the counts."""
    wanted = {(n - 1) // 2, n // 2}
    middle, seen = [], 0
    for value, c in counts:
        middle += [Decimal(str(value))] * len({i for i in wanted if seen <= i < seen + c})
        seen += c
        if seen > n // 2:
            break
    return _plain(sum(middle) / len(middle), qtype)


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
        written = question.pop("answers_count", None)  # the summary was read without the texts themselves
        if "answers" in question and not free_text:
            question["answers_withheld"] = disclosure.count(len(question["answers"]) if written is None else written)
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
