"""Participants: recorded only with agreement, and turned into a facilitator record in one step."""

import pytest
from django.urls import reverse

from groups.models import Facilitator
from pilot.models import AuditEntry
from training.models import EventKind, Participant
from training.tests.factories import EventFactory, FacilitatorFactory, ParticipantFactory


@pytest.fixture
def participant(site_a):
    return ParticipantFactory(event=EventFactory(site=site_a), name="Sam")


def test_coordinator_turns_a_participant_into_a_facilitator_in_one_step(coordinator, client_for, participant, site_a):
    response = client_for(coordinator).post(reverse("training:make_facilitator", args=[participant.pk]))
    assert response.status_code == 302
    participant.refresh_from_db()
    facilitator = participant.facilitator
    assert (facilitator.display_name, facilitator.site) == ("Sam", site_a)
    assert AuditEntry.objects.filter(target_type="groups.Facilitator", action="create").exists()


def test_turning_the_same_participant_twice_makes_one_facilitator(coordinator, client_for, participant):
    c = client_for(coordinator)
    c.post(reverse("training:make_facilitator", args=[participant.pk]))
    c.post(reverse("training:make_facilitator", args=[participant.pk]))
    assert Facilitator.objects.filter(display_name="Sam").count() == 1


def test_site_contact_of_the_site_may_make_the_facilitator(site_contact_a, client_for, participant):
    assert (
        client_for(site_contact_a).post(reverse("training:make_facilitator", args=[participant.pk])).status_code == 302
    )
    assert Participant.objects.get(pk=participant.pk).facilitator is not None


def test_site_contact_from_another_site_gets_404(site_contact_b, client_for, participant):
    assert (
        client_for(site_contact_b).post(reverse("training:make_facilitator", args=[participant.pk])).status_code == 404
    )
    assert (
        client_for(site_contact_b).post(reverse("training:participant_delete", args=[participant.pk])).status_code
        == 404
    )
    assert not Facilitator.objects.filter(display_name="Sam").exists()
    probes = AuditEntry.objects.filter(action="not_found", target_type="training.Participant", actor=site_contact_b)
    assert probes.count() == 2 and {p.target_id for p in probes} == {str(participant.pk)}


def test_a_delegate_count_of_an_event_out_of_scope_is_404_and_audited(site_contact_a, client_for, site_b):
    from training.tests.factories import DelegateCountFactory

    row = DelegateCountFactory(event=EventFactory(site=site_b, kind=EventKind.CONFERENCE))
    response = client_for(site_contact_a).post(reverse("training:delegate_delete", args=[row.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="not_found", target_type="training.DelegateCount", actor=site_contact_a)


def test_observer_post_is_refused(observer, client_for, participant):
    assert client_for(observer).post(reverse("training:make_facilitator", args=[participant.pk])).status_code == 403
    assert (
        client_for(observer).post(reverse("training:participant_add", args=[participant.event.pk]), {}).status_code
        == 403
    )
    assert not Facilitator.objects.filter(display_name="Sam").exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, participant):
    response = client.post(reverse("training:make_facilitator", args=[participant.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_participant_is_recorded_only_with_their_agreement(coordinator, client_for, participant):
    url = reverse("training:participant_add", args=[participant.event.pk])
    response = client_for(coordinator).post(url, {"name": "Alex"})
    assert "Record people only with their agreement" in response.content.decode()
    assert client_for(coordinator).post(url, {"name": "Alex", "agreed_to_be_recorded": "on"}).status_code == 302
    assert participant.event.participants.filter(name="Alex").exists()


def test_a_participant_needs_a_name_or_a_facilitator(coordinator, client_for, participant):
    url = reverse("training:participant_add", args=[participant.event.pk])
    response = client_for(coordinator).post(url, {"agreed_to_be_recorded": "on"})
    assert "Choose a facilitator or give a first name or alias." in response.content.decode()


def test_only_facilitators_of_the_events_site_are_offered(coordinator, client_for, participant, site_a, site_b):
    here = FacilitatorFactory(site=site_a, display_name="Here")
    FacilitatorFactory(site=site_b, display_name="Elsewhere")
    form = (
        client_for(coordinator).get(reverse("training:participant_add", args=[participant.event.pk])).context["form"]
    )
    assert list(form.fields["facilitator"].queryset) == [here]


def test_network_event_participant_cannot_become_a_facilitator_without_a_site(coordinator, client_for, db):
    event = EventFactory(kind=EventKind.NETWORKING, site=None)
    p = ParticipantFactory(event=event, name="Lee")
    assert client_for(coordinator).post(reverse("training:make_facilitator", args=[p.pk])).status_code == 403


def test_professionals_training_participants_cannot_become_facilitators(coordinator, client_for, site_a):
    event = EventFactory(site=site_a, kind=EventKind.PROFESSIONALS_TRAINING)
    p = ParticipantFactory(event=event, name="Dr Pat")
    page = client_for(coordinator).get(event.get_absolute_url()).content.decode()
    assert "Make Dr Pat a facilitator" not in page
    assert client_for(coordinator).post(reverse("training:make_facilitator", args=[p.pk])).status_code == 403
    assert not Facilitator.objects.filter(display_name="Dr Pat").exists()


def test_the_make_facilitator_button_shows_for_named_trainees(coordinator, client_for, participant):
    assert (
        "Make Sam a facilitator" in client_for(coordinator).get(participant.event.get_absolute_url()).content.decode()
    )
