"""The missing registrations page: grouped by group with each group's count, a page of groups at a time, one
group on request, every row in the CSV; its total is the start page's figure (one function)."""

import csv
import datetime
import io

import pytest

from groups import selectors
from groups.dashboard import panels
from groups.meeting_views import MISSING_GROUPS_PER_PAGE
from groups.tests.conftest import make_meeting_group
from groups.tests.factories import GroupFactory, MeetingFactory
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db

# Tuesdays from 3 March to 28 April 2009 (the look-back window ends a week before 7 May): nine scheduled meetings.
SCHEDULED = 9


def _meeting_groups(site, count, prefix="Group"):
    return [make_meeting_group(GroupFactory(site=site, name=f"{prefix} {n:02d}")) for n in range(count)]


def test_each_group_shows_its_own_count_and_the_total_is_the_start_pages_figure(
    client_for, coordinator, site_a, site_b, frozen_today
):
    alpha = make_meeting_group(GroupFactory(site=site_a, name="Alpha"))
    beta = make_meeting_group(GroupFactory(site=site_b, name="Beta"))
    for day in (3, 10, 17):  # three of Beta's March meetings registered
        MeetingFactory(group=beta, date=datetime.date(2009, 3, day))
    MeetingFactory(group=alpha, date=datetime.date(2009, 4, 28))  # Alpha's latest registered
    response = client_for(coordinator).get("/groups/missing/")
    counts = {row.group.name: row.count for row, *_ in response.context["rows"]}
    assert counts == {"Alpha": SCHEDULED - 1, "Beta": SCHEDULED - 3}
    # Beta's latest missing meeting (28 April) is more recent than Alpha's (21 April): Beta first.
    assert [row.group.name for row, *_ in response.context["rows"]] == ["Beta", "Alpha"]
    total = selectors.missing_count(user=coordinator, today=frozen_today)
    assert response.context["total"] == total == 2 * SCHEDULED - 4
    (panel,) = panels(coordinator, today=frozen_today)
    assert panel.context["missing"] == total
    start_page = client_for(coordinator).get("/").content.decode()
    assert f'<span class="stat">{total}</span> missing registrations' in start_page


def test_a_group_lists_each_missing_date_with_its_register_link(client_for, site_contact_a, site_a, frozen_today):
    (group,) = _meeting_groups(site_a, 1)
    MeetingFactory(group=group, date=datetime.date(2009, 4, 21))
    html = client_for(site_contact_a).get("/groups/missing/").content.decode()
    assert f'href="/groups/meetings/new/?group={group.pk}&amp;date=2009-04-28">Tue 28/04/2009' in html
    assert "2009-04-21" not in html  # registered
    assert f'href="/groups/{group.pk}/"' in html


def test_a_page_holds_at_most_a_page_of_groups_and_the_csv_every_row(client_for, coordinator, site_a, frozen_today):
    _meeting_groups(site_a, MISSING_GROUPS_PER_PAGE + 5)
    client = client_for(coordinator)
    first = client.get("/groups/missing/")
    assert len(first.context["rows"]) == MISSING_GROUPS_PER_PAGE
    assert first.context["total"] == (MISSING_GROUPS_PER_PAGE + 5) * SCHEDULED
    assert 'href="?page=2"' in first.content.decode()
    second = client.get("/groups/missing/", {"page": 2})
    assert len(second.context["rows"]) == 5
    shown = {row.group.pk for response in (first, second) for row, *_ in response.context["rows"]}
    assert len(shown) == MISSING_GROUPS_PER_PAGE + 5
    response = client.get("/groups/missing.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == first.context["total"]
    assert rows[0]["due"] == "2009-04-28" and rows[-1]["due"] == "2009-03-03"
    entry = AuditEntry.objects.get(action="export", target_type="groups.Meeting")
    assert entry.detail.startswith(f"missing registrations CSV, {len(rows)} rows")


def test_one_group_on_request(client_for, coordinator, site_a, frozen_today):
    groups = _meeting_groups(site_a, 3)
    response = client_for(coordinator).get("/groups/missing/", {"group": groups[1].pk})
    assert [row.group.pk for row, *_ in response.context["rows"]] == [groups[1].pk]
    assert response.context["total"] == 3 * SCHEDULED  # the total stays the user's whole figure
    assert response.context["chosen"] == groups[1]


def test_nonsense_page_or_group_is_no_error(client_for, coordinator, site_a, frozen_today):
    _meeting_groups(site_a, 2)
    client = client_for(coordinator)
    assert len(client.get("/groups/missing/", {"page": "999"}).context["rows"]) == 2
    assert client.get("/groups/missing/", {"page": "x", "group": "abc"}).status_code == 200
    assert "Nothing missing for this group" in client.get("/groups/missing/", {"group": "0"}).content.decode()


def test_another_sites_users_see_none_of_the_rows(client_for, site_contact_b, facilitator_b, site_a, frozen_today):
    _meeting_groups(site_a, 2, prefix="Alpha group")
    for user in (site_contact_b, facilitator_b):
        client = client_for(user)
        assert "Alpha group" not in client.get("/groups/missing/").content.decode()
        assert "Alpha group" not in client.get("/groups/missing.csv").content.decode()
        assert selectors.missing_count(user=user, today=frozen_today) == 0


@pytest.mark.parametrize("groups", [1, 50])
def test_missing_page_runs_a_constant_number_of_queries(
    client_for, coordinator, site_a, groups, frozen_today, django_assert_num_queries
):
    _meeting_groups(site_a, groups)
    client = client_for(coordinator)
    # session, user, role groups, programmes (the period control); the groups with their site's name, their
    # status history, the registrations in the window; session refresh (savepoint, update, release)
    with django_assert_num_queries(10):
        assert client.get("/groups/missing/").status_code == 200


@pytest.mark.parametrize("groups", [1, 50])
def test_a_site_contacts_missing_page_runs_a_constant_number_of_queries(
    client_for, site_contact_a, site_a, site_b, groups, frozen_today, django_assert_num_queries
):
    _meeting_groups(site_a, groups)
    _meeting_groups(site_b, groups)
    client = client_for(site_contact_a)
    # as the coordinator's: session, user, role groups, programmes (the period control); the contact's site's groups,
    # their status history, the registrations in the window; session refresh (savepoint, update, release)
    with django_assert_num_queries(10):
        response = client.get("/groups/missing/")
    assert {row.group.site_id for row, *_ in response.context["rows"]} == {site_a.pk}


@pytest.mark.parametrize("groups", [1, 50])
def test_missing_csv_runs_a_constant_number_of_queries(
    client_for, coordinator, site_a, groups, frozen_today, django_assert_num_queries
):
    _meeting_groups(site_a, groups)
    client = client_for(coordinator)
    # session, user, role groups, programmes; the groups with their site, their status history, the
    # registrations in the window; the audit entry; session refresh (savepoint, update, release)
    with django_assert_num_queries(11):
        assert client.get("/groups/missing.csv").status_code == 200


@pytest.mark.parametrize("groups", [1, 50])
def test_missing_count_runs_three_queries_whatever_the_number_of_groups(
    coordinator, site_a, groups, frozen_today, django_assert_num_queries
):
    _meeting_groups(site_a, groups)
    with django_assert_num_queries(4):  # role groups; the groups; their status history; registrations in the window
        assert selectors.missing_count(user=coordinator, today=frozen_today) == groups * SCHEDULED
