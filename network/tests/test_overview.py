from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.tests.factories import GroupFactory
from sites.tests.factories import HostSiteFactory, ProgressEntryFactory, SitePersonFactory, with_history

pytestmark = pytest.mark.django_db
URL = reverse("network:overview")


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["evaluator", "facilitator_a"])
def test_evaluators_and_facilitators_are_refused(client_for, personas, persona):
    assert client_for(personas[persona]).get(URL).status_code == 403


def test_observer_cannot_post(client_for, observer):
    assert client_for(observer).post(URL).status_code == 403


def test_site_contact_sees_only_their_own_site(client_for, site_contact_a, site_a, site_b):
    response = client_for(site_contact_a).get(URL)
    assert [r.site for r in response.context["rows"]] == [site_a]
    assert "Beta City" not in response.content.decode()


def test_overview_shows_status_flags_last_contact_and_every_apps_figures(client_for, coordinator, active_site_a):
    from groups.tests.conftest import make_meeting_group
    from groups.tests.factories import FacilitatorFactory, MeetingFactory

    ProgressEntryFactory(site=active_site_a, day=date(2009, 5, 6), kind="visit")
    group = make_meeting_group(GroupFactory(site=active_site_a, weekday=1))
    FacilitatorFactory(site=active_site_a).groups.add(group)
    for day, people in ((date(2009, 5, 12), 3), (date(2009, 5, 19), 5), (date(2009, 5, 26), 8)):
        MeetingFactory(group=group, date=day, attendance=people, newcomers=0)
    query = {"period": "custom", "from": "2009-04-01", "to": "2009-06-01"}
    html = client_for(coordinator).get(URL, query).content.decode()
    assert "Groups meeting</span>" in html
    assert "06/05/2009" in html
    assert "No champion named" in html  # the sites app's own flag
    assert "Only one active facilitator" in html  # the groups app's flag, through network.health
    assert '<td data-label="Average attendance">5.3</td>' in html
    assert '<td data-label="Meetings, last 4 weeks">3' in html
    assert "Weekly attendance, last 12 weeks: 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 8" in html
    assert "<polyline" in html


def test_overview_shows_dashes_where_a_site_has_no_meetings(client_for, coordinator, site_a):
    html = client_for(coordinator).get(URL).content.decode()
    assert '<td data-label="Average attendance">–</td>' in html
    assert "Weekly attendance, last 12 weeks: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0" in html


def test_overview_sorts_by_flags_and_by_last_contact(client_for, coordinator, site_a, site_b):
    with_history(site_a, ("selected", date(2008, 9, 24)))
    with_history(
        site_b,
        ("selected", date(2008, 9, 24)),
        ("agreement_issued", date(2008, 10, 1)),
        ("agreement_signed", date(2008, 10, 2)),
    )
    SitePersonFactory(site=site_b)
    ProgressEntryFactory(site=site_a, day=date(2009, 1, 1))
    ProgressEntryFactory(site=site_b, day=date(2009, 2, 1))
    client = client_for(coordinator)
    by_flags = client.get(URL, {"sort": "-flags", "period": "custom", "from": "2009-01-01", "to": "2009-02-10"})
    by_flags = by_flags.context["rows"]
    assert [r.site for r in by_flags] == [site_a, site_b]
    by_contact = client.get(URL, {"sort": "-contact"}).context["rows"]
    assert [r.site for r in by_contact] == [site_b, site_a]
    assert client.get(URL, {"sort": "contact"}).context["rows"][0].site == site_a
    assert client.get(URL, {"sort": "nonsense"}).context["sort"] == "name"


def _populate(n: int) -> None:
    for i in range(n):
        site = with_history(
            HostSiteFactory(), ("selected", date(2008, 9, 24)), ("agreement_issued", date(2008, 10, 1))
        )
        GroupFactory(site=site, name=f"Group {i}")
        SitePersonFactory(site=site)
        ProgressEntryFactory(site=site)
        ProgressEntryFactory(site=site, kind="milestone")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_overview_query_count_does_not_grow_with_sites_groups_or_entries(client_for, coordinator):
    # Sites with status and last contact, one query per health check of every app, three for the meeting
    # figures: the same for 1 site as for 50.
    client = client_for(coordinator)
    _populate(1)
    client.get(URL)
    one = _count(client, URL)
    _populate(49)
    assert _count(client, URL) == one


@pytest.mark.parametrize("rows", [1, 50])
def test_a_site_contacts_overview_runs_a_constant_number_of_queries(
    client_for, site_contact_a, site_a, rows, django_assert_num_queries
):
    from groups.tests.factories import FacilitatorFactory

    # Their own site with 1 or 50 groups, facilitators, people and log entries; as many other sites, never seen
    for n in range(rows):
        FacilitatorFactory(site=site_a).groups.add(GroupFactory(site=site_a, name=f"Alpha {n}"))
        SitePersonFactory(site=site_a)
        ProgressEntryFactory(site=site_a)
    _populate(rows)
    client = client_for(site_contact_a)
    # session, user, role groups, programmes (the period control); the contact's site; its groups meeting, its
    # facilitators, its groups; last training; groups and meetings (twice) for the meeting figures; programme sites;
    # readiness; sustainability plan; facilitators; support flags (programme sites, meetings' facilitators, support
    # contacts, check-ins); newcomers per month; referral partners; session refresh (savepoint, update, release)
    with django_assert_num_queries(25):
        response = client.get(URL)
    assert [row.site for row in response.context["rows"]] == [site_a]


def test_a_period_that_cannot_be_read_falls_back_to_the_default_and_says_why(client_for, coordinator, site_a):
    response = client_for(coordinator).get(URL, {"period": "custom", "from": "2009-02-31", "to": "2009-03-31"})
    assert response.status_code == 200
    assert "That period cannot be shown: Enter the start date as YYYY-MM-DD." in response.content.decode()
    assert response.context["period"].key == "recent"  # no programme: the last 12 months


def test_an_ended_programme_is_judged_on_its_last_day_and_only_its_sites_are_listed(client_for, coordinator, site_a,
                                                                                     site_b):  # fmt: skip
    from programmes.tests.factories import ProgrammeFactory, ProgrammeSiteFactory

    pilot = ProgrammeFactory(name="Pilot", starts_on=date(2008, 4, 1), ends_on=date(2010, 3, 31))
    ProgrammeSiteFactory(programme=pilot, site=site_a)
    response = client_for(coordinator).get(URL, {"period": f"p{pilot.pk}"})
    assert response.context["as_of"] == date(2010, 3, 31)
    assert [r.site for r in response.context["rows"]] == [site_a]
    assert "Pilot (Apr 2008 – Mar 2010), ended 31 March 2010: judged as of that day." in response.content.decode()


def test_the_overview_shows_25_sites_to_a_page_in_the_chosen_order(client_for, coordinator):
    for n in range(30):
        HostSiteFactory(name=f"Site {n:02}", slug=f"paged-{n:02}")
    client = client_for(coordinator)
    first = client.get(URL, {"sort": "-name"})
    second = client.get(URL, {"sort": "-name", "page": 2})
    names = [r.site.name for r in first.context["rows"]] + [r.site.name for r in second.context["rows"]]
    assert names == [f"Site {n:02}" for n in reversed(range(30))]
    html = first.content.decode()
    assert "30 sites, 1 to 25 shown." in html and "?sort=-name&amp;page=2" in html
    assert 'href="/sites/paged-29/"' in html
