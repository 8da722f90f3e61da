"""Programme pages: every role reads them, the coordinator creates and edits them, bad input is answered."""

from datetime import date

import pytest
from django.urls import reverse

from pilot.models import AuditEntry
from programmes.models import Programme, ProgrammeSite, ReportingDuty
from programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db
NEW = reverse("programmes:create")
GOOD = {"name": "Local contract", "funder": "City council", "starts_on": "2010-04-01", "ends_on": "2012-03-31"}


def test_the_coordinator_creates_a_programme_and_every_role_reads_it(client_for, coordinator, personas):
    response = client_for(coordinator).post(NEW, GOOD)
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == programme.get_absolute_url()
    assert AuditEntry.objects.filter(action="create", target_type="programmes.Programme").exists()
    for persona in personas.values():
        page = client_for(persona).get(reverse("programmes:list")).content.decode()
        assert "Local contract" in page and "City council" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ends_on": "2009-01-01"}, "ends_on", "on or after the day it starts"),
        ({"starts_on": "1999-04-01"}, "starts_on", "2000 or later"),
        ({"starts_on": "2010-02-30"}, "starts_on", "Enter a valid date"),
        ({"name": ""}, "name", "This field is required"),
    ],
)
def test_bad_input_is_answered_at_its_field_and_nothing_is_saved(client_for, coordinator, change, field, message):
    response = client_for(coordinator).post(NEW, {**GOOD, **change})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Programme.objects.exists()


def test_two_programmes_cannot_share_a_name(client_for, coordinator):
    ProgrammeFactory(name="LOCAL CONTRACT")
    response = client_for(coordinator).post(NEW, GOOD)
    assert response.status_code == 400 and response.context["form"].errors["name"] == [
        "Another programme has this name."
    ]


def test_a_stale_edit_is_refused_and_the_input_kept(client_for, coordinator, make_user):
    from pilot.roles import Role

    programme = ProgrammeFactory(name="Pilot")
    url = reverse("programmes:edit", args=[programme.pk])
    first, second = client_for(coordinator), client_for(make_user("coord2", Role.COORDINATOR))
    version = first.get(url).context["form"]["version"].value()
    assert second.post(url, {**GOOD, "name": "Pilot (DH)", "version": version}).status_code == 302
    response = first.post(url, {**GOOD, "name": "My pilot", "version": version})
    assert response.status_code == 400 and "My pilot" in response.content.decode()
    programme.refresh_from_db()
    assert programme.name == "Pilot (DH)"


def test_an_edit_is_audited_with_the_fields_it_changed(client_for, coordinator):
    programme = ProgrammeFactory(**{**GOOD, "starts_on": date(2010, 4, 1), "ends_on": date(2012, 3, 31)})
    url = reverse("programmes:edit", args=[programme.pk])
    response = client_for(coordinator).post(url, {**GOOD, "funder": "NHS trust", "version": programme.version})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="update", target_type="programmes.Programme")
    assert entry.changed_fields == ["funder"]


def test_a_site_joins_within_the_programmes_dates_once(client_for, coordinator, site_a):
    programme = ProgrammeFactory(starts_on=date(2008, 4, 1), ends_on=date(2010, 3, 31))
    url = reverse("programmes:site_join", args=[programme.pk])
    client = client_for(coordinator)
    refused = client.post(url, {"site": site_a.pk, "joined_on": "2011-01-01"})
    assert refused.status_code == 400
    assert refused.context["form"].errors["joined_on"] == ["A site joins between the programme's first and last day."]
    assert client.post(url, {"site": site_a.pk, "joined_on": "2008-09-24"}).status_code == 302
    assert ProgrammeSite.objects.get().joined_on == date(2008, 9, 24)
    again = client.post(url, {"site": site_a.pk, "joined_on": "2008-10-01"})
    assert again.status_code == 400 and ProgrammeSite.objects.count() == 1


def test_reporting_duties_are_added_and_removed(client_for, coordinator):
    programme = ProgrammeFactory()
    client = client_for(coordinator)
    data = {"report_kind": "evaluation_pack", "frequency": "at_end", "format": "pdf", "recipients": "DH"}
    assert client.post(reverse("programmes:duty_add", args=[programme.pk]), data).status_code == 302
    duty = ReportingDuty.objects.get()
    assert "Evaluation pack" in client.get(programme.get_absolute_url()).content.decode()
    bad = client.post(reverse("programmes:duty_add", args=[programme.pk]), {**data, "report_kind": "nonsense"})
    assert bad.status_code == 400 and ReportingDuty.objects.count() == 1
    assert client.post(reverse("programmes:duty_delete", args=[duty.pk])).status_code == 302
    assert not ReportingDuty.objects.exists()


@pytest.mark.parametrize("persona", ["site_contact_a", "facilitator_a", "evaluator", "observer"])
def test_only_the_coordinator_writes(client_for, personas, persona):
    programme = ProgrammeFactory()
    client = client_for(personas[persona])
    assert client.post(NEW, GOOD).status_code == 403
    assert client.post(reverse("programmes:edit", args=[programme.pk]), GOOD).status_code == 403
    assert Programme.objects.count() == 1


def test_the_duty_kinds_are_the_reports_kinds():
    from programmes.models import REPORT_KINDS
    from reports.kinds import KINDS

    assert {kind for kind, _ in REPORT_KINDS} == set(KINDS)


def _list_queries(client) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("programmes:list"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_the_same_queries_for_1_or_50_programmes_and_pages_them(client_for, coordinator, site_a,
                                                                              rows):  # fmt: skip
    from programmes.tests.factories import ProgrammeSiteFactory

    client = client_for(coordinator)
    first = ProgrammeFactory(name="Programme first", starts_on=date(2011, 4, 1), ends_on=date(2012, 3, 31))
    ProgrammeSiteFactory(programme=first, site=site_a)
    one, _ = _list_queries(client)
    for n in range(rows - 1):
        ProgrammeSiteFactory(programme=ProgrammeFactory(name=f"Older {n:02}"), site=site_a)
    queries, html = _list_queries(client)
    assert queries == one
    assert '<td data-label="Sites">1</td>' in html and first.get_absolute_url() in html
    assert ("Page 1 of 2" in html) is (rows == 50)
