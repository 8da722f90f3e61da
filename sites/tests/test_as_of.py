from datetime import date

import pytest
import time_machine

from network.selectors import network_overview
from sites.tests.factories import ProgressEntryFactory

pytestmark = pytest.mark.django_db


@time_machine.travel("2009-07-01 12:00 +0100", tick=False)
def test_contact_flag_clears_once_contact_is_logged_on_the_day_judged(coordinator, active_site_a):
    ProgressEntryFactory(site=active_site_a, day=date(2009, 3, 1), kind="visit")
    _, rows, _ = network_overview(user=coordinator, today=date(2009, 7, 1))
    assert "no_recent_contact" in [f.code for f in rows[0].flags]
    ProgressEntryFactory(site=active_site_a, day=date(2009, 7, 1), kind="contact")
    _, rows, _ = network_overview(user=coordinator, today=date(2009, 7, 1))
    assert "no_recent_contact" not in [f.code for f in rows[0].flags]
    # Judged as of a day before that contact, the site is still flagged and shows its earlier contact.
    _, rows, _ = network_overview(user=coordinator, today=date(2009, 6, 30))
    assert "no_recent_contact" in [f.code for f in rows[0].flags] and rows[0].last_contact == date(2009, 3, 1)


def test_a_site_shows_its_status_as_it_stood_on_the_day_judged(coordinator, active_site_a):
    # active_site_a: selected September 2008, groups meeting from April 2009.
    _, rows, _ = network_overview(user=coordinator, today=date(2009, 1, 1))
    assert rows[0].site.status == "agreement_signed"
    _, rows, _ = network_overview(user=coordinator, today=date(2009, 7, 1))
    assert rows[0].site.status == "groups_meeting"
