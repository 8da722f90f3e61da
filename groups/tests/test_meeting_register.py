"""Registering a meeting at /groups/meetings/new/: one submit, counts only, errors at the field."""

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from groups.models import Meeting
from groups.tests.factories import FacilitatorFactory, MeetingFactory
from pilot.models import AuditEntry

URL = "/groups/meetings/new/"
pytestmark = pytest.mark.django_db


def _post(group, **overrides):
    data = {
        "group": group.pk,
        "date": "2009-05-05",
        "held": "yes",
        "attendance": "7",
        "newcomers": "2",
        "duration_minutes": "85",
        "donations": "4.50",
        "agenda": ["agenda_welcome", "agenda_check_in", "agenda_check_out"],
        "tools": ["tool_abc_urges", "tool_disarm"],
        "referral_alcohol_worker": "2",
        "problem_alcohol": "1",
        "note": "Good energy; talked about Christmas plans.",
        # A held meeting has a facilitator (else the form asks to confirm that none was there).
        "facilitators": list(group.facilitators.values_list("pk", flat=True)[:1]),
    }
    data.update(overrides)
    return data


def test_facilitator_registers_a_meeting_in_one_submit(
    client_for, facilitator_a, meeting_group_a, peer_a, frozen_today
):
    me = facilitator_a.facilitator
    response = client_for(facilitator_a).post(URL, _post(meeting_group_a, facilitators=[me.pk, peer_a.pk]))
    assert response.status_code == 302 and response.url == meeting_group_a.get_absolute_url()
    meeting = Meeting.objects.get()
    assert (meeting.group, meeting.date, meeting.held) == (meeting_group_a, datetime.date(2009, 5, 5), True)
    assert (meeting.attendance, meeting.newcomers, meeting.duration_minutes) == (7, 2, 85)
    assert meeting.donations == Decimal("4.50")
    assert meeting.agenda_welcome and meeting.agenda_check_out and not meeting.agenda_working_time
    assert meeting.tool_disarm and not meeting.tool_urge_log
    assert (meeting.referral_alcohol_worker, meeting.referral_gp, meeting.problem_alcohol) == (2, None, 1)
    assert set(meeting.facilitators.all()) == {me, peer_a}
    assert meeting.registered_by == facilitator_a
    entry = AuditEntry.objects.get(action="create", target_type="groups.Meeting")
    assert "attendance" in entry.changed_fields and "Christmas" not in str(entry.changed_fields)


def test_form_preselects_a_facilitators_only_group_and_the_last_scheduled_day(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    response = client_for(facilitator_a).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'type="hidden" name="group" value="{meeting_group_a.pk}"' in html
    assert 'value="2009-05-05"' in html  # Tuesday, the most recent scheduled day
    assert 'inputmode="numeric"' in html
    assert "<details" in html  # the optional counts are folded away
    assert "Do not write anyone" in html and "name or anything that could identify a member" in html


def test_coordinator_gets_a_choice_of_groups(client_for, coordinator, meeting_group_a, meeting_group_b, frozen_today):
    html = client_for(coordinator).get(URL).content.decode()
    assert '<select name="group"' in html and meeting_group_b.name in html


def test_facilitator_cannot_register_for_another_sites_group(
    client_for, facilitator_a, meeting_group_a, meeting_group_b, frozen_today
):
    response = client_for(facilitator_a).post(URL, _post(meeting_group_b))
    assert response.status_code == 400
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"newcomers": "8"}, "newcomers", "at most 7"),
        ({"date": "2009-05-08"}, "date", "cannot be in the future"),
        ({"attendance": "201"}, "attendance", "from 0 to 200"),
        ({"attendance": "-1"}, "attendance", "from 0 to 200"),
        ({"attendance": "six"}, "attendance", "whole number"),
        ({"donations": "-1"}, "donations", "cannot be negative"),
        ({"held": "no", "attendance": "0", "newcomers": "0"}, "cancelled_reason", "why the meeting was cancelled"),
        ({"referral_gp": "3"}, "referral_alcohol_worker", "add up to 5, more than the 2 newcomers"),
    ],
)
def test_bad_input_is_answered_at_the_field_and_nothing_is_saved(
    client_for, facilitator_a, meeting_group_a, frozen_today, overrides, field, message
):
    response = client_for(facilitator_a).post(URL, _post(meeting_group_a, **overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not Meeting.objects.exists()


def test_a_cancelled_meeting_is_registered_with_its_reason(client_for, facilitator_a, meeting_group_a, frozen_today):
    data = _post(meeting_group_a, held="no", attendance="0", newcomers="0", cancelled_reason="Room double-booked")
    data.pop("referral_alcohol_worker"), data.pop("problem_alcohol")
    assert client_for(facilitator_a).post(URL, data).status_code == 302
    meeting = Meeting.objects.get()
    assert not meeting.held and meeting.cancelled_reason == "Room double-booked"


def test_a_length_outside_60_to_90_minutes_is_saved_with_a_warning(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    response = client_for(facilitator_a).post(URL, _post(meeting_group_a, duration_minutes="45"), follow=True)
    assert Meeting.objects.get().duration_minutes == 45
    assert "45 minutes is outside the usual 60-90" in response.content.decode()


def test_a_second_registration_for_the_same_date_is_told_and_offered_an_edit(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    existing = MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 5, 5), registered_by=facilitator_a)
    response = client_for(facilitator_a).post(URL, _post(meeting_group_a))
    assert response.status_code == 400
    assert "already registered" in " ".join(response.context["form"].errors["date"])
    assert f"/groups/meetings/{existing.pk}/edit/" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_a_professional_cannot_be_listed_as_facilitating_and_the_form_says_why(
    client_for, site_contact_a, meeting_group_a, site_a, frozen_today
):
    worker = FacilitatorFactory(site=site_a, display_name="Maggie")
    worker.groups.add(meeting_group_a)
    worker.is_professional = True  # flagged after being added to the group
    worker.save()
    html = client_for(site_contact_a).get(URL).content.decode()
    assert "a rule of the pilot's steering committee" in html
    assert "Maggie" not in html  # not offered as a facilitator
    form_data = _post(meeting_group_a, facilitators=[worker.pk])
    response = client_for(site_contact_a).post(URL, form_data)
    assert response.status_code == 400
    assert "must not facilitate" in " ".join(response.context["form"].errors["facilitators"])
    assert not Meeting.objects.exists()


@override_settings(REQUIRE_TRAINED_FACILITATOR="block")
def test_block_setting_refuses_an_untrained_facilitator(client_for, facilitator_a, meeting_group_a, frozen_today):
    response = client_for(facilitator_a).post(URL, _post(meeting_group_a, facilitators=[facilitator_a.facilitator.pk]))
    assert response.status_code == 400
    assert "no facilitator training recorded" in " ".join(response.context["form"].errors["facilitators"])
    assert not Meeting.objects.exists()


@override_settings(REQUIRE_TRAINED_FACILITATOR="warn")
def test_warn_setting_saves_and_warns_about_an_untrained_facilitator(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    data = _post(meeting_group_a, facilitators=[facilitator_a.facilitator.pk])
    response = client_for(facilitator_a).post(URL, data, follow=True)
    assert Meeting.objects.count() == 1
    assert "No facilitator training is recorded for Fac_A" in response.content.decode()


def test_the_form_marks_facilitators_with_no_training_recorded(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    html = client_for(facilitator_a).get(URL).content.decode()
    assert "Fac_A (No facilitator training recorded)" in html


@override_settings(REQUIRE_TRAINED_FACILITATOR="off")
def test_off_setting_says_and_refuses_nothing_about_training(client_for, facilitator_a, meeting_group_a, frozen_today):
    html = client_for(facilitator_a).get(URL).content.decode()
    assert "training recorded" not in html
    data = _post(meeting_group_a, facilitators=[facilitator_a.facilitator.pk])
    response = client_for(facilitator_a).post(URL, data, follow=True)
    assert Meeting.objects.count() == 1
    assert "No facilitator training is recorded" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(client, meeting_group_a):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_observer_and_evaluator_may_not_register(client_for, observer, evaluator, meeting_group_a, frozen_today):
    for user in (observer, evaluator):
        assert client_for(user).post(URL, _post(meeting_group_a)).status_code == 403
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("meetings", [1, 50])
def test_registration_form_runs_a_constant_number_of_queries(
    client_for, facilitator_a, meeting_group_a, peer_a, frozen_today, meetings, django_assert_num_queries
):
    for i in range(meetings):
        MeetingFactory(group=meeting_group_a, date=datetime.date(2009, 4, 28) - datetime.timedelta(days=7 * i))
    client = client_for(facilitator_a)
    # session, user, role groups; add_meeting permission (user and group perms); the facilitator's groups (read
    # once, for the default dates and the form's choices) and their status history; facilitator
    # choices (ids and their training status in one query each, then rendered); the signed-in facilitator to
    # tick; the agenda and tools of each group's last meeting; whether the chosen date is already registered;
    # the session refresh.
    with django_assert_num_queries(16):
        assert client.get(URL).status_code == 200


def test_facilitators_from_another_site_cannot_be_listed(
    client_for, coordinator, meeting_group_a, meeting_group_b, facilitator_b, frozen_today
):
    response = client_for(coordinator).post(URL, _post(meeting_group_a, facilitators=[facilitator_b.facilitator.pk]))
    assert response.status_code == 400
    assert "Not facilitators at Alpha Town: Fac_B" in " ".join(response.context["form"].errors["facilitators"])
    assert "Fac_B · Beta City" in response.content.decode()  # with several sites, each name carries its site


def test_with_several_groups_each_groups_last_meeting_day_is_offered_to_the_page(
    client_for, coordinator, meeting_group_a, meeting_group_b, frozen_today
):
    meeting_group_b.weekday = 3  # Thursdays: today
    meeting_group_b.save()
    response = client_for(coordinator).get(URL)
    assert response.context["default_dates"] == {meeting_group_a.pk: "2009-05-05", meeting_group_b.pk: "2009-05-07"}
    assert 'id="default-dates" type="application/json"' in response.content.decode()
