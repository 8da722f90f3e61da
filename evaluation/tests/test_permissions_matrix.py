"""Every signed-in page of the app: anonymous -> sign in, observer POST -> 403, another site's user -> 404."""

import pytest
from django.urls import reverse

from evaluation.models import CollectionRound, Questionnaire, Response


@pytest.fixture
def urls(round_a):
    form_id = round_a.questionnaire.form_id
    return {
        "list": reverse("evaluation:list"),
        "xlsform_upload": reverse("evaluation:xlsform_upload"),
        "detail": reverse("evaluation:detail", args=[form_id]),
        "version_download": reverse("evaluation:version_download", args=[form_id, round_a.version_id]),
        "round_create": reverse("evaluation:round_create", args=[form_id]),
        "responses": reverse("evaluation:responses", args=[form_id]),
        "responses_upload": reverse("evaluation:responses_upload", args=[form_id]),
        "summary": reverse("evaluation:summary", args=[form_id]),
        "paper_entry": reverse("evaluation:paper_entry", args=[round_a.pk]),
    }


SCOPED = ["detail", "version_download", "round_create", "responses", "responses_upload", "summary", "paper_entry"]
WRITES = ["round_create", "responses_upload", "paper_entry"]


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(client, urls):
    for name, url in urls.items():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (name, method)


def test_observer_posts_are_forbidden_everywhere(client_for, observer, urls):
    client = client_for(observer)
    for name, url in urls.items():
        assert client.post(url, {"name": "x", "gender": "male"}).status_code == 403, name
    assert (Questionnaire.objects.count(), CollectionRound.objects.count(), Response.objects.count()) == (1, 1, 0)


@pytest.mark.parametrize("who", ["site_contact_b", "facilitator_b"])
def test_users_of_another_site_get_404_on_every_scoped_page(client_for, personas, urls, who):
    client = client_for(personas[who])
    for name in SCOPED:
        assert client.get(urls[name]).status_code == 404, name
    for name in WRITES:
        assert client.post(urls[name], {"gender": "male"}).status_code == 404, name
    assert not Response.objects.exists()
