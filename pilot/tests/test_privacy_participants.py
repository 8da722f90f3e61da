"""Training participants in the personal-data lifecycle: export, erasure (alone or with a facilitator), retention."""

import datetime

import pytest
from django.urls import reverse

from groups.models import Facilitator
from groups.tests.factories import FacilitatorFactory
from network.privacy import participant_records, person_erase, person_export, retention_enforce
from pilot.models import AuditEntry
from sites.models import SitePerson
from training.models import EventKind, Participant
from training.tests.factories import EventFactory, ParticipantFactory

NAME, EMAIL, PHONE = "Kimberley Quist", "kim.quist@example.org", "07700 900123"


@pytest.fixture
def kim(site_a, facilitator_a):
    """A facilitator with a login who was first recorded at two trainings: once linked, once only by e-mail."""
    record = facilitator_a.facilitator
    record.display_name, record.email, record.phone = NAME, EMAIL, PHONE
    record.save()
    return record


@pytest.fixture
def trainings(site_a, kim):
    first = EventFactory(site=site_a, title="Alpha facilitator training", starts_on=datetime.date(2009, 3, 3))
    refresher = EventFactory(
        site=None, kind=EventKind.REFRESHER, title="Network refresher", starts_on=datetime.date(2009, 9, 9)
    )
    linked = ParticipantFactory(event=first, facilitator=kim, name=NAME, contact=PHONE, role="volunteer")
    by_email = ParticipantFactory(event=refresher, name=NAME, contact=f"  {EMAIL.upper()} ", role="volunteer")
    # Another Kim, with a phone number only: names are never matched.
    namesake = ParticipantFactory(event=refresher, name="Kimberley", contact=PHONE)
    return {"first": first, "refresher": refresher, "linked": linked, "by_email": by_email, "namesake": namesake}


def _texts_of_all_participants() -> str:
    return " ".join(f"{p.name} {p.role} {p.contact}" for p in Participant.objects.all())


def _audit_text() -> str:
    return " ".join(f"{e.target_label} {e.detail}" for e in AuditEntry.objects.all())


def test_erasing_a_facilitator_erases_their_participant_records(client_for, coordinator, kim, trainings):
    client = client_for(coordinator)
    page = reverse("training:detail", args=[trainings["refresher"].pk])
    assert EMAIL.upper() in client.get(page).content.decode()  # shown before, so its absence below means something

    export = client.get(reverse("person_export", args=["facilitators", kim.pk])).json()
    held = {(row["participant_id"], row["matched_by"], row["event"]) for row in export["training"]}
    assert held == {
        (trainings["linked"].pk, "link", "Alpha facilitator training"),
        (trainings["by_email"].pk, "e-mail", "Network refresher"),
    }
    assert {row["name_recorded"] for row in export["training"]} == {NAME}

    confirm = client.get(reverse("person_erase", args=["facilitators", kim.pk])).content.decode()
    assert "Network refresher" in confirm and "same e-mail address" in confirm
    assert client.post(reverse("person_erase", args=["facilitators", kim.pk]), {"confirm": "erase"}).status_code == 302

    left = _texts_of_all_participants()
    assert NAME not in left and EMAIL not in left.lower()
    for key in ("linked", "by_email"):
        row = Participant.objects.get(pk=trainings[key].pk)
        assert row.name == f"Erased participant {row.pk}" and row.role == row.contact == ""
    assert Participant.objects.get(pk=trainings["namesake"].pk).contact == PHONE  # not theirs: kept
    assert Participant.objects.filter(facilitator=kim).count() == 1  # still counts as trained
    for event in ("first", "refresher"):
        html = client.get(reverse("training:detail", args=[trainings[event].pk])).content.decode()
        assert NAME not in html and EMAIL not in html.lower(), event
    assert "Kimberley" not in _audit_text() and "Quist" not in _audit_text()


def test_a_shared_address_never_matches(kim, trainings, group_a):
    group_a.contact_email = EMAIL
    group_a.save()
    assert [how for _, how in participant_records(kim)] == ["link"]
    person_erase(person=kim, actor=None)
    assert Participant.objects.get(pk=trainings["by_email"].pk).name == NAME


def test_a_site_person_takes_their_participant_records_with_them(site_a, coordinator):
    person = SitePerson.objects.create(site=site_a, name="Pat Champion", role="practitioner_champion", email=EMAIL)
    row = ParticipantFactory(event=EventFactory(site=site_a), name="Pat", contact=EMAIL)
    assert [r["participant_id"] for r in person_export(person=person)["training"]] == [row.pk]
    person_erase(person=person, actor=coordinator)
    row.refresh_from_db()
    assert row.name.startswith("Erased") and row.contact == ""


def test_coordinator_erases_a_participant_alone(client_for, coordinator, site_contact_a, site_a):
    first = ParticipantFactory(event=EventFactory(site=site_a), name="Sam Trainee", contact="sam@example.org")
    later = ParticipantFactory(event=EventFactory(site=site_a), name="Sam T", contact="Sam@Example.org")
    other = ParticipantFactory(event=first.event, name="Alex", contact="alex@example.org")
    client = client_for(coordinator)
    event_page = reverse("training:detail", args=[first.event.pk])
    erase_url = reverse("person_erase", args=["participants", first.pk])
    assert erase_url in client.get(event_page).content.decode()
    assert erase_url not in client_for(site_contact_a).get(event_page).content.decode()

    export = client.get(reverse("person_export", args=["participants", first.pk]))
    assert export.status_code == 200 and "attachment" in export["Content-Disposition"]
    data = export.json()
    assert (data["kind"], data["name"], data["contact"]) == ("training participant", "Sam Trainee", "sam@example.org")
    assert [r["participant_id"] for r in data["training"]] == [first.pk, later.pk]

    assert client.post(erase_url, {"confirm": "erase"}).status_code == 302
    assert "Sam" not in _texts_of_all_participants() and "sam@" not in _texts_of_all_participants().lower()
    assert Participant.objects.get(pk=other.pk).name == "Alex"
    assert first.event.participants.count() == 2  # the event keeps its count
    assert "Sam Trainee" not in client.get(event_page).content.decode()
    entries = AuditEntry.objects.filter(action="erase").order_by("target_id")
    assert [(e.target_type, e.target_label) for e in entries] == [
        ("training.Participant", f"participant #{first.pk}"),
        ("training.Participant", f"participant #{later.pk}"),
    ]
    # A second request finds nothing left to erase.
    assert client.get(erase_url).status_code == 302


def test_a_participant_linked_to_a_facilitator_is_handled_as_that_facilitator(client_for, coordinator, site_a):
    facilitator = FacilitatorFactory(site=site_a, display_name="Jo")
    row = ParticipantFactory(event=EventFactory(site=site_a), facilitator=facilitator, name="Jo")
    client = client_for(coordinator)
    for view in ("person_export", "person_erase"):
        response = client.get(reverse(view, args=["participants", row.pk]))
        assert response.status_code == 302 and response["Location"] == reverse(
            view, args=["facilitators", facilitator.pk]
        )
    page = client.get(reverse("training:detail", args=[row.event.pk])).content.decode()
    assert reverse("person_erase", args=["facilitators", facilitator.pk]) in page
    assert reverse("person_erase", args=["participants", row.pk]) not in page


@pytest.mark.parametrize(
    "persona", ["site_contact_a", "site_contact_b", "facilitator_a", "facilitator_b", "evaluator", "observer"]
)
def test_only_the_coordinator_reaches_a_participants_data(personas, client_for, site_a, persona):
    row = ParticipantFactory(event=EventFactory(site=site_a), name="Sam Trainee", contact="sam@example.org")
    client = client_for(personas[persona])
    assert client.get(reverse("person_export", args=["participants", row.pk])).status_code == 403
    assert client.get(reverse("person_erase", args=["participants", row.pk])).status_code == 403
    response = client.post(reverse("person_erase", args=["participants", row.pk]), {"confirm": "erase"})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.name == "Sam Trainee" and row.contact == "sam@example.org"


def test_anonymous_is_sent_to_sign_in_and_unknown_participants_are_404(client, client_for, coordinator, site_a):
    row = ParticipantFactory(event=EventFactory(site=site_a), name="Sam Trainee")
    response = client.post(reverse("person_erase", args=["participants", row.pk]), {"confirm": "erase"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client_for(coordinator).get(reverse("person_export", args=["participants", row.pk + 1])).status_code == 404
    assert Participant.objects.get(pk=row.pk).name == "Sam Trainee"


def test_retention_erases_participant_records_past_the_period(site_a):
    today = datetime.date(2012, 6, 1)  # 24 months back: 1 June 2010
    old_event = EventFactory(site=site_a, starts_on=datetime.date(2010, 5, 1))  # last day 2 May 2010
    recent_event = EventFactory(site=site_a, starts_on=datetime.date(2010, 6, 1))
    stale = ParticipantFactory(event=old_event, name="Old Trainee", contact="old@example.org")
    fresh = ParticipantFactory(event=recent_event, name="New Trainee")
    active = FacilitatorFactory(site=site_a, display_name="Active", active_since=datetime.date(2012, 1, 1))
    linked_active = ParticipantFactory(event=old_event, facilitator=active, name="Active")
    erased_before = FacilitatorFactory(site=site_a, display_name="Erased facilitator 99")
    linked_erased = ParticipantFactory(event=recent_event, facilitator=erased_before, name="Left Behind")

    result = retention_enforce(today=today)

    names = dict(Participant.objects.values_list("pk", "name"))
    assert names[stale.pk] == f"Erased participant {stale.pk}"
    assert Participant.objects.get(pk=stale.pk).contact == ""
    assert names[fresh.pk] == "New Trainee"
    assert names[linked_active.pk] == "Active"  # follows its facilitator, who is active
    assert names[linked_erased.pk].startswith("Erased")  # its facilitator was erased before the rule
    assert result.participants_erased == 2
    assert retention_enforce(today=today).participants_erased == 0


def test_retention_of_a_facilitator_leaves_records_matched_only_by_email_to_their_own_rule(site_a):
    today = datetime.date(2012, 6, 1)
    left = FacilitatorFactory(
        site=site_a, display_name="Left Long Ago", email="left@example.org", stepped_down_on=datetime.date(2009, 1, 1)
    )
    old_linked = ParticipantFactory(event=EventFactory(site=site_a), facilitator=left, name="Left Long Ago")
    recent = ParticipantFactory(
        event=EventFactory(site=site_a, starts_on=datetime.date(2012, 3, 1)), name="Left", contact="left@example.org"
    )
    result = retention_enforce(today=today)
    assert result.facilitators_erased == 1
    assert Facilitator.objects.get(pk=left.pk).display_name.startswith("Erased")
    assert Participant.objects.get(pk=old_linked.pk).name.startswith("Erased")
    assert Participant.objects.get(pk=recent.pk).contact == "left@example.org"
