"""End to end: the questionnaire summary form offers the rounds of the chosen questionnaire and the groups of the
chosen site, updated in place by htmx, at phone and desktop widths."""

import pytest
from playwright.sync_api import expect

from pilot.testing.browser import PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _options(page, name: str) -> list[str]:
    return [t.strip() for t in page.locator(f'select[name="{name}"] option').all_inner_texts()]


def _settled(page) -> None:
    """Wait until htmx has swapped the form in and set it up (a person is never this quick)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-added')")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_choices_follow_the_questionnaire_and_the_site(browser_page, evaluator, world, viewport):
    page, base_url = browser_page
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    login(page, base_url, evaluator.username, PASSWORD)
    page.goto(f"{base_url}/reports/new/questionnaire_summary/")
    # With JavaScript the no-JS button is hidden: htmx asks the server as soon as something is chosen.
    expect(page.get_by_role("button", name="Update the choices")).to_be_hidden()
    assert _options(page, "round") == ["All rounds"]

    page.locator("#id_questionnaire").select_option(label="SMART Recovery group members, autumn 2009")
    expect(page.locator('select[name="round"] option')).to_have_count(3)
    _settled(page)
    assert _options(page, "round")[1:] == [
        "Autumn 2009 at Beta, Beta City",
        "Autumn 2009 members' questionnaire, Alpha Town",
    ]
    page.locator("#id_site").select_option(label="Beta City")
    expect(page.locator('select[name="round"] option')).to_have_count(2)
    _settled(page)
    assert _options(page, "group") == ["All groups", "Beta City: Beta Monday", "Beta City: Beta Thursday"]
    assert page.locator("#id_questionnaire").input_value() == "members_autumn_2009"  # kept across the swap
    page.get_by_label("Collection round").select_option(label="Autumn 2009 at Beta, Beta City")
    screenshot(page, f"reports-new-dependent-{viewport}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

    page.get_by_role("button", name="Build the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaire summary")
    filters = page.locator(".report-meta").inner_text()
    assert "Collection round: Autumn 2009 at Beta, Beta City" in filters
    assert "Questionnaire: SMART Recovery group members, autumn 2009" in filters and "Site: Beta City" in filters
    screenshot(page, f"reports-detail-words-{viewport}")
    page.goto(f"{base_url}/reports/")
    listed = page.locator(".report-filters").first.inner_text()
    assert listed.startswith("Questionnaire: SMART Recovery group members, autumn 2009; Collection round: Autumn")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"reports-index-words-{viewport}")


def test_without_javascript_update_the_choices_narrows_them(live_server, browser, evaluator, world):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        login(page, live_server.url, evaluator.username, PASSWORD)
        page.goto(f"{live_server.url}/reports/new/questionnaire_summary/")
        page.locator("#id_questionnaire").select_option(label="SMART Recovery group members, autumn 2009")
        page.locator("#id_site").select_option(label="Alpha Town")
        assert _options(page, "round") == ["All rounds"]  # nothing happens by itself without JavaScript
        page.get_by_role("button", name="Update the choices").click()
        page.wait_for_load_state()
        assert _options(page, "round") == ["All rounds", "Autumn 2009 members' questionnaire, Alpha Town"]
        assert _options(page, "group") == ["All groups", "Alpha Town: Alpha Tuesday"]
        screenshot(page, "reports-new-dependent-nojs")
    finally:
        context.close()
