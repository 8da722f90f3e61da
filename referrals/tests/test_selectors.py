"""Newcomers by source (sums per site and month, through the disclosure policy), quiet partners at the boundary of
REFERRALS_QUIET_WEEKS, and the summary the site page, the overview, the start page and the pack share."""

from datetime import date, timedelta

import pytest

from groups.tests.factories import GroupFactory, MeetingFactory
from pilot.disclosure import EXACT, HIDDEN, PUBLISHED
from referrals.selectors import newcomers_by_source, quiet_cutoff, quiet_partners, referral_summary
from referrals.tests.factories import OutreachFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def _meeting(group, day, **counts):
    newcomers = counts.pop("newcomers", sum(counts.values()))
    return MeetingFactory(group=group, date=day, newcomers=newcomers, attendance=max(6, newcomers), **counts)


def test_newcomers_are_summed_per_source_and_month_at_each_site(site_a, site_b):
    group = GroupFactory(site=site_a)
    other = GroupFactory(site=site_b)
    _meeting(group, date(2009, 5, 5), referral_alcohol_worker=3, referral_gp=1, referral_self=1)
    _meeting(group, date(2009, 5, 26), referral_alcohol_worker=2, referral_friend_family=2, newcomers=5)
    _meeting(group, date(2009, 7, 7), referral_social_worker=1)
    _meeting(group, date(2009, 8, 4), referral_alcohol_worker=9)  # after the period
    _meeting(other, date(2009, 5, 5), referral_alcohol_worker=4)
    MeetingFactory(group=group, date=date(2009, 6, 2), held=False, newcomers=0, attendance=0)
    figures = newcomers_by_source([site_a, site_b], date(2009, 5, 1), date(2009, 7, 31))
    a = figures[site_a.pk]
    assert [m for m, _ in a.months] == [date(2009, 5, 1), date(2009, 6, 1), date(2009, 7, 1)]
    may = a.months[0][1]
    assert (may["referral_alcohol_worker"], may["referral_gp"], may["other_ways"]) == (5, 1, 3)
    assert (may["newcomers"], may["not_recorded"]) == (10, 1)
    assert a.months[1][1]["newcomers"] == 0
    assert a.totals["referral_social_worker"] == 1 and a.totals["newcomers"] == 11
    assert figures[site_b.pk].totals["referral_alcohol_worker"] == 4


def test_published_figures_hide_small_counts_and_a_total_that_would_give_one_away(site_a):
    group = GroupFactory(site=site_a)
    _meeting(group, date(2009, 5, 5), referral_alcohol_worker=12, referral_gp=2)
    figures = newcomers_by_source([site_a], date(2009, 5, 1), date(2009, 5, 31))[site_a.pk]
    exact = figures.shown(EXACT)
    assert exact["totals"][0][:3] == [12, 0, 2] and exact["totals"][1] == 14
    published = figures.shown(PUBLISHED)
    assert published["totals"][0][:3] == [10, 0, HIDDEN]
    assert published["totals"][1] in (15, "–")


def test_the_table_can_list_only_the_last_months_but_keeps_the_whole_periods_totals(site_a):
    group = GroupFactory(site=site_a)
    _meeting(group, date(2009, 1, 6), referral_gp=2)
    figures = newcomers_by_source([site_a], date(2009, 1, 1), date(2010, 3, 31))[site_a.pk]
    table = figures.shown(EXACT, last=12)
    assert len(table["months"]) == 12 and table["months"][0][0] == date(2009, 4, 1)
    assert table["totals"][0][2] == 2 and not table["all_months"]


@pytest.mark.parametrize(
    ("outreach_days_ago", "quiet"),
    [(None, True), (0, False), (84, False), (85, True)],
)
def test_a_partner_is_quiet_after_twelve_weeks_without_outreach_or_newcomers(site_a, outreach_days_ago, quiet):
    today = date(2010, 3, 31)
    partner = PartnerFactory(site=site_a, partner_type="gp", since=date(2009, 1, 1))
    if outreach_days_ago is not None:
        OutreachFactory(site=site_a, partner=partner, date=today - timedelta(days=outreach_days_ago))
    assert quiet_cutoff(today) == today - timedelta(days=84)
    assert (partner in quiet_partners([site_a], today)) is quiet


@pytest.mark.parametrize(("meeting_days_ago", "quiet"), [(84, False), (85, True)])
def test_a_newcomer_from_its_kind_of_source_keeps_a_partner_from_going_quiet(site_a, meeting_days_ago, quiet):
    today = date(2010, 3, 31)
    partner = PartnerFactory(site=site_a, partner_type="drugs_worker", since=date(2009, 1, 1))
    group = GroupFactory(site=site_a)
    _meeting(group, today - timedelta(days=meeting_days_ago), referral_drugs_worker=1)
    _meeting(group, today - timedelta(days=3), referral_alcohol_worker=4)  # another kind of source: no help
    assert (partner in quiet_partners([site_a], today)) is quiet


def test_new_ended_and_other_sites_partners_are_not_quiet(site_a, site_b, settings):
    settings.REFERRALS_QUIET_WEEKS = 4
    today = date(2010, 3, 31)
    young = PartnerFactory(site=site_a, since=today - timedelta(weeks=3))
    ended = PartnerFactory(site=site_a, since=date(2009, 1, 1), ended_on=date(2010, 1, 1))
    old = PartnerFactory(site=site_a, since=date(2009, 1, 1))
    PartnerFactory(site=site_b, since=date(2009, 1, 1))
    assert quiet_partners([site_a], today) == [old]
    assert young not in quiet_partners([site_a], today) and ended not in quiet_partners([site_a], today)


def test_the_summary_counts_protocols_champions_assertive_linkage_and_outreach(site_a, site_b):
    today = date(2010, 3, 31)
    one = PartnerFactory(
        site=site_a,
        protocol_agreed_on=date(2009, 9, 1),
        champion_name="Ann Example",
        champion_kind="commissioner",
        assertive_linkage=True,
    )
    two = PartnerFactory(site=site_a)
    PartnerFactory(site=site_a, ended_on=date(2009, 12, 1), protocol_agreed_on=date(2009, 9, 1))
    OutreachFactory(site=site_a, partner=one, date=date(2010, 2, 1))
    OutreachFactory(site=site_a, partner=two, date=date(2009, 1, 1))  # before the period
    OutreachFactory(site=site_a, partner=None, date=date(2010, 2, 2))  # no partner: not a pathway's figure
    summary = referral_summary([site_a, site_b], today, start=date(2009, 4, 1))
    a = summary[site_a.pk]
    assert (len(a.partners), a.with_protocol, a.champions, a.assertive, a.outreach) == (2, 1, 1, 1, 1)
    assert a.quiet == [two] and str(a) == "2 partners, 1 quiet"
    assert str(summary[site_b.pk]) == "No partner"
    assert referral_summary([site_a], today)[site_a.pk].outreach is None


def test_the_summary_runs_two_queries_however_many_sites(site_a, site_b, django_assert_num_queries):
    for site in (site_a, site_b):
        for _ in range(3):
            OutreachFactory(site=site, partner=PartnerFactory(site=site))
    with django_assert_num_queries(2):
        referral_summary([site_a, site_b], date(2010, 3, 31), start=date(2009, 4, 1))
