"""The public meeting finder and referral cards: no login, only meeting groups, never a facilitator's name."""

import datetime

import pytest

from groups.finder import outward_code
from groups.models import Frequency, GroupStatus
from groups.tests.conftest import make_meeting_group
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


@pytest.mark.parametrize("count", [1, 50])
def test_finder_runs_a_constant_number_of_queries(client, site_a, count, django_assert_num_queries):
    for i in range(count):
        GroupFactory(site=site_a, name=f"Group {i}", town=f"Town {i}", status=GroupStatus.MEETING)
    # towns; regions; the matching groups' ids, towns and postcodes; the page's groups with their host site; their
    # status history
    with django_assert_num_queries(5):
        assert client.get("/meetings/").status_code == 200


@pytest.fixture
def two_districts(site_a, site_b):
    """Sheffield city centre (S1) and a suburb (S10) whose district starts with the same characters."""
    centre = make_meeting_group(GroupFactory(site=site_a, name="Centre", town="Sheffield", postcode="S1 2AB"))
    suburb = make_meeting_group(GroupFactory(site=site_b, name="Crookes", town="Sheffield", postcode="s10 1aa"))
    return centre, suburb


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("  sheffield ", {"Centre", "Crookes"}),
        ("SHEFF", {"Centre", "Crookes"}),
        ("s1", {"Centre"}),
        ("S1 4XY", {"Centre"}),
        ("s14xy", {"Centre"}),
        ("S10", {"Crookes"}),
        ("s10 9zz", {"Crookes"}),
        ("S9", set()),  # another district of the same area
        ("Leeds", set()),
        ("LS1", set()),
    ],
)
def test_finder_filters_by_a_typed_town_or_the_first_part_of_a_postcode(client, two_districts, typed, found):
    html = client.get("/meetings/", {"town": typed}).content.decode()
    assert {name for name in ("Centre", "Crookes") if f"SMART Recovery {name}" in html} == found
    if not found:
        assert "No meeting matches" in html and "first part of a postcode" in html


def test_outward_code_reads_whole_postcodes_and_districts_and_refuses_the_rest():
    assert [outward_code(t) for t in ("S1 2AB", "sw1a 1aa", "NR32", "nr32 1ab", "B15")] == [
        "S1",
        "SW1A",
        "NR32",
        "NR32",
        "B15",
    ]
    assert [outward_code(t) for t in ("Sheffield", "", "1AB", "S1 2A", "S1 2AB X")] == [None] * 5


def test_what_was_typed_comes_back_escaped_in_the_box_and_the_message(client, two_districts):
    html = client.get("/meetings/", {"town": '"><script>x</script>'}).content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_each_group_shows_its_next_meeting_date(client, listed, site_b, frozen_today):
    # Thursday 7 May 2009: the Tuesday group meets next on the 12th; a fortnightly Thursday group that
    # began on 23 April meets today, one that began on 30 April on the 14th.
    today = make_meeting_group(
        GroupFactory(site=site_b, name="Today", weekday=3, frequency=Frequency.FORTNIGHTLY),
        since=datetime.date(2009, 4, 23),
    )
    later = make_meeting_group(
        GroupFactory(site=site_b, name="Later", weekday=3, frequency=Frequency.FORTNIGHTLY),
        since=datetime.date(2009, 4, 30),
    )
    html = client.get("/meetings/").content.decode()
    for group, when in (
        (listed, "Tuesday 12 May 2009"),
        (today, "Thursday 7 May 2009"),
        (later, "Thursday 14 May 2009"),
    ):
        entry = html[html.index(f"SMART Recovery {group.name}<") :]
        entry = entry[: entry.index("</li>")]
        assert f"Next meeting: <strong>{when}</strong>" in entry


def test_referral_card_prints_the_finders_web_address(client, listed):
    html = client.get(f"/meetings/{listed.pk}/card/").content.decode()
    assert '<strong class="card-finder-url">http://testserver/meetings/</strong>' in html
