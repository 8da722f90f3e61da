"""Changing a registration: facilitators their own for 14 days, coordinators and site contacts any time."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from groups.tests.factories import MeetingFactory
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db


def _url(meeting):
    return f"/groups/meetings/{meeting.pk}/edit/"


def _data(meeting, **overrides):
    data = {"group": meeting.group_id, "date": meeting.date.isoformat(), "held": "yes", "attendance": "9"}
    data.update({"newcomers": "1", "duration_minutes": "80", "donations": "0"})
    data["facilitators"] = list(meeting.group.facilitators.values_list("pk", flat=True)[:1])
    data.update(overrides)
    return data


@pytest.fixture
def own_meeting(meeting_group_a, facilitator_a):
    registered = timezone.make_aware(datetime.datetime(2009, 5, 5, 21))
    return MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 5, 5), registered_by=facilitator_a,
                          registered_at=registered)  # fmt: skip


def test_facilitator_changes_their_own_registration_within_fourteen_days(client_for, facilitator_a, own_meeting):
    with time_machine.travel(datetime.datetime(2009, 5, 18, 12, tzinfo=datetime.UTC), tick=False):
        client = client_for(facilitator_a)
        assert client.get(_url(own_meeting)).status_code == 200
        assert client.post(_url(own_meeting), _data(own_meeting)).status_code == 302
    own_meeting.refresh_from_db()
    assert own_meeting.attendance == 9
    assert AuditEntry.objects.filter(action="update", target_type="groups.Meeting").exists()


def test_facilitator_cannot_change_it_after_fourteen_days(client_for, facilitator_a, own_meeting):
    with time_machine.travel(datetime.datetime(2009, 5, 20, 12, tzinfo=datetime.UTC), tick=False):
        response = client_for(facilitator_a).post(_url(own_meeting), _data(own_meeting))
    assert response.status_code == 302
    own_meeting.refresh_from_db()
    assert own_meeting.attendance == 6


def test_facilitator_cannot_change_a_registration_someone_else_made(client_for, facilitator_a, meeting_group_a):
    meeting = MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 5, 5))
    client_for(facilitator_a).post(_url(meeting), _data(meeting))
    meeting.refresh_from_db()
    assert meeting.attendance == 6


@pytest.mark.parametrize("persona", ["coordinator", "site_contact_a"])
def test_coordinator_and_site_contact_change_it_any_time(client_for, personas, persona, own_meeting):
    with time_machine.travel(datetime.datetime(2010, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert client_for(personas[persona]).post(_url(own_meeting), _data(own_meeting)).status_code == 302
    own_meeting.refresh_from_db()
    assert own_meeting.attendance == 9


@pytest.mark.parametrize("persona", ["site_contact_b", "facilitator_b"])
def test_users_from_another_site_get_404_and_the_probe_is_audited(client_for, personas, persona, own_meeting):
    assert client_for(personas[persona]).get(_url(own_meeting)).status_code == 404
    assert client_for(personas[persona]).post(_url(own_meeting), _data(own_meeting)).status_code == 404
    probe = AuditEntry.objects.filter(action="not_found", target_type="groups.Meeting").first()
    assert probe is not None and probe.actor == personas[persona]
    own_meeting.refresh_from_db()
    assert own_meeting.attendance == 6


def test_observer_post_is_forbidden(client_for, observer, own_meeting):
    assert client_for(observer).post(_url(own_meeting), _data(own_meeting)).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, own_meeting):
    response = client.get(_url(own_meeting))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_moving_a_registration_onto_a_date_already_registered_is_refused(client_for, coordinator, own_meeting):
    other = MeetingFactory(group=own_meeting.group, date=datetime.date(2009, 4, 28))
    response = client_for(coordinator).post(_url(own_meeting), _data(own_meeting, date=other.date.isoformat()))
    assert response.status_code == 400
    own_meeting.refresh_from_db()
    assert own_meeting.date == datetime.date(2009, 5, 5)
