"""Forms and services: clear field errors for bad input, nothing half-saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from referrals import services
from referrals.forms import EndPartnerForm, OutreachForm, PartnerForm
from referrals.models import OutreachActivity, ReferralPartner
from referrals.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def _partner_data(**extra):
    data = {
        "agency": "Alpha alcohol team",
        "team": "",
        "tier": "3",
        "partner_type": "alcohol_worker",
        "since": "2009-03-01",
    }
    data.update(extra)
    return data


def test_a_complete_partner_form_is_valid(site_a):
    form = PartnerForm(_partner_data(champion_name="Ann", champion_kind="practitioner"), site=site_a)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"tier": "5"}, "tier", "valid choice"),
        ({"partner_type": "self"}, "partner_type", "valid choice"),
        ({"since": TOMORROW.isoformat()}, "since", "still to come"),
        ({"protocol_agreed_on": TOMORROW.isoformat()}, "protocol_agreed_on", "still to come"),
        ({"champion_name": "Ann"}, "champion_kind", "professional, a practitioner or a commissioner"),
        ({"champion_kind": "commissioner"}, "champion_name", "Name the champion"),
        ({"agency": "  "}, "agency", "required"),
        ({"since": "1999-12-31"}, "since", ""),
    ],
)
def test_partner_form_errors_are_at_their_field(site_a, extra, field, words):
    form = PartnerForm(_partner_data(**extra), site=site_a)
    assert not form.is_valid()
    assert field in form.errors and words in " ".join(form.errors[field])


def test_an_edit_form_refuses_an_end_before_the_start(site_a):
    partner = PartnerFactory(site=site_a, since=datetime.date(2009, 3, 1))
    form = PartnerForm(_partner_data(ended_on="2009-02-01", version=partner.version), instance=partner, site=site_a)
    assert not form.is_valid() and "began" in form.errors["ended_on"][0]


def test_the_end_form_refuses_a_day_to_come_and_a_day_before_the_start(site_a):
    partner = PartnerFactory(site=site_a, since=datetime.date(2009, 3, 1))
    assert "not before" in EndPartnerForm({"ended_on": TOMORROW}, partner=partner).errors["ended_on"][0]
    assert "began" in EndPartnerForm({"ended_on": "2009-01-01"}, partner=partner).errors["ended_on"][0]


def test_outreach_refuses_another_sites_partner_a_day_to_come_and_a_negative_audience(site_a, site_b):
    theirs = PartnerFactory(site=site_b)
    form = OutreachForm(
        {"date": TOMORROW.isoformat(), "kind": "staff", "partner": theirs.pk, "audience_size": "-3"}, site=site_a
    )
    assert not form.is_valid()
    assert form.errors["partner"] == ["Choose one of this site's referral partners."]
    assert "still to come" in form.errors["date"][0]
    assert "0 or more" in form.errors["audience_size"][0]
    assert not OutreachActivity.objects.exists()


def test_services_refuse_what_the_forms_refuse(site_a, site_b, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.outreach_save(
            activity=None,
            site=site_a,
            actor=coordinator,
            partner=PartnerFactory(site=site_b),
            date=datetime.date(2009, 5, 1),
            kind="staff",
        )
    assert "partner" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.partner_save(
            partner=None, site=site_a, actor=coordinator, agency="X", tier=1, partner_type="gp", since=TOMORROW
        )
    assert "since" in caught.value.message_dict
    assert not OutreachActivity.objects.exists() and not ReferralPartner.objects.filter(agency="X").exists()
