"""The summary as it was computed before tallies: straight from the answers. Kept as the oracle for tests."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Min, Sum

from evaluation.models import Answer, QuestionnaireVersion, QuestionType
from evaluation.summary import ONE_PLACE, _plain, percent, responses_in_scope


def raw_summary(
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
    part = raw_summary(
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
