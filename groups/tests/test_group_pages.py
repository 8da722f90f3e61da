"""The group list and the group page: scope, contact details, chart, and a constant number of queries."""

import datetime

import pytest

from groups.models import GroupStatus, GroupStatusChange
from groups.tests.factories import GroupFactory, MeetingFactory
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_group_list_shows_a_facilitators_own_groups_only(client_for, facilitator_a, group_a, group_b):
    html = client_for(facilitator_a).get("/groups/").content.decode()
    assert group_a.name in html and group_b.name not in html


def test_group_list_filters_by_status_and_venue(client_for, coordinator, meeting_group_a, group_b):
    group_b.venue_type = "church"
    group_b.save()
    html = client_for(coordinator).get("/groups/", {"status": "meeting"}).content.decode()
    assert meeting_group_a.name in html and group_b.name not in html
    html = client_for(coordinator).get("/groups/", {"venue_type": "church"}).content.decode()
    assert meeting_group_a.name not in html and group_b.name in html


def test_group_list_shows_each_group_as_it_stood_at_the_end_of_the_period(
    client_for, coordinator, site_a, site_b, group_a, group_b
):
    """A programme's groups only (of its sites), each with its status and last meeting on the programme's last day;
    a group started after the programme is left out; today, the current status."""
    from programmes.tests.factories import ProgrammeFactory, ProgrammeSiteFactory

    pilot = ProgrammeFactory(starts_on=datetime.date(2008, 4, 1), ends_on=datetime.date(2010, 3, 31))
    ProgrammeSiteFactory(programme=pilot, site=site_a, joined_on=datetime.date(2008, 4, 1))
    GroupStatusChange.objects.create(group=group_a, status=GroupStatus.MEETING, changed_on=datetime.date(2009, 3, 3))
    GroupStatusChange.objects.create(group=group_a, status=GroupStatus.PAUSED, changed_on=datetime.date(2024, 1, 9))
    group_a.status = GroupStatus.PAUSED
    group_a.save()
    MeetingFactory(group=group_a, date=datetime.date(2010, 3, 23))
    MeetingFactory(group=group_a, date=datetime.date(2023, 12, 12))
    later = GroupFactory(site=site_a, name="Alpha Saturday")
    GroupStatusChange.objects.create(group=later, status=GroupStatus.MEETING, changed_on=datetime.date(2011, 5, 7))
    client = client_for(coordinator)

    response = client.get("/groups/", {"period": f"p{pilot.pk}"})
    rows = {g.name: (g.status_then, g.last_meeting) for g in response.context["groups"]}
    assert rows == {"Alpha Tuesday": ("meeting", datetime.date(2010, 3, 23))}  # not Beta's site, not Saturday's
    html = response.content.decode()
    assert "Status on 31 Mar 2010" in html and "23/03/2010" in html and "12/12/2023" not in html
    # Filtering keeps the period and filters on the status of that day.
    assert {
        g.name for g in client.get("/groups/", {"period": f"p{pilot.pk}", "status": "meeting"}).context["groups"]
    } == {"Alpha Tuesday"}
    assert f'name="period" value="p{pilot.pk}"' in html

    today = {
        g.name: (g.status_then, g.last_meeting) for g in client.get("/groups/", {"period": "recent"}).context["groups"]
    }
    assert today["Alpha Tuesday"] == ("paused", datetime.date(2023, 12, 12))
    assert "Alpha Saturday" in today and group_b.name in today


def test_group_list_redirects_anonymous_visitors_to_sign_in(client):
    assert "/accounts/login/" in client.get("/groups/").url


@pytest.mark.parametrize("persona", ["coordinator", "site_contact_a", "facilitator_a", "observer"])
def test_group_page_opens_for_every_reader_in_scope(client_for, personas, persona, meeting_group_a, frozen_today):
    response = client_for(personas[persona]).get(meeting_group_a.get_absolute_url())
    assert response.status_code == 200
    assert "<h1>Alpha Tuesday</h1>" in response.content.decode()


@pytest.mark.parametrize("persona", ["site_contact_b", "facilitator_b"])
def test_group_page_is_404_for_users_from_another_site(client_for, personas, persona, meeting_group_a):
    assert client_for(personas[persona]).get(meeting_group_a.get_absolute_url()).status_code == 404


def test_group_page_redirects_anonymous_visitors(client, meeting_group_a):
    assert "/accounts/login/" in client.get(meeting_group_a.get_absolute_url()).url


@pytest.mark.parametrize(("persona", "sees"), [("coordinator", True), ("site_contact_a", True), ("observer", False),
                                              ("facilitator_a", False)])  # fmt: skip
def test_facilitator_contact_details_only_for_coordinator_and_the_sites_contacts(
    client_for, personas, persona, sees, meeting_group_a, peer_a, frozen_today
):
    html = client_for(personas[persona]).get(meeting_group_a.get_absolute_url()).content.decode()
    assert ("07700 900123" in html) is sees and ("jo@example.org" in html) is sees


def test_group_page_draws_attendance_with_a_table_beside_it(client_for, coordinator, meeting_group_a, frozen_today):
    MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 4, 28), attendance=11, newcomers=3)
    html = client_for(coordinator).get(meeting_group_a.get_absolute_url()).content.decode()
    assert '<svg class="chart chart-readable"' in html and 'role="img"' in html
    assert "28/04/2009: 11 attending" in html
    assert "<td>11</td><td>3</td>" in html  # the table alternative


def test_group_page_lists_missing_registrations_and_the_reporting_rate(
    client_for, coordinator, meeting_group_a, frozen_today
):
    MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 4, 21))
    html = client_for(coordinator).get(meeting_group_a.get_absolute_url()).content.decode()
    assert "Tuesday 28/04/2009" in html  # missing
    assert "1 of 10 (10%)" in html  # since 6 February: ten Tuesdays from 3 March, one registered


@pytest.mark.parametrize("meetings", [1, 50])
def test_group_page_runs_a_constant_number_of_queries(
    client_for, site_contact_a, meeting_group_a, peer_a, frozen_today, meetings, django_assert_num_queries
):
    for i in range(meetings):
        meeting = MeetingFactory(
            group=meeting_group_a, date=datetime.date(2009, 5, 5) - datetime.timedelta(days=7 * i)
        )
        meeting.facilitators.add(peer_a)
    client = client_for(site_contact_a)
    # session, user, role groups; the group; its site; its facilitators and their training status; recent meetings
    # and their facilitators; chart points; status history and its illustrative marks; registrations for the
    # rate, the months and the missing list; site membership (may the user see contacts?); the session refresh
    # (savepoint, update, release); the programmes for the period control; the site's approved months.
    with django_assert_num_queries(21):
        assert client.get(meeting_group_a.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("meetings", [1, 50])
def test_the_coordinators_group_page_runs_a_constant_number_of_queries(
    client_for, coordinator, meeting_group_a, peer_a, frozen_today, meetings, django_assert_num_queries
):
    for i in range(meetings):
        meeting = MeetingFactory(
            group=meeting_group_a, date=datetime.date(2009, 5, 5) - datetime.timedelta(days=7 * i)
        )
        meeting.facilitators.add(peer_a)
    client = client_for(coordinator)
    # the site contact's queries without the site membership (the coordinator sees the contacts): 20
    with django_assert_num_queries(20):
        assert client.get(meeting_group_a.get_absolute_url()).status_code == 200


def test_site_contact_records_a_status_change_with_history(client_for, site_contact_a, meeting_group_a, frozen_today):
    url = f"/groups/{meeting_group_a.pk}/status/"
    data = {"status": "closed", "changed_on": "2009-05-01", "reason": "venue_lost", "note": "Hall sold"}
    assert client_for(site_contact_a).post(url, data).status_code == 302
    meeting_group_a.refresh_from_db()
    assert (meeting_group_a.status, meeting_group_a.closure_reason) == (GroupStatus.CLOSED, "venue_lost")
    assert GroupStatusChange.objects.filter(group=meeting_group_a).count() == 2
    assert AuditEntry.objects.filter(target_type="groups.GroupStatusChange").exists()


def test_closing_without_a_reason_is_refused_at_the_field(client_for, coordinator, meeting_group_a, frozen_today):
    url = f"/groups/{meeting_group_a.pk}/status/"
    response = client_for(coordinator).post(url, {"status": "closed", "changed_on": "2009-05-01"})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    meeting_group_a.refresh_from_db()
    assert meeting_group_a.status == GroupStatus.MEETING


@pytest.mark.parametrize(("persona", "code"), [("observer", 403), ("facilitator_a", 403), ("site_contact_b", 404)])
def test_status_change_refused_outside_role_or_scope(client_for, personas, persona, code, meeting_group_a):
    url = f"/groups/{meeting_group_a.pk}/status/"
    data = {"status": "paused", "changed_on": "2009-05-01"}
    assert client_for(personas[persona]).post(url, data).status_code == code
    meeting_group_a.refresh_from_db()
    assert meeting_group_a.status == GroupStatus.MEETING


def test_group_of_another_site_never_appears_for_a_site_contact(client_for, site_contact_a, site_b):
    other = GroupFactory(site=site_b, name="Hidden group")
    assert "Hidden group" not in client_for(site_contact_a).get("/groups/").content.decode()
    assert client_for(site_contact_a).get(other.get_absolute_url()).status_code == 404
