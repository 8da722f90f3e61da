"""Plausibility rules: an unusual registration is asked about once, beside its field, and saved with a flag.

The rules (groups.plausibility) are pure functions; the services apply them, so the form and the admin obey
the same ones. Hard errors (future dates, attendance over 200, negative numbers) stay refusals.
"""

import datetime

import pytest

from groups import plausibility
from groups.models import Meeting
from groups.plausibility import History, UnconfirmedWarnings, Values
from groups.services import meeting_register
from groups.tests.factories import GroupFactory, MeetingFactory
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db

URL = "/groups/meetings/new/"
DAY = datetime.date(2009, 5, 5)  # a Tuesday, the groups' meeting day; "today" is Thursday 7 May 2009
SETTLED = History(recent_attendance=(8,) * 12, held_before=12)
BIG = History(recent_attendance=(30,) * 12, held_before=12)


def _values(**overrides) -> Values:
    values = {"date": DAY, "held": True, "attendance": 8, "newcomers": 1, "facilitator_count": 1,
              "registered_on": datetime.date(2009, 5, 7)}  # fmt: skip
    return Values(**{**values, **overrides})


def _codes(group, values, history=SETTLED) -> list[str]:
    return [w.code for w in plausibility.check(group, values, history)]


# --- the rules, as pure functions ----------------------------------------------------------------


def test_a_usual_registration_raises_nothing():
    assert _codes(GroupFactory.build(weekday=1), _values()) == []


def test_attendance_above_three_times_the_median_is_asked_about_in_the_words_of_the_issue():
    group = GroupFactory.build(weekday=1)
    (warning,) = plausibility.check(group, _values(attendance=150), SETTLED)
    assert warning.code == "attendance_high" and warning.field == "attendance"
    assert warning.message == "150 is more than three times this group's usual attendance of 8. Is it right?"
    assert warning.confirm_label == "Yes, 150 is right"
    assert _codes(group, _values(attendance=24)) == []  # 3 x 8 = 24 is not above it
    assert _codes(group, _values(attendance=20)) == []  # and neither is the floor of 20


def test_the_floor_of_20_holds_for_small_groups_and_new_ones():
    group = GroupFactory.build(weekday=1)
    small = History(recent_attendance=(3,) * 12, held_before=12)
    assert _codes(group, _values(attendance=19), small) == []  # above 3 x 3, below 20
    assert _codes(group, _values(attendance=21), small) == ["attendance_high"]
    new = History(recent_attendance=(4, 5), held_before=2)  # not established: no median to judge by
    assert _codes(group, _values(attendance=20), new) == []
    (warning,) = plausibility.check(group, _values(attendance=25, newcomers=1), new)
    assert warning.message == "25 is more than 20, unusually many for one meeting. Is it right?"


def test_low_attendance_is_asked_about_only_where_the_usual_is_10_or_more():
    group = GroupFactory.build(weekday=1)
    assert _codes(group, _values(attendance=9, newcomers=0), BIG) == ["attendance_low"]
    assert _codes(group, _values(attendance=10, newcomers=0), BIG) == []  # a third of 30 is not below it
    assert _codes(group, _values(attendance=1, newcomers=0), SETTLED) == []  # usual 8: too small to judge


def test_newcomers_over_half_at_an_established_group_only():
    group = GroupFactory.build(weekday=1)
    assert _codes(group, _values(attendance=8, newcomers=5)) == ["newcomers_high"]
    assert _codes(group, _values(attendance=8, newcomers=4)) == []  # exactly half
    young = History(recent_attendance=(4, 5, 4), held_before=3)
    assert _codes(group, _values(attendance=8, newcomers=8), young) == []  # a new group is all newcomers


def test_a_date_off_the_groups_meeting_day():
    tuesdays = GroupFactory.build(weekday=1)
    (warning,) = plausibility.check(tuesdays, _values(date=datetime.date(2009, 5, 7)), SETTLED)
    assert warning.code == "off_schedule_day" and warning.field == "date"
    assert "Thursday 07/05/2009 is not this group's meeting day (Tuesdays)" in warning.message
    twice = GroupFactory.build(weekday=1, frequency="twice_weekly", second_weekday=3)
    assert _codes(twice, _values(date=datetime.date(2009, 5, 7))) == []
    assert _codes(GroupFactory.build(weekday=None), _values(date=datetime.date(2009, 5, 7))) == []


def test_no_facilitator_for_a_held_meeting_but_not_a_cancelled_one():
    group = GroupFactory.build(weekday=1)
    assert _codes(group, _values(facilitator_count=0)) == ["no_facilitator"]
    cancelled = _values(facilitator_count=0, held=False, attendance=0, newcomers=0)
    assert _codes(group, cancelled) == []


def test_registered_more_than_60_days_after_the_meeting():
    group = GroupFactory.build(weekday=1)
    sixty = _values(registered_on=DAY + datetime.timedelta(days=60))
    assert _codes(group, sixty) == []
    (warning,) = plausibility.check(group, _values(registered_on=DAY + datetime.timedelta(days=61)), SETTLED)
    assert warning.code == "late_registration" and "61 days" in warning.message


def test_thresholds_are_settings(settings):
    group = GroupFactory.build(weekday=1)
    settings.GROUPS_PLAUSIBLE_ATTENDANCE_FLOOR = 10
    settings.GROUPS_PLAUSIBLE_ATTENDANCE_FACTOR = 2
    (warning,) = plausibility.check(group, _values(attendance=17), SETTLED)
    assert warning.message.startswith("17 is more than twice this group's usual attendance of 8")
    settings.GROUPS_PLAUSIBLE_LATE_DAYS = 1
    assert "late_registration" in _codes(group, _values())
    settings.GROUPS_PLAUSIBLE_NEWCOMER_SHARE = 0.1
    assert "newcomers_high" in _codes(group, _values(attendance=8, newcomers=1))


def test_a_confirmation_by_token_holds_for_that_value_only():
    group = GroupFactory.build(weekday=1)
    asked = plausibility.check(group, _values(attendance=150), SETTLED)
    assert plausibility.unconfirmed(asked, ["attendance_high:150"]) == []
    again = plausibility.check(group, _values(attendance=160), SETTLED)
    assert [w.code for w in plausibility.unconfirmed(again, ["attendance_high:150"])] == ["attendance_high"]
    assert plausibility.unconfirmed(again, ["attendance_high"]) == []  # a code confirms any value


# --- through the service --------------------------------------------------------------------------


def _history(group, attendance=8, weeks=12):
    for n in range(1, weeks + 1):
        MeetingFactory(group=group, date=DAY - datetime.timedelta(days=7 * n), attendance=attendance, newcomers=1)


def test_the_service_refuses_an_unconfirmed_warning_and_saves_a_confirmed_one_with_its_flag(
    meeting_group_a, facilitator_a, frozen_today
):
    _history(meeting_group_a)
    me = facilitator_a.facilitator
    with pytest.raises(UnconfirmedWarnings) as exc_info:
        meeting_register(group=meeting_group_a, date=DAY, actor=facilitator_a, facilitators=[me], attendance=150)
    assert [w.code for w in exc_info.value.warnings] == ["attendance_high"]
    assert "three times" in exc_info.value.message_dict["attendance"][0]
    assert not Meeting.objects.filter(date=DAY).exists()
    saved = meeting_register(group=meeting_group_a, date=DAY, actor=facilitator_a, facilitators=[me],
                             attendance=150, confirmed=["attendance_high"])  # fmt: skip
    assert saved.meeting.confirmed_warnings == ["attendance_high"]
    assert list(Meeting.objects.flagged()) == [saved.meeting]
    entry = AuditEntry.objects.get(action="create", target_type="groups.Meeting")
    assert "confirmed_warnings" in entry.changed_fields  # the field's name, never its value


def test_the_usual_attendance_is_the_median_of_the_last_12_held_meetings_before_the_date(
    meeting_group_a, facilitator_a, frozen_today
):
    _history(meeting_group_a, attendance=40, weeks=40)  # long ago the group was large ...
    recent = [DAY - datetime.timedelta(days=7 * n) for n in range(1, 13)]
    Meeting.objects.filter(group=meeting_group_a, date__in=recent).update(attendance=8)  # ... lately 8
    me = facilitator_a.facilitator
    with pytest.raises(UnconfirmedWarnings):  # 30 > 3 x 8: judged by the last twelve, not all forty
        meeting_register(group=meeting_group_a, date=DAY, actor=facilitator_a, facilitators=[me], attendance=30)
    # Cancel the six latest: the last twelve held are now six of 8 and six of 40 (median 24), and 30 is usual.
    Meeting.objects.filter(date__in=recent[:6]).update(held=False, attendance=0, cancelled_reason="Room")
    saved = meeting_register(group=meeting_group_a, date=DAY, actor=facilitator_a, facilitators=[me], attendance=30)
    assert saved.meeting.confirmed_warnings == []


# --- through the form ---------------------------------------------------------------------------


def _post(group, **overrides):
    data = {"group": group.pk, "date": DAY.isoformat(), "held": "yes", "attendance": "7", "newcomers": "1",
            "facilitators": list(group.facilitators.values_list("pk", flat=True)[:1])}  # fmt: skip
    data.update(overrides)
    return data


def test_the_form_asks_beside_the_field_then_saves_the_confirmed_value_with_its_flag(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    _history(meeting_group_a)
    client = client_for(facilitator_a)
    response = client.post(URL, _post(meeting_group_a, attendance="150"))
    assert response.status_code == 200 and not Meeting.objects.filter(date=DAY).exists()
    html = response.content.decode()
    assert "150 is more than three times this group&#x27;s usual attendance of 8. Is it right?" in html
    assert 'name="confirmed" value="attendance_high:150"' in html and "Yes, 150 is right" in html
    assert 'href="#div_id_attendance"' in html and "Change it" in html
    assert not response.context["form"].errors  # a question, not an error
    response = client.post(URL, _post(meeting_group_a, attendance="150", confirmed="attendance_high:150"))
    assert response.status_code == 302
    meeting = Meeting.objects.get(date=DAY)
    assert meeting.attendance == 150 and meeting.confirmed_warnings == ["attendance_high"]


def test_a_value_changed_after_confirming_is_asked_about_again(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    _history(meeting_group_a)
    response = client_for(facilitator_a).post(URL, _post(meeting_group_a, attendance="160",
                                                         confirmed="attendance_high:150"))  # fmt: skip
    assert response.status_code == 200 and "160 is more than three times" in response.content.decode()
    assert not Meeting.objects.filter(date=DAY).exists()


@pytest.mark.parametrize(
    ("overrides", "code", "field", "text"),
    [
        ({"date": "2009-05-07"}, "off_schedule_day", "date", "is not this group&#x27;s meeting day"),
        ({"date": "2009-03-03"}, "late_registration", "date", "65 days before it was registered"),
        ({"facilitators": []}, "no_facilitator", "facilitators", "No facilitator is ticked"),
        ({"newcomers": "5"}, "newcomers_high", "newcomers", "5 of the 7 attending are newcomers"),
        ({"attendance": "1", "newcomers": "0"}, "attendance_low", "attendance", "less than a third"),
    ],
)
def test_each_rule_is_asked_about_then_saved_with_its_flag(
    client_for, coordinator, meeting_group_a, peer_a, frozen_today, overrides, code, field, text
):
    if code == "attendance_low":
        _history(meeting_group_a, attendance=12)
    else:
        _history(meeting_group_a)
    Meeting.objects.filter(date=datetime.date(2009, 3, 3)).delete()  # leave the early date free
    client = client_for(coordinator)
    response = client.post(URL, _post(meeting_group_a, **overrides))
    assert response.status_code == 200, response.context["form"].errors
    (warning,) = response.context["form"].plausibility
    assert (warning.code, warning.field) == (code, field) and text in response.content.decode()
    before = Meeting.objects.count()
    assert client.post(URL, _post(meeting_group_a, confirmed=warning.token, **overrides)).status_code == 302
    assert Meeting.objects.count() == before + 1
    assert Meeting.objects.order_by("-pk").first().confirmed_warnings == [code]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"attendance": "201"}, "attendance", "Enter a whole number from 0 to 200."),
        ({"attendance": "-1"}, "attendance", "Enter a whole number from 0 to 200."),
        ({"date": "2009-05-08"}, "date", "The date cannot be in the future"),
        ({"newcomers": "9"}, "newcomers", "Newcomers are counted within attendance"),
    ],
)
def test_hard_errors_stay_refusals_and_are_not_confirmable(
    client_for, facilitator_a, meeting_group_a, frozen_today, overrides, field, message
):
    _history(meeting_group_a)
    data = _post(meeting_group_a, confirmed=list(plausibility.CODES), **overrides)
    response = client_for(facilitator_a).post(URL, data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not response.context["form"].plausibility
    assert not Meeting.objects.filter(date__gte=DAY).exists()


def test_an_edit_keeps_a_confirmation_while_the_value_stays_and_drops_the_flag_when_it_is_usual(
    client_for, coordinator, meeting_group_a, peer_a, frozen_today
):
    _history(meeting_group_a)
    client = client_for(coordinator)
    client.post(URL, _post(meeting_group_a, attendance="150", confirmed="attendance_high:150"))
    meeting = Meeting.objects.get(date=DAY)
    url = f"/groups/meetings/{meeting.pk}/edit/"
    assert 'value="attendance_high:150"' in client.get(url).content.decode()  # carried in a hidden input
    data = _post(meeting_group_a, attendance="150", note="Open evening", confirmed="attendance_high:150",
                 version=str(meeting.version))  # fmt: skip
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.note == "Open evening" and meeting.confirmed_warnings == ["attendance_high"]
    data = _post(meeting_group_a, attendance="8", confirmed="attendance_high:150", version=str(meeting.version))
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.attendance == 8 and meeting.confirmed_warnings == []
    assert not Meeting.objects.flagged().exists()


# --- through the admin --------------------------------------------------------------------------


def test_the_admin_asks_for_the_confirmation_box_and_saves_the_flag(client, make_user, meeting_group_a, frozen_today):
    _history(meeting_group_a)
    client.force_login(make_user("root", None, is_staff=True, is_superuser=True))
    data = {
        "group": str(meeting_group_a.pk), "date": DAY.isoformat(), "held": "on", "cancelled_reason": "",
        "attendance": "150", "newcomers": "2", "duration_minutes": "85", "donations": "0.00", "note": "",
        "registered_by": "", "registered_at_0": "2009-05-07", "registered_at_1": "12:00:00", "expected_version": "",
        "facilitators": [],
    }  # fmt: skip
    response = client.post("/admin/groups/meeting/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "three times" in " ".join(errors["attendance"]) and "No facilitator is ticked" in str(errors)
    assert not Meeting.objects.filter(date=DAY).exists()
    response = client.post("/admin/groups/meeting/add/", {**data, "confirm_unusual": "on"})
    assert response.status_code == 302
    assert Meeting.objects.get(date=DAY).confirmed_warnings == ["no_facilitator", "attendance_high"]


# --- where registrations are listed -------------------------------------------------------------


def test_flagged_registrations_carry_a_marker_on_the_meetings_list_and_the_group_page(
    client_for, coordinator, meeting_group_a, frozen_today
):
    MeetingFactory(group=meeting_group_a, date=DAY, attendance=150, confirmed_warnings=["attendance_high"])
    MeetingFactory(group=meeting_group_a, date=DAY - datetime.timedelta(days=7), attendance=7)
    assert [m.date for m in Meeting.objects.flagged()] == [DAY]
    client = client_for(coordinator)
    for url in ("/groups/meetings/", meeting_group_a.get_absolute_url()):
        html = client.get(url).content.decode()
        assert html.count('class="flag-marker"') == 1, url
        assert "Confirmed as unusual: attendance unusually high" in html


def test_several_warnings_are_asked_together_and_may_be_confirmed_with_one_tap(
    client_for, coordinator, meeting_group_a, frozen_today
):
    _history(meeting_group_a)
    client = client_for(coordinator)
    data = _post(meeting_group_a, date="2009-05-07", attendance="150", facilitators=[])
    response = client.post(URL, data)
    form = response.context["form"]
    assert [w.code for w in form.plausibility] == ["off_schedule_day", "no_facilitator", "attendance_high"]
    html = response.content.decode()
    assert "3 answers look unusual" in html and "Yes, all 3 are right" in html
    assert f'value="{form.plausibility_tokens}"' in html
    # One warning confirmed: the others are asked again, that one is carried along.
    response = client.post(URL, {**data, "confirmed": "no_facilitator:0"})
    assert [w.code for w in response.context["form"].plausibility] == ["off_schedule_day", "attendance_high"]
    assert 'type="hidden" name="confirmed" value="no_facilitator:0"' in response.content.decode()
    assert client.post(URL, {**data, "confirmed": form.plausibility_tokens}).status_code == 302
    meeting = Meeting.objects.get(date=datetime.date(2009, 5, 7))
    assert meeting.confirmed_warnings == ["off_schedule_day", "no_facilitator", "attendance_high"]
