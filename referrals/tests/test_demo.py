"""The referral demo loads again without duplicating anything and says what the report says."""

import io

import pytest
from django.urls import reverse

from referrals import demo as referrals_demo
from referrals.models import OutreachActivity, ReferralPartner


@pytest.fixture
def demo(db):
    from sites import demo as sites_demo

    sites_demo.load(out=io.StringIO())
    referrals_demo.load(out=io.StringIO())


def test_loading_twice_changes_nothing(demo):
    before = (ReferralPartner.objects.count(), OutreachActivity.objects.count())
    referrals_demo.load(out=io.StringIO())
    assert (ReferralPartner.objects.count(), OutreachActivity.objects.count()) == before
    assert before[0] == 8


def test_sheffield_presents_to_agencies_every_week_and_no_protocol_is_agreed(demo):
    sheffield = OutreachActivity.objects.filter(site__slug="sheffield").order_by("date")
    days = list(sheffield.values_list("date", flat=True))
    assert len(days) >= 50 and all((b - a).days == 7 for a, b in zip(days, days[1:], strict=False))
    assert all(a.partner is not None and a.is_illustrative for a in sheffield)
    assert not ReferralPartner.objects.exclude(protocol_agreed_on=None).exists()  # an aim the report did not reach
    assert ReferralPartner.objects.filter(is_illustrative=False).count() == 0
    assert ReferralPartner.objects.exclude(champion_name="").count() == 2


def test_gateshead_partners_have_gone_quiet_by_the_pilots_end(demo, client_for, observer):
    from datetime import date

    from referrals.selectors import quiet_partners
    from sites.models import HostSite

    gateshead = HostSite.objects.get(slug="gateshead")
    quiet = quiet_partners([gateshead], date(2010, 3, 31))
    assert len(quiet) == ReferralPartner.objects.filter(site=gateshead).count() == 3
    page = client_for(observer).get(
        reverse("referrals:site", args=["sheffield"]), {"period": "custom", "from": "2009-04-01", "to": "2010-03-31"}
    )
    assert "weekly presentation to agencies" in page.content.decode()
    assert "Claire Dunn" not in page.content.decode()
