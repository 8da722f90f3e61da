import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from pilot.models import AuditEntry
from sites.tests.factories import ProgressEntryFactory, with_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(site_a, site_b):
    with_history(site_a, ("applied", date(2008, 8, 20)), ("selected", date(2008, 9, 24)))
    with_history(site_b, ("selected", date(2008, 9, 24)), ("withdrawn", date(2008, 11, 19)))
    ProgressEntryFactory(site=None, day=date(2008, 4, 1), kind="milestone", note="Grant begins.")
    ProgressEntryFactory(site=site_a, day=date(2009, 3, 17), kind="milestone", note="=first meeting")


def test_network_timeline_runs_month_by_month(client_for, coordinator, history):
    response = client_for(coordinator).get(reverse("network:timeline"))
    months = response.context["months"]  # the latest first
    assert months[0].first_day == date(2009, 3, 1) and months[-1].first_day == date(2008, 4, 1)
    assert len(months) == 12
    html = response.content.decode()
    assert "Beta City: withdrawn" in html and "Grant begins." in html


@pytest.mark.parametrize("persona", ["coordinator", "observer", "evaluator"])
def test_network_timeline_is_open_to_the_centre_and_evaluators(client_for, personas, persona, history):
    assert client_for(personas[persona]).get(reverse("network:timeline")).status_code == 200


def test_site_contact_sees_their_site_and_network_entries_only(client_for, site_contact_a, history):
    html = client_for(site_contact_a).get(reverse("network:timeline")).content.decode()
    assert "Alpha Town: selected" in html and "Grant begins." in html
    assert "Beta City" not in html


def test_facilitators_are_refused_and_anonymous_visitors_sent_to_sign_in(client_for, facilitator_a, client):
    assert client_for(facilitator_a).get(reverse("network:timeline")).status_code == 403
    assert "/accounts/login/" in client.get(reverse("network:timeline_csv"))["Location"]


def test_csv_download_is_neutralised_and_audited(client_for, coordinator, history):
    response = client_for(coordinator).get(reverse("network:timeline_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    # text that does not start with a formula character is kept as it is
    assert rows[-1] == ["March 2009", "17/03/2009", "Alpha Town", "Milestone", "Alpha Town: =first meeting"]
    assert AuditEntry.objects.filter(action="export", target_type="sites.timeline").count() == 1


def test_a_hostile_milestone_is_neutralised_in_the_csv(client_for, coordinator):
    ProgressEntryFactory(site=None, day=date(2009, 1, 1), kind="milestone", note='=HYPERLINK("http://x")')
    rows = list(csv.reader(io.StringIO(client_for(coordinator).get(reverse("network:timeline_csv")).content.decode())))
    assert rows[1][4] == '\'=HYPERLINK("http://x")'


def test_site_timeline_shows_only_that_site(client_for, coordinator, history, site_a):
    html = client_for(coordinator).get(reverse("network:site_timeline", args=["alpha"])).content.decode()
    assert "Alpha Town: selected" in html
    assert "Beta City" not in html and "Grant begins." not in html


def test_site_timeline_is_404_for_another_sites_contact(client_for, site_contact_b, site_a):
    assert client_for(site_contact_b).get(reverse("network:site_timeline", args=["alpha"])).status_code == 404
    assert client_for(site_contact_b).get(reverse("network:site_timeline_csv", args=["alpha"])).status_code == 404


def test_timeline_pages_are_read_only(client_for, observer):
    assert client_for(observer).post(reverse("network:timeline")).status_code == 403


def test_evaluators_see_the_timeline_without_links_to_site_pages_they_may_not_open(
    client_for, evaluator, coordinator, history
):
    evaluator_html = client_for(evaluator).get(reverse("network:timeline")).content.decode()
    assert "Alpha Town: selected" in evaluator_html
    assert 'href="/sites/alpha/"' not in evaluator_html
    coordinator_html = client_for(coordinator).get(reverse("network:timeline")).content.decode()
    assert '<a href="/sites/alpha/">Alpha Town: selected</a>' in coordinator_html


def _milestones(count: int, site=None):
    for n in range(count):
        ProgressEntryFactory(site=site, day=date(2000, 1, 1) + timedelta(days=n), kind="milestone", note=f"Step {n}")


def test_the_timeline_is_paged_the_latest_first_and_the_csv_keeps_every_entry(client_for, coordinator):
    _milestones(105)  # 1 January 2000 to 14 April 2000
    client = client_for(coordinator)
    first = client.get(reverse("network:timeline"))
    html = first.content.decode()
    assert first.context["months"][0].entries[0].text == "Step 104" and "Step 5<" in html and "Step 4<" not in html
    assert "105 entries, the latest first, 100 to a page: entries 1 to 100" in html
    assert 'rel="next" href="?page=2">Earlier<' in html
    second = client.get(reverse("network:timeline"), {"page": 2})
    assert [e.text for m in second.context["months"] for e in m.entries] == [f"Step {n}" for n in (4, 3, 2, 1, 0)]
    assert 'rel="prev" href="?page=1">Later<' in second.content.decode()
    assert client.get(reverse("network:timeline"), {"page": "nonsense"}).status_code == 200
    rows = list(csv.reader(io.StringIO(client.get(reverse("network:timeline_csv")).content.decode())))
    assert len(rows) == 1 + 105 and rows[1][4] == "Step 0" and rows[-1][4] == "Step 104"  # every entry, oldest first


def test_a_sites_timeline_is_paged_with_its_own_entries_only(client_for, site_contact_a, site_a, site_b):
    _milestones(101, site=site_a)
    _milestones(3, site=site_b)
    client = client_for(site_contact_a)
    second = client.get(reverse("network:site_timeline", args=["alpha"]), {"page": 2})
    assert [e.text for m in second.context["months"] for e in m.entries] == ["Alpha Town: Step 0"]
    network = client.get(reverse("network:timeline"), {"page": 2}).content.decode()
    assert "Beta City" not in network and "Alpha Town: Step 0" in network


@pytest.mark.parametrize("count", [1, 50])
def test_timeline_pages_run_a_fixed_number_of_queries_with_1_or_50_groups(
    client_for, coordinator, site_a, django_assert_num_queries, count
):
    from groups.tests.conftest import make_meeting_group
    from groups.tests.factories import GroupFactory, MeetingFactory

    for n in range(count):
        group = make_meeting_group(GroupFactory(site=site_a, name=f"Group {n}"), since=date(2009, 3, 3))
        MeetingFactory(group=group, date=date(2009, 3, 3))
    client = client_for(coordinator)
    assert client.get(reverse("network:timeline")).context["entry_count"] == 2 * count
    # session, user, user's groups; the sites; status changes, milestones; groups with their first and last
    # meetings, group status changes; events, their days; the session saved (savepoint, update, release)
    with django_assert_num_queries(13):
        client.get(reverse("network:timeline"))
    with django_assert_num_queries(13):  # the site (instead of the sites) and the rest
        client.get(reverse("network:site_timeline", args=["alpha"]))
