"""The questionnaire list and questionnaire page: scope, counts but no answers for site roles, query budgets."""

import pytest
from django.urls import reverse

LIST = reverse("evaluation:list")


def detail(q):
    return reverse("evaluation:detail", args=[q.form_id])


def test_anonymous_visitors_are_sent_to_sign_in(client, round_a):
    for url in (LIST, detail(round_a.questionnaire)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_site_roles_see_only_questionnaires_with_a_round_of_theirs(client_for, personas, round_a):
    assert round_a.questionnaire.title in client_for(personas["site_contact_a"]).get(LIST).content.decode()
    assert round_a.questionnaire.title not in client_for(personas["site_contact_b"]).get(LIST).content.decode()
    assert client_for(personas["site_contact_b"]).get(detail(round_a.questionnaire)).status_code == 404
    assert client_for(personas["facilitator_b"]).get(detail(round_a.questionnaire)).status_code == 404


def test_site_contact_sees_their_rounds_counts_and_links_not_other_sites(
    client_for, personas, round_a, round_b, answer
):
    answer(round_a)
    answer(round_b)
    answer(round_b)
    page = client_for(personas["site_contact_a"]).get(detail(round_a.questionnaire)).content.decode()
    assert "Autumn A" in page and "Autumn B" not in page
    assert reverse("evaluation:paper_entry", args=[round_a.pk]) in page
    assert "Link, QR code and poster" in page and round_a.get_absolute_url() in page  # the public link is there
    assert "Helpful." not in page  # counts, never answers
    assert reverse("evaluation:responses", args=["checkin"]) not in page


def test_facilitator_sees_rounds_of_their_own_group_only(client_for, personas, round_a, group_a):
    from evaluation.tests.factories import CollectionRoundFactory
    from groups.tests.factories import GroupFactory

    other_group = GroupFactory(site=group_a.site, name="Alpha Friday")
    CollectionRoundFactory(questionnaire=round_a.questionnaire, group=other_group, site=group_a.site, name="Friday")
    page = client_for(personas["facilitator_a"]).get(detail(round_a.questionnaire)).content.decode()
    assert "Autumn A" in page and "Friday" not in page


def test_observer_sees_counts_without_collection_links(client_for, personas, round_a, answer):
    answer(round_a)
    page = client_for(personas["observer"]).get(detail(round_a.questionnaire)).content.decode()
    assert "Autumn A" in page and round_a.token not in page and "Link, QR code and poster" not in page
    assert reverse("evaluation:summary", args=["checkin"]) in page


@pytest.mark.parametrize("rounds", [1, 50])
def test_list_and_page_queries_do_not_grow_with_rounds(client_for, evaluator, questionnaire, group_a, rounds,
                                                       django_assert_num_queries, answer):  # fmt: skip
    from evaluation.tests.factories import CollectionRoundFactory

    for _ in range(rounds):
        answer(CollectionRoundFactory(questionnaire=questionnaire, group=group_a, site=group_a.site))
    client = client_for(evaluator)
    # session, user, role groups, questionnaires with counts; savepoint, session save, release
    with django_assert_num_queries(7):
        assert client.get(LIST).status_code == 200
    # session, user, role groups, questionnaire, current version, counts by site, permissions (2), rounds counted,
    # a page of rounds with counts, illustrative marks, questions, choices, versions; savepoint, session save, release
    with django_assert_num_queries(17):
        assert client.get(detail(questionnaire)).status_code == 200


def test_the_rounds_are_shown_25_to_a_page(client_for, evaluator, questionnaire, group_a):
    from evaluation.tests.factories import CollectionRoundFactory

    for n in range(30):
        CollectionRoundFactory(questionnaire=questionnaire, group=group_a, site=group_a.site, name=f"Round {n:02}")
    client = client_for(evaluator)
    first = client.get(detail(questionnaire)).context["rounds"]
    second = client.get(detail(questionnaire), {"page": 2}).context["rounds"]
    assert len(first) == 25 and len(second) == 5
    assert {r.pk for r in first} | {r.pk for r in second} == set(questionnaire.rounds.values_list("pk", flat=True))


@pytest.mark.parametrize("persona", ["coordinator", "site_contact_a"])
@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_a_constant_number_of_queries_for_1_or_50_questionnaires(
    client_for, personas, group_a, group_b, persona, rows, answer, django_assert_num_queries
):
    from evaluation.tests.factories import CollectionRoundFactory, QuestionnaireFactory

    for n in range(rows):
        questionnaire = QuestionnaireFactory(form_id=f"q{n:02d}")
        answer(CollectionRoundFactory(questionnaire=questionnaire, group=group_a, site=group_a.site))
        answer(CollectionRoundFactory(questionnaire=questionnaire, group=group_b, site=group_b.site))
    client = client_for(personas[persona])
    # as the evaluator's: session, user, role groups, questionnaires with counts; savepoint, session save, release
    with django_assert_num_queries(7):
        response = client.get(LIST)
    # Each questionnaire once, its rounds and responses counted within the user's scope
    counts = {(q.round_count, q.response_count) for q in response.context["questionnaires"]}
    assert len(response.context["questionnaires"]) == rows
    assert counts == ({(2, 2)} if persona == "coordinator" else {(1, 1)})
