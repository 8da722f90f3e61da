"""End to end: a committee meeting page and its action form on a phone and a desktop, accessible."""

import datetime

import pytest

from pilot.testing.browser import DESKTOP, PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser
D = datetime.date


@pytest.mark.parametrize("size", [PHONE, DESKTOP])
def test_the_coordinator_reads_a_meeting_and_adds_an_action(browser_page, coordinator, size):
    from committee.models import CommitteeAction
    from committee.tests.factories import CommitteeActionFactory, CommitteeMeetingFactory

    meeting = CommitteeMeetingFactory(held_on=D(2009, 6, 15), decisions="Professionals should not facilitate.")
    CommitteeActionFactory(
        meeting=meeting, description="Tell the hosts", owner="Project coordinator", due_on=D(2009, 7, 31)
    )
    page, base_url = browser_page
    page.set_viewport_size(size)
    login(page, base_url, coordinator.username, PASSWORD)
    page.goto(f"{base_url}{meeting.get_absolute_url()}")
    assert "overdue" in page.locator("table").inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= size["width"]
    assert_accessible(page)
    screenshot(page, "committee-meeting")
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Description").fill("Name the key actor")
    page.get_by_label("Owner").fill("Alcohol Concern")
    page.get_by_label("Due on").fill("2009-05-01")
    page.get_by_role("button", name="Save the action").click()
    assert "on or after the meeting" in page.content()
    screenshot(page, "committee-action-error")
    page.get_by_label("Due on").fill("2009-09-30")
    page.get_by_role("button", name="Save the action").click()
    assert CommitteeAction.objects.filter(description="Name the key actor").exists()
