"""The meetings list, its CSV export and the missing-registrations page."""

import csv
import datetime
import io

import pytest

from groups.tests.factories import MeetingFactory
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_meetings_list_shows_only_meetings_in_scope(client_for, site_contact_a, meeting_group_a, meeting_group_b):
    MeetingFactory(group=meeting_group_a, attendance=13)
    MeetingFactory(group=meeting_group_b, attendance=17)
    html = client_for(site_contact_a).get("/groups/meetings/").content.decode()
    assert "<td>13</td>" in html and "<td>17</td>" not in html


def test_meetings_list_filters_by_date_and_held(client_for, coordinator, meeting_group_a):
    MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 3, 3), attendance=13)
    MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 4, 7), held=False, attendance=0,
                   cancelled_reason="Snow")  # fmt: skip
    html = client_for(coordinator).get("/groups/meetings/", {"start": "2009-04-01"}).content.decode()
    assert "Snow" in html and "<td>13</td>" not in html
    html = client_for(coordinator).get("/groups/meetings/", {"held": "yes"}).content.decode()
    assert "Snow" not in html and "<td>13</td>" in html


def test_an_end_before_the_start_is_answered_at_the_field(client_for, coordinator):
    response = client_for(coordinator).get("/groups/meetings/", {"start": "2009-05-01", "end": "2009-04-01"})
    assert response.status_code == 200 and "The end date is before the start date" in response.content.decode()


def test_evaluators_see_counts_but_never_who_facilitated(client_for, evaluator, meeting_group_a, peer_a):
    MeetingFactory(group=meeting_group_a).facilitators.add(peer_a)
    html = client_for(evaluator).get("/groups/meetings/").content.decode()
    assert "Alpha Tuesday" in html and "Jo" not in html
    body = client_for(evaluator).get("/groups/meetings.csv").content.decode()
    assert "facilitators" not in body.splitlines()[0] and "Jo" not in body


def test_meetings_list_redirects_anonymous_visitors(client):
    assert "/accounts/login/" in client.get("/groups/meetings/").url
    assert "/accounts/login/" in client.get("/groups/meetings.csv").url


@pytest.mark.parametrize("rows", [1, 50])
def test_meetings_list_runs_a_constant_number_of_queries(
    client_for, coordinator, meeting_group_a, peer_a, rows, django_assert_num_queries
):
    for _ in range(rows):
        MeetingFactory(group=meeting_group_a).facilitators.add(peer_a)
    client = client_for(coordinator)
    # session, user, role groups; the filter's group choices; count; the page of meetings with group and site;
    # their facilitators; the session refresh (savepoint, update, release).
    with django_assert_num_queries(10):
        assert client.get("/groups/meetings/").status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_a_site_contacts_meetings_list_runs_a_constant_number_of_queries(
    client_for, site_contact_a, meeting_group_a, meeting_group_b, peer_a, rows, django_assert_num_queries
):
    for _ in range(rows):
        MeetingFactory(group=meeting_group_a).facilitators.add(peer_a)
        MeetingFactory(group=meeting_group_b)
    client = client_for(site_contact_a)
    # as the coordinator's: session, user, role groups; count (of the contact's site); the page of meetings with group
    # and site; their facilitators; the filter's group choices; session refresh (savepoint, update, release)
    with django_assert_num_queries(10):
        response = client.get("/groups/meetings/")
    assert {m.group_id for m in response.context["page"].object_list} == {meeting_group_a.pk}


def test_beyond_the_count_limit_the_list_pages_through_the_newest_and_a_filter_reaches_the_others(
    client_for, coordinator, meeting_group_a, settings
):
    settings.GROUPS_MEETINGS_COUNT_LIMIT = 4
    settings.GROUPS_MEETINGS_PER_PAGE = 2
    start = datetime.date(2009, 1, 6)
    for week in range(6):
        MeetingFactory(group=meeting_group_a, date=start + datetime.timedelta(weeks=week), attendance=30 + week)
    client = client_for(coordinator)
    response = client.get("/groups/meetings/")
    html = response.content.decode()
    assert "More than 4 registrations: the pages go back to the newest 4" in html
    assert "Page 1 of more than 2" in html and "<td>35</td>" in html
    last = client.get("/groups/meetings/", {"page": 9}).content.decode()  # past the limit: its last page
    assert "<td>32</td>" in last and "<td>31</td>" not in last
    older = client.get("/groups/meetings/", {"end": "2009-01-31"})
    assert older.context["page"].paginator.count == 4 and not older.context["page"].paginator.more
    assert "4 registrations." in older.content.decode()
    exact = client.get("/groups/meetings/", {"start": "2009-02-01"})
    assert exact.context["page"].paginator.count == 2 and "2 registrations." in exact.content.decode()


def test_csv_export_has_one_row_per_meeting_neutralises_formulas_and_is_audited(
    client_for, coordinator, meeting_group_a, peer_a
):
    meeting = MeetingFactory(group=meeting_group_a, note='=HYPERLINK("http://x")', tool_disarm=True)
    meeting.facilitators.add(peer_a)
    MeetingFactory(group=meeting_group_a, note="-minus", cancelled_reason="@home")
    response = client_for(coordinator).get("/groups/meetings.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    notes = {row["note"] for row in rows}
    assert notes == {'\'=HYPERLINK("http://x")', "'-minus"}
    assert {row["cancelled_reason"] for row in rows} == {"", "'@home"}
    first = next(row for row in rows if row["tool_disarm"] == "yes")
    assert first["facilitators"] == "Jo" and first["attendance"] == "6"
    entry = AuditEntry.objects.get(action="export")
    assert entry.target_type == "groups.Meeting" and "2 rows" in entry.detail


def test_csv_export_of_a_facilitator_holds_only_their_groups(
    client_for, facilitator_b, meeting_group_a, meeting_group_b
):
    MeetingFactory(group=meeting_group_a)
    MeetingFactory(group=meeting_group_b)
    rows = list(csv.DictReader(io.StringIO(client_for(facilitator_b).get("/groups/meetings.csv").content.decode())))
    assert [row["group"] for row in rows] == [meeting_group_b.name]


def test_missing_page_lists_overdue_meetings_with_a_register_link(
    client_for, facilitator_a, meeting_group_a, meeting_group_b, frozen_today
):
    html = client_for(facilitator_a).get("/groups/missing/").content.decode()
    assert "Tue 28/04/2009" in html
    assert f"/groups/meetings/new/?group={meeting_group_a.pk}&amp;date=2009-04-28" in html
    assert meeting_group_b.name not in html


def test_missing_page_for_observers_has_no_register_links(client_for, observer, meeting_group_a, frozen_today):
    html = client_for(observer).get("/groups/missing/").content.decode()
    assert "28/04/2009" in html and "/groups/meetings/new/" not in html.split("<main")[1]


def test_missing_page_redirects_anonymous_and_refuses_evaluators(client, client_for, evaluator):
    assert "/accounts/login/" in client.get("/groups/missing/").url
    assert client_for(evaluator).get("/groups/missing/").status_code == 403


def test_registration_link_from_the_missing_list_prefills_the_date(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    html = client_for(facilitator_a).get("/groups/meetings/new/", {"date": "2009-04-28"}).content.decode()
    assert 'value="2009-04-28"' in html
    html = client_for(facilitator_a).get("/groups/meetings/new/", {"date": "2009-13-45"}).content.decode()
    assert 'value="2009-05-05"' in html  # nonsense falls back to the last scheduled day


@pytest.mark.parametrize("rows", [1, 50])
def test_csv_export_runs_a_constant_number_of_queries(
    client_for, coordinator, meeting_group_a, peer_a, rows, django_assert_num_queries
):
    for _ in range(rows):
        MeetingFactory(group=meeting_group_a).facilitators.add(peer_a)
    client = client_for(coordinator)
    # session, user, role groups; meetings with group and site; their facilitators; the audit entry; the session
    # refresh (savepoint, update, release).
    with django_assert_num_queries(9):
        assert client.get("/groups/meetings.csv").status_code == 200
