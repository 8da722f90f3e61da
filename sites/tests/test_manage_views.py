import pytest
from django.urls import reverse

from pilot.models import AuditEntry
from sites.models import SitePerson
from sites.tests.factories import SitePersonFactory

pytestmark = pytest.mark.django_db


def _person(**overrides):
    data = {
        "name": "Karen Walsh",
        "role": "practitioner_champion",
        "kind": "professional",
        "email": "karen@example.org",
        "phone": "",
        "active": "on",
    }
    data.update(overrides)
    return data


def test_site_contact_adds_a_champion_at_their_site(client_for, site_contact_a, site_a):
    response = client_for(site_contact_a).post(reverse("sites:person_new", args=["alpha"]), _person())
    assert response.status_code == 302
    person = SitePerson.objects.get()
    assert (person.site, person.role) == (site_a, "practitioner_champion")
    assert AuditEntry.objects.filter(target_type="sites.SitePerson", action="create").exists()
    assert "karen@example.org" not in str(AuditEntry.objects.values_list("changed_fields", "detail"))


def test_a_person_without_email_or_phone_is_refused_at_the_field(client_for, coordinator, site_a):
    response = client_for(coordinator).post(reverse("sites:person_new", args=["alpha"]), _person(email=""))
    assert response.status_code == 400
    assert "Give an email address or a phone number" in response.context["form"].errors["email"][0]
    assert not SitePerson.objects.exists()


def test_site_contact_of_another_site_gets_404(client_for, site_contact_b, site_a):
    person = SitePersonFactory(site=site_a)
    assert client_for(site_contact_b).post(reverse("sites:person_new", args=["alpha"]), _person()).status_code == 404
    assert client_for(site_contact_b).get(reverse("sites:person_edit", args=["alpha", person.pk])).status_code == 404
    assert client_for(site_contact_b).get(reverse("sites:edit", args=["alpha"])).status_code == 404


def test_a_person_cannot_be_edited_through_another_sites_address(client_for, coordinator, site_a, site_b):
    person = SitePersonFactory(site=site_b)
    assert client_for(coordinator).get(reverse("sites:person_edit", args=["alpha", person.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["observer", "evaluator", "facilitator_a"])
def test_read_only_and_other_roles_cannot_edit(client_for, personas, persona, site_a):
    client = client_for(personas[persona])
    assert client.post(reverse("sites:person_new", args=["alpha"]), _person()).status_code == 403
    assert client.post(reverse("sites:edit", args=["alpha"]), {}).status_code == 403
    assert not SitePerson.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, site_a):
    assert "/accounts/login/" in client.get(reverse("sites:edit", args=["alpha"]))["Location"]


def _site_data(site, **overrides):
    data = {
        "agency_name": site.agency_name,
        "name": site.name,
        "slug": site.slug,
        "locality": "Anytown",
        "region": "london",
        "setting": "urban",
        "provider_type": "housing",
        "offers_room": "on",
    }
    data.update(overrides)
    return data


def test_site_contact_edits_their_sites_commitments_but_not_its_address(client_for, site_contact_a, site_a):
    response = client_for(site_contact_a).post(reverse("sites:edit", args=["alpha"]), _site_data(site_a, slug="new"))
    assert response.status_code == 302
    site_a.refresh_from_db()
    assert site_a.offers_room and site_a.provider_type == "housing"
    assert site_a.slug == "alpha"


def test_a_slug_that_would_shadow_a_page_is_refused(client_for, coordinator, site_a):
    response = client_for(coordinator).post(reverse("sites:edit", args=["alpha"]), _site_data(site_a, slug="log"))
    assert response.status_code == 400
    assert "used by another page" in response.context["form"].errors["slug"][0]


def test_a_bad_email_is_answered_at_the_field(client_for, coordinator, site_a):
    response = client_for(coordinator).post(reverse("sites:edit", args=["alpha"]), _site_data(site_a, email="nope"))
    assert response.status_code == 400 and "email" in response.context["form"].errors
