from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sites.tests.factories import ProgressEntryFactory, SitePersonFactory

pytestmark = pytest.mark.django_db


def url(site):
    return reverse("network:site", args=[site.slug])


def test_anonymous_visitor_is_sent_to_sign_in(client, site_a):
    assert "/accounts/login/" in client.get(url(site_a))["Location"]


def test_site_contact_from_another_site_gets_404(client_for, site_contact_b, site_a):
    assert client_for(site_contact_b).get(url(site_a)).status_code == 404


@pytest.mark.parametrize("persona", ["evaluator", "facilitator_a"])
def test_evaluators_and_facilitators_cannot_open_site_management(client_for, personas, persona, site_a):
    assert client_for(personas[persona]).get(url(site_a)).status_code == 403


def test_site_page_shows_status_history_people_log_flags_and_every_apps_panels(client_for, coordinator, active_site_a):
    from groups.tests.conftest import make_meeting_group
    from groups.tests.factories import FacilitatorFactory, GroupFactory

    SitePersonFactory(site=active_site_a, name="Karen Walsh", role="senior_contact")
    ProgressEntryFactory(site=active_site_a, day=date(2009, 5, 6), kind="visit", note="Visit: group settling in")
    group = make_meeting_group(GroupFactory(site=active_site_a, name="Alpha Tuesday", weekday=1))
    FacilitatorFactory(site=active_site_a).groups.add(group)
    html = client_for(coordinator).get(url(active_site_a), {"as_of": "2009-06-01"}).content.decode()
    assert "<h1>Alpha Town</h1>" in html
    assert "07/04/2009</strong> · Groups meeting" in html
    assert "Karen Walsh" in html
    assert "Visit: group settling in" in html
    assert "No champion named" in html and "Only one active facilitator" in html
    # The groups, training and questionnaire panels come from network/panels.py.
    assert ">Groups</h2>" in html and "Alpha Tuesday" in html
    assert ">Training</h2>" in html and "Plan a refresher" in html


def _person_with_details(site):
    return SitePersonFactory(site=site, name="Ruth Bell", email="ruth.bell@example.org", phone="01632 960 575")


@pytest.mark.parametrize("persona", ["coordinator", "site_contact_a"])
def test_coordinator_and_the_sites_own_contact_see_contact_details(client_for, personas, persona, site_a):
    _person_with_details(site_a)
    site_a.email = "agency@example.org"
    site_a.save()
    html = client_for(personas[persona]).get(url(site_a)).content.decode()
    assert "ruth.bell@example.org" in html and "01632 960 575" in html
    assert "agency@example.org" in html


def test_observers_see_names_but_never_contact_details(client_for, observer, site_a):
    _person_with_details(site_a)
    site_a.email = "agency@example.org"
    site_a.save()
    html = client_for(observer).get(url(site_a)).content.decode()
    assert "Ruth Bell" in html
    assert "ruth.bell@example.org" not in html and "01632 960 575" not in html
    assert "agency@example.org" not in html


@pytest.mark.parametrize("persona", ["evaluator", "facilitator_a", "site_contact_b"])
def test_other_roles_and_the_other_sites_contact_never_get_contact_details(client_for, personas, persona, site_a):
    _person_with_details(site_a)
    for path in (
        url(site_a),
        reverse("network:overview"),
        reverse("sites:log"),
        reverse("network:timeline"),
        reverse("network:timeline_csv"),
        reverse("sites:applications"),
        reverse("home"),
    ):
        body = client_for(personas[persona]).get(path).content.decode()
        assert "ruth.bell@example.org" not in body and "01632 960 575" not in body, path


def test_quick_add_form_is_offered_to_the_coordinator_and_the_sites_contact_only(client_for, personas, site_a):
    assert "Log what happened" in client_for(personas["coordinator"]).get(url(site_a)).content.decode()
    assert "Log what happened" in client_for(personas["site_contact_a"]).get(url(site_a)).content.decode()
    assert "Log what happened" not in client_for(personas["observer"]).get(url(site_a)).content.decode()


def test_status_form_is_for_the_coordinator_only(client_for, coordinator, site_contact_a, site_a):
    assert "Change the status" in client_for(coordinator).get(url(site_a)).content.decode()
    assert "Change the status" not in client_for(site_contact_a).get(url(site_a)).content.decode()


def _populate(site, n):
    for i in range(n):
        SitePersonFactory(site=site)
        ProgressEntryFactory(site=site, day=date(2009, 1, 1 + i % 28), follow_up_on=date(2009, 3, 1))
        ProgressEntryFactory(site=site, kind="milestone")


@pytest.mark.parametrize("rows", [1, 50])
def test_site_page_runs_a_fixed_number_of_queries(
    client_for, coordinator, active_site_a, django_assert_num_queries, rows
):
    from groups.tests.factories import FacilitatorFactory, GroupFactory

    _populate(active_site_a, rows)
    for i in range(rows):
        GroupFactory(site=active_site_a, name=f"Group {i}")
        FacilitatorFactory(site=active_site_a, display_name=f"Facilitator {i}")
    client = client_for(coordinator)
    client.get(url(active_site_a))
    # session, user, user's groups; the site with status and last contact; every app's health checks (8);
    # the meeting figures (3); history, people, log; the readiness checklist (its ticks, the site's programme
    # on the day: its own items only when it has a programme); the sustainability plan; the
    # groups panel (groups, their status history, registrations twice, the approved months); the training panel
    # (events, the user's permissions twice, the pipeline's three); the questionnaire panel; the programmes (for
    # the period), the site again with its status as of the period's day, the programmes it took part in; the
    # illustrative marks; the session saved; the support panel (facilitators, their programmes' policies, their
    # meetings, contacts, check-ins); the referral pathways panel (partners with their outreach, the registrations'
    # newcomers by source). 45 for 1 or 50.
    with django_assert_num_queries(45):
        client.get(url(active_site_a))


def test_site_page_query_count_stays_fixed_as_the_site_grows(client_for, site_contact_a, active_site_a):
    client = client_for(site_contact_a)
    _populate(active_site_a, 1)
    client.get(url(active_site_a))
    with CaptureQueriesContext(connection) as one:
        client.get(url(active_site_a))
    _populate(active_site_a, 49)
    with CaptureQueriesContext(connection) as fifty:
        client.get(url(active_site_a))
    assert len(fifty.captured_queries) == len(one.captured_queries)
