"""Personal-data lifecycle: erasure, data-subject export, retention."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from groups.models import Facilitator, Meeting
from network.privacy import person_erase, person_export, retention_enforce
from pilot.audit import audit
from pilot.models import AuditEntry
from reports.models import ReportRequest
from sites.models import SitePerson


@pytest.fixture
def facilitator_record(facilitator_a):
    record = facilitator_a.facilitator
    record.phone, record.email, record.display_name = "07700 900123", "kim@example.org", "Kim"
    record.save()
    return record


@pytest.fixture
def champion(site_a):
    return SitePerson.objects.create(
        site=site_a, name="Pat Champion", role="practitioner_champion", email="pat@example.org", phone="0114 496 0000"
    )


def _meeting(group, day, facilitator):
    meeting = Meeting.objects.create(group=group, date=day, attendance=6, newcomers=1)
    meeting.facilitators.add(facilitator)
    return meeting


def test_erasing_a_facilitator_keeps_their_meetings_as_aggregates(facilitator_record, group_a, coordinator):
    meeting = _meeting(group_a, datetime.date(2009, 5, 5), facilitator_record)
    user_id = facilitator_record.user_id
    person_erase(person=facilitator_record, actor=coordinator)
    facilitator_record.refresh_from_db()
    assert "Kim" not in facilitator_record.display_name and facilitator_record.display_name.startswith("Erased")
    assert facilitator_record.phone == facilitator_record.email == ""
    assert facilitator_record.user is None
    login = get_user_model().objects.get(pk=user_id)
    assert not login.is_active and not login.has_usable_password() and "fac_a" not in login.username
    meeting.refresh_from_db()
    assert meeting.attendance == 6 and list(meeting.facilitators.all()) == [facilitator_record]
    entry = AuditEntry.objects.get(action="erase")
    assert "Kim" not in entry.target_label + entry.detail


def test_export_holds_everything_about_the_person(facilitator_record, group_a):
    _meeting(group_a, datetime.date(2009, 5, 5), facilitator_record)
    audit(actor=facilitator_record.user, action="create", target_type="groups.Meeting", changed_fields=["attendance"])
    ReportRequest.objects.create(requested_by=facilitator_record.user, kind="monitoring", format="csv")
    data = person_export(person=facilitator_record)
    assert data["name"] == "Kim" and data["email"] == "kim@example.org" and data["phone"] == "07700 900123"
    assert data["meetings_facilitated"] == ["2009-05-05"]
    assert data["groups"] == [group_a.name]
    assert data["login"]["username"] == "fac_a"
    assert [a["action"] for a in data["login"]["activity"]] == ["create"]
    assert [(r["kind"], r["format"]) for r in data["login"]["reports_requested"]] == [("monitoring", "csv")]


def test_coordinator_exports_and_erases_through_the_pages(client_for, coordinator, champion):
    client = client_for(coordinator)
    export = client.get(reverse("person_export", args=["people", champion.pk]))
    assert export.status_code == 200 and export.json()["email"] == "pat@example.org"
    assert "attachment" in export["Content-Disposition"]
    unconfirmed = client.post(reverse("person_erase", args=["people", champion.pk]), {})
    assert unconfirmed.status_code == 200 and "Tick the box" in unconfirmed.content.decode()
    champion.refresh_from_db()
    assert champion.name == "Pat Champion"
    done = client.post(reverse("person_erase", args=["people", champion.pk]), {"confirm": "erase"})
    assert done.status_code == 302
    champion.refresh_from_db()
    assert champion.name.startswith("Erased") and champion.email == "" and not champion.active


@pytest.mark.parametrize("persona", ["site_contact_a", "facilitator_a", "evaluator", "observer"])
def test_only_the_coordinator_may_export_or_erase(personas, client_for, champion, persona):
    client = client_for(personas[persona])
    assert client.get(reverse("person_export", args=["people", champion.pk])).status_code == 403
    assert client.post(reverse("person_erase", args=["people", champion.pk]), {"confirm": "erase"}).status_code == 403
    champion.refresh_from_db()
    assert champion.name == "Pat Champion"


def test_unknown_kind_or_id_is_404(client_for, coordinator):
    assert client_for(coordinator).get(reverse("person_export", args=["members", 1])).status_code == 404
    assert client_for(coordinator).get(reverse("person_export", args=["people", 999])).status_code == 404


def test_retention_erases_only_people_inactive_past_the_period(site_a, group_a, coordinator):
    today = datetime.date(2012, 6, 1)
    recent = Facilitator.objects.create(site=site_a, display_name="Recent", active_since=datetime.date(2009, 1, 1))
    _meeting(group_a, datetime.date(2011, 12, 1), recent)
    stale = Facilitator.objects.create(site=site_a, display_name="Stale", active_since=datetime.date(2009, 1, 1))
    _meeting(group_a, datetime.date(2009, 6, 1), stale)
    stepped_down = Facilitator.objects.create(
        site=site_a, display_name="Left", stepped_down_on=datetime.date(2010, 1, 1)
    )
    leaver = SitePerson.objects.create(site=site_a, name="Old Contact", role="senior_contact", active=False)
    current = SitePerson.objects.create(site=site_a, name="Current Contact", role="senior_contact", active=True)

    result = retention_enforce(today=today)

    names = dict(Facilitator.objects.values_list("pk", "display_name"))
    assert names[recent.pk] == "Recent"
    assert names[stale.pk].startswith("Erased") and names[stepped_down.pk].startswith("Erased")
    assert SitePerson.objects.get(pk=leaver.pk).name.startswith("Erased")
    assert SitePerson.objects.get(pk=current.pk).name == "Current Contact"
    assert (result.facilitators_erased, result.people_erased) == (2, 1)
    # A second night changes nothing more.
    again = retention_enforce(today=today)
    assert (again.facilitators_erased, again.people_erased) == (0, 0)


def test_retention_drops_audit_entries_older_than_six_years(coordinator, time_machine):
    time_machine.move_to(datetime.datetime(2010, 1, 1, 12, tzinfo=datetime.UTC))
    audit(actor=coordinator, action="login")
    time_machine.move_to(datetime.datetime(2016, 6, 1, 12, tzinfo=datetime.UTC))
    audit(actor=coordinator, action="login")
    result = retention_enforce(today=datetime.date(2016, 6, 1))
    assert result.audit_entries_deleted == 1
    assert AuditEntry.objects.filter(action="login").count() == 1


def test_edit_pages_offer_export_and_erase_to_the_coordinator_only(
    client_for, coordinator, site_contact_a, champion, facilitator_record
):
    pages = [
        (f"/sites/{champion.site.slug}/people/{champion.pk}/", reverse("person_export", args=["people", champion.pk])),
        (
            f"/groups/facilitators/{facilitator_record.pk}/edit/",
            reverse("person_erase", args=["facilitators", facilitator_record.pk]),
        ),
    ]
    for page, link in pages:
        assert link in client_for(coordinator).get(page).content.decode(), page
        response = client_for(site_contact_a).get(page)
        assert response.status_code == 200 and link not in response.content.decode(), page
