"""The referral partners list at scale: the same number of queries for 1 or 50 partners (and for the coordinator as
many sites), for the coordinator and for a site contact, who reads their own site's partners only."""

import datetime

import pytest
from django.urls import reverse

from referrals.tests.factories import OutreachFactory, PartnerFactory
from sites.tests.factories import HostSiteFactory

pytestmark = pytest.mark.django_db
URL = reverse("referrals:list")
YEAR = {"period": "custom", "from": "2009-01-01", "to": "2009-12-31"}


def _partners(site, count):
    for n in range(count):
        partner = PartnerFactory(site=site, agency=f"Team {site.slug} {n:02d}", champion_name=f"Champion {n}")
        OutreachFactory(site=site, partner=partner, date=datetime.date(2009, 6, 3))


@pytest.mark.parametrize("rows", [1, 50])
def test_the_coordinators_list_runs_a_constant_number_of_queries(
    client_for, coordinator, site_a, rows, django_assert_num_queries
):
    _partners(site_a, rows)
    for n in range(rows):
        _partners(HostSiteFactory(name=f"Site {n:02d}", slug=f"site-{n:02d}"), 1)
    client = client_for(coordinator)
    # session, user, role groups; programmes (the period control); the sites; newcomers per site and month; the
    # partners with their outreach figures; session refresh (savepoint, update, release)
    with django_assert_num_queries(10):
        response = client.get(URL, YEAR)
    assert len(response.context["rows"]) == rows + 1


@pytest.mark.parametrize("rows", [1, 50])
def test_a_site_contacts_list_runs_a_constant_number_of_queries(
    client_for, site_contact_a, site_a, site_b, rows, django_assert_num_queries
):
    _partners(site_a, rows)
    _partners(site_b, rows)
    client = client_for(site_contact_a)
    # as the coordinator's, and the contact's membership of their site (may they read the champions' names)
    with django_assert_num_queries(11):
        response = client.get(URL, YEAR)
    assert [site for site, _, _ in response.context["rows"]] == [site_a]
    assert len(response.context["rows"][0][1].partners) == rows
