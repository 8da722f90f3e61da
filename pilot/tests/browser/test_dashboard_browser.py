"""End to end: the coordinator signs in through the real form and reaches an accessible dashboard."""

import pytest

from pilot.testing.browser import PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_coordinator_signs_in_and_sees_an_accessible_dashboard(browser_page, coordinator):
    page, base_url = browser_page
    page.goto(f"{base_url}/")
    assert "/accounts/login/" in page.url  # anonymous visitors are sent to sign in
    screenshot(page, "login")
    assert_accessible(page)

    login(page, base_url, coordinator.username, PASSWORD)
    assert page.url.rstrip("/") == base_url
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")
    assert page.get_by_text("Signed in as coordinator").is_visible()
    # The coordinator has the longest menu: at a laptop's width it stays within the window, every link
    # visible, and the audit log sits in the account menu.
    for width in (1200, 1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
        for label in ("Sites", "Budget", "Questionnaires", "Reports"):
            link = page.get_by_role("navigation", name="Main").get_by_role("link", name=label, exact=True)
            box = link.bounding_box()
            assert box and box["x"] + box["width"] <= width, f"{label} is cut off at {width}px"
    page.get_by_role("button", name=coordinator.username).click()
    page.get_by_role("link", name="Audit log").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Audit")
    page.go_back()
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "dashboard")
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    page.reload()
    # On a phone the menu folds behind a button that must still open it.
    page.get_by_role("button", name="Show menu").click()
    assert page.get_by_role("link", name="Sites").is_visible()
    screenshot(page, "dashboard")
    assert_accessible(page)


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(browser_page, coordinator):
    page, base_url = browser_page
    login(page, base_url, coordinator.username, "not-the-password")
    assert "/accounts/login/" in page.url
    assert page.get_by_text("Please enter a correct username and password").is_visible()
    login(page, base_url, "no-such-user", "not-the-password")
    assert page.get_by_text("Please enter a correct username and password").is_visible()
