"""End to end: an evaluator asks for a report, watches the bar reach 100% and downloads the file."""

import pytest
from django.conf import settings
from openpyxl import load_workbook
from playwright.sync_api import expect

from pilot.testing.browser import PHONE, assert_accessible, login, screenshot
from pilot.testing.services import require
from pilot.testing.worker import WorkerProcess, broker_reachable
from pilot.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.worker]


@pytest.fixture
def slow_worker(monkeypatch, tmp_path, transactional_db):
    require(broker_reachable(), f"no Celery broker reachable at {settings.CELERY_BROKER_URL}")
    monkeypatch.setenv("DJANGO_MEDIA_ROOT", str(settings.MEDIA_ROOT))
    monkeypatch.setenv("REPORTS_STEP_DELAY", "0.4")  # slow enough to watch the bar move
    worker = WorkerProcess(tmp_path).start()
    yield worker
    worker.stop()


def test_evaluator_requests_watches_and_downloads_a_report(browser_page, slow_worker, evaluator, meetings, tmp_path):
    page, base_url = browser_page
    login(page, base_url, evaluator.username, PASSWORD)
    page.goto(f"{base_url}/reports/")
    assert page.get_by_role("heading", level=1).inner_text() == "Reports"
    screenshot(page, "reports-index")
    assert_accessible(page)

    page.get_by_role("link", name="Monitoring report").click()
    page.get_by_label("Excel workbook (XLSX)").check()
    page.get_by_label("From").fill("01/10/2009")
    screenshot(page, "reports-new")
    assert_accessible(page)
    page.get_by_role("button", name="Build the report").click()

    bar = page.locator("#report-progress")
    expect(bar).to_be_visible()
    screenshot(page, "reports-progress")
    expect(bar).to_have_attribute("value", "100", timeout=90_000)
    download_link = page.get_by_role("link", name="Download")
    expect(download_link).to_be_visible()
    screenshot(page, "reports-done")
    assert_accessible(page)

    with page.expect_download() as info:
        download_link.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    assert "Meetings per group and month" in load_workbook(saved).sheetnames

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("link", name="Download")).to_be_visible()
    screenshot(page, "reports-done")
    assert_accessible(page)
