"""Home-page panel: the next events for everyone who sees events (the budget panel: budget/tests/test_dashboard.py)."""

import datetime

import time_machine

from training.tests.factories import EventFactory

NOW = datetime.datetime(2009, 6, 1, 12, tzinfo=datetime.UTC)


@time_machine.travel(NOW, tick=False)
def test_coordinator_sees_the_next_events(coordinator, client_for, site_a):
    EventFactory(site=site_a, title="Refresher in June", starts_on=datetime.date(2009, 6, 9))
    EventFactory(site=site_a, title="Old training", starts_on=datetime.date(2009, 3, 3))
    html = client_for(coordinator).get("/").content.decode()
    assert "Next events" in html
    assert "Refresher in June" in html
    assert "Old training" not in html


@time_machine.travel(NOW, tick=False)
def test_site_contact_sees_their_sites_events_only(site_contact_a, client_for, site_a, site_b):
    EventFactory(site=site_a, title="Alpha refresher", starts_on=datetime.date(2009, 6, 9))
    EventFactory(site=site_b, title="Beta refresher", starts_on=datetime.date(2009, 6, 9))
    html = client_for(site_contact_a).get("/").content.decode()
    assert "Alpha refresher" in html
    assert "Beta refresher" not in html


def test_evaluator_gets_no_training_panel(evaluator, client_for, db):
    assert "Next events" not in client_for(evaluator).get("/").content.decode()
