"""On a 375 x 812 phone: a typical meeting in at most six interactions with the submit button within two screens,
then an unusual attendance asked about beside its field and confirmed; "Cancelled" hides the attendance; an
already registered date is said as soon as it is chosen."""

import datetime

import pytest
from django.utils import timezone

from groups import selectors
from groups.models import Meeting
from groups.tests.browser.test_register_meeting_browser import assert_fits_the_phone
from groups.tests.conftest import make_meeting_group
from groups.tests.factories import MeetingFactory
from pilot.testing.browser import DESKTOP, PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser

SUBMIT_BOTTOM = """() => {
    const b = [...document.querySelectorAll('button[type=submit]')]
        .find(e => e.textContent.includes('Register meeting'));
    return b.getBoundingClientRect().bottom + window.scrollY;
}"""


class Interactions:
    """Counts what the facilitator does: each tap, choice or typed field is one interaction."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator, navigates=False):
        self.count += 1
        if navigates:
            with self.page.expect_navigation():
                locator.click()
        else:
            locator.click()

    def fill(self, locator, value):
        self.count += 1
        locator.fill(value)


def _history(group, last_day):
    """Twelve usual meetings of 8 (last week's left to register), each with the check-in and DISARM."""
    for n in range(2, 14):
        MeetingFactory(group=group, date=last_day - datetime.timedelta(days=7 * n), attendance=8, newcomers=1,
                       agenda_check_in=True, tool_disarm=True)  # fmt: skip


def test_a_typical_meeting_in_six_interactions_then_an_unusual_one_confirmed(browser_page, facilitator_a, group_a):
    page, base_url = browser_page
    make_meeting_group(group_a)
    today = timezone.localdate()
    last_day = selectors.most_recent_scheduled_date(group_a, today)
    _history(group_a, last_day)
    page.set_viewport_size(PHONE)
    login(page, base_url, facilitator_a.username, PASSWORD)

    steps = Interactions(page)
    steps.click(page.get_by_role("link", name="Register", exact=False).first, navigates=True)
    assert page.get_by_role("heading", level=1).inner_text() == "Register a meeting"
    assert page.evaluate(SUBMIT_BOTTOM) <= 2 * PHONE["height"], "the submit button is beyond two screens"
    assert page.get_by_label("Fac_A").is_checked()
    assert page.get_by_label("Held", exact=True).is_checked()
    assert_fits_the_phone(page)
    screenshot(page, "groups-phone-form")
    assert_accessible(page)
    steps.fill(page.get_by_label("People attending"), "7")
    steps.fill(page.get_by_label("Of whom newcomers"), "1")
    steps.click(page.get_by_text("What you covered (optional)"))
    steps.click(page.get_by_role("button", name="Same as last time"))
    assert page.get_by_label("Check-in").is_checked() and page.get_by_label("DISARM").is_checked()
    assert page.get_by_text(f"Ticked as on {last_day - datetime.timedelta(days=14):%d/%m/%Y}.").is_visible()  # here
    assert not page.get_by_label("Welcome and introductions").is_checked()
    steps.click(page.get_by_role("button", name="Register meeting"), navigates=True)
    assert steps.count <= 6, steps.count
    meeting = Meeting.objects.get(date=last_day)
    assert (meeting.attendance, meeting.newcomers, meeting.agenda_check_in, meeting.tool_disarm) == (7, 1, True, True)
    assert list(meeting.facilitators.values_list("display_name", flat=True)) == ["Fac_A"]
    assert meeting.confirmed_warnings == []

    # Last week's meeting: first "Cancelled" hides the attendance, then it was held after all, with 150.
    page.goto(f"{base_url}/groups/meetings/new/?date={last_day - datetime.timedelta(days=7):%Y-%m-%d}")
    page.get_by_label("Cancelled", exact=True).check()
    assert not page.get_by_label("People attending").is_visible()
    page.get_by_label("Held", exact=True).check()
    page.get_by_label("People attending").fill("150")
    page.get_by_label("Of whom newcomers").fill("2")
    with page.expect_navigation():
        page.get_by_label("Of whom newcomers").press("Enter")  # Enter registers: it confirms nothing
    warning = page.locator("#warning-attendance_high")
    assert warning.is_visible()
    assert "150 is more than three times this group's usual attendance of 8. Is it right?" in warning.inner_text()
    assert not Meeting.objects.filter(attendance=150).exists()
    assert_fits_the_phone(page)
    screenshot(page, "groups-phone-warning")
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    screenshot(page, "groups-phone-warning")
    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, 150 is right").click()
    flagged = Meeting.objects.get(attendance=150)
    assert flagged.confirmed_warnings == ["attendance_high"]
    assert page.url.rstrip("/").endswith(f"/groups/{group_a.pk}")
    assert page.locator(".flag-marker").count() == 1
    screenshot(page, "groups-phone-group-page")


def test_choosing_an_already_registered_date_says_so_at_once(browser_page, facilitator_a, group_a):
    page, base_url = browser_page
    make_meeting_group(group_a)
    last_day = selectors.most_recent_scheduled_date(group_a, timezone.localdate())
    earlier = last_day - datetime.timedelta(days=7)
    existing = MeetingFactory(group=group_a, date=earlier, registered_by=facilitator_a)
    login(page, base_url, facilitator_a.username, PASSWORD)
    page.goto(f"{base_url}/groups/meetings/new/")
    assert not page.get_by_text("This meeting is already registered").is_visible()
    page.get_by_label("Date of the meeting").fill(earlier.isoformat())
    page.get_by_label("Date of the meeting").dispatch_event("change")
    alert = page.locator("#duplicate-warning .alert")
    alert.wait_for()
    assert "This meeting is already registered" in alert.inner_text()
    assert alert.get_by_role("link", name="change that registration").get_attribute("href") == (
        f"/groups/meetings/{existing.pk}/edit/"
    )
    page.set_viewport_size(DESKTOP)
    screenshot(page, "groups-register-duplicate")
    assert_accessible(page)
