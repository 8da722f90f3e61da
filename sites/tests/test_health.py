from datetime import date, timedelta

import pytest

from sites.health import agreement_unsigned, no_champion, no_recent_contact
from sites.models import HostSite
from sites.tests.factories import ProgressEntryFactory, SitePersonFactory, with_history

pytestmark = pytest.mark.django_db
TODAY = date(2009, 12, 1)


def _sites(*sites):
    return list(HostSite.objects.with_status().filter(pk__in=[s.pk for s in sites]).order_by("pk"))


def test_no_champion_flags_an_active_site_with_only_a_senior_contact(active_site_a, site_b):
    with_history(site_b, ("selected", date(2008, 9, 24)))
    SitePersonFactory(site=active_site_a, role="senior_contact")
    SitePersonFactory(site=site_b, role="recovery_advocate")
    flags = no_champion(_sites(active_site_a, site_b), TODAY)
    assert list(flags) == [active_site_a.pk]
    assert flags[active_site_a.pk][0].code == "no_champion"
    assert "Sheffield" in flags[active_site_a.pk][0].reason


def test_no_champion_ignores_a_champion_who_has_left(active_site_a):
    SitePersonFactory(site=active_site_a, role="practitioner_champion", active=False)
    assert active_site_a.pk in no_champion(_sites(active_site_a), TODAY)


def test_no_champion_leaves_withdrawn_and_applying_sites_alone(site_a, site_b):
    with_history(site_a, ("selected", date(2008, 9, 24)), ("withdrawn", date(2008, 11, 1)))
    assert no_champion(_sites(site_a, site_b), TODAY) == {}


def test_no_recent_contact_flags_sites_whose_last_contact_is_older_than_eight_weeks(active_site_a, site_b):
    with_history(site_b, ("selected", date(2008, 9, 24)))
    ProgressEntryFactory(site=active_site_a, day=TODAY - timedelta(weeks=8, days=1), kind="visit")
    ProgressEntryFactory(site=site_b, day=TODAY - timedelta(weeks=7), kind="contact")
    flags = no_recent_contact(_sites(active_site_a, site_b), TODAY)
    assert list(flags) == [active_site_a.pk]
    assert "tailed off" in flags[active_site_a.pk][0].reason


def test_no_recent_contact_does_not_count_issues_or_milestones_as_contact(active_site_a):
    ProgressEntryFactory(site=active_site_a, day=TODAY - timedelta(days=3), kind="issue")
    flags = no_recent_contact(_sites(active_site_a), TODAY)
    assert "ever" in flags[active_site_a.pk][0].reason


def test_no_recent_contact_ignores_entries_after_the_day_judged(active_site_a):
    ProgressEntryFactory(site=active_site_a, day=TODAY + timedelta(days=30), kind="contact")
    assert active_site_a.pk in no_recent_contact(_sites(active_site_a), TODAY)


def test_no_recent_contact_threshold_is_a_setting(active_site_a, settings):
    ProgressEntryFactory(site=active_site_a, day=TODAY - timedelta(weeks=5), kind="contact")
    assert no_recent_contact(_sites(active_site_a), TODAY) == {}
    settings.SITES_NO_CONTACT_WEEKS = 4
    assert active_site_a.pk in no_recent_contact(_sites(active_site_a), TODAY)


def test_agreement_unsigned_flags_sites_selected_more_than_six_weeks_ago(site_a, site_b):
    with_history(site_a, ("selected", TODAY - timedelta(weeks=6)), ("agreement_issued", TODAY - timedelta(weeks=5)))
    with_history(site_b, ("selected", TODAY - timedelta(weeks=5)))
    flags = agreement_unsigned(_sites(site_a, site_b), TODAY)
    assert list(flags) == [site_a.pk]
    assert flags[site_a.pk][0].severity == "danger"


def test_agreement_unsigned_is_quiet_once_signed(site_a):
    with_history(
        site_a,
        ("selected", TODAY - timedelta(weeks=20)),
        ("agreement_issued", TODAY - timedelta(weeks=19)),
        ("agreement_signed", TODAY - timedelta(weeks=18)),
    )
    assert agreement_unsigned(_sites(site_a), TODAY) == {}


def test_each_check_runs_one_query_whatever_the_number_of_sites(django_assert_num_queries):
    from sites.tests.factories import HostSiteFactory

    sites = [with_history(HostSiteFactory(), ("selected", date(2008, 9, 24))) for _ in range(20)]
    loaded = _sites(*sites)
    for check in (no_champion, no_recent_contact, agreement_unsigned):
        with django_assert_num_queries(1):
            check(loaded, TODAY)
