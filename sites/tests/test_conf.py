from datetime import date

import pytest
import time_machine

from network.selectors import network_overview
from sites import conf
from sites.tests.factories import ProgressEntryFactory

pytestmark = pytest.mark.django_db


@time_machine.travel("2009-07-01 12:00 +0100", tick=False)
def test_flags_are_judged_today_by_default(settings):
    settings.PILOT_DEMO = False
    settings.SITES_AS_OF = None
    assert conf.as_of() == date(2009, 7, 1)


def test_the_demo_is_judged_on_the_pilots_last_day(settings):
    settings.PILOT_DEMO = True
    settings.SITES_AS_OF = None
    assert conf.as_of() == date(2010, 3, 31)


def test_a_fixed_day_in_settings_wins(settings):
    settings.PILOT_DEMO = True
    settings.SITES_AS_OF = date(2009, 1, 1)
    assert conf.as_of() == date(2009, 1, 1)


@time_machine.travel("2009-07-01 12:00 +0100", tick=False)
def test_contact_flag_clears_once_contact_is_logged_today(coordinator, active_site_a, settings):
    settings.PILOT_DEMO = False
    settings.SITES_AS_OF = None
    ProgressEntryFactory(site=active_site_a, day=date(2009, 3, 1), kind="visit")
    _, rows, _ = network_overview(user=coordinator, today=conf.as_of())
    assert "no_recent_contact" in [f.code for f in rows[0].flags]
    ProgressEntryFactory(site=active_site_a, day=date(2009, 7, 1), kind="contact")
    _, rows, _ = network_overview(user=coordinator, today=conf.as_of())
    assert "no_recent_contact" not in [f.code for f in rows[0].flags]


def test_the_setting_is_read_when_flags_are_judged(settings):
    settings.SITES_AS_OF = date(2009, 5, 5)
    assert conf.as_of() == date(2009, 5, 5)
