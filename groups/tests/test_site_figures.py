"""The groups app's figures for site pages: stats, health flags, timeline entries and its panel."""

import datetime

import pytest

from groups import health, selectors
from groups.models import GroupStatus
from groups.tests.conftest import TODAY, make_meeting_group
from groups.tests.factories import FacilitatorFactory, GroupFactory, MeetingFactory
from network.panels import groups_panel
from sites.tests.factories import HostSiteFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def test_site_stats_have_exactly_the_agreed_keys_and_values(meeting_group_a, site_a, site_b):
    MeetingFactory(group=meeting_group_a, date=D(2009, 5, 5), attendance=8)
    MeetingFactory(group=meeting_group_a, date=D(2009, 4, 28), attendance=4)
    MeetingFactory(group=meeting_group_a, date=D(2009, 3, 3), attendance=20)  # older than four weeks
    MeetingFactory(group=meeting_group_a, date=D(2009, 4, 21), held=False, attendance=0)
    stats = selectors.site_meeting_stats([site_a, site_b], TODAY)
    a = stats[site_a.pk]
    assert set(a) == {"groups_meeting", "meetings_last_4_weeks", "attendance_total", "meetings_held",
                      "attendance_series", "last_meeting"}  # fmt: skip
    assert a["groups_meeting"] == 1
    assert a["meetings_last_4_weeks"] == 2
    assert (a["attendance_total"], a["meetings_held"]) == (32, 3)
    assert len(a["attendance_series"]) == 12 and a["attendance_series"][-1] == 8 and a["attendance_series"][-2] == 4
    assert a["last_meeting"] == D(2009, 5, 5)
    assert stats[site_b.pk] == {"groups_meeting": 0, "meetings_last_4_weeks": 0, "attendance_total": 0,
                                "meetings_held": 0, "attendance_series": [0] * 12, "last_meeting": None}  # fmt: skip


def _sites(n):
    sites = []
    for _ in range(n):
        site = HostSiteFactory()
        group = make_meeting_group(GroupFactory(site=site, venue_type="church"))
        MeetingFactory(group=group, date=D(2009, 5, 5))
        FacilitatorFactory(site=site).groups.add(group)
        sites.append(site)
    return sites


@pytest.mark.parametrize("count", [1, 6])
def test_every_provider_runs_a_constant_number_of_queries(count, django_assert_num_queries):
    sites = _sites(count)
    with django_assert_num_queries(3):  # groups meeting per site; meetings of 12 weeks; last meeting per site
        selectors.site_meeting_stats(sites, TODAY)
    with django_assert_num_queries(2):  # meeting sites; active facilitators per site
        health.single_facilitator(sites, TODAY)
    with django_assert_num_queries(1):  # live groups away from the host
        health.away_from_host(sites, TODAY)
    with django_assert_num_queries(2):  # meeting sites; sites with a recent meeting
        health.no_recent_meeting(sites, TODAY)
    with django_assert_num_queries(2):  # groups with first and last meetings; status changes
        selectors.timeline_entries([s.pk for s in sites])


def test_single_facilitator_flag_needs_a_second_active_peer(site_a, meeting_group_a, facilitator_a):
    assert health.single_facilitator([site_a], TODAY)[site_a.pk][0].code == "single_facilitator"
    FacilitatorFactory(site=site_a, is_professional=False, stepped_down_on=D(2009, 4, 1)).groups.add(meeting_group_a)
    assert site_a.pk in health.single_facilitator([site_a], TODAY)  # stepped down: still one
    FacilitatorFactory(site=site_a).groups.add(meeting_group_a)
    assert health.single_facilitator([site_a], TODAY) == {}


def test_away_from_host_flag_names_the_group_and_the_lesson(site_a, meeting_group_a):
    assert health.away_from_host([site_a], TODAY) == {}
    meeting_group_a.venue_type = "church"
    meeting_group_a.save()
    flag = health.away_from_host([site_a], TODAY)[site_a.pk][0]
    assert "Alpha Tuesday" in flag.reason and "folded" in flag.reason
    meeting_group_a.status = GroupStatus.CLOSED
    meeting_group_a.save()
    assert health.away_from_host([site_a], TODAY) == {}


def test_no_recent_meeting_flag_after_three_weeks_of_silence(site_a, meeting_group_a):
    MeetingFactory(group=meeting_group_a, date=D(2009, 4, 14))
    assert health.no_recent_meeting([site_a], TODAY)[site_a.pk][0].severity == "danger"
    MeetingFactory(group=meeting_group_a, date=D(2009, 4, 21))
    assert health.no_recent_meeting([site_a], TODAY) == {}


def test_timeline_has_first_meetings_last_meetings_of_ended_groups_and_status_changes(site_a, meeting_group_a):
    MeetingFactory(group=meeting_group_a, date=D(2009, 3, 3))
    MeetingFactory(group=meeting_group_a, date=D(2009, 4, 28))
    entries = selectors.timeline_entries([site_a.pk])
    kinds = {(e.kind, e.day) for e in entries}
    assert ("first_meeting", D(2009, 3, 3)) in kinds and ("status", D(2009, 3, 3)) in kinds
    assert not any(e.kind == "last_meeting" for e in entries)  # still meeting
    meeting_group_a.status = GroupStatus.CLOSED
    meeting_group_a.save()
    assert ("last_meeting", D(2009, 4, 28)) in {(e.kind, e.day) for e in selectors.timeline_entries(None)}
    assert selectors.timeline_entries([999]) == []


def test_site_panel_lists_the_sites_groups_with_their_reporting_rate(
    site_a, meeting_group_a, coordinator, frozen_today
):
    MeetingFactory(group=meeting_group_a, date=D(2009, 4, 28))
    panel = groups_panel(site_a, coordinator, TODAY)
    ((group, rate),) = panel.context["rows"]
    assert group == meeting_group_a and rate.received == 1 and rate.scheduled == 10


def test_site_panel_is_empty_for_a_site_contact_of_another_site(site_a, meeting_group_a, site_contact_b):
    assert groups_panel(site_a, site_contact_b, TODAY) is None


def test_a_registration_shows_on_the_sites_overview_and_site_page(
    client_for, facilitator_a, coordinator, meeting_group_a, site_a, frozen_today
):
    data = {"group": meeting_group_a.pk, "date": "2009-05-05", "held": "yes", "attendance": "7", "newcomers": "0",
            "facilitators": [facilitator_a.facilitator.pk]}  # fmt: skip
    assert client_for(facilitator_a).post("/groups/meetings/new/", data).status_code == 302
    overview = client_for(coordinator).get("/sites/").content.decode()
    assert "7.0" in overview  # average attendance in site A's row
    page = client_for(coordinator).get(site_a.get_absolute_url()).content.decode()
    assert "05/05/2009" in page and "Alpha Tuesday" in page
