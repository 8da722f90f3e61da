from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sites.models import Application, HostSite
from sites.services import application_decide
from sites.tests.factories import ApplicationFactory, with_history

pytestmark = pytest.mark.django_db
URL = reverse("sites:applications")


def test_selecting_an_application_creates_its_site_with_a_history(coordinator):
    application = ApplicationFactory(agency_name="Anytown Alcohol Service", locality="Anytown", region="east")
    application_decide(application=application, decision="selected", actor=coordinator, on=date(2008, 9, 24))
    site = HostSite.objects.with_status().get(application=application)
    assert (site.slug, site.region, site.status) == ("anytown", "east", "selected")
    assert list(site.status_changes.values_list("status", "on")) == [
        ("applied", date(2008, 8, 20)),
        ("selected", date(2008, 9, 24)),
    ]


def test_a_turned_down_applicant_selected_later_needs_a_note(coordinator, site_a):
    with_history(site_a, ("applied", date(2008, 8, 20)), ("not_selected", date(2008, 9, 24)))
    application = ApplicationFactory(site=site_a, decision="not_selected")
    with pytest.raises(ValidationError, match="reactivation"):
        application_decide(application=application, decision="selected", actor=coordinator, on=date(2008, 11, 27))
    application_decide(
        application=application,
        decision="selected",
        actor=coordinator,
        on=date(2008, 11, 27),
        note="Replaces Cornwall",
    )
    assert Application.objects.get().decision == "selected"


def test_a_decision_before_the_application_arrived_is_refused(coordinator):
    with pytest.raises(ValidationError):
        application_decide(
            application=ApplicationFactory(), decision="selected", actor=coordinator, on=date(2008, 1, 1)
        )
    assert not HostSite.objects.exists()


def test_selection_page_charts_applications_by_region_and_shows_coverage(client_for, coordinator, site_a):
    site_a.setting, site_a.provider_type = "urban", "housing"
    site_a.save()
    with_history(site_a, ("selected", date(2008, 9, 24)))
    ApplicationFactory.create_batch(3, region="london")
    ApplicationFactory(region="north_east", decision="selected", site=site_a)
    response = client_for(coordinator).get(URL)
    rows = {r["region"]: r for r in response.context["by_region"]}
    assert rows["london"]["applications"] == 3 and rows["north_east"]["selected"] == 1
    assert rows["south_west"]["applications"] == 0  # every English region is listed
    html = response.content.decode()
    assert '<svg class="bar-chart"' in html and "<title" in html
    coverage = response.context["coverage"]
    assert ("West Midlands", True) in coverage.regions and ("London", False) in coverage.regions
    assert ("Housing or homelessness service", True) in coverage.provider_types


@pytest.mark.parametrize("persona", ["observer", "evaluator"])
def test_observers_and_evaluators_read_the_selection_without_edit_links(client_for, personas, persona):
    ApplicationFactory()
    response = client_for(personas[persona]).get(URL)
    assert response.status_code == 200
    assert "Record an application" not in response.content.decode()


@pytest.mark.parametrize("persona", ["site_contact_a", "facilitator_a"])
def test_site_contacts_and_facilitators_do_not_see_other_agencies_applications(client_for, personas, persona):
    assert client_for(personas[persona]).get(URL).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client):
    assert "/accounts/login/" in client.get(URL)["Location"]


def test_coordinator_records_and_scores_an_application(client_for, coordinator):
    data = {
        "agency_name": "Anytown Alcohol Service",
        "region": "east",
        "setting": "rural",
        "provider_type": "nhs",
        "received_on": "2008-08-20",
        "reason_model": "on",
        "score_geography": "4",
        "score_urban_rural": "5",
        "score_providers": "3",
        "score_commitment": "4",
    }
    assert client_for(coordinator).post(reverse("sites:application_new"), data).status_code == 302
    assert Application.objects.get().total_score == 16


def test_a_score_out_of_range_is_answered_at_the_field(client_for, coordinator):
    data = {
        "agency_name": "X",
        "region": "east",
        "setting": "rural",
        "provider_type": "nhs",
        "received_on": "2008-08-20",
        "score_geography": "9",
    }
    response = client_for(coordinator).post(reverse("sites:application_new"), data)
    assert response.status_code == 400
    assert "less than or equal to 5" in response.context["form"].errors["score_geography"][0]
    assert not Application.objects.exists()


@pytest.mark.parametrize("persona", ["observer", "evaluator", "site_contact_a"])
def test_only_the_coordinator_records_or_decides(client_for, personas, persona):
    application = ApplicationFactory()
    client = client_for(personas[persona])
    assert client.post(reverse("sites:application_new"), {}).status_code == 403
    data = {"decision": "selected", "on": "2008-09-24"}
    assert client.post(reverse("sites:application_decide", args=[application.pk]), data).status_code == 403
    application.refresh_from_db()
    assert application.decision == "pending" and application.site is None


def test_coordinator_selects_through_the_decision_form(client_for, coordinator):
    application = ApplicationFactory(locality="Anytown")
    url = reverse("sites:application_decide", args=[application.pk])
    response = client_for(coordinator).post(url, {"decision": "selected", "on": "2008-09-24"})
    assert response.status_code == 302
    assert HostSite.objects.get().slug == "anytown"


def test_a_selected_site_that_withdrew_says_so_on_the_selection_page(client_for, observer, site_a):
    with_history(site_a, ("selected", date(2008, 9, 24)), ("withdrawn", date(2008, 11, 19)))
    ApplicationFactory(agency_name="Addaction Cornwall", decision="selected", site=site_a)
    html = client_for(observer).get(URL).content.decode()
    assert 'Selected <span class="small">(now withdrawn)</span>' in html
