"""An already registered meeting is said at once: on opening the form, on choosing the date (htmx), and on
submit without JavaScript."""

import datetime

import pytest

from groups.models import Meeting
from groups.tests.factories import MeetingFactory
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW = "/groups/meetings/new/"
CHECK = "/groups/meetings/registered/"
DAY = datetime.date(2009, 5, 5)
SAID = "This meeting is already registered"


@pytest.fixture
def existing(meeting_group_a, facilitator_a):
    return MeetingFactory(group=meeting_group_a, date=DAY, registered_by=facilitator_a)


def test_opening_the_form_on_a_registered_meeting_says_so_at_once_with_a_link_to_change_it(
    client_for, facilitator_a, existing, frozen_today
):
    html = client_for(facilitator_a).get(NEW).content.decode()  # opens on Tuesday 5 May, already registered
    assert SAID in html and f'href="/groups/meetings/{existing.pk}/edit/">change that registration</a>' in html


def test_opening_the_form_on_a_free_date_says_nothing(client_for, facilitator_a, existing, frozen_today):
    html = client_for(facilitator_a).get(f"{NEW}?date=2009-04-28").content.decode()
    assert SAID not in html and 'value="2009-04-28"' in html


def test_the_date_field_asks_the_server_when_it_changes(client_for, facilitator_a, meeting_group_a, frozen_today):
    html = client_for(facilitator_a).get(NEW).content.decode()
    assert f'hx-get="{CHECK}"' in html and 'hx-target="#duplicate-warning"' in html
    assert 'id="duplicate-warning"' in html


def test_the_htmx_check_answers_a_fragment_for_a_registered_date_and_nothing_for_a_free_one(
    client_for, facilitator_a, meeting_group_a, existing, frozen_today
):
    client = client_for(facilitator_a)
    response = client.get(CHECK, {"group": meeting_group_a.pk, "date": "2009-05-05"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and SAID in html and "<html" not in html
    assert f"/groups/meetings/{existing.pk}/edit/" in html
    free = client.get(CHECK, {"group": meeting_group_a.pk, "date": "2009-04-28"}, HTTP_HX_REQUEST="true")
    assert free.status_code == 200 and SAID not in free.content.decode()
    for query in ({}, {"group": meeting_group_a.pk}, {"group": meeting_group_a.pk, "date": "not a date"}):
        assert client.get(CHECK, query).status_code == 200


def test_the_check_leaves_out_the_registration_being_changed(client_for, coordinator, existing, frozen_today):
    query = {"group": existing.group_id, "date": "2009-05-05", "meeting": existing.pk}
    assert SAID not in client_for(coordinator).get(CHECK, query).content.decode()
    edit = client_for(coordinator).get(f"/groups/meetings/{existing.pk}/edit/").content.decode()
    assert f"{{&quot;meeting&quot;: {existing.pk}}}" in edit  # the edit form sends its own id along


def test_someone_who_may_not_change_it_is_told_whom_to_ask(client_for, facilitator_a, site_a, existing, frozen_today):
    from pilot.roles import Role
    from pilot.tests.factories import make_user

    other = make_user("fac_other", Role.FACILITATOR, site=site_a, groups=[existing.group])
    html = client_for(other).get(CHECK, {"group": existing.group_id, "date": "2009-05-05"}).content.decode()
    assert SAID in html and "ask your site contact" in html and "/edit/" not in html


def test_another_sites_group_is_not_found_and_the_probe_recorded(
    client_for, facilitator_b, site_contact_b, existing, frozen_today
):
    for user in (facilitator_b, site_contact_b):
        response = client_for(user).get(CHECK, {"group": existing.group_id, "date": "2009-05-05"})
        assert response.status_code == 404
    assert AuditEntry.objects.filter(target_type="groups.Group").exists()


def test_anonymous_is_sent_to_sign_in_and_observers_may_not_use_it(client, client_for, observer, existing):
    response = client.get(CHECK, {"group": existing.group_id, "date": "2009-05-05"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client_for(observer).get(CHECK, {"group": existing.group_id, "date": "2009-05-05"}).status_code == 403


def test_without_javascript_the_submit_still_says_it_at_the_date_and_saves_nothing(
    client_for, facilitator_a, meeting_group_a, existing, frozen_today
):
    data = {"group": meeting_group_a.pk, "date": "2009-05-05", "held": "yes", "attendance": "7", "newcomers": "1",
            "facilitators": [facilitator_a.facilitator.pk]}  # fmt: skip
    response = client_for(facilitator_a).post(NEW, data)
    assert response.status_code == 400
    assert "already registered" in " ".join(response.context["form"].errors["date"])
    html = response.content.decode()
    assert SAID in html and f"/groups/meetings/{existing.pk}/edit/" in html
    assert Meeting.objects.count() == 1
