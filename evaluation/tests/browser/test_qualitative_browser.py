"""End to end: an evaluator records a focus group, tags a passage and reads the quotes, on a desktop and a phone."""

import pytest

from pilot.testing.browser import PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_evaluator_records_a_note_and_reads_quotes_by_theme(browser_page, evaluator, site_a):
    page, base_url = browser_page
    login(page, base_url, evaluator.username, PASSWORD)
    page.goto(f"{base_url}/evaluation/notes/")
    page.select_option("select[name=kind]", "focus_group")
    page.fill("input[name=date]", "2009-09-15")
    page.check("input[name=participant_roles][value=facilitator]")
    page.fill("textarea[name=notes]", "Facilitators need support to keep the group together. <b>Venue</b> was cold.")
    page.get_by_role("button", name="Save note").click()
    page.select_option("select[name=theme]", label="Facilitator support")
    page.fill("textarea[name=excerpt]", "Facilitators need support to keep the group together.")
    page.get_by_role("button", name="Tag passage").click()
    assert page.get_by_text("Passage tagged.").is_visible()
    assert page.locator("b", has_text="Venue").count() == 0  # shown as text
    for path, name in (("/evaluation/notes/", "notes"), ("/evaluation/notes/quotes/", "quotes")):
        for size in ({"width": 1280, "height": 900}, PHONE):
            page.set_viewport_size(size)
            page.goto(f"{base_url}{path}")
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], name
            screenshot(page, f"evaluation-qualitative-{name}")
            assert_accessible(page)
    assert page.get_by_role("heading", name="Facilitator support").is_visible()
