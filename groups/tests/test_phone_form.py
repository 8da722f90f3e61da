"""The registration form on a phone: the essentials first, the signed-in facilitator ticked, the optional part
folded with "same as last time", a cancelled meeting without attendance, and the training notice said once."""

import datetime

import pytest

from groups.models import Meeting
from groups.tests.factories import MeetingFactory
from pilot.models import AuditEntry

pytestmark = pytest.mark.django_db

URL = "/groups/meetings/new/"
DAY = datetime.date(2009, 5, 5)


def _post(group, **overrides):
    data = {"group": group.pk, "date": DAY.isoformat(), "held": "yes", "attendance": "7", "newcomers": "1",
            "facilitators": list(group.facilitators.values_list("pk", flat=True)[:1])}  # fmt: skip
    data.update(overrides)
    return data


def test_the_signed_in_facilitator_is_ticked_when_they_facilitate_the_group(
    client_for, facilitator_a, coordinator, meeting_group_a, peer_a, frozen_today
):
    me = facilitator_a.facilitator
    form = client_for(facilitator_a).get(URL).context["form"]
    assert form.initial["facilitators"] == [me.pk]
    html = client_for(facilitator_a).get(URL).content.decode()
    checked = [line for line in html.split("<input") if 'name="facilitators"' in line and "checked" in line]
    assert len(checked) == 1 and f'value="{me.pk}"' in checked[0]  # Jo, the other facilitator, is not ticked
    assert client_for(coordinator).get(URL).context["form"].initial["facilitators"] == []


def test_the_essentials_come_before_the_folded_optional_part_and_the_submit_follows(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    html = client_for(facilitator_a).get(URL).content.decode()
    order = ['name="date"', 'name="held"', 'name="facilitators"', 'name="attendance"', 'name="newcomers"',
             "<summary>What you covered (optional)</summary>", 'name="agenda"', 'name="tools"',
             'name="referral_alcohol_worker"', 'name="note"', "</details>",
             'type="submit" class="btn btn-primary']  # fmt: skip
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert html.count("<details") == 1  # one folded section, not several
    assert "Do not write anyone" in html  # the note's warning stays with the note


def test_a_cancelled_meeting_is_accepted_with_attendance_left_blank(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    data = _post(meeting_group_a, held="no", attendance="", newcomers="", cancelled_reason="Snow", facilitators=[])
    assert client_for(facilitator_a).post(URL, data).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.held, meeting.attendance, meeting.newcomers, meeting.cancelled_reason) == (False, 0, 0, "Snow")


def test_a_held_meeting_still_needs_its_attendance_and_the_messages_are_the_same(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    response = client_for(facilitator_a).post(URL, _post(meeting_group_a, attendance="", newcomers=""))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["attendance"] == ["This field is required."] and errors["newcomers"] == ["This field is required."]
    response = client_for(facilitator_a).post(URL, _post(meeting_group_a, held="no", cancelled_reason="Snow"))
    assert (
        "A cancelled meeting has no attendance: enter 0, or choose Held."
        in response.context["form"].errors["attendance"]
    )
    assert not Meeting.objects.exists()


def test_same_as_last_time_offers_last_meetings_agenda_and_tools(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    MeetingFactory(group=meeting_group_a, date=DAY - datetime.timedelta(days=7), agenda_check_in=True,
                   tool_disarm=True)  # fmt: skip
    MeetingFactory(group=meeting_group_a, date=DAY - datetime.timedelta(days=14), agenda_welcome=True)
    response = client_for(facilitator_a).get(URL)
    data = response.context["last_times"]
    ticked = data["groups"][meeting_group_a.pk]
    assert ticked[0] == "28/04/2009"
    assert [name for i, name in enumerate(data["fields"]) if ticked[1] & (1 << i)] == [
        "agenda_check_in",
        "tool_disarm",
    ]
    html = response.content.decode()
    assert 'id="last-times" type="application/json"' in html and 'name="same_as_last"' in html


def test_same_as_last_time_data_names_each_field_once_and_each_group_by_a_bit_mask(
    client_for, coordinator, group_a, group_b, frozen_today
):
    from groups.meeting_views import _last_times_json
    from groups.models import AGENDA_SECTIONS, TOOLS
    from groups.selectors import last_choices

    MeetingFactory(group=group_a, date=DAY - datetime.timedelta(days=7), agenda_check_in=True, tool_disarm=True)
    MeetingFactory(group=group_b, date=DAY - datetime.timedelta(days=7))
    data = _last_times_json(last_choices([group_a, group_b]))
    names = [name for name, _ in AGENDA_SECTIONS + TOOLS]
    assert data["fields"] == names
    mask = (1 << names.index("agenda_check_in")) | (1 << names.index("tool_disarm"))
    assert data["groups"] == {group_a.pk: ["28/04/2009", mask], group_b.pk: ["28/04/2009", 0]}
    assert _last_times_json({}) == {}


def test_same_as_last_time_without_javascript_ticks_them_keeps_the_rest_and_saves_nothing(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    MeetingFactory(group=meeting_group_a, date=DAY - datetime.timedelta(days=7), agenda_check_in=True,
                   tool_disarm=True)  # fmt: skip
    data = _post(meeting_group_a, attendance="9", agenda=["agenda_welcome"], same_as_last="1")
    response = client_for(facilitator_a).post(URL, data)
    assert response.status_code == 200 and Meeting.objects.count() == 1
    form = response.context["form"]
    assert form.initial["agenda"] == ["agenda_check_in"] and form.initial["tools"] == ["tool_disarm"]
    html = response.content.decode()
    assert 'value="9"' in html and "Ticked as on 28/04/2009." in html and '<details class="covered mb-3" open>' in html
    assert not form.errors


def test_a_group_with_no_meeting_yet_offers_no_same_as_last_time(client_for, facilitator_a, meeting_group_a):
    html = client_for(facilitator_a).get(URL).content.decode()
    assert '<div class="same-as-last my-2" hidden>' in html


def test_the_training_notice_is_said_once_to_the_facilitator_concerned_with_whom_to_ask(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    client = client_for(facilitator_a)
    first = client.post(URL, _post(meeting_group_a), follow=True)
    shown = " ".join(str(m) for m in first.context["messages"])
    assert "No facilitator training is recorded for Fac_A" in shown
    assert "ask your site contact at Alpha Town or the programme coordinator" in shown
    assert AuditEntry.objects.filter(target_type="groups.Facilitator", changed_fields=["training_notice_on"]).exists()
    second = client.post(URL, _post(meeting_group_a, date="2009-04-28"), follow=True)
    assert Meeting.objects.count() == 2
    assert "training" not in " ".join(str(m) for m in second.context["messages"])


def test_a_coordinator_registering_for_an_untrained_facilitator_gets_no_banner_but_a_task(
    client_for, coordinator, facilitator_a, meeting_group_a, frozen_today
):
    response = client_for(coordinator).post(URL, _post(meeting_group_a), follow=True)
    assert "training" not in " ".join(str(m) for m in response.context["messages"])
    home = client_for(coordinator).get("/").content.decode()
    assert "Facilitators with no training recorded" in home and "Fac_A" in home
    assert "1 meeting, the last on 05/05/2009" in home
    assert "Facilitators with no training recorded" not in client_for(facilitator_a).get("/").content.decode()


def test_enter_in_a_field_registers_rather_than_confirming_or_filling_in_last_time(
    client_for, facilitator_a, meeting_group_a, frozen_today
):
    MeetingFactory(group=meeting_group_a, date=DAY - datetime.timedelta(days=7), agenda_check_in=True)
    response = client_for(facilitator_a).post(URL, _post(meeting_group_a, facilitators=[], attendance="7"))
    html = response.content.decode()
    form_html = html[html.index('<form method="post" novalidate>') :]
    first_button = form_html[form_html.index("<button") : form_html.index("</button>")]
    assert 'class="default-submit"' in first_button and "name=" not in first_button  # the browser's default
    assert form_html.index('name="same_as_last"') > form_html.index("default-submit")
    assert form_html.index('name="confirmed" value="no_facilitator:0"') > form_html.index("default-submit")
