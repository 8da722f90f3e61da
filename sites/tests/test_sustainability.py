import pytest
from django.urls import reverse

from pilot.models import AuditEntry
from sites.models import SustainabilityPlan

pytestmark = pytest.mark.django_db
URL = reverse("sites:sustainability", args=["alpha"])


def _plan(**overrides):
    data = {
        "future": "at_risk",
        "next_host": "The host agency",
        "venue_secured_until": "2010-06-30",
        "funding_source": "None named",
        "local_support": "<b>Karen</b>",
        "risks": "Low attendance",
    }
    data.update(overrides)
    return data


def test_site_contact_writes_the_plan_shown_on_page_overview_and_pack(client_for, site_contact_a, observer, site_a):
    response = client_for(site_contact_a).post(URL, _plan())
    assert response.status_code == 302
    plan = SustainabilityPlan.objects.get(site=site_a)
    assert plan.future == "at_risk" and str(plan.venue_secured_until) == "2010-06-30"
    entry = AuditEntry.objects.get(target_type="sites.SustainabilityPlan", action="create")
    assert "Low attendance" not in str(entry.changed_fields)
    page = client_for(observer).get(site_a.get_absolute_url()).content.decode()
    assert "After the funding: at risk" in page
    assert "&lt;b&gt;Karen&lt;/b&gt;" in page  # escaped
    assert URL not in page  # the committee reads, no edit link
    overview = client_for(observer).get(reverse("network:overview") + "?as_of=2010-01-01")
    row = next(r for r in overview.context["rows"] if r.site == site_a)
    assert row.plan.get_future_display() == "At risk"


def test_bad_input_is_answered_at_the_field_and_nothing_saved(client_for, coordinator, site_a):
    response = client_for(coordinator).post(URL, _plan(future="", venue_secured_until="1890-01-01"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "future" in errors and "venue_secured_until" in errors
    assert not SustainabilityPlan.objects.exists()


def test_a_lost_update_is_refused(client_for, coordinator, site_contact_a, site_a):
    client_for(coordinator).post(URL, _plan())
    version = SustainabilityPlan.objects.get().version
    client_for(coordinator).post(URL, _plan(future="secure", version=version))
    response = client_for(site_contact_a).post(URL, _plan(future="ending", version=version))
    assert response.status_code == 400
    assert "Not saved" in response.content.decode()
    assert SustainabilityPlan.objects.get().future == "secure"


def test_another_sites_contact_gets_404_observer_403_anonymous_sign_in(
    client, client_for, site_contact_b, observer, site_a
):
    assert client_for(site_contact_b).get(URL).status_code == 404
    assert client_for(site_contact_b).post(URL, _plan()).status_code == 404
    assert client_for(observer).post(URL, _plan()).status_code == 403
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not SustainabilityPlan.objects.exists()
