"""End to end on a phone and a desktop: a site's referral pathways page, the partner form with its errors, the
outreach form, and the site page's panel; nothing wider than the screen, accessible."""

import datetime

import pytest
from django.urls import reverse

from pilot.testing.browser import DESKTOP, PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser
D = datetime.date


def _fits(page, size) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= size["width"]


@pytest.mark.parametrize("size", [PHONE, DESKTOP])
def test_a_site_contact_records_a_partner_and_outreach(browser_page, site_contact_a, site_a, size):
    from groups.tests.factories import GroupFactory, MeetingFactory
    from referrals.models import OutreachActivity, ReferralPartner
    from referrals.tests.factories import OutreachFactory, PartnerFactory

    partner = PartnerFactory(
        site=site_a,
        agency="Alpha community alcohol team",
        team="Structured day programme",
        champion_name="Ivy Champion",
        champion_kind="practitioner",
    )
    OutreachFactory(site=site_a, partner=partner, date=D(2009, 6, 3), note="Weekly presentation to staff")
    group = GroupFactory(site=site_a)
    MeetingFactory(group=group, date=D(2009, 6, 9), newcomers=3, referral_alcohol_worker=2, referral_self=1)
    page, base_url = browser_page
    page.set_viewport_size(size)
    login(page, base_url, site_contact_a.username, PASSWORD)
    query = "?period=custom&from=2009-04-01&to=2009-12-31"
    page.goto(f"{base_url}{reverse('referrals:site', args=[site_a.slug])}{query}")
    assert "Ivy Champion" in page.content() and "Weekly presentation to staff" in page.content()
    _fits(page, size)
    assert_accessible(page)
    screenshot(page, f"referrals-site-{size['width']}")

    page.get_by_role("link", name="Add a partner").click()
    page.get_by_label("Agency").fill("Alpha GP practice")
    page.get_by_label("MOCAM tier").select_option("1")
    page.get_by_label("Kind of referrer").select_option("gp")
    page.get_by_label("Champion's name").fill("Dr Example")
    page.get_by_role("button", name="Save the partner").click()
    page.get_by_text("Say whether the champion is a professional").wait_for()
    _fits(page, size)
    assert_accessible(page)
    screenshot(page, f"referrals-partner-error-{size['width']}")
    page.get_by_label("Champion is a").select_option("professional")
    page.get_by_role("button", name="Save the partner").click()
    page.get_by_role("link", name="Log outreach").wait_for()
    assert ReferralPartner.objects.filter(agency="Alpha GP practice", champion_kind="professional").exists()

    page.get_by_role("link", name="Log outreach").click()
    page.get_by_label("Audience size").fill("-2")
    page.get_by_role("button", name="Save the outreach").click()
    page.get_by_text("0 or more").wait_for()
    _fits(page, size)
    page.get_by_label("Audience size").fill("14")
    page.get_by_role("button", name="Save the outreach").click()
    page.get_by_text("The outreach is saved.").wait_for()
    assert OutreachActivity.objects.filter(audience_size=14).exists()

    page.goto(f"{base_url}{site_a.get_absolute_url()}{query}")
    assert "Referral pathways" in page.content() and "Where newcomers came from" in page.content()
    _fits(page, size)
    assert_accessible(page)
    screenshot(page, f"referrals-site-panel-{size['width']}")


@pytest.mark.parametrize("size", [PHONE, DESKTOP])
def test_the_coordinator_reads_the_network_list_and_the_overview(browser_page, coordinator, site_a, size):
    from referrals.tests.factories import PartnerFactory

    PartnerFactory(site=site_a, agency="Alpha community alcohol team", since=D(2009, 1, 1))
    page, base_url = browser_page
    page.set_viewport_size(size)
    login(page, base_url, coordinator.username, PASSWORD)
    page.goto(f"{base_url}{reverse('referrals:list')}")
    assert "quiet" in page.content()
    _fits(page, size)
    assert_accessible(page)
    screenshot(page, f"referrals-list-{size['width']}")
    page.goto(f"{base_url}{reverse('network:overview')}")
    assert "1 partner, 1 quiet" in page.content()
    _fits(page, size)
    screenshot(page, f"referrals-overview-{size['width']}")
    page.goto(f"{base_url}/")
    assert "Referral partners gone quiet" in page.content()
    _fits(page, size)
