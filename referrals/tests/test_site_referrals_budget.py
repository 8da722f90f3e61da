"""A site's referrals page at scale: the same number of queries for 1 or 50 partners with their outreach, for the
coordinator and for the site's contact."""

import datetime

import pytest
from django.urls import reverse

from referrals.tests.factories import OutreachFactory, PartnerFactory

pytestmark = pytest.mark.django_db
YEAR = {"period": "custom", "from": "2009-01-01", "to": "2009-12-31"}


def _partners(site, count):
    for n in range(count):
        partner = PartnerFactory(site=site, agency=f"Team {n:02d}", champion_name=f"Champion {n}")
        OutreachFactory(site=site, partner=partner, date=datetime.date(2009, 6, 3))


@pytest.mark.parametrize(
    "persona, queries",
    [
        # session, user, role groups; the site; programmes (the period control); newcomers per month; the partners
        # with their outreach figures (the summary); the partners with their last outreach; the period's outreach;
        # session refresh (savepoint, update, release)
        ("coordinator", 12),
        # the same, and the contact's membership of the site twice: may they read the champions, may they manage
        ("site_contact_a", 14),
    ],
)
@pytest.mark.parametrize("rows", [1, 50])
def test_the_site_page_runs_a_constant_number_of_queries(
    client_for, personas, persona, queries, site_a, rows, django_assert_num_queries
):
    _partners(site_a, rows)
    client = client_for(personas[persona])
    with django_assert_num_queries(queries):
        response = client.get(reverse("referrals:site", args=[site_a.slug]), YEAR)
    assert len(response.context["partners"]) == rows and len(response.context["outreach"]) == rows
