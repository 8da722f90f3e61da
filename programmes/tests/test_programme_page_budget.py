"""A programme's page at scale: the same number of queries for 1 or 50 sites taking part, reporting duties and
readiness items, for the coordinator and for a site contact (who may open their own site's page only)."""

import pytest
from django.urls import reverse

from programmes.models import ReadinessItem, ReportingDuty
from programmes.tests.factories import ProgrammeFactory, ProgrammeSiteFactory
from sites.tests.factories import HostSiteFactory

pytestmark = pytest.mark.django_db


def _programme(site_a, rows):
    programme = ProgrammeFactory()
    ProgrammeSiteFactory(programme=programme, site=site_a)
    for n in range(rows - 1):
        ProgrammeSiteFactory(programme=programme, site=HostSiteFactory(name=f"Site {n:02d}", slug=f"site-{n:02d}"))
    ReportingDuty.objects.bulk_create(
        ReportingDuty(programme=programme, report_kind="monitoring", frequency="quarterly", recipients=f"Funder {n}")
        for n in range(rows)
    )
    ReadinessItem.objects.bulk_create(
        ReadinessItem(programme=programme, key=f"item-{n}", label=f"Item {n}", order=n) for n in range(rows)
    )
    return programme


@pytest.mark.parametrize(
    "persona, queries",
    [
        # session, user, role groups; the programme; the sites the user may open; the sites taking part with their
        # site; the reporting duties; the readiness items; the sites of the form to add one; session refresh
        # (savepoint, update, release)
        ("coordinator", 12),
        # the same without the coordinator's form; the sites they may open are their own
        ("site_contact_a", 11),
    ],
)
@pytest.mark.parametrize("rows", [1, 50])
def test_the_programme_page_runs_a_constant_number_of_queries(
    client_for, personas, persona, queries, site_a, rows, django_assert_num_queries
):
    programme = _programme(site_a, rows)
    client = client_for(personas[persona])
    with django_assert_num_queries(queries):
        response = client.get(reverse("programmes:detail", args=[programme.pk]))
    assert len(response.context["memberships"]) == rows and len(response.context["duties"]) == rows
    readable = [m.site for m, may_open in response.context["memberships"] if may_open]
    assert len(readable) == (rows if persona == "coordinator" else 1)
