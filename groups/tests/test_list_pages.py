"""The groups list and the public finder at scale: a page at a time, the same number of queries for 1 or 50 rows,
filters kept from page to page."""

import pytest

from groups.models import GroupStatus
from groups.public_views import FINDER_PER_PAGE
from groups.tests.factories import GroupFactory
from groups.views import GROUPS_PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 50])
def test_group_list_runs_a_constant_number_of_queries(
    client_for, coordinator, site_a, rows, django_assert_num_queries
):
    for n in range(rows):
        GroupFactory(site=site_a, name=f"Group {n:02d}")
    client = client_for(coordinator)
    # session, user, role groups, programmes (the period control); the groups counted, a page of them with their
    # site, status and last meeting; the sites of the filter; session refresh (savepoint, update, release)
    with django_assert_num_queries(10):
        assert client.get("/groups/").status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_a_site_contacts_group_list_runs_a_constant_number_of_queries(
    client_for, site_contact_a, site_a, site_b, rows, django_assert_num_queries
):
    for n in range(rows):
        GroupFactory(site=site_a, name=f"Group {n:02d}")
        GroupFactory(site=site_b, name=f"Beta {n:02d}")
    client = client_for(site_contact_a)
    # as the coordinator's: session, user, role groups, programmes (the period control); the groups counted (of the
    # contact's site), a page of them; the sites of the filter; session refresh (savepoint, update, release)
    with django_assert_num_queries(10):
        response = client.get("/groups/")
    assert len(response.context["groups"]) == min(rows, GROUPS_PER_PAGE)
    assert {g.site_id for g in response.context["groups"]} == {site_a.pk}


def test_group_list_shows_a_page_at_a_time_and_keeps_the_filter(client_for, coordinator, site_a):
    for n in range(GROUPS_PER_PAGE + 3):
        GroupFactory(site=site_a, name=f"Group {n:02d}", venue_type="church")
    GroupFactory(site=site_a, name="Elsewhere", venue_type="other")
    client = client_for(coordinator)
    first = client.get("/groups/", {"venue_type": "church"})
    assert len(first.context["groups"]) == GROUPS_PER_PAGE
    assert "venue_type=church&amp;page=2" in first.content.decode()
    second = client.get("/groups/", {"venue_type": "church", "page": 2})
    assert [g.name for g in second.context["groups"]] == [f"Group {n:02d}" for n in range(GROUPS_PER_PAGE, 53)]
    assert f'href="/groups/{second.context["groups"][0].pk}/"' in second.content.decode()


def test_group_list_pages_never_show_another_sites_groups(client_for, site_contact_a, site_a, site_b):
    for n in range(GROUPS_PER_PAGE + 3):
        GroupFactory(site=site_b, name=f"Beta {n:02d}")
    GroupFactory(site=site_a, name="Alpha only")
    client = client_for(site_contact_a)
    response = client.get("/groups/")
    assert [g.name for g in response.context["groups"]] == ["Alpha only"]
    assert "Beta" not in client.get("/groups/", {"page": 2}).content.decode()


def _listed(site, count, **fields):
    return [
        GroupFactory(site=site, name=f"Listed {n:02d}", town=f"Town {n:02d}", status=GroupStatus.MEETING, **fields)
        for n in range(count)
    ]


def test_finder_shows_a_page_of_meetings_with_the_search_kept(client, site_a, site_b):
    _listed(site_a, FINDER_PER_PAGE + 4, weekday=1)
    GroupFactory(site=site_a, name="Wednesday one", town="Town 00", status=GroupStatus.MEETING, weekday=2)
    first = client.get("/meetings/", {"weekday": "1"})
    html = first.content.decode()
    assert len(first.context["entries"]) == FINDER_PER_PAGE
    assert f"{FINDER_PER_PAGE + 4} meetings" in html and f"1 to {FINDER_PER_PAGE} shown" in html
    assert "weekday=1&amp;page=2" in html and "Wednesday one" not in html
    second = client.get("/meetings/", {"weekday": "1", "page": "2"})
    assert [e.group.name for e in second.context["entries"]] == [f"Listed {n:02d}" for n in range(20, 24)]
    card = second.context["entries"][0].group
    assert f'href="/meetings/{card.pk}/card/"' in second.content.decode()


def test_finder_without_more_than_a_page_has_no_page_links(client, site_a):
    _listed(site_a, 3)
    html = client.get("/meetings/").content.decode()
    assert 'aria-label="Pages"' not in html and "3 meetings" in html


@pytest.mark.parametrize("rows", [1, 50])
def test_finder_runs_a_constant_number_of_queries_for_a_page(client, site_a, rows, django_assert_num_queries):
    _listed(site_a, rows)
    # towns; regions; the matching groups' ids, towns and postcodes; the page's groups with their host site; their
    # status history
    with django_assert_num_queries(5):
        response = client.get("/meetings/")
    assert len(response.context["entries"]) == min(rows, FINDER_PER_PAGE)
