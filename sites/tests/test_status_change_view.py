from datetime import date

import pytest
from django.urls import reverse

from sites.models import StatusChange
from sites.tests.factories import with_history

pytestmark = pytest.mark.django_db


def _data(to_status, on, note=""):
    return {"status-to_status": to_status, "status-on": on, "status-note": note}


def url(site):
    return reverse("network:site_status", args=[site.slug])


def test_coordinator_records_a_status_change(client_for, coordinator, site_a):
    response = client_for(coordinator).post(url(site_a), _data("selected", "2008-09-24"))
    assert response.status_code == 302
    change = StatusChange.objects.get()
    assert (change.status, change.on, change.actor) == ("selected", date(2008, 9, 24), coordinator)


def test_an_illegal_jump_is_shown_beside_the_field(client_for, coordinator, site_a):
    with_history(site_a, ("selected", date(2008, 9, 24)), ("withdrawn", date(2008, 11, 19)))
    response = client_for(coordinator).post(url(site_a), _data("groups_meeting", "2009-05-01"))
    assert response.status_code == 400
    assert "reactivation" in response.context["status_form"].errors["to_status"][0]
    assert "add a note explaining the reactivation" in response.content.decode()
    assert StatusChange.objects.count() == 2


@pytest.mark.parametrize("persona", ["site_contact_a", "observer", "evaluator", "facilitator_a"])
def test_only_the_coordinator_changes_the_lifecycle(client_for, personas, persona, site_a):
    response = client_for(personas[persona]).post(url(site_a), _data("selected", "2008-09-24"))
    assert response.status_code == 403
    assert not StatusChange.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, site_a):
    assert "/accounts/login/" in client.post(url(site_a), {})["Location"]


def test_the_status_form_starts_with_nothing_chosen_even_for_a_self_sustaining_site(client_for, coordinator, site_a):
    with_history(site_a, ("selected", date(2008, 9, 24)), ("groups_meeting", date(2009, 3, 1)))
    html = client_for(coordinator).get(site_a.get_absolute_url()).content.decode()
    select = html[html.index('name="status-to_status"') :]
    select = select[: select.index("</select>")]
    assert '<option value="" selected>Choose the new status</option>' in select
    assert select.count(" selected>") == 1


def test_recording_without_choosing_a_status_asks_for_one_and_saves_nothing(client_for, coordinator, site_a):
    response = client_for(coordinator).post(url(site_a), _data("", "2009-05-01"))
    assert response.status_code == 400
    assert response.context["status_form"].errors["to_status"] == ["This field is required."]
    assert not StatusChange.objects.exists()
