"""The network log at scale: the same number of queries for 1 or 50 entries (and as many overdue follow-ups), for
the coordinator, who reads every site's log, and for a site contact, who reads their own site's."""

from datetime import date

import pytest
from django.urls import reverse

from sites.models import EntryKind
from sites.tests.factories import ProgressEntryFactory

pytestmark = pytest.mark.django_db
URL = reverse("sites:log")


def _entries(site, count):
    for n in range(count):
        ProgressEntryFactory(
            site=site, day=date(2009, 6, 1), kind=EntryKind.ISSUE, note=f"Issue {n}", follow_up_on=date(2009, 6, 15)
        )


@pytest.mark.parametrize("rows", [1, 50])
def test_the_coordinators_log_runs_a_constant_number_of_queries(
    client_for, coordinator, site_a, site_b, rows, django_assert_num_queries
):
    _entries(site_a, rows)
    _entries(site_b, rows)
    client = client_for(coordinator)
    # session, user, role groups; the entries counted, a page of them with their site; the user's and the role's
    # permissions (may they write); the sites of the filter; the overdue follow-ups with their site; the sites of the
    # form for a network entry; session refresh (savepoint, update, release)
    with django_assert_num_queries(13):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == min(2 * rows, 50)
    assert len(response.context["overdue"]) == min(2 * rows, 50)


@pytest.mark.parametrize("rows", [1, 50])
def test_a_site_contacts_log_runs_a_constant_number_of_queries(
    client_for, site_contact_a, site_a, site_b, rows, django_assert_num_queries
):
    _entries(site_a, rows)
    _entries(site_b, rows)
    client = client_for(site_contact_a)
    # as the coordinator's, but without the form for a network entry (the coordinator's alone)
    with django_assert_num_queries(12):
        response = client.get(URL)
    assert {e.site_id for e in response.context["page"].object_list} == {site_a.pk}
    assert len(response.context["overdue"]) == rows
