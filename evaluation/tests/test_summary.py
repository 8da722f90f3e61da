"""questionnaire_summary: the JSON shape, half-up rounding, filters, and aggregate queries."""

import datetime
from decimal import Decimal

from evaluation.summary import percent, questionnaire_summary


def by_name(summary):
    return {q["name"]: q for q in summary["questions"]}


def test_percent_rounds_half_up_to_one_decimal():
    assert percent(44, 65) == 67.7
    assert percent(1, 8) == 12.5
    assert percent(1, 16) == 6.3  # 6.25 -> 6.3 (half-up, not banker's 6.2)
    assert percent(1, 0) is None


def test_shape_counts_percent_and_valid_percent(questionnaire, round_a, answer):
    answer(round_a, gender="male", age=Decimal(30), previous="yes", which=["aa"])
    answer(round_a, gender="male", age=Decimal(40), previous="no", which=[])
    answer(round_a, gender="female", age=Decimal(61), previous="", which=[], comments="")
    answer(round_a, gender="female", age=Decimal(50), previous="yes", which=["aa", "na"], comments="Kind people.")
    summary = questionnaire_summary(questionnaire=questionnaire)
    assert list(summary) == ["form_id", "title", "version", "responses", "questions"]
    assert (summary["form_id"], summary["version"], summary["responses"]) == ("checkin", "1", 4)
    q = by_name(summary)
    assert "intro" not in q  # notes are not questions
    assert q["gender"] == {
        "name": "gender", "label": "Are you", "type": "select_one", "answered": 4,
        "choices": [
            {"name": "male", "label": "Male", "count": 2, "percent": 50.0, "valid_percent": 50.0},
            {"name": "female", "label": "Female", "count": 2, "percent": 50.0, "valid_percent": 50.0},
        ],
    }  # fmt: skip
    previous = {c["name"]: c for c in q["previous"]["choices"]}
    assert q["previous"]["answered"] == 3
    assert previous["yes"] == {"name": "yes", "label": "Yes", "count": 2, "percent": 50.0, "valid_percent": 66.7}
    which = {c["name"]: c for c in q["which"]["choices"]}
    assert q["which"]["answered"] == 2 and which["aa"]["count"] == 2 and which["aa"]["valid_percent"] == 100.0
    assert which["nhs"] == {"name": "nhs", "label": "An NHS group", "count": 0, "percent": 0.0, "valid_percent": 0.0}
    assert {k: q["age"][k] for k in ("answered", "mean", "median", "min", "max")} == {
        "answered": 4, "mean": 45.3, "median": 45, "min": 30, "max": 61,
    }  # fmt: skip
    assert q["units"] == {"name": "units", "label": "Units a week", "type": "decimal", "answered": 0,
                          "mean": None, "median": None, "min": None, "max": None}  # fmt: skip
    assert q["comments"]["answers"] == ["Helpful.", "Helpful.", "Kind people."]


def test_filters_by_site_round_and_dates(questionnaire, round_a, round_b, answer):
    answer(round_a, gender="male")
    answer(round_b, gender="female")
    assert questionnaire_summary(questionnaire=questionnaire, site=round_b.site)["responses"] == 1
    assert (
        by_name(questionnaire_summary(questionnaire=questionnaire, round=round_a))["gender"]["choices"][0]["count"]
        == 1
    )
    assert questionnaire_summary(questionnaire=questionnaire, date_from=datetime.date(2009, 10, 21))["responses"] == 0
    assert questionnaire_summary(questionnaire=questionnaire, date_to=datetime.date(2009, 10, 20))["responses"] == 2
    both = questionnaire_summary(questionnaire=questionnaire, breakdown_by_site=True)
    assert [(s["site"], s["responses"]) for s in both["by_site"]] == [("alpha", 1), ("beta", 1)]


def test_even_count_median_is_the_mean_of_the_middle_two(questionnaire, round_a, answer):
    for age in (20, 30, 41, 90):
        answer(round_a, age=Decimal(age))
    assert by_name(questionnaire_summary(questionnaire=questionnaire))["age"]["median"] == 35.5


def test_query_count_does_not_grow_with_responses(questionnaire, round_a, answer, django_assert_max_num_queries):
    answer(round_a)
    # questionnaire's version, the rounds' tally rows for the scope, the response count, questions, choices,
    # the written answers, and the question, choice and number tallies (medians come from the number tallies).
    with django_assert_max_num_queries(9) as few:
        questionnaire_summary(questionnaire=questionnaire)
    for _ in range(49):
        answer(round_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        summary = questionnaire_summary(questionnaire=questionnaire)
    assert summary["responses"] == 50


def test_answers_from_an_older_version_count_by_question_name(round_a, answer):
    from evaluation.services import questionnaire_import
    from evaluation.tests.factories import SURVEY, xlsform_bytes

    answer(round_a, gender="female")
    questionnaire_import(data=xlsform_bytes(survey=SURVEY + [["text", "more", "More"]], settings={"version": "2"}))
    summary = questionnaire_summary(questionnaire=round_a.questionnaire)
    assert summary["version"] == "2"
    assert by_name(summary)["gender"]["choices"][1]["count"] == 1
    assert by_name(summary)["more"]["answered"] == 0


def test_version_may_be_given_by_its_label_and_filters_by_primary_key(questionnaire, round_a, round_b, answer):
    answer(round_a)
    answer(round_b)
    assert questionnaire_summary(questionnaire=questionnaire, version="1")["responses"] == 2
    assert questionnaire_summary(questionnaire=questionnaire, group=round_b.group_id)["responses"] == 1


def test_counts_are_read_from_the_tallies_and_only_written_answers_from_the_answers(questionnaire, round_a, answer):
    """Counts, percentages and statistics come from the tallies; the answers table is read only for the written
    answers themselves, and not at all when they are not wanted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    answer(round_a)
    with CaptureQueriesContext(connection) as queries:
        with_texts = questionnaire_summary(questionnaire=questionnaire)
    answers = [q["sql"] for q in queries.captured_queries if '"evaluation_answer"' in q["sql"]]
    assert len(answers) == 1 and "text_value" in answers[0]
    with CaptureQueriesContext(connection) as queries:
        without = questionnaire_summary(questionnaire=questionnaire, texts=False)
    assert not [q for q in queries.captured_queries if '"evaluation_answer"' in q["sql"]]
    comments = by_name(without)["comments"]
    assert comments["answers"] == [] and comments["answers_count"] == len(by_name(with_texts)["comments"]["answers"])
    assert comments["answers_count"] == 1
