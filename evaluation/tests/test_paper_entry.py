"""Paper entry: the same form and rules, marked as paper, for rounds in the user's scope."""

from django.urls import reverse

from evaluation.models import Response
from pilot.models import AuditEntry

GOOD = {"_submitted_on": "2009-10-10", "gender": "male", "age": "47", "previous": "yes", "which": ["aa"]}


def url(r):
    return reverse("evaluation:paper_entry", args=[r.pk])


def test_facilitator_enters_a_paper_response_for_their_group(client_for, facilitator_a, round_a, autumn):
    response = client_for(facilitator_a).post(url(round_a), GOOD)
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.is_paper and saved.round == round_a and str(saved.submitted_on) == "2009-10-10"
    assert set(saved.answers.values_list("question__name", flat=True)) == {"gender", "age", "previous", "which"}
    entry = AuditEntry.objects.get(action="create", actor=facilitator_a)
    assert entry.target_type == "evaluation.CollectionRound" and "age" in entry.changed_fields


def test_rules_are_checked_on_the_server(client_for, site_contact_a, round_a, autumn):
    bad = {**GOOD, "age": "12", "gender": "", "previous": "no", "_submitted_on": "2009-10-16"}
    response = client_for(site_contact_a).post(url(round_a), bad)
    page = response.content.decode()
    assert response.status_code == 400 and not Response.objects.exists()
    assert "Between 16 and 100, please." in page and "An answer is needed." in page
    assert "The date cannot be in the future." in page


def test_answers_to_skipped_questions_are_dropped(client_for, evaluator, round_a, autumn):
    client_for(evaluator).post(url(round_a), {**GOOD, "previous": "no", "which": ["aa"]})
    assert not Response.objects.get().answers.filter(question__name="which").exists()


def test_required_question_behind_a_skip_rule(client_for, evaluator, round_a, autumn):
    page = client_for(evaluator).post(url(round_a), {**GOOD, "which": []}).content.decode()
    assert "An answer is needed." in page and not Response.objects.exists()


def test_out_of_scope_users_get_404(client_for, personas, round_a):
    for who in ("site_contact_b", "facilitator_b"):
        assert client_for(personas[who]).get(url(round_a)).status_code == 404
        assert client_for(personas[who]).post(url(round_a), GOOD).status_code == 404
    assert not Response.objects.exists()


def test_facilitator_of_another_group_at_the_same_site_gets_404(client_for, make_user, site_a, round_a):
    from groups.tests.factories import GroupFactory
    from pilot.roles import Role

    other = make_user("fac_other", Role.FACILITATOR, site=site_a, groups=[GroupFactory(site=site_a, name="Other")])
    assert client_for(other).get(url(round_a)).status_code == 404


def test_observer_post_is_forbidden_and_anonymous_sent_to_sign_in(client_for, observer, client, round_a):
    assert client_for(observer).post(url(round_a), GOOD).status_code == 403
    assert "/accounts/login/" in client.post(url(round_a), GOOD)["Location"]
    assert not Response.objects.exists()


def test_paper_entry_keeps_its_csrf_token(coordinator, round_a, autumn):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert 'name="csrfmiddlewaretoken"' in client.get(url(round_a)).content.decode()
    assert client.post(url(round_a), GOOD).status_code == 403 and not Response.objects.exists()
