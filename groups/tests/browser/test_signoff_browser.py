"""End to end: a site contact finds last month on the data quality page, reviews it and approves it."""

import datetime

import pytest
from django.utils import timezone

from groups.models import MonthSignOff
from groups.tests.browser.test_register_meeting_browser import assert_fits_the_phone
from groups.tests.conftest import make_meeting_group
from groups.tests.factories import MeetingFactory
from pilot.testing.browser import DESKTOP, PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_site_contact_reviews_and_approves_last_month(browser_page, site_contact_a, group_a, group_b):
    page, base_url = browser_page
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    make_meeting_group(group_a, since=last_month - datetime.timedelta(days=60))
    tuesdays = [last_month + datetime.timedelta(days=d) for d in range(31)]
    tuesdays = [d for d in tuesdays if d.month == last_month.month and d.weekday() == 1]
    MeetingFactory(group=group_a, date=tuesdays[0], attendance=40, confirmed_warnings=["attendance_high"])
    MeetingFactory(group=group_a, date=tuesdays[1])

    page.set_viewport_size(PHONE)
    login(page, base_url, site_contact_a.username, PASSWORD)
    page.goto(f"{base_url}/sites/alpha/")  # the site page's months say provisional and link to the data quality page
    assert page.get_by_role("columnheader", name="Sign-off").is_visible()
    assert_fits_the_phone(page)
    screenshot(page, "groups-site-panel-signoff")
    with page.expect_navigation():
        page.get_by_role("link", name="Data quality and monthly sign-off").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Data quality: Alpha Town"
    assert_fits_the_phone(page)
    screenshot(page, "groups-data-quality")
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name=f"Alpha Town {last_month:%B %Y}, sign-off").click()
    assert page.get_by_text("Attendance far above the group's usual").is_visible()
    assert page.get_by_text("Missing").first.is_visible()
    assert_fits_the_phone(page)
    screenshot(page, "groups-signoff-month")
    assert_accessible(page)

    page.set_viewport_size(DESKTOP)
    with page.expect_navigation():
        page.get_by_role("button", name="Approve the month").click()
    assert MonthSignOff.objects.get().is_approved
    assert page.get_by_text("its registrations are now locked").is_visible()
    screenshot(page, "groups-signoff-approved")
    assert_accessible(page)
    page.goto(f"{base_url}/groups/quality/?period=recent")
    screenshot(page, "groups-data-quality")


def test_coordinator_sees_every_site_on_a_laptop(browser_page, coordinator, group_a, group_b):
    page, base_url = browser_page
    for group in (group_a, group_b):
        make_meeting_group(group, since=timezone.localdate() - datetime.timedelta(days=70))
    login(page, base_url, coordinator.username, PASSWORD)
    page.goto(f"{base_url}/groups/quality/?period=recent")
    assert page.get_by_role("columnheader", name="Site", exact=True).is_visible()
    assert page.get_by_role("rowheader", name="Beta City").is_visible()
    screenshot(page, "groups-data-quality-coordinator")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_fits_the_phone(page)
    screenshot(page, "groups-data-quality-coordinator")
    with page.expect_navigation():
        page.get_by_role("link", name="Beta City").click()  # the site's months, with their sign-off
    assert page.get_by_role("heading", level=1).inner_text() == "Data quality: Beta City"
    assert page.get_by_role("link", name="Review").first.is_visible()
    assert_fits_the_phone(page)
