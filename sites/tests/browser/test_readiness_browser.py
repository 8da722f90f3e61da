"""End to end: a site contact ticks the readiness checklist and sees "2 of 7" on the site page, phone and desktop."""

import pytest

from pilot.testing.browser import PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_site_contact_ticks_the_checklist(browser_page, site_contact_a, site_a):
    page, base_url = browser_page
    login(page, base_url, site_contact_a.username, PASSWORD)
    for width, height in ((1280, 900), (PHONE["width"], PHONE["height"])):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base_url}/sites/alpha/readiness/")
        assert page.get_by_role("heading", level=1).inner_text() == "Readiness of Alpha Town"
        screenshot(page, "readiness-form")
        assert_accessible(page)
    page.get_by_role("checkbox", name="Agreement signed").check()
    page.get_by_label("Agreement signed: done on").fill("2009-03-02")
    page.get_by_role("checkbox", name="A champion named").check()
    page.get_by_role("button", name="Save the checklist").click()
    page.get_by_text("Readiness checklist saved.").wait_for(timeout=5000)
    assert page.get_by_role("heading", name="Readiness (2 of 7)").is_visible()
    assert page.locator("#readiness").get_by_text("02/03/2009").is_visible()
    screenshot(page, "site-page-readiness")
    assert_accessible(page)


def test_site_contact_writes_the_sustainability_plan(browser_page, site_contact_a, site_a):
    page, base_url = browser_page
    login(page, base_url, site_contact_a.username, PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}/sites/alpha/sustainability/")
    screenshot(page, "sustainability-form")
    assert_accessible(page)
    page.get_by_label("Future").select_option("at_risk")
    page.get_by_label("Who hosts the group next").fill("The host agency")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("Sustainability plan saved.").wait_for(timeout=5000)
    assert page.get_by_role("heading", name="After the funding: at risk").is_visible()
    screenshot(page, "site-page-sustainability")
    assert_accessible(page)
