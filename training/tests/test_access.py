"""Every training URL: anonymous visitors sign in, other sites get 404, observers get 403 on POST."""

import pytest
from django.urls import reverse

from training.models import EventKind
from training.tests.factories import DelegateCountFactory, EventFactory, ParticipantFactory


@pytest.fixture
def objects(site_a):
    event = EventFactory(site=site_a, kind=EventKind.OTHER)
    return {
        "event": event,
        "participant": ParticipantFactory(event=event),
        "delegates": DelegateCountFactory(event=event),
    }


def _urls(o):
    e, p = o["event"].pk, o["participant"].pk
    return {
        "training:list": reverse("training:list"),
        "training:create": reverse("training:create"),
        "network:pipeline": reverse("network:pipeline"),
        "training:detail": reverse("training:detail", args=[e]),
        "training:edit": reverse("training:edit", args=[e]),
        "training:delete": reverse("training:delete", args=[e]),
        "training:days": reverse("training:days", args=[e]),
        "training:participant_add": reverse("training:participant_add", args=[e]),
        "training:delegate_add": reverse("training:delegate_add", args=[e]),
        "training:participant_delete": reverse("training:participant_delete", args=[p]),
        "training:make_facilitator": reverse("training:make_facilitator", args=[p]),
        "training:delegate_delete": reverse("training:delegate_delete", args=[o["delegates"].pk]),
    }


SITE_SCOPED = [
    "training:detail",
    "training:edit",
    "training:delete",
    "training:days",
    "training:participant_add",
    "training:delegate_add",
    "training:participant_delete",
    "training:make_facilitator",
    "training:delegate_delete",
]


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(client, objects):
    for name, url in _urls(objects).items():
        response = (
            client.post(url) if name.endswith(("_delete", "make_facilitator", "delegate_add")) else client.get(url)
        )
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"], name


@pytest.mark.parametrize("persona", ["site_contact_b", "facilitator_b"])
def test_people_from_another_site_get_404_for_this_sites_event(personas, client_for, objects, persona):
    c = client_for(personas[persona])
    urls = _urls(objects)
    for name in SITE_SCOPED:
        assert c.post(urls[name], {}).status_code == 404, name


def test_observers_get_403_on_every_write(observer, client_for, objects):
    c = client_for(observer)
    reads = {"training:list", "network:pipeline", "training:detail"}
    for name, url in _urls(objects).items():
        if name in reads:
            assert c.get(url).status_code == 200, name
            continue
        assert c.post(url, {}).status_code == 403, name
    assert objects["event"].participants.count() == 1
