"""The on-screen summary: for the centre and observers, with an SVG chart and the table beside it."""

import pytest
from django.urls import reverse

from evaluation.models import Response

SUMMARY = reverse("evaluation:summary", args=["checkin"])


def test_observer_sees_published_frequencies_chart_and_table(client_for, observer, evaluator, round_a, answer):
    for n in range(20):
        answer(round_a, gender="female" if n < 12 else "male")
    page = client_for(observer).get(SUMMARY).content.decode()
    # 12 of 20 is published as 10 of 20: 50.0%, drawn as half of the bar area of 80%.
    assert "<svg" in page and 'role="img"' in page and 'width="40.0%"' in page
    assert '<th scope="row">Female</th><td class="text-end">10</td><td class="text-end">50.0</td>' in page
    assert "Published figures" in page
    page = client_for(evaluator).get(SUMMARY).content.decode()
    assert '<th scope="row">Female</th><td class="text-end">12</td><td class="text-end">60.0</td>' in page


def test_observer_sees_nothing_of_a_scope_with_fewer_than_ten_responses(client_for, observer, round_a, answer):
    for n in range(9):
        answer(round_a, gender="female", age=30 + n)
    page = client_for(observer).get(SUMMARY).content.decode()
    assert "fewer than 10 responses" in page
    assert "Female" not in page and 'aria-label="Ranges for age"' not in page and "<svg" not in page


def test_site_roles_cannot_see_summaries(client_for, personas, round_a):
    assert client_for(personas["site_contact_a"]).get(SUMMARY).status_code == 403
    assert client_for(personas["facilitator_a"]).get(SUMMARY).status_code == 403
    assert client_for(personas["site_contact_b"]).get(SUMMARY).status_code == 404
    assert "/accounts/login/" in client_for(None).get(SUMMARY)["Location"]


def test_observer_post_is_refused(client_for, observer, round_a):
    assert client_for(observer).post(SUMMARY).status_code == 403


def test_filter_by_round(client_for, evaluator, round_a, round_b, answer):
    answer(round_a)
    answer(round_b)
    page = client_for(evaluator).get(SUMMARY, {"round": round_b.pk}).content.decode()
    assert "<strong>1</strong> response in scope" in page


@pytest.mark.parametrize("count", [1, 50])
def test_summary_queries_do_not_grow_with_responses(client_for, evaluator, round_a, answer, count,
                                                    django_assert_num_queries):  # fmt: skip
    for _ in range(count):
        answer(round_a)
    # session, user, role groups, questionnaire; the period: the latest round, a programme holding it, its
    # rounds' span, every programme; the version shown, the tallies' stamp; then (not yet cached) the version
    # asked for, the rounds' tally rows for the scope, the response count, questions, choices, the written
    # answers, per-question tallies, choice tallies, number tallies; illustrative marks, rounds (twice), sites
    # and groups for the filter; savepoint, session save, release
    client = client_for(evaluator)
    with django_assert_num_queries(27):
        assert client.get(SUMMARY).status_code == 200
    with django_assert_num_queries(27 - 9):  # the same scope again: the figures come from the cache
        assert client.get(SUMMARY).status_code == 200


def test_cached_figures_follow_every_change(client_for, evaluator, round_a, round_b, answer):
    answer(round_a)
    client = client_for(evaluator)
    assert "<strong>1</strong> response in scope" in client.get(SUMMARY).content.decode()
    answer(round_b)
    assert "<strong>2</strong> responses in scope" in client.get(SUMMARY).content.decode()
    Response.objects.filter(round=round_b).delete()
    assert "<strong>1</strong> response in scope" in client.get(SUMMARY).content.decode()


def test_observers_see_how_many_wrote_something_but_not_what(client_for, observer, evaluator, round_a, answer):
    answer(round_a, comments="I live on Elm Street")
    for _ in range(9):
        answer(round_a, comments="")
    assert "Elm Street" not in client_for(observer).get(SUMMARY).content.decode()
    assert "* written answer; evaluators read them." in client_for(observer).get(SUMMARY).content.decode()
    assert "Elm Street" in client_for(evaluator).get(SUMMARY).content.decode()


def test_number_questions_get_a_histogram_of_ranges(client_for, evaluator, round_a, answer):
    for age in (20, 21, 35, 99):
        answer(round_a, age=age)
    page = client_for(evaluator).get(SUMMARY).content.decode()
    assert 'aria-label="Ranges for age"' in page
    assert '<th scope="row">20–29</th><td class="text-end">2</td><td class="text-end">50.0</td>' in page
    assert '<th scope="row">90–99</th><td class="text-end">1</td>' in page
