"""A referral partner's champion is person data: in the subject-access export, erased on request and after the
retention period, with the partner kept."""

import datetime

import pytest
from django.urls import reverse

from network.privacy import is_erased, person_erase, person_export, retention_enforce
from pilot.models import AuditEntry
from referrals.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(site_a):
    return PartnerFactory(
        site=site_a, agency="Alpha GP practice", champion_name="Nell Example", champion_kind="professional"
    )


def test_the_export_holds_the_champions_name_and_where_they_champion(partner):
    data = person_export(person=partner)
    assert data["name"] == "Nell Example" and data["champion_is_a"] == "Professional"
    assert data["agency"] == "Alpha GP practice" and data["site"] == "Alpha Town"


def test_erasure_removes_the_name_keeps_the_partner_and_names_nobody_in_the_audit(partner, coordinator):
    person_erase(person=partner, actor=coordinator)
    partner.refresh_from_db()
    assert partner.champion_name == partner.champion_kind == "" and partner.agency == "Alpha GP practice"
    assert is_erased(partner)
    entry = AuditEntry.objects.get(action="erase")
    assert "Nell" not in entry.target_label + entry.detail


def test_the_coordinator_downloads_and_erases_from_the_pages(client_for, coordinator, partner):
    client = client_for(coordinator)
    assert "Nell Example" in client.get(reverse("person_export", args=["champions", partner.pk])).content.decode()
    page = client.get(reverse("referrals:partner_edit", args=[partner.pk])).content.decode()
    assert reverse("person_erase", args=["champions", partner.pk]) in page
    client.post(reverse("person_erase", args=["champions", partner.pk]), {"confirm": "erase"})
    partner.refresh_from_db()
    assert partner.champion_name == ""


def test_a_site_contact_cannot_export_a_champion(client_for, site_contact_a, partner):
    assert client_for(site_contact_a).get(reverse("person_export", args=["champions", partner.pk])).status_code == 403


def test_retention_erases_champions_of_partnerships_ended_long_ago(site_a):
    today = datetime.date(2012, 6, 1)
    old = PartnerFactory(
        site=site_a, champion_name="Old Champion", champion_kind="practitioner", ended_on=datetime.date(2010, 3, 1)
    )
    recent = PartnerFactory(
        site=site_a, champion_name="Recent Champion", champion_kind="practitioner", ended_on=datetime.date(2011, 9, 1)
    )
    active = PartnerFactory(site=site_a, champion_name="Active Champion", champion_kind="commissioner")
    result = retention_enforce(today=today)
    assert result.champions_erased == 1
    for p in (old, recent, active):
        p.refresh_from_db()
    assert (old.champion_name, recent.champion_name, active.champion_name) == (
        "",
        "Recent Champion",
        "Active Champion",
    )
