"""End to end: the coordinator reads a programme's budget, then a year's programmes, at desktop and phone widths."""

import datetime
from decimal import Decimal

import pytest

from budget.tests.factories import BudgetHeadFactory, ExpenseFactory
from pilot.testing.browser import PHONE, assert_accessible, login, screenshot
from pilot.tests.factories import PASSWORD
from programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def pilot(db):
    pilot = ProgrammeFactory(
        name="Pilot (Department of Health)",
        starts_on=datetime.date(2008, 4, 1),
        ends_on=datetime.date(2010, 3, 31),
    )
    staffing = BudgetHeadFactory(programme=pilot, name="Staffing", planned=Decimal("50000.00"), position=1)
    travel = BudgetHeadFactory(programme=pilot, name="Travel", planned=Decimal("6000.00"), position=2)
    for month in range(1, 13):
        ExpenseFactory(head=staffing, date=datetime.date(2009, month, 28), amount=Decimal("2150.00"), payee="Payroll")
        ExpenseFactory(
            head=travel, date=datetime.date(2009, month, 20), amount=Decimal("545.35"), payee="Travel claims"
        )
    return pilot


def test_coordinator_reads_a_programmes_budget_on_desktop_and_phone(browser_page, coordinator, pilot):
    page, base_url = browser_page
    login(page, base_url, coordinator.username, PASSWORD)

    budget = f"/budget/?period=p{pilot.pk}&as_of=2009-09-30"
    page.goto(f"{base_url}{budget}")
    assert page.get_by_role("heading", level=1).inner_text() == "Programme budget"
    assert page.get_by_label("Period", exact=True).input_value() == f"p{pilot.pk}"
    assert page.get_by_text("£50,000.00").first.is_visible()
    assert page.locator("svg[role=img]").is_visible()
    screenshot(page, "budget")
    assert_accessible(page)

    # Choosing a year instead lists the programmes overlapping it; a click opens one's budget again.
    page.get_by_label("Period", exact=True).select_option("2009")
    page.get_by_role("button", name="Show this period").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Pilot (Department of Health)").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("£56,000.00").first.is_visible()
    screenshot(page, "budget-year")

    page.set_viewport_size(PHONE)
    for path, name in ((budget, "budget"), ("/budget/?period=2009", "budget-year")):
        page.goto(f"{base_url}{path}")
        # Nothing wider than the phone except inside scrollable tables.
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        screenshot(page, name)
        assert_accessible(page)
