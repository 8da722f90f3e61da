"""The tallies kept on every write equal a recount from the answers, and the summary read from them equals the
summary computed straight from the answers (the oracle), over every scope the page offers."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from evaluation import tallies
from evaluation.bulk import responses_import
from evaluation.models import Answer, ChoiceTally, NumberTally, QuestionTally, Response, ResponseTally
from evaluation.summary import questionnaire_summary
from evaluation.tests.factories import CollectionRoundFactory
from evaluation.tests.raw_summary import raw_summary
from network.privacy import retention_enforce

pytestmark = pytest.mark.usefixtures("autumn")
D = datetime.date
SCOPES = [
    {},
    {"date_from": D(2009, 8, 15), "date_to": D(2009, 10, 10)},
    {"date_from": D(2009, 9, 1), "date_to": D(2009, 9, 30)},  # one whole month
    {"date_from": D(2009, 8, 1), "date_to": D(2009, 10, 31)},  # whole months only
    {"date_from": D(2009, 9, 5), "date_to": D(2009, 9, 20)},  # inside one month
    {"date_to": D(2009, 9, 30)},
    {"date_from": D(2009, 9, 2)},
    {"date_from": D(2009, 11, 1)},  # after every response
]


def tally_rows() -> dict[str, set]:
    def rows(model, *keys):
        return set(model.objects.values_list("round_id", "version_id", "grain", "day", *keys))

    return {
        "responses": rows(ResponseTally, "responses", "first_day", "last_day"),
        "questions": rows(QuestionTally, "question", "answers", "responses", "texts", "first_date", "last_date"),
        "choices": rows(ChoiceTally, "question", "choice", "count"),
        "numbers": {(*r[:-2], Decimal(r[-2]).normalize(), r[-1]) for r in rows(NumberTally, "question", "value",
                                                                                "count")},
    }  # fmt: skip


def assert_tallies_match_a_recount(questionnaire, rounds) -> None:
    kept = tally_rows()
    tallies.rebuild()
    assert tally_rows() == kept
    assert sum(r[4] for r in kept["responses"] if r[2] == "r") == Response.objects.count()
    for extra in [{}, {"round": rounds[0]}, {"site": rounds[1].site}, {"group": rounds[0].group},
                  {"version": rounds[0].version}]:  # fmt: skip
        for dates in SCOPES if not extra else SCOPES[1:4]:  # every kind of date range, then the narrowed ones
            scope = {**extra, **dates}
            assert questionnaire_summary(questionnaire=questionnaire, **scope) == raw_summary(
                questionnaire=questionnaire, **scope
            ), scope
    both = {"breakdown_by_site": True, "date_from": D(2009, 9, 3)}
    assert questionnaire_summary(questionnaire=questionnaire, **both) == raw_summary(
        questionnaire=questionnaire, **both
    )


def random_csv(rng: random.Random, rows: int) -> SimpleUploadedFile:
    lines = ["gender,age,previous,which,units,first_meeting,comments,_submitted_on"]
    for _ in range(rows):
        previous = rng.choice(["yes", "no", ""])
        which = " ".join(rng.sample(["aa", "nhs", "na"], rng.randint(1, 3))) if previous == "yes" else ""
        units = rng.choice(["", "0", "2.5", "12.25", "7", "7"])
        first = rng.choice(["", f"2009-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"])
        comments = rng.choice(["", "", "Good", "Kind people"])
        day = D(2009, 8, 1) + datetime.timedelta(days=rng.randrange(76))  # 1 August to 15 October
        lines.append(
            f"{rng.choice(['male', 'female'])},{rng.randint(16, 90)},{previous},{which},{units},{first},{comments},"
            f"{day.isoformat()}"
        )
    return SimpleUploadedFile("answers.csv", ("\n".join(lines) + "\n").encode())


@pytest.fixture
def summer_rounds(questionnaire, group_a, group_b):
    """Two rounds open from 1 August, at two sites, so responses fall in three months."""
    return [
        CollectionRoundFactory(
            questionnaire=questionnaire, group=g, site=g.site, name=f"Summer {g.pk}", opens_on=D(2009, 8, 1)
        )  # fmt: skip
        for g in (group_a, group_b)
    ]


@pytest.mark.parametrize("table_check_from", [1, 1_000_000])  # imports checked and saved in one pass, or not
def test_tallies_and_summary_equal_a_recount_after_every_kind_of_change(
    questionnaire, summer_rounds, answer, settings, table_check_from
):
    settings.EVALUATION_IMPORT_TABLE_CHECK_RESPONSES = table_check_from
    rng = random.Random(16)
    for collection_round in summer_rounds:
        responses_import(questionnaire=questionnaire, uploaded_file=random_csv(rng, 60), round=collection_round)
    assert_tallies_match_a_recount(questionnaire, summer_rounds)

    answer(summer_rounds[0], age=Decimal(19), units=Decimal("3.75"), comments="Late")  # a submission
    assert_tallies_match_a_recount(questionnaire, summer_rounds)

    # A second import into days that already have responses: its counts are added to theirs.
    responses_import(questionnaire=questionnaire, uploaded_file=random_csv(rng, 40), round=summer_rounds[0])
    assert_tallies_match_a_recount(questionnaire, summer_rounds)

    corrected = Response.objects.filter(round=summer_rounds[1]).order_by("pk").first()
    with tallies.changing(Response.objects.filter(pk=corrected.pk)):  # a correction: answers and date changed
        Answer.objects.filter(response=corrected, question__name="age").update(number_value=Decimal(88))
        Response.objects.filter(pk=corrected.pk).update(submitted_on=D(2009, 10, 14))
    with tallies.changing() as touched:
        touched.add(summer_rounds[1].pk, D(2009, 10, 14))
    assert_tallies_match_a_recount(questionnaire, summer_rounds)

    Response.objects.filter(round=summer_rounds[0]).order_by("pk").last().delete()  # one deletion
    Response.objects.filter(round=summer_rounds[1], submitted_on__month=9).delete()  # a queryset deletion
    assert_tallies_match_a_recount(questionnaire, summer_rounds)

    retention_enforce(today=D(2012, 1, 1))  # the retention purge (erasures included) leaves responses be
    assert_tallies_match_a_recount(questionnaire, summer_rounds)


def test_a_day_recount_touches_only_that_day_its_month_and_its_round(questionnaire, summer_rounds):
    rng = random.Random(7)
    responses_import(questionnaire=questionnaire, uploaded_file=random_csv(rng, 40), round=summer_rounds[0])
    untouched = ResponseTally.objects.filter(grain="d").exclude(day=D(2009, 9, 10)).values_list("pk", flat=True)
    before = set(untouched)
    tallies.refresh([summer_rounds[0].pk], [D(2009, 9, 10)])
    assert before <= set(ResponseTally.objects.values_list("pk", flat=True))


def test_rebuild_command_recounts_from_the_answers(questionnaire, round_a, answer):
    answer(round_a)
    ResponseTally.objects.all().delete()
    assert questionnaire_summary(questionnaire=questionnaire)["responses"] == 0
    call_command("rebuild_tallies", verbosity=0)
    assert questionnaire_summary(questionnaire=questionnaire)["responses"] == 1


def test_the_stamp_changes_with_every_recount(round_a, answer):
    first = tallies.stamp()
    answer(round_a)
    second = tallies.stamp()
    Response.objects.all().delete()
    assert len({first, second, tallies.stamp()}) == 3
