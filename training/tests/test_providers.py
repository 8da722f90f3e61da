"""Training's parts of other pages: the refresher flag, timeline entries and the site panel."""

import datetime

import pytest

from network.panels import training_panel
from sites.models import HostSite
from training.health import refresher_due, refresher_health_check, subtract_months
from training.models import EventKind, EventStatus
from training.selectors import timeline_entries
from training.tests.factories import EventFactory, event_with_days

TODAY = datetime.date(2010, 1, 15)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2010, 1, 15), 6, datetime.date(2009, 7, 15)),
        (datetime.date(2009, 8, 31), 6, datetime.date(2009, 2, 28)),
        (datetime.date(2010, 3, 31), 1, datetime.date(2010, 2, 28)),
        (datetime.date(2009, 6, 30), 6, datetime.date(2008, 12, 30)),
    ],
)
def test_subtract_months_clamps_to_the_end_of_a_short_month(day, months, expected):
    assert subtract_months(day, months) == expected


def test_refresher_due_only_for_trained_sites_with_nothing_recent_or_planned():
    last = datetime.date(2009, 7, 14)
    assert refresher_due(last_training=last, next_planned=None, today=TODAY, months=6)
    assert not refresher_due(last_training=datetime.date(2009, 7, 15), next_planned=None, today=TODAY, months=6)
    assert not refresher_due(last_training=last, next_planned=datetime.date(2010, 2, 1), today=TODAY, months=6)
    assert not refresher_due(last_training=None, next_planned=None, today=TODAY, months=6)


def test_health_check_flags_a_site_whose_training_is_stale(site_a, site_b, django_assert_num_queries):
    event_with_days(10, site=site_a, starts_on=datetime.date(2009, 3, 3))
    event_with_days(10, site=site_b, starts_on=datetime.date(2009, 3, 3))
    event_with_days(8, site=site_b, kind=EventKind.REFRESHER, starts_on=datetime.date(2009, 10, 6))
    sites = list(HostSite.objects.with_status().order_by("pk"))  # as every page passes them
    with django_assert_num_queries(1):
        flags = refresher_health_check(sites, TODAY)
    assert list(flags) == [site_a.pk]
    [flag] = flags[site_a.pk]
    assert flag.code == "no_refresher"
    assert flag.label == "No refresher in 6 months"
    assert "One training was not enough" in flag.reason


def test_planning_a_refresher_clears_the_flag_but_a_cancelled_one_does_not(site_a):
    event_with_days(10, site=site_a, starts_on=datetime.date(2009, 3, 3))
    cancelled = EventFactory(
        site=site_a, kind=EventKind.REFRESHER, starts_on=datetime.date(2010, 2, 2), status=EventStatus.CANCELLED
    )
    assert site_a.pk in refresher_health_check([site_a], TODAY)
    cancelled.status = EventStatus.PLANNED
    cancelled.save()
    assert refresher_health_check([site_a], TODAY) == {}


def test_refresher_threshold_is_a_setting(site_a, settings):
    event_with_days(10, site=site_a, starts_on=datetime.date(2009, 3, 3))
    settings.TRAINING_REFRESHER_MONTHS = 12
    assert refresher_health_check([site_a], TODAY) == {}


def test_timeline_has_training_days_networking_and_the_conference(site_a, site_b):
    event_with_days(25, 12, site=site_a, title="Training A", starts_on=datetime.date(2009, 4, 21))
    EventFactory(
        site=None, kind=EventKind.NETWORKING, title="Networking, Manchester", starts_on=datetime.date(2009, 9, 15)
    )
    EventFactory(site=None, kind=EventKind.CONFERENCE, title="Final conference", starts_on=datetime.date(2010, 3, 10))
    EventFactory(site=site_b, title="Training B")
    everything = {e.text: e for e in timeline_entries(None)}
    assert everything["Training A (25 on day 1, 12 on day 2)"].kind == "training"
    assert everything["Networking, Manchester"].kind == "event"
    assert everything["Final conference"].site_id is None
    site_only = [e.text for e in timeline_entries([site_a.pk])]
    assert site_only == ["Training A (25 on day 1, 12 on day 2)"]


def test_site_panel_offers_plan_a_refresher_to_those_who_may_propose(
    site_a, coordinator, site_contact_a, observer, facilitator_a
):
    panel = training_panel(site_a, coordinator, TODAY)
    assert panel.context["plan_url"] == f"/training/new/?kind=refresher&site={site_a.pk}"
    assert training_panel(site_a, site_contact_a, TODAY).context["plan_url"]
    assert training_panel(site_a, observer, TODAY).context["plan_url"] == ""
    assert training_panel(site_a, facilitator_a, TODAY) is None


def test_withdrawn_sites_are_not_asked_for_a_refresher(site_a):
    event_with_days(10, site=site_a, starts_on=datetime.date(2009, 3, 3))
    site_a.current_status = "withdrawn"  # as annotated by HostSite.objects.with_status()
    assert refresher_health_check([site_a], TODAY) == {}
