"""End to end on a phone: the period control on three pages, from the running programme to the pilot's end."""

import datetime

import pytest

from pilot.testing.browser import PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser
D = datetime.date


@pytest.fixture
def programmes(db, site_a):
    from programmes.tests.factories import ProgrammeFactory, ProgrammeSiteFactory

    pilot = ProgrammeFactory(name="Pilot", starts_on=D(2008, 4, 1), ends_on=D(2010, 3, 31))
    later = ProgrammeFactory(name="Continuation", starts_on=D(2010, 4, 1), ends_on=D(2099, 3, 31))
    for programme in (pilot, later):
        ProgrammeSiteFactory(programme=programme, site=site_a)
    return pilot, later


@pytest.mark.parametrize("path", ["/", "/sites/", "/training/pipeline/"])
def test_the_period_control_moves_a_page_to_the_pilots_end_and_to_chosen_dates(
    browser_page, coordinator, programmes, path
):
    pilot, later = programmes
    page, base_url = browser_page
    page.set_viewport_size(PHONE)
    login(page, base_url, coordinator.username, PASSWORD)
    page.goto(f"{base_url}{path}")
    judged = page.locator(".period-judged")
    assert "Continuation" in judged.inner_text() and "running: judged as of today" in judged.inner_text()
    # The control fits the phone: nothing scrolls sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_label("Period", exact=True).select_option(f"p{pilot.pk}")
    page.get_by_role("button", name="Show this period").click()
    page.wait_for_load_state("networkidle")
    assert f"period=p{pilot.pk}" in page.url
    assert "ended 31 March 2010: judged as of that day." in page.locator(".period-judged").inner_text()
    screenshot(page, f"period {path.strip('/') or 'home'}")
    assert_accessible(page)

    # Typing dates switches the control to "Dates I choose".
    page.get_by_label("From", exact=False).first.fill("2009-10-01")
    page.get_by_label("To", exact=False).first.fill("2009-12-31")
    assert page.get_by_label("Period", exact=True).input_value() == "custom"
    page.get_by_role("button", name="Show this period").click()
    page.wait_for_load_state("networkidle")
    assert "judged as of its last day, 31 December 2009" in page.locator(".period-judged").inner_text()
