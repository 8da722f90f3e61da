"""Coordinators and site contacts keep group details and facilitator records; nobody else does."""

import pytest

from groups.models import Facilitator, Group, GroupStatus
from groups.tests.factories import FacilitatorFactory
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db


def _group_data(site, **overrides):
    data = {"site": site.pk, "name": "Alpha Friday", "venue_type": "host_agency", "weekday": "4"}
    data.update({"frequency": "weekly", "start_time": "18:30", "usual_length_minutes": "90", "focus": "alcohol"})
    data.update(overrides)
    return data


def test_site_contact_creates_a_group_that_starts_as_forming(client_for, site_contact_a, site_a, frozen_today):
    response = client_for(site_contact_a).post("/groups/new/", _group_data(site_a))
    group = Group.objects.get(name="Alpha Friday")
    assert response.status_code == 302 and response.url == group.get_absolute_url()
    assert group.status == GroupStatus.FORMING and group.status_changes.count() == 1
    assert AuditEntry.objects.filter(action="create", target_type="groups.Group").exists()


def test_site_contact_cannot_create_a_group_at_another_site(client_for, site_contact_a, site_b):
    response = client_for(site_contact_a).post("/groups/new/", _group_data(site_b))
    assert response.status_code == 400 and not Group.objects.filter(name="Alpha Friday").exists()


def test_twice_weekly_needs_a_second_day_at_the_field(client_for, coordinator, site_a):
    response = client_for(coordinator).post("/groups/new/", _group_data(site_a, frequency="twice_weekly"))
    assert response.status_code == 400
    assert "second day" in " ".join(response.context["form"].errors["second_weekday"])


def test_duplicate_group_name_at_a_site_is_refused_at_the_field(client_for, coordinator, site_a, group_a):
    response = client_for(coordinator).post("/groups/new/", _group_data(site_a, name=group_a.name))
    assert response.status_code == 400 and Group.objects.filter(name=group_a.name).count() == 1


def test_editing_a_group_keeps_its_status(client_for, site_contact_a, meeting_group_a):
    url = f"/groups/{meeting_group_a.pk}/edit/"
    data = _group_data(meeting_group_a.site, name="Alpha Tuesday", venue_name="New room")
    assert client_for(site_contact_a).post(url, data).status_code == 302
    meeting_group_a.refresh_from_db()
    assert meeting_group_a.venue_name == "New room" and meeting_group_a.status == GroupStatus.MEETING


@pytest.mark.parametrize(("persona", "code"), [("site_contact_b", 404), ("facilitator_a", 403), ("observer", 403),
                                              ("evaluator", 403)])  # fmt: skip
def test_group_edit_refused_outside_role_or_scope(client_for, personas, persona, code, meeting_group_a):
    url = f"/groups/{meeting_group_a.pk}/edit/"
    assert client_for(personas[persona]).post(url, _group_data(meeting_group_a.site, name="X")).status_code == code
    meeting_group_a.refresh_from_db()
    assert meeting_group_a.name == "Alpha Tuesday"


def test_group_edit_redirects_anonymous_visitors(client, group_a):
    assert "/accounts/login/" in client.get(f"/groups/{group_a.pk}/edit/").url


def test_site_contact_adds_a_facilitator_to_a_group(client_for, site_contact_a, site_a, group_a):
    data = {"site": site_a.pk, "display_name": "Sam", "email": "sam@example.org", "groups": [group_a.pk]}
    response = client_for(site_contact_a).post("/groups/facilitators/new/", data)
    assert response.status_code == 302
    sam = Facilitator.objects.get(display_name="Sam")
    assert list(sam.groups.all()) == [group_a]
    assert AuditEntry.objects.filter(action="create", target_type="groups.Facilitator").exists()


def test_a_professional_cannot_be_made_a_groups_facilitator_and_the_form_says_why(
    client_for, coordinator, site_a, group_a
):
    data = {"site": site_a.pk, "display_name": "Maggie", "is_professional": "on", "groups": [group_a.pk]}
    response = client_for(coordinator).post("/groups/facilitators/new/", data)
    assert response.status_code == 400
    assert "a rule of the pilot's steering committee" in " ".join(response.context["form"].errors["groups"])
    assert not Facilitator.objects.filter(display_name="Maggie").exists()


@pytest.mark.parametrize(("persona", "code"), [("site_contact_b", 404), ("facilitator_a", 403), ("observer", 403)])
def test_facilitator_edit_refused_outside_role_or_scope(client_for, personas, persona, code, site_a, peer_a):
    data = {"site": site_a.pk, "display_name": "Changed"}
    assert client_for(personas[persona]).post(f"/groups/facilitators/{peer_a.pk}/edit/", data).status_code == code
    peer_a.refresh_from_db()
    assert peer_a.display_name == "Jo"


def test_site_contact_edits_their_sites_facilitator(client_for, site_contact_a, site_a, group_a):
    peer = FacilitatorFactory(site=site_a, display_name="Old")
    data = {"site": site_a.pk, "display_name": "New", "groups": [group_a.pk], "stepped_down_on": "2009-05-01"}
    assert client_for(site_contact_a).post(f"/groups/facilitators/{peer.pk}/edit/", data).status_code == 302
    peer.refresh_from_db()
    assert peer.display_name == "New" and not peer.is_active


@pytest.mark.parametrize("path", ["/groups/new/", "/groups/facilitators/new/", "/groups/facilitators/{peer}/edit/",
                                  "/groups/{group}/status/"])  # fmt: skip
def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_changes(client, path, meeting_group_a, peer_a):
    url = path.format(peer=peer_a.pk, group=meeting_group_a.pk)
    response = client.post(url, {"status": "closed", "changed_on": "2009-05-01", "display_name": "X", "name": "X"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    meeting_group_a.refresh_from_db()
    peer_a.refresh_from_db()
    assert meeting_group_a.status == GroupStatus.MEETING and peer_a.display_name == "Jo"


@pytest.mark.parametrize("path", ["/groups/new/", "/groups/facilitators/new/"])
def test_observers_cannot_create_groups_or_facilitators(client_for, observer, site_a, path):
    response = client_for(observer).post(path, {"site": site_a.pk, "name": "X", "display_name": "X"})
    assert response.status_code == 403
    assert not Group.objects.filter(name="X").exists() and not Facilitator.objects.filter(display_name="X").exists()
