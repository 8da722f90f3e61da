"""End to end: a site contact records a support contact on a phone; a facilitator answers their check-in."""

import pytest

from groups.models import SupportContact, WellbeingCheckIn
from groups.tests.browser.test_register_meeting_browser import assert_fits_the_phone
from pilot.testing.browser import DESKTOP, PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_site_contact_records_support_and_facilitator_checks_in(browser_page, site_contact_a, facilitator_a):
    page, base_url = browser_page
    record = facilitator_a.facilitator
    page.set_viewport_size(PHONE)
    login(page, base_url, site_contact_a.username, PASSWORD)
    page.goto(f"{base_url}/groups/facilitators/{record.pk}/support/")
    page.get_by_label("Kind").select_option("debrief")
    page.get_by_label("Date").first.fill("2009-05-01")
    page.get_by_label("Who").fill("Sam")
    with page.expect_navigation():
        page.get_by_role("button", name="Record contact").click()
    assert SupportContact.objects.get().given_by == "Sam"
    assert_fits_the_phone(page)
    screenshot(page, "groups-facilitator-support")
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    screenshot(page, "groups-facilitator-support")

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    login(page, base_url, facilitator_a.username, PASSWORD)
    page.goto(f"{base_url}/groups/facilitators/{record.pk}/support/")
    page.get_by_label("Struggling").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save my check-in").click()
    assert WellbeingCheckIn.objects.get().feeling == "struggling"
    assert not page.get_by_text("Sam").is_visible()
    assert_fits_the_phone(page)
    screenshot(page, "groups-facilitator-checkin")
    assert_accessible(page)
