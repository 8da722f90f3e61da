"""Home-page panel: the next events for site people, and the budget position for the coordinator."""

import datetime
from decimal import Decimal

import time_machine

from training.tests.factories import BudgetHeadFactory, EventFactory, ExpenseFactory

NOW = datetime.datetime(2009, 6, 1, 12, tzinfo=datetime.UTC)


@time_machine.travel(NOW, tick=False)
def test_coordinator_sees_next_events_and_budget_position(coordinator, client_for, site_a, programme):
    EventFactory(site=site_a, title="Refresher in June", starts_on=datetime.date(2009, 6, 9))
    EventFactory(site=site_a, title="Old training", starts_on=datetime.date(2009, 3, 3))
    BudgetHeadFactory(name="Travel", planned=Decimal("6000.00"))
    ExpenseFactory(head__name="Travel", date=datetime.date(2009, 2, 1), amount=Decimal("1234.56"))
    html = client_for(coordinator).get("/").content.decode()
    assert "Next events and budget" in html
    assert "Refresher in June" in html
    assert "Old training" not in html
    assert "£1,234.56 spent of £6,000.00" in html


@time_machine.travel(NOW, tick=False)
def test_site_contact_sees_their_events_but_not_the_budget(site_contact_a, client_for, site_a, site_b):
    EventFactory(site=site_a, title="Alpha refresher", starts_on=datetime.date(2009, 6, 9))
    EventFactory(site=site_b, title="Beta refresher", starts_on=datetime.date(2009, 6, 9))
    html = client_for(site_contact_a).get("/").content.decode()
    assert "Alpha refresher" in html
    assert "Beta refresher" not in html
    assert "Budget:" not in html


def test_evaluator_gets_no_training_panel(evaluator, client_for, db):
    assert "Next events" not in client_for(evaluator).get("/").content.decode()
