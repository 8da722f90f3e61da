"""The applications page at scale: the same number of queries for 1 or 50 applications (the page is the centre's:
no site scopes it)."""

from datetime import date

import pytest
from django.urls import reverse

from sites.models import Decision
from sites.tests.factories import ApplicationFactory, HostSiteFactory, with_history

pytestmark = pytest.mark.django_db
URL = reverse("sites:applications")


@pytest.mark.parametrize("rows", [1, 50])
def test_the_applications_page_runs_a_constant_number_of_queries(
    client_for, coordinator, rows, django_assert_num_queries
):
    for n in range(rows):  # each one selected, its site in the programme
        site = with_history(HostSiteFactory(), ("selected", date(2008, 9, 24)))
        ApplicationFactory(agency_name=f"Applicant {n:02d}", decision=Decision.SELECTED, site=site)
    client = client_for(coordinator)
    # session, user, role groups; the applications with their site; every site's status; the sites with their
    # status (the coverage); the illustrative marks; session refresh (savepoint, update, release)
    with django_assert_num_queries(10):
        response = client.get(URL)
    html = response.content.decode()
    assert all(f"Applicant {n:02d}" in html for n in range(rows))
