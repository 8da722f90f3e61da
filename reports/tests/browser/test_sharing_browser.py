"""End to end: a coordinator shares a finished report with the steering committee, is refused an exact one, and an
observer finds it under Shared with you and downloads it; at 375 and 1280 px with axe."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from pilot.testing.browser import DESKTOP, PHONE, axe_violations, login, screenshot
from pilot.tests.factories import PASSWORD
from reports.models import ReportRequest

pytestmark = pytest.mark.browser


def _done(user, **params) -> ReportRequest:
    report = ReportRequest.objects.create(
        requested_by=user, kind="monitoring", parameters=params, format="pdf", status="done", built_for="coordinator"
    )
    report.file = default_storage.save(f"reports/2009/11/{report.pk}/monitoring.pdf", ContentFile(b"%PDF-1.7 x"))
    report.save()
    return report


def _check(page, name: str) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    bad = axe_violations(page, impacts=("moderate", "serious", "critical"))
    assert not bad, f"accessibility violations on {name}: " + "; ".join(f"{v['impact']} {v['id']}" for v in bad)


def test_coordinator_shares_a_report_and_the_committee_reads_it(browser_page, coordinator, observer, site_a):
    published = _done(coordinator, site=site_a.slug, date_from="2009-10-01")
    exact = _done(coordinator, site=site_a.slug, figures="exact")
    page, base_url = browser_page
    login(page, base_url, coordinator.username, PASSWORD)

    page.goto(f"{base_url}{exact.get_absolute_url()}")
    page.get_by_role("link", name="Share with readers").click()
    page.get_by_label("The steering committee (observers)").check()
    page.get_by_role("button", name="Share the report").click()
    expect(page.get_by_text("holds exact figures, which are not for publication")).to_be_visible()
    screenshot(page, "report-share-refused")

    page.goto(f"{base_url}{published.get_absolute_url()}")
    page.get_by_role("link", name="Share with readers").click()
    page.get_by_label("The steering committee (observers)").check()
    page.get_by_role("button", name="Share the report").click()
    expect(page.get_by_text("Shared with the steering committee (observers).")).to_be_visible()
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.reload()
        screenshot(page, "report-share")
        _check(page, f"the share page at {viewport['width']}px")

    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    login(page, base_url, observer.username, PASSWORD)
    page.goto(f"{base_url}/reports/")
    library = page.locator("ul.shared-reports")
    expect(library.get_by_role("link", name="Monitoring report")).to_have_count(1)  # the exact one is not there
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.reload()
        screenshot(page, "reports-shared-with-you")
        _check(page, f"the observer's reports page at {viewport['width']}px")
    with page.expect_download() as info:
        library.get_by_role("link", name="Download").click()
    assert info.value.suggested_filename == "monitoring.pdf"
