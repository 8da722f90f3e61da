import csv
import io
from datetime import date

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
    months = response.context["months"]
    assert months[0].first_day == date(2008, 4, 1) and months[-1].first_day == date(2009, 3, 1)
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
