"""End to end: a referrer searches the public meeting finder by a typed town or postcode district, on a phone
and a desktop, and opens a referral card that gives the finder's address."""

import pytest

from groups.tests.conftest import make_meeting_group
from groups.tests.factories import GroupFactory
from pilot.testing.browser import DESKTOP, PHONE, axe_violations, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def listed(site_a, site_b):
    make_meeting_group(GroupFactory(site=site_a, name="City Centre", town="Sheffield", postcode="S1 2AB"))
    make_meeting_group(GroupFactory(site=site_a, name="Crookes", town="Sheffield", postcode="S10 1AA"))
    make_meeting_group(
        GroupFactory(site=site_b, name="Norwich Thursday", town="Norwich", postcode="NR1 3PQ", weekday=3)
    )


def names(page) -> list[str]:
    return [h.inner_text() for h in page.locator(".finder-list h2").all()]


def assert_fits_and_accessible(page, name: str) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
    screenshot(page, name)
    bad = axe_violations(page, impacts=("moderate", "serious", "critical"))
    assert not bad, "\n".join(f"{v['impact']}: {v['id']} - {v['help']}" for v in bad)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_referrer_finds_meetings_by_a_typed_postcode_district_or_town(browser_page, listed, viewport):
    page, base_url = browser_page
    page.set_viewport_size(viewport)
    page.goto(f"{base_url}/meetings/")
    assert len(names(page)) == 3
    assert page.get_by_text("Next meeting:").first.is_visible()
    assert_fits_and_accessible(page, "finder")

    page.get_by_label("Town or postcode").fill("s1")
    page.get_by_role("button", name="Find").click()
    page.wait_for_load_state("networkidle")
    assert names(page) == ["SMART Recovery City Centre"]  # S1, never S10
    assert page.get_by_role("status").inner_text() == "1 meeting for “s1”"
    assert_fits_and_accessible(page, "finder-postcode")

    page.get_by_label("Town or postcode").fill("  NORWICH ")
    page.get_by_role("button", name="Find").click()
    page.wait_for_load_state("networkidle")
    assert names(page) == ["SMART Recovery Norwich Thursday"]

    page.get_by_label("Town or postcode").fill("Leeds")
    page.get_by_role("button", name="Find").click()
    page.wait_for_load_state("networkidle")
    assert names(page) == [] and "No meeting matches “Leeds”" in page.get_by_role("status").inner_text()
    assert_fits_and_accessible(page, "finder-none")

    page.get_by_label("Town or postcode").fill("")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Referral card for Crookes").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".card-finder-url").inner_text() == f"{base_url}/meetings/"
    assert_fits_and_accessible(page, "referral-card")
