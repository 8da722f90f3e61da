"""Referral pages: who reads and who records, at their own site only; champions' names for the coordinator and
the site's contacts only; every write audited."""

import datetime

import pytest
from django.urls import reverse

from pilot.models import AuditEntry
from referrals.models import OutreachActivity, ReferralPartner
from referrals.tests.factories import OutreachFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(site_a):
    return PartnerFactory(
        site=site_a, agency="Alpha alcohol team", champion_name="Ivy Champion", champion_kind="practitioner"
    )


@pytest.fixture
def outreach(site_a, partner):
    return OutreachFactory(site=site_a, partner=partner, date=datetime.date(2009, 6, 3), note="Talk to the team")


def _site_page(site):
    return reverse("referrals:site", args=[site.slug])


@pytest.mark.parametrize("persona", ["coordinator", "site_contact_a"])
def test_coordinator_and_the_sites_contact_see_partners_with_champions(
    client_for, personas, persona, partner, outreach
):
    html = (
        client_for(personas[persona])
        .get(_site_page(partner.site), {"period": "custom", "from": "2009-01-01", "to": "2009-12-31"})
        .content.decode()
    )
    assert "Alpha alcohol team" in html and "Ivy Champion" in html and "Talk to the team" in html
    assert "Add a partner" in html


def test_observers_see_partners_but_no_champions_name_and_no_forms(client_for, observer, partner, outreach):
    html = client_for(observer).get(_site_page(partner.site)).content.decode()
    assert "Alpha alcohol team" in html and "Named" in html
    assert "Ivy Champion" not in html and "Add a partner" not in html
    listing = client_for(observer).get(reverse("referrals:list")).content.decode()
    assert "Alpha alcohol team" in listing and "Ivy Champion" not in listing
    site_page = client_for(observer).get(reverse("network:site", args=[partner.site.slug])).content.decode()
    assert "Referral pathways" in site_page and "Ivy Champion" not in site_page


def test_another_sites_contact_gets_404_everywhere(client_for, site_contact_b, partner, outreach):
    client = client_for(site_contact_b)
    for url in (
        _site_page(partner.site),
        reverse("referrals:partner_new", args=[partner.site.slug]),
        reverse("referrals:partner_edit", args=[partner.pk]),
        reverse("referrals:outreach_new", args=[partner.site.slug]),
        reverse("referrals:outreach_edit", args=[outreach.pk]),
        reverse("referrals:outreach_delete", args=[outreach.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("referrals:partner_end", args=[partner.pk]), {"ended_on": "2009-09-01"}).status_code == 404
    )
    assert "Alpha alcohol team" not in client.get(reverse("referrals:list")).content.decode()


@pytest.mark.parametrize("persona", ["evaluator", "facilitator_a", "observer"])
def test_evaluators_facilitators_and_observers_record_nothing(client_for, personas, persona, partner):
    client = client_for(personas[persona])
    response = client.post(reverse("referrals:partner_new", args=[partner.site.slug]), {"agency": "X"})
    assert response.status_code == 403
    assert client.post(reverse("referrals:partner_edit", args=[partner.pk]), {"agency": "X"}).status_code == 403
    assert not ReferralPartner.objects.filter(agency="X").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, partner):
    for url in (
        reverse("referrals:list"),
        _site_page(partner.site),
        reverse("referrals:partner_edit", args=[partner.pk]),
    ):
        assert "/accounts/login/" in client.get(url)["Location"]


def test_a_site_contact_adds_edits_and_ends_a_partner_each_audited(client_for, site_contact_a, site_a):
    client = client_for(site_contact_a)
    data = {
        "agency": "Alpha GP practice",
        "tier": "1",
        "partner_type": "gp",
        "since": "2009-04-01",
        "assertive_linkage": "on",
    }
    response = client.post(reverse("referrals:partner_new", args=[site_a.slug]), data)
    assert response.status_code == 302
    partner = ReferralPartner.objects.get(agency="Alpha GP practice")
    assert partner.site == site_a and partner.assertive_linkage
    data.update(protocol_agreed_on="2009-09-01", version=partner.version)
    assert client.post(reverse("referrals:partner_edit", args=[partner.pk]), data).status_code == 302
    partner.refresh_from_db()
    assert partner.protocol_agreed_on == datetime.date(2009, 9, 1)
    end = {"ended_on": "2010-01-15", "version": partner.version}
    assert client.post(reverse("referrals:partner_end", args=[partner.pk]), end).status_code == 302
    partner.refresh_from_db()
    assert partner.ended_on == datetime.date(2010, 1, 15)
    actions = list(AuditEntry.objects.filter(target_type="referrals.ReferralPartner").values_list("action", flat=True))
    assert actions.count("create") == 1 and actions.count("update") == 2


def test_bad_input_is_shown_at_the_field_with_nothing_saved(client_for, coordinator, site_a):
    response = client_for(coordinator).post(
        reverse("referrals:partner_new", args=[site_a.slug]),
        {"agency": "Beta", "tier": "2", "partner_type": "gp", "since": "2009-04-01", "champion_name": "Sid"},
    )
    assert response.status_code == 400
    assert "Say whether the champion is a professional" in response.content.decode()
    assert not ReferralPartner.objects.exists()


def test_outreach_is_logged_edited_and_deleted_with_a_confirmation_each_audited(client_for, coordinator, partner):
    client = client_for(coordinator)
    site = partner.site
    data = {
        "date": "2009-06-10",
        "kind": "clients",
        "partner": partner.pk,
        "audience_size": "15",
        "note": "Clients' group",
    }
    assert client.post(reverse("referrals:outreach_new", args=[site.slug]), data).status_code == 302
    activity = OutreachActivity.objects.get()
    data.update(audience_size="18", version=activity.version)
    assert client.post(reverse("referrals:outreach_edit", args=[activity.pk]), data).status_code == 302
    activity.refresh_from_db()
    assert activity.audience_size == 18
    unconfirmed = client.post(reverse("referrals:outreach_delete", args=[activity.pk]), {})
    assert unconfirmed.status_code == 400 and OutreachActivity.objects.exists()
    client.post(reverse("referrals:outreach_delete", args=[activity.pk]), {"confirm": "delete"})
    assert not OutreachActivity.objects.exists()
    actions = sorted(
        AuditEntry.objects.filter(target_type="referrals.OutreachActivity").values_list("action", flat=True)
    )
    assert actions == ["create", "delete", "update"]


def test_the_outreach_form_offers_only_the_sites_own_partners(client_for, coordinator, partner, site_b):
    PartnerFactory(site=site_b, agency="Beta drug service")
    html = client_for(coordinator).get(reverse("referrals:outreach_new", args=[partner.site.slug])).content.decode()
    assert "Alpha alcohol team" in html and "Beta drug service" not in html


def test_the_network_list_shows_every_site_to_the_coordinator_with_quiet_partners(
    client_for, coordinator, partner, site_b
):
    PartnerFactory(site=site_b, agency="Beta drug service")
    html = client_for(coordinator).get(reverse("referrals:list")).content.decode()
    assert "Alpha alcohol team" in html and "Beta drug service" in html and "Ivy Champion" in html
    assert "quiet" in html


def test_the_network_list_marks_illustrative_partners(client_for, observer, partner, site_b):
    PartnerFactory(site=site_b, agency="Beta drug service", is_illustrative=True)
    html = client_for(observer).get(reverse("referrals:list")).content.decode()
    alpha, beta = html.split("Alpha alcohol team")[1], html.split("Beta drug service")[1]
    assert "illustrative</span>" in beta.split("</li>")[0] and "illustrative</span>" not in alpha.split("</li>")[0]
