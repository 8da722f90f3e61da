"""Each reminder through a real SMTP server (aiosmtpd in a child process): who gets what, once."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest

from groups.tests.factories import MeetingFactory
from reminders import services
from reminders.models import Kind, SentReminder
from reminders.tests.conftest import set_meeting
from sites.tests.factories import ProgressEntryFactory

TUESDAY, WEDNESDAY = date(2009, 6, 2), date(2009, 6, 3)


def body(message) -> str:
    return message.get_payload(decode=True).decode()


def to(message) -> str:
    return message["To"]


@pytest.fixture
def meeting_groups(with_emails, group_a, group_b):
    set_meeting(group_a)
    set_meeting(group_b)
    MeetingFactory(group=group_b, date=TUESDAY, note="Someone spoke of their relapse")
    return group_a, group_b


def test_a_facilitator_is_reminded_the_day_after_once_with_a_prefilled_link(smtp_server, meeting_groups, personas):
    group_a, _ = meeting_groups
    assert services.remind_unregistered_meetings(today=WEDNESDAY) == 1
    assert services.remind_unregistered_meetings(today=WEDNESDAY) == 0  # the rerun sends nothing twice
    assert services.remind_unregistered_meetings(today=date(2009, 6, 4)) == 0  # nor the next day's run
    messages = smtp_server.messages()
    assert [to(m) for m in messages] == ["fac_a@example.org"]  # Beta's meeting is registered: nobody else
    text = body(messages[0])
    assert "Alpha Tuesday" in text and "Tuesday 02 June 2009" in text
    link = next(line.strip() for line in text.splitlines() if "/groups/meetings/new/" in line)
    assert parse_qs(urlparse(link).query) == {"group": [str(group_a.pk)], "date": ["2009-06-02"]}
    assert "/reminders/unsubscribe/" in text and messages[0]["List-Unsubscribe"]
    assert "relapse" not in text and "Fac_A" not in text  # no meeting note, no facilitator's name
    record = SentReminder.objects.get()
    assert (record.user, record.kind, record.group, record.day) == (
        personas["facilitator_a"],
        Kind.MEETING_UNREGISTERED,
        group_a,
        TUESDAY,
    )
    assert record.sent_at is not None


def test_the_registration_form_opens_prefilled_from_the_link(client_for, meeting_groups, personas):
    group_a, _ = meeting_groups
    page = client_for(personas["facilitator_a"]).get(f"/groups/meetings/new/?group={group_a.pk}&date=2009-06-02")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="2009-06-02"' in html


def test_no_reminder_for_a_kind_switched_off_and_none_recorded(smtp_server, meeting_groups, personas):
    services.preference_save(
        user=personas["facilitator_a"], actor=personas["facilitator_a"], meeting_unregistered=False
    )
    assert services.remind_unregistered_meetings(today=WEDNESDAY) == 0
    assert smtp_server.messages() == [] and not SentReminder.objects.exists()


def test_the_coordinator_hears_weekly_of_follow_ups_and_new_flags_without_the_notes(
    smtp_server, with_emails, site_a, site_b
):
    ProgressEntryFactory(
        site=site_a, day=date(2009, 5, 1), note="Private: the manager is off sick", follow_up_on=date(2009, 6, 5)
    )
    ProgressEntryFactory(site=site_b, day=date(2009, 5, 1), note="Later", follow_up_on=date(2009, 9, 1))
    monday = date(2009, 6, 1)
    assert services.remind_coordinators_weekly(today=monday) == 1
    assert services.remind_coordinators_weekly(today=date(2009, 6, 4)) == 0  # same week: nothing twice
    (message,) = smtp_server.messages()
    assert to(message) == "coord@example.org"
    text = body(message)
    assert "Follow-up due 05 June 2009: Alpha Town." in text
    assert "01 September 2009" not in text  # Beta's follow-up is months away
    assert "off sick" not in text and "Later" not in text
    assert services.remind_coordinators_weekly(today=date(2009, 6, 8)) == 1  # the next week again


def test_a_site_contact_hears_on_the_5th_of_last_months_missing_returns_and_sign_off(
    smtp_server, with_emails, group_a, group_b, site_a
):
    set_meeting(group_a)  # Alpha met each Tuesday of May 2009 and registered none
    MeetingFactory(group=group_a, date=date(2009, 5, 5))
    assert services.remind_site_contacts_monthly(today=date(2009, 6, 5)) == 1
    assert services.remind_site_contacts_monthly(today=date(2009, 6, 5)) == 0
    (message,) = smtp_server.messages()
    assert to(message) == "contact_a@example.org"  # Beta's group is not meeting: nothing for contact_b
    text = body(message)
    assert "Alpha Town, May 2009: 3 scheduled meeting(s) with no registration." in text
    assert "Alpha Town, May 2009: the month awaits sign-off." in text
    assert "/groups/signoff/alpha/2009/5/" in text


def test_a_digest_instead_of_single_emails(smtp_server, meeting_groups, personas):
    facilitator = personas["facilitator_a"]
    MeetingFactory(group=meeting_groups[1], date=date(2009, 6, 9))  # Beta keeps up: only Alpha's are held
    services.preference_save(user=facilitator, actor=facilitator, digest=True)
    assert services.remind_unregistered_meetings(today=WEDNESDAY) == 1
    assert services.remind_unregistered_meetings(today=date(2009, 6, 10)) == 1
    assert smtp_server.messages() == []  # held
    assert not SentReminder.objects.filter(sent_at__isnull=False).exists()
    assert services.send_digests(today=date(2009, 6, 8)) == 1
    assert services.send_digests(today=date(2009, 6, 8)) == 0
    (message,) = smtp_server.messages()
    assert message["Subject"] == "Your weekly digest of reminders"
    text = body(message)
    assert text.count("A meeting is not registered yet") == 1  # one heading for both meetings
    assert "on Tuesday 02 June 2009" in text and "on Tuesday 09 June 2009" in text
    assert text.count("/reminders/unsubscribe/") == 2  # one link per kind: the meeting reminders, the digest
    for held in SentReminder.objects.filter(kind=Kind.MEETING_UNREGISTERED):
        assert held.sent_at is not None and held.digest.kind == Kind.DIGEST


def test_a_digest_leaves_out_what_was_settled_since(smtp_server, meeting_groups, personas):
    group_a, _ = meeting_groups
    services.preference_save(user=personas["facilitator_a"], actor=None, digest=True)
    services.remind_unregistered_meetings(today=WEDNESDAY)
    MeetingFactory(group=group_a, date=TUESDAY)
    assert services.send_digests(today=date(2009, 6, 8)) == 0
    assert smtp_server.messages() == []


def test_the_coordinator_hears_of_flags_new_this_week_only(smtp_server, with_emails, site_a):
    from sites.models import Status
    from sites.tests.factories import StatusChangeFactory

    StatusChangeFactory(site=site_a, status=Status.GROUPS_MEETING, on=date(2009, 1, 5))
    ProgressEntryFactory(site=site_a, day=date(2009, 4, 1), note="Visited")  # no contact since: flagged from 27 May
    assert services.remind_coordinators_weekly(today=date(2009, 6, 1)) == 1
    text = body(smtp_server.messages()[0])
    assert "Alpha Town is newly flagged: No contact in 8 weeks." in text
    assert "No champion named" not in text  # flagged a week ago too: not news
    assert "Visited" not in text


def test_nothing_to_say_sends_nothing_and_records_nothing(smtp_server, with_emails, group_a):
    from groups.models import MonthSignOff, MonthState

    set_meeting(group_a)
    for day in (5, 12, 19, 26):
        MeetingFactory(group=group_a, date=date(2009, 5, day))
    MonthSignOff.objects.create(site=group_a.site, month=date(2009, 5, 1), state=MonthState.APPROVED)
    assert services.remind_site_contacts_monthly(today=date(2009, 6, 5)) == 0
    assert services.remind_coordinators_weekly(today=date(2009, 6, 1)) == 0
    assert smtp_server.messages() == [] and not SentReminder.objects.exists()


def test_held_reminders_follow_the_choices_made_since(smtp_server, meeting_groups, personas):
    facilitator = personas["facilitator_a"]
    MeetingFactory(group=meeting_groups[1], date=date(2009, 6, 9))  # Beta keeps up: only Alpha's matter here
    services.preference_save(user=facilitator, actor=facilitator, digest=True)
    services.remind_unregistered_meetings(today=WEDNESDAY)
    services.preference_save(user=facilitator, actor=facilitator, digest=False)  # back to single emails
    assert services.send_digests(today=date(2009, 6, 8)) == 1  # what was held still comes, once
    assert "Alpha Tuesday" in body(smtp_server.messages()[0])
    services.preference_save(user=facilitator, actor=facilitator, digest=True)
    services.remind_unregistered_meetings(today=date(2009, 6, 10))
    services.preference_save(user=facilitator, actor=None, meeting_unregistered=False)  # stopped from a link
    assert services.send_digests(today=date(2009, 6, 15)) == 0
    assert len(smtp_server.messages()) == 1
