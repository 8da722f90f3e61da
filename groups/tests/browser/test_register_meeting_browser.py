"""End to end on a phone: a facilitator registers a meeting in one submit; the group page and coordinator see it."""

import pytest

from groups.models import Meeting
from groups.tests.conftest import make_meeting_group
from pilot.testing.browser import DESKTOP, PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser

OVERFLOW = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(e => e.tagName + '.' + e.className)"""


def assert_fits_the_phone(page) -> None:
    """Nothing makes the page wider than the phone; on failure, name what reaches past its edge."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], page.evaluate(OVERFLOW)


def test_facilitator_registers_a_meeting_on_a_phone_in_one_submit(browser_page, facilitator_a, group_a, coordinator):
    page, base_url = browser_page
    make_meeting_group(group_a)
    page.set_viewport_size(PHONE)
    login(page, base_url, facilitator_a.username, PASSWORD)
    assert page.get_by_role("heading", name="My groups").is_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Register", exact=False).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Register a meeting"
    assert page.get_by_text("Alpha Tuesday").first.is_visible()  # preselected: the only group
    assert_fits_the_phone(page)
    screenshot(page, "groups-register-empty")
    assert_accessible(page)

    assert page.get_by_label("Fac_A").is_checked()  # the signed-in facilitator, ticked already
    page.get_by_label("People attending").fill("7")
    page.get_by_label("Of whom newcomers").fill("2")
    page.get_by_text("What you covered (optional)").click()
    assert page.get_by_text("Do not write anyone's name").is_visible()
    page.get_by_label("Check-in").check()
    page.get_by_label("ABCs for urge coping").check()
    page.get_by_label("Alcohol worker").fill("2")
    # (no full-page screenshot here: it resizes the viewport and the tap would miss the button)
    with page.expect_navigation():
        page.get_by_role("button", name="Register meeting").click()
    meeting = Meeting.objects.get()
    assert (meeting.attendance, meeting.newcomers, meeting.referral_alcohol_worker) == (7, 2, 2)
    assert meeting.agenda_check_in and meeting.tool_abc_urges
    assert page.url.rstrip("/").endswith(f"/groups/{group_a.pk}")
    assert page.get_by_text("the meeting of").first.is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Alpha Tuesday"
    assert page.locator("svg.chart").is_visible()
    assert_fits_the_phone(page)
    screenshot(page, "groups-group-page")
    assert_accessible(page)

    page.set_viewport_size(DESKTOP)
    page.context.clear_cookies()
    login(page, base_url, coordinator.username, PASSWORD)
    assert page.get_by_text(f"{meeting.date:%d/%m/%Y}: 7 attending").is_visible()
    page.goto(f"{base_url}/groups/{group_a.pk}/")
    screenshot(page, "groups-group-page")
    assert_accessible(page)


def test_public_finder_and_referral_card_work_logged_out(browser_page, group_a):
    page, base_url = browser_page
    make_meeting_group(group_a)
    page.goto(f"{base_url}/meetings/")
    assert page.get_by_role("heading", level=1).inner_text() == "Find a SMART Recovery meeting"
    screenshot(page, "groups-finder")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        page.get_by_role("link", name="Referral card").first.click()
    assert page.get_by_text("At your first meeting").is_visible()
    screenshot(page, "groups-card")
    assert_accessible(page)
