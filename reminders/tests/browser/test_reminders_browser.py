"""End to end with a real SMTP server: a facilitator chooses their reminders, receives one, stops it from the
email's link without signing in, and then chooses to receive nothing; at 375 and 1280 px with axe."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from pilot.testing.browser import DESKTOP, PHONE, axe_violations, login, screenshot
from pilot.tests.factories import PASSWORD
from reminders import services
from reminders.models import Preference
from reminders.tests.conftest import set_meeting

pytestmark = pytest.mark.browser


def _check(page, name: str) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    bad = axe_violations(page, impacts=("moderate", "serious", "critical"))
    assert not bad, f"accessibility violations on {name}: " + "; ".join(f"{v['impact']} {v['id']}" for v in bad)


def test_a_facilitator_chooses_unsubscribes_from_an_email_and_then_takes_nothing(
    browser_page, smtp_server, settings, facilitator_a, group_a
):
    page, base_url = browser_page
    settings.REMINDERS_SITE_URL = base_url
    facilitator_a.email = "fac_a@example.org"
    facilitator_a.save()
    set_meeting(group_a)

    login(page, base_url, facilitator_a.username, PASSWORD)
    page.goto(f"{base_url}/reminders/")
    meetings, digest = page.get_by_label("Unregistered meetings"), page.get_by_label(re.compile("weekly digest"))
    expect(meetings).to_be_checked()  # the default: every reminder of the role, one by one
    expect(digest).not_to_be_checked()
    digest.check()
    digest.uncheck()  # changed their mind: single emails after all
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your reminder choices are saved.")).to_be_visible()
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.reload()
        screenshot(page, "reminders-preferences")
        _check(page, f"the reminders page at {viewport['width']}px")

    assert services.remind_unregistered_meetings(today=date(2009, 6, 3)) == 1
    (message,) = smtp_server.messages()
    text = message.get_payload(decode=True).decode()
    link = re.search(r"(http\S+/reminders/unsubscribe/\S+/)", text).group(1)

    page.context.clear_cookies()  # signed out: the link alone must do
    page.goto(link)
    expect(page.get_by_role("heading", name="Stop a reminder")).to_be_visible()
    screenshot(page, "reminders-unsubscribe")
    _check(page, "the unsubscribe page at 375px")
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_text("You will no longer receive")).to_be_visible()
    assert Preference.objects.get(user=facilitator_a).meeting_unregistered is False

    page.goto(link[:-3] + "zz/")  # a tampered link: a clear page, not an error
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()

    login(page, base_url, facilitator_a.username, PASSWORD)
    page.goto(f"{base_url}/reminders/")
    expect(page.get_by_label("Unregistered meetings")).not_to_be_checked()
    page.get_by_role("button", name="Save my choices").click()  # nothing ticked: nothing at all
    expect(page.get_by_text("Your reminder choices are saved.")).to_be_visible()
    assert services.remind_unregistered_meetings(today=date(2009, 6, 10)) == 0
    assert len(smtp_server.messages()) == 1


def test_the_coordinator_reads_the_record_of_reminders_sent(browser_page, coordinator, facilitator_a, group_a):
    from reminders.models import Kind, SentReminder

    SentReminder.objects.create(
        key="m1", user=facilitator_a, kind=Kind.MEETING_UNREGISTERED, group=group_a, day=date(2009, 6, 2)
    )
    page, base_url = browser_page
    login(page, base_url, coordinator.username, PASSWORD)
    page.goto(f"{base_url}/")
    page.get_by_role("button", name=re.compile(coordinator.username)).click()
    page.get_by_role("link", name="Reminders sent").click()
    expect(page.get_by_role("cell", name="Alpha Tuesday · 2 Jun 2009")).to_be_visible()
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.reload()
        screenshot(page, "reminders-sent")
        _check(page, f"the reminders sent page at {viewport['width']}px")
