"""End to end, on a phone and a laptop: the long lists a page at a time. The coordinator moves through the missing
registrations group by group; a referrer moves through the finder's meetings with the search kept."""

import datetime

import pytest
from django.utils import timezone

from groups.meeting_views import MISSING_GROUPS_PER_PAGE
from groups.models import GroupStatus
from groups.public_views import FINDER_PER_PAGE
from groups.tests.conftest import make_meeting_group
from groups.tests.factories import GroupFactory
from pilot.testing.browser import DESKTOP, PHONE, axe_violations, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def assert_fits_and_accessible(page, name: str) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
    screenshot(page, name)
    bad = axe_violations(page, impacts=("serious", "critical"))
    assert not bad, "\n".join(f"{v['impact']}: {v['id']} - {v['help']}" for v in bad)


def assert_tappable(link) -> None:
    box = link.bounding_box()
    assert box is not None and box["height"] >= 40 and box["width"] >= 44, box


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_coordinator_pages_through_missing_registrations_by_group(browser_page, coordinator, site_a, viewport):
    page, base_url = browser_page
    since = timezone.localdate() - datetime.timedelta(days=120)
    for n in range(MISSING_GROUPS_PER_PAGE + 2):
        make_meeting_group(GroupFactory(site=site_a, name=f"Group {n:02d}"), since=since)
    page.set_viewport_size(viewport)
    login(page, base_url, coordinator.username, PASSWORD)
    page.goto(f"{base_url}/groups/missing/")
    rows = page.locator("tbody tr")
    assert rows.count() == MISSING_GROUPS_PER_PAGE
    assert page.get_by_role("link", name="Download every row (CSV)").is_visible()
    older = page.get_by_role("link", name="Older")
    older.scroll_into_view_if_needed()
    assert older.is_visible()
    assert_tappable(older)
    assert_fits_and_accessible(page, "groups-missing")
    with page.expect_navigation():
        older.click()
    assert page.locator("tbody tr").count() == 2
    assert page.get_by_text("Page 2 of 2", exact=True).is_visible()
    assert_fits_and_accessible(page, "groups-missing-page-2")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_referrer_pages_through_the_finder_with_the_day_kept(browser_page, site_a, viewport):
    page, base_url = browser_page
    for n in range(FINDER_PER_PAGE + 3):
        GroupFactory(site=site_a, name=f"Tuesday {n:02d}", town="Sheffield", status=GroupStatus.MEETING, weekday=1)
    GroupFactory(site=site_a, name="Wednesday", town="Sheffield", status=GroupStatus.MEETING, weekday=2)
    page.set_viewport_size(viewport)
    page.goto(f"{base_url}/meetings/")
    page.get_by_label("Day").select_option(label="Tuesday")
    with page.expect_navigation():
        page.get_by_role("button", name="Find").click()
    assert page.locator(".finder-list h2").count() == FINDER_PER_PAGE
    more = page.get_by_role("link", name="More meetings")
    more.scroll_into_view_if_needed()
    assert_tappable(more)
    assert_fits_and_accessible(page, "finder-page-1")
    with page.expect_navigation():
        more.click()
    names = [h.inner_text() for h in page.locator(".finder-list h2").all()]
    assert names == [f"SMART Recovery Tuesday {n:02d}" for n in range(FINDER_PER_PAGE, FINDER_PER_PAGE + 3)]
    assert page.get_by_label("Day").input_value() == "1"
    assert_fits_and_accessible(page, "finder-page-2")
