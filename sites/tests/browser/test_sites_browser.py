"""End to end: the coordinator logs a progress entry on a site page and finds it on the page and in the timeline."""

from datetime import date

import pytest
from django.utils import timezone

from pilot.testing.browser import PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD
from sites.tests.factories import ProgressEntryFactory, SitePersonFactory, with_history

pytestmark = pytest.mark.browser


@pytest.fixture
def sheffield(site_a):
    with_history(site_a, ("selected", date(2008, 9, 24)), ("agreement_issued", date(2008, 10, 15)))
    SitePersonFactory(site=site_a, name="Karen Walsh", role="practitioner_champion", email="karen@example.org")
    ProgressEntryFactory(site=site_a, day=date(2009, 3, 5), kind="training", note="Two-day training delivered.")
    return site_a


def test_coordinator_logs_a_milestone_and_sees_it_on_the_site_page_and_timeline(browser_page, coordinator, sheffield):
    page, base_url = browser_page
    login(page, base_url, coordinator.username, PASSWORD)

    page.goto(f"{base_url}/sites/")
    assert page.get_by_role("heading", level=1).inner_text() == "Host sites"
    screenshot(page, "sites-overview")
    assert_accessible(page)

    page.get_by_role("link", name="Alpha Town").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Alpha Town"
    assert page.locator("#id_day").input_value() == timezone.localdate().isoformat()
    page.get_by_label("Kind").select_option("milestone")
    page.get_by_label("What happened").fill("Group held its first meeting in the agency's lounge.")
    page.get_by_role("button", name="Add to the log").click()
    saved = page.get_by_text("Added to the progress log.")
    saved.wait_for(timeout=5000)
    assert saved.is_visible()
    log = page.locator("#log")
    assert log.get_by_text("Group held its first meeting in the agency's lounge.").is_visible()
    screenshot(page, "site-page")
    assert_accessible(page)

    page.get_by_role("link", name="Timeline").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Alpha Town: timeline"
    month = timezone.localdate().strftime("%B %Y")
    row = page.get_by_role("row").filter(has_text=month)
    assert row.get_by_text("Alpha Town: Group held its first meeting in the agency's lounge.").is_visible()
    assert_accessible(page)

    page.goto(f"{base_url}/sites/timeline/")
    assert page.get_by_text("Alpha Town: Group held its first meeting").is_visible()
    screenshot(page, "sites-timeline")
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}/sites/{sheffield.slug}/")
    screenshot(page, "site-page")
    assert_accessible(page)
    page.goto(f"{base_url}/sites/")
    screenshot(page, "sites-overview")
    assert_accessible(page)


def test_bad_input_on_the_quick_add_form_is_explained_beside_the_field(browser_page, coordinator, sheffield):
    page, base_url = browser_page
    login(page, base_url, coordinator.username, PASSWORD)
    page.goto(f"{base_url}/sites/{sheffield.slug}/")
    page.get_by_label("What happened").fill("Phoned the champion")
    page.get_by_label("Follow up by (optional)").fill("2000-01-01")
    page.get_by_role("button", name="Add to the log").click()
    error = page.get_by_text("The follow-up date cannot be before the entry's date.")
    error.wait_for(timeout=5000)
    assert error.is_visible()
    assert page.get_by_label("What happened").input_value() == "Phoned the champion"
    assert_accessible(page)


def test_selection_log_and_timeline_pages_are_accessible_on_a_phone(browser_page, coordinator, sheffield):
    from sites.tests.factories import ApplicationFactory

    ApplicationFactory(agency_name="Anytown Community Alcohol Service", region="east", score_geography=3)
    ApplicationFactory(region="london", decision="selected", site=sheffield)
    ProgressEntryFactory(site=sheffield, day=date(2009, 6, 1), kind="issue", follow_up_on=date(2009, 6, 15))
    page, base_url = browser_page
    login(page, base_url, coordinator.username, PASSWORD)
    page.set_viewport_size(PHONE)
    for path, heading in [
        ("/sites/applications/", "Applications and selection"),
        ("/sites/log/", "Progress log"),
        ("/sites/timeline/", "Programme timeline"),
    ]:
        page.goto(f"{base_url}{path}")
        assert page.get_by_role("heading", level=1).inner_text() == heading
        screenshot(page, f"sites-{heading}")
        assert_accessible(page)
        # Nothing wider than the phone: no sideways scrolling on a bus.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
