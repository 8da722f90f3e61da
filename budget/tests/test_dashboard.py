"""Start-page panel: the budget position of the programme running today (else the latest), for the coordinator and
the steering committee only."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from budget.dashboard import panels
from budget.tests.factories import BudgetHeadFactory, ExpenseFactory
from programmes.periods import programme_period, year_period
from programmes.tests.factories import ProgrammeFactory

NOW = datetime.datetime(2009, 6, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def two_programmes(db):
    ended = ProgrammeFactory(name="Earlier", starts_on=datetime.date(2008, 1, 1), ends_on=datetime.date(2008, 12, 31))
    running = ProgrammeFactory(
        name="Running", starts_on=datetime.date(2009, 1, 1), ends_on=datetime.date(2009, 12, 31)
    )
    BudgetHeadFactory(programme=ended, name="Travel", planned=Decimal("999.00"))
    ExpenseFactory(head__programme=ended, head__name="Travel", date=datetime.date(2008, 5, 1), amount=Decimal("9.99"))
    BudgetHeadFactory(programme=running, name="Travel", planned=Decimal("6000.00"))
    ExpenseFactory(
        head__programme=running, head__name="Travel", date=datetime.date(2009, 2, 1), amount=Decimal("1234.56")
    )
    return ended, running


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("persona", ["coordinator", "observer"])
def test_the_panel_shows_the_running_programmes_position(personas, client_for, two_programmes, persona):
    _, running = two_programmes
    html = client_for(personas[persona]).get("/").content.decode()
    assert "Running: £1,234.56 spent of £6,000.00" in html
    assert "£999.00" not in html
    assert f"/budget/?period=p{running.pk}" in html


@time_machine.travel(NOW, tick=False)
def test_the_panel_takes_the_pages_period_when_it_has_one(coordinator, two_programmes):
    ended, _ = two_programmes
    (panel,) = panels(coordinator, period=programme_period(ended))
    assert panel.context["position"].programme == ended
    assert panel.context["position"].spent == Decimal("9.99") and panel.context["position"].finished
    (year,) = panels(coordinator, period=year_period(2009))
    assert "position" not in year.context and not year.context["no_programme"]


@time_machine.travel(NOW, tick=False)
def test_for_a_year_the_panel_points_to_the_years_programmes(coordinator, client_for, two_programmes):
    html = client_for(coordinator).get("/", {"period": "2009"}).content.decode()
    assert "No programme yet" not in html and "£1,234.56" not in html
    assert "Budgets of the programmes in this period" in html and "/budget/?period=2009" in html


@time_machine.travel(NOW, tick=False)
def test_a_programme_without_budget_heads_says_so(coordinator, client_for):
    empty = ProgrammeFactory(
        name="Unbudgeted", starts_on=datetime.date(2009, 1, 1), ends_on=datetime.date(2009, 12, 31)
    )
    html = client_for(coordinator).get("/").content.decode()
    assert "Unbudgeted has no budget heads yet." in html and "spent of" not in html
    assert f"/budget/?period=p{empty.pk}" in html


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("persona", ["site_contact_a", "facilitator_a", "evaluator"])
def test_other_roles_get_no_budget_panel(personas, client_for, two_programmes, persona):
    assert panels(personas[persona]) == []
    assert "£1,234.56" not in client_for(personas[persona]).get("/").content.decode()


def test_with_no_programme_the_coordinator_is_asked_to_create_one(coordinator, observer, client_for):
    html = client_for(coordinator).get("/").content.decode()
    assert "No programme yet: a budget belongs to a programme." in html and "/programmes/new/" in html
    assert "/programmes/new/" not in client_for(observer).get("/").content.decode()
