"""The public meeting finder and referral cards: no login, only meeting groups, never a facilitator's name."""

import pytest

from groups.models import GroupStatus
from groups.tests.factories import GroupFactory
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(meeting_group_a, peer_a):
    meeting_group_a.contact_phone = "0114 496 0002"
    meeting_group_a.address = "3 Example Street"
    meeting_group_a.town = "Sheffield"
    meeting_group_a.save()
    return meeting_group_a


def test_finder_works_logged_out_and_lists_meeting_groups_with_time_place_and_contact(client, listed):
    response = client.get("/meetings/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "SMART Recovery Alpha Tuesday" in html
    assert "Tuesdays at 18:30" in html and "3 Example Street" in html and "0114 496 0002" in html


@pytest.mark.parametrize(
    "status", [GroupStatus.CLOSED, GroupStatus.NEVER_STARTED, GroupStatus.PAUSED, GroupStatus.FORMING]
)
def test_finder_never_lists_a_group_that_is_not_meeting(client, listed, site_a, status):
    GroupFactory(site=site_a, name="Gone group", status=status)
    html = client.get("/meetings/").content.decode()
    assert "Gone group" not in html and "Alpha Tuesday" in html


def test_finder_never_shows_facilitator_names_or_contacts(client, listed, facilitator_a):
    html = client.get("/meetings/").content.decode()
    assert "Jo" not in html and "jo@example.org" not in html and "07700 900123" not in html
    assert "Fac_A" not in html
    card = client.get(f"/meetings/{listed.pk}/card/").content.decode()
    assert "Jo" not in card and "07700 900123" not in card


def test_finder_filters_by_town_region_and_weekday(client, listed, site_b):
    other = GroupFactory(site=site_b, name="Beta Friday", town="Beta City", weekday=4, status=GroupStatus.MEETING)
    assert other.name not in client.get("/meetings/", {"town": "Sheffield"}).content.decode()
    html = client.get("/meetings/", {"weekday": "4"}).content.decode()
    assert other.name in html and listed.name not in html
    html = client.get("/meetings/", {"region": "london"}).content.decode()
    assert other.name not in html and listed.name not in html
    assert client.get("/meetings/", {"weekday": "x'; drop", "town": "<b>"}).status_code == 200


def test_referral_card_has_time_place_what_to_expect_and_a_print_stylesheet(client, listed):
    response = client.get(f"/meetings/{listed.pk}/card/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tuesdays at 18:30" in html and "3 Example Street" in html and "0114 496 0002" in html
    assert "At your first meeting" in html and "need not give your name" in html
    assert 'groups-card-print.css" media="print"' in html


def test_referral_card_of_a_closed_group_is_404(client, site_a):
    closed = GroupFactory(site=site_a, name="Closed", status=GroupStatus.CLOSED)
    assert client.get(f"/meetings/{closed.pk}/card/").status_code == 404
    probe = AuditEntry.objects.get(action="not_found", target_type="groups.Group")
    assert probe.target_id == str(closed.pk) and probe.actor is None


@pytest.mark.parametrize("count", [1, 30])
def test_finder_runs_a_constant_number_of_queries(client, site_a, count, django_assert_num_queries):
    for i in range(count):
        GroupFactory(site=site_a, name=f"Group {i}", town=f"Town {i}", status=GroupStatus.MEETING)
    with django_assert_num_queries(3):  # towns; regions; the groups with their host site
        assert client.get("/meetings/").status_code == 200
