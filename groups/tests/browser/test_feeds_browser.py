"""End to end: a referrer finds the feeds from the finder, and the card's schema.org Event reads in a real browser."""

import icalendar
import pytest

from groups.tests.browser.test_register_meeting_browser import assert_fits_the_phone
from groups.tests.conftest import make_meeting_group
from pilot.testing.browser import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.browser

READ_EVENT = """() => {
  const event = document.querySelector('[itemtype="https://schema.org/Event"]');
  const prop = (root, name) => root.querySelector(`[itemprop="${name}"]`);
  const value = (el) => el && (el.getAttribute('content') || el.getAttribute('href'));
  const place = prop(event, 'location');
  return {
    name: value(prop(event, 'name')),
    startDate: value(prop(event, 'startDate')),
    byDay: value(prop(prop(event, 'eventSchedule'), 'byDay')),
    postalCode: value(prop(place, 'postalCode')),
    visibleText: event.innerText.trim(),
  };
}"""


def test_finder_links_the_feeds_and_the_card_carries_the_event(browser_page, group_a):
    page, base_url = browser_page
    group_a.postcode = "S1 2AB"
    group_a.save()
    make_meeting_group(group_a)

    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}/meetings/")
    assert page.get_by_role("link", name="calendar (iCalendar)").is_visible()
    assert page.get_by_role("link", name="Meeting Guide JSON").is_visible()
    assert_fits_the_phone(page)
    screenshot(page, "meetings-finder-feeds")
    feed = page.request.get(base_url + page.get_by_role("link", name="calendar (iCalendar)").get_attribute("href"))
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    icalendar.Calendar.from_ical(feed.body()).validate()

    page.goto(f"{base_url}/meetings/{group_a.pk}/card/")
    event = page.evaluate(READ_EVENT)
    assert event["name"] == "SMART Recovery Alpha Tuesday"
    assert event["startDate"].endswith("T18:30:00+01:00") or event["startDate"].endswith("T18:30:00+00:00")
    assert event["byDay"] == "https://schema.org/Tuesday" and event["postalCode"] == "S1 2AB"
    assert event["visibleText"] == ""  # data for machines: nothing shows twice on the card
    assert page.get_by_role("link", name="Add this group's meetings to a calendar").is_visible()
    assert_fits_the_phone(page)
    screenshot(page, "meetings-card-event")
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    screenshot(page, "meetings-card-event")
