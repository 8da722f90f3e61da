"""Facilitator support: who sees and records what, and the flags each support policy shows."""

import datetime

import pytest
from django.urls import reverse

from groups.models import Feeling, SupportContact, WellbeingCheckIn
from groups.support import support_flags
from groups.tests.conftest import TODAY
from groups.tests.factories import MeetingFactory
from pilot.models import AuditEntry
from programmes.models import SupportPolicy
from programmes.tests.factories import ProgrammeFactory, ProgrammeSiteFactory


def _url(name, facilitator_user):
    return reverse(f"groups:{name}", args=[facilitator_user.facilitator.pk])


def _policy(site, policy):
    ProgrammeSiteFactory(programme=ProgrammeFactory(support_policy=policy), site=site)


def _codes(facilitator):
    return {flag.code for flag in support_flags([facilitator], TODAY)}


@pytest.fixture
def alone_and_struggling(facilitator_a, group_a):
    """Facilitator A ran the last 6 weeks' meetings alone, had no support, and said they struggle."""
    record = facilitator_a.facilitator
    record.active_since = datetime.date(2008, 1, 1)
    record.save()
    for weeks in range(6):
        MeetingFactory(group=group_a, date=TODAY - datetime.timedelta(weeks=weeks, days=2)).facilitators.add(record)
    WellbeingCheckIn.objects.create(facilitator=record, feeling=Feeling.STRUGGLING, answered_on=TODAY)
    return record


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (SupportPolicy.NONE, {"alone", "struggling"}),
        (SupportPolicy.ON_REQUEST, {"struggling"}),
        (SupportPolicy.REGULAR, {"alone", "no_contact", "struggling"}),
    ],
)
def test_flags_follow_the_programmes_support_policy(alone_and_struggling, site_a, policy, expected):
    _policy(site_a, policy)
    assert _codes(alone_and_struggling) == expected


def test_a_recent_support_contact_or_a_co_facilitator_clears_those_flags(alone_and_struggling, site_a, peer_a):
    _policy(site_a, SupportPolicy.REGULAR)
    SupportContact.objects.create(
        facilitator=alone_and_struggling, kind="call", date=TODAY - datetime.timedelta(weeks=7), given_by="Coordinator"
    )
    alone_and_struggling.meetings_facilitated.first().facilitators.add(peer_a)
    WellbeingCheckIn.objects.create(facilitator=alone_and_struggling, feeling=Feeling.FINE, answered_on=TODAY)
    assert _codes(alone_and_struggling) == set()


def test_site_contact_records_a_contact_and_it_is_audited(client_for, site_contact_a, facilitator_a, frozen_today):
    response = client_for(site_contact_a).post(
        _url("support_contact_add", facilitator_a),
        {
            "contact-kind": "debrief",
            "contact-date": "2009-05-01",
            "contact-given_by": "Sam",
            "contact-note": "Went ok",
        },
    )
    assert response.status_code == 302
    contact = SupportContact.objects.get()
    assert (contact.facilitator, contact.kind) == (facilitator_a.facilitator, "debrief")
    assert AuditEntry.objects.filter(action="create", target_id=str(facilitator_a.facilitator.pk)).exists()
    page = client_for(site_contact_a).get(_url("facilitator_support", facilitator_a))
    assert "Went ok" in page.content.decode()


def test_bad_contact_is_answered_at_the_field_and_saves_nothing(client_for, coordinator, facilitator_a):
    response = client_for(coordinator).post(
        _url("support_contact_add", facilitator_a), {"contact-kind": "nonsense", "contact-date": "1890-01-01"}
    )
    assert response.status_code == 400
    form = response.context["contact_form"]
    assert {"kind", "date", "given_by"} <= set(form.errors)
    assert not SupportContact.objects.exists()


def test_another_sites_contact_gets_404(client_for, site_contact_b, facilitator_a):
    assert client_for(site_contact_b).get(_url("facilitator_support", facilitator_a)).status_code == 404
    post = client_for(site_contact_b).post(
        _url("support_contact_add", facilitator_a),
        {"contact-kind": "visit", "contact-date": "2009-05-01", "contact-given_by": "X"},
    )
    assert post.status_code == 404
    assert not SupportContact.objects.exists()


@pytest.mark.parametrize("persona", ["evaluator", "observer"])
def test_evaluators_and_observers_are_refused(client_for, personas, facilitator_a, persona):
    assert client_for(personas[persona]).get(_url("facilitator_support", facilitator_a)).status_code == 403


def test_anonymous_is_sent_to_sign_in(client_for, facilitator_a):
    response = client_for(None).get(_url("facilitator_support", facilitator_a))
    assert response.status_code == 302 and "login" in response["Location"]


def test_facilitator_answers_their_own_check_in_and_sees_no_support_records(
    client_for, facilitator_a, facilitator_b, frozen_today
):
    record = facilitator_a.facilitator
    SupportContact.objects.create(facilitator=record, kind="visit", date=TODAY, given_by="Secret visitor")
    response = client_for(facilitator_a).post(
        _url("checkin_add", facilitator_a), {"checkin-feeling": "managing", "checkin-note": "Tired"}
    )
    assert response.status_code == 302
    assert WellbeingCheckIn.objects.get().feeling == "managing"
    page = client_for(facilitator_a).get(_url("facilitator_support", facilitator_a)).content.decode()
    assert "Tired" in page and "Secret visitor" not in page
    # Another facilitator neither sees nor answers facilitator A's check-ins.
    assert client_for(facilitator_b).get(_url("facilitator_support", facilitator_a)).status_code == 404
    assert WellbeingCheckIn.objects.visible_to(facilitator_b).count() == 0
    WellbeingCheckIn.objects.create(facilitator=facilitator_b.facilitator, feeling="fine", note="B's own")
    assert (
        "B&#x27;s own"
        not in client_for(facilitator_a).get(_url("facilitator_support", facilitator_a)).content.decode()
    )


def test_coordinator_cannot_answer_a_facilitators_check_in(client_for, coordinator, facilitator_a):
    response = client_for(coordinator).post(_url("checkin_add", facilitator_a), {"checkin-feeling": "fine"})
    assert response.status_code == 403
    assert not WellbeingCheckIn.objects.exists()


def test_export_holds_and_erasure_removes_the_support_records(facilitator_a, coordinator):
    from groups.models import FidelityObservation
    from network.privacy import person_erase, person_export

    record = facilitator_a.facilitator
    SupportContact.objects.create(facilitator=record, kind="peer", date=TODAY, given_by="Beta's facilitator")
    WellbeingCheckIn.objects.create(facilitator=record, feeling=Feeling.STRUGGLING, note="Hard week")
    FidelityObservation.objects.create(facilitator=record, date=TODAY, observer="Evaluator", followed_agenda=True)
    data = person_export(person=record)
    assert data["support_contacts"][0]["who"] == "Beta's facilitator"
    assert data["wellbeing_checkins"][0]["note"] == "Hard week"
    assert data["fidelity_observations"][0]["agenda_followed"] is True
    person_erase(person=record, actor=coordinator)
    assert not SupportContact.objects.exists()
    assert not WellbeingCheckIn.objects.exists()
    assert not FidelityObservation.objects.exists()


def test_site_page_and_start_page_show_the_same_flags(
    client_for, alone_and_struggling, coordinator, site_contact_a, site_contact_b, site_a, frozen_today
):
    _policy(site_a, SupportPolicy.ON_REQUEST)
    site_page = client_for(site_contact_a).get(reverse("network:site", args=[site_a.slug])).content.decode()
    assert "Facilitator support" in site_page and "Said they are struggling" in site_page
    assert "Ran every meeting alone" not in site_page  # the policy shows only the struggling flag
    start = client_for(coordinator).get(reverse("home")).content.decode()
    assert "Facilitators who may need support" in start and "Said they are struggling" in start
    # Another site's contact sees no start-page task and no other site's facilitators.
    assert "may need support" not in client_for(site_contact_b).get(reverse("home")).content.decode()


def test_a_facilitators_start_page_links_to_their_own_check_ins(client_for, facilitator_a):
    page = client_for(facilitator_a).get(reverse("home")).content.decode()
    assert _url("facilitator_support", facilitator_a) in page
