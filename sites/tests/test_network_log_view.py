from datetime import date

import pytest
import time_machine
from django.urls import reverse

from sites.models import ProgressEntry
from sites.tests.factories import ProgressEntryFactory

pytestmark = pytest.mark.django_db
URL = reverse("sites:log")


@pytest.fixture
def entries(site_a, site_b):
    return {
        "a_contact": ProgressEntryFactory(site=site_a, day=date(2009, 3, 1), kind="contact", note="A contact"),
        "a_issue": ProgressEntryFactory(
            site=site_a, day=date(2009, 6, 1), kind="issue", note="A issue", follow_up_on=date(2009, 6, 15)
        ),
        "b_visit": ProgressEntryFactory(
            site=site_b, day=date(2009, 4, 1), kind="visit", note="B visit", follow_up_on=date(2009, 4, 20)
        ),
        "network": ProgressEntryFactory(site=None, day=date(2009, 6, 10), kind="milestone", note="Networking meeting"),
    }


def _notes(response):
    return [e.note for e in response.context["page"].object_list]


def test_filters_by_site_kind_and_date_range(client_for, coordinator, entries):
    client = client_for(coordinator)
    assert _notes(client.get(URL, {"site": "alpha"})) == ["A issue", "A contact"]
    assert _notes(client.get(URL, {"kind": "visit"})) == ["B visit"]
    assert _notes(client.get(URL, {"date_from": "2009-04-01", "date_to": "2009-06-05"})) == ["A issue", "B visit"]


def test_a_backwards_date_range_is_explained_at_the_field(client_for, coordinator, entries):
    response = client_for(coordinator).get(URL, {"date_from": "2009-06-01", "date_to": "2009-01-01"})
    assert "The end of the range is before its start." in response.content.decode()


def test_overdue_follow_ups_as_of_today_list_the_oldest_first(client_for, coordinator, entries):
    with time_machine.travel("2009-07-01 12:00 +0100", tick=False):
        response = client_for(coordinator).get(URL)
    assert [e.note for e in response.context["overdue"]] == ["B visit", "A issue"]
    with time_machine.travel("2009-06-01 12:00 +0100", tick=False):
        assert client_for(coordinator).get(URL).context["overdue"] == [entries["b_visit"]]


def test_site_contact_sees_own_site_and_network_entries_only(client_for, site_contact_a, entries):
    with time_machine.travel("2009-07-01 12:00 +0100", tick=False):
        response = client_for(site_contact_a).get(URL)
    assert set(_notes(response)) == {"A issue", "A contact", "Networking meeting"}
    assert [e.note for e in response.context["overdue"]] == ["A issue"]


def test_site_contact_cannot_filter_their_way_into_another_site(client_for, site_contact_a, entries):
    response = client_for(site_contact_a).get(URL, {"site": "beta"})
    assert "B visit" not in response.content.decode()


@pytest.mark.parametrize("persona", ["evaluator", "facilitator_a"])
def test_evaluators_and_facilitators_are_refused(client_for, personas, persona):
    assert client_for(personas[persona]).get(URL).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client):
    assert "/accounts/login/" in client.get(URL)["Location"]


def test_a_page_number_nobody_could_mean_is_404(client_for, coordinator, entries):
    assert client_for(coordinator).get(URL, {"page": "zzz"}).status_code == 404


def test_marking_a_follow_up_done(client_for, site_contact_a, entries):
    entry = entries["a_issue"]
    response = client_for(site_contact_a).post(
        reverse("sites:follow_up_done", args=[entry.pk]), {"next": "/evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == URL
    entry.refresh_from_db()
    assert entry.follow_up_done


def test_marking_another_sites_follow_up_is_404_and_observers_403(client_for, site_contact_a, observer, entries):
    done = reverse("sites:follow_up_done", args=[entries["b_visit"].pk])
    assert client_for(site_contact_a).post(done).status_code == 404
    assert client_for(observer).post(done).status_code == 403
    entries["b_visit"].refresh_from_db()
    assert not entries["b_visit"].follow_up_done


def test_site_contact_cannot_close_a_network_follow_up(client_for, site_contact_a, site_a):
    entry = ProgressEntryFactory(site=None, follow_up_on=date(2009, 1, 1))
    assert client_for(site_contact_a).post(reverse("sites:follow_up_done", args=[entry.pk])).status_code == 403


def test_coordinator_adds_a_network_wide_milestone(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("sites:log_add_network"), {"site": "", "day": "2009-06-10", "kind": "milestone", "note": "Networking"}
    )
    assert response.status_code == 302
    assert ProgressEntry.objects.get().site is None


def test_network_add_answers_bad_input_at_the_field(client_for, coordinator):
    response = client_for(coordinator).post(reverse("sites:log_add_network"), {"day": "", "kind": "visit", "note": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ProgressEntry.objects.exists()


@pytest.mark.parametrize("persona", ["observer", "site_contact_a"])
def test_only_the_coordinator_adds_network_entries(client_for, personas, persona):
    data = {"day": "2009-06-10", "kind": "milestone", "note": "x"}
    assert client_for(personas[persona]).post(reverse("sites:log_add_network"), data).status_code == 403


def test_network_follow_ups_are_on_the_coordinators_overdue_list_only(client_for, coordinator, site_contact_a):
    ProgressEntryFactory(site=None, day=date(2009, 1, 1), follow_up_on=date(2009, 2, 1), note="Book the venue")
    assert [e.note for e in client_for(coordinator).get(URL, {"as_of": "2009-03-01"}).context["overdue"]] == [
        "Book the venue"
    ]
    assert client_for(site_contact_a).get(URL, {"as_of": "2009-03-01"}).context["overdue"] == []
