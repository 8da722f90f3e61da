"""Questionnaire pages show response figures through the disclosure policy: exact to the centre only."""

import pytest
from django.urls import reverse


def _page(client_for, user, url, **query):
    response = client_for(user).get(url, query)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_response_counts_per_round_are_published_for_everyone_but_the_centre(client_for, personas, round_a, answer):
    for _ in range(3):
        answer(round_a)
    url = reverse("evaluation:detail", args=[round_a.questionnaire.form_id])
    for persona in ("observer", "site_contact_a", "facilitator_a"):
        page = _page(client_for, personas[persona], url)
        assert '<td class="text-end">*<span' in page, persona
    for persona in ("coordinator", "evaluator"):
        assert '<td class="text-end">3<span' in _page(client_for, personas[persona], url), persona


@pytest.mark.parametrize("query", [{"round": "ROUND"}, {"date_from": "DAY", "date_to": "DAY"}])
def test_the_committee_cannot_narrow_a_summary_to_one_person(client_for, personas, round_a, answer, query):
    from evaluation.models import Response

    day = answer(round_a, age=43).submitted_on.isoformat()
    query = {k: {"ROUND": round_a.pk, "DAY": day}[v] for k, v in query.items()}
    page = _page(client_for, personas["observer"], reverse("evaluation:summary", args=["checkin"]), **query)
    assert Response.objects.count() == 1
    assert "fewer than 10 responses" in page and ">43<" not in page and "Male" not in page
    page = _page(client_for, personas["evaluator"], reverse("evaluation:summary", args=["checkin"]), **query)
    assert ">43<" in page  # the evaluator processes the data
