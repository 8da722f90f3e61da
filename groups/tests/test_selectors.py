"""Scheduled dates, reporting rates and missing registrations: what the reports build on."""

import datetime

import pytest
from django.utils import timezone

from groups import selectors
from groups.models import Frequency, GroupStatus
from groups.tests.conftest import make_meeting_group
from groups.tests.factories import GroupFactory, GroupStatusChangeFactory, MeetingFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def test_weekly_group_is_scheduled_every_meeting_day_from_its_first_meeting(group_a):
    make_meeting_group(group_a, since=D(2009, 3, 3))
    dates = selectors.scheduled_dates(group_a, D(2009, 2, 1), D(2009, 3, 31))
    assert dates == [D(2009, 3, 3), D(2009, 3, 10), D(2009, 3, 17), D(2009, 3, 24), D(2009, 3, 31)]


def test_no_meetings_are_scheduled_while_a_group_is_paused_or_after_it_closed(group_a):
    make_meeting_group(group_a, since=D(2009, 3, 3))
    GroupStatusChangeFactory(group=group_a, status=GroupStatus.PAUSED, changed_on=D(2009, 3, 11))
    GroupStatusChangeFactory(group=group_a, status=GroupStatus.MEETING, changed_on=D(2009, 3, 24))
    GroupStatusChangeFactory(group=group_a, status=GroupStatus.CLOSED, changed_on=D(2009, 4, 1), reason="venue_lost")
    dates = selectors.scheduled_dates(group_a, D(2009, 3, 1), D(2009, 4, 30))
    assert dates == [D(2009, 3, 3), D(2009, 3, 10), D(2009, 3, 24), D(2009, 3, 31)]


def test_fortnightly_group_meets_every_other_week_counted_from_its_start(group_a):
    group_a.frequency = Frequency.FORTNIGHTLY
    make_meeting_group(group_a, since=D(2009, 3, 1))  # a Sunday; first Tuesday is the 3rd
    assert selectors.scheduled_dates(group_a, D(2009, 3, 10), D(2009, 4, 1)) == [D(2009, 3, 17), D(2009, 3, 31)]


def test_twice_weekly_group_is_scheduled_on_both_days(group_a):
    group_a.frequency = Frequency.TWICE_WEEKLY
    group_a.second_weekday = 3
    make_meeting_group(group_a, since=D(2009, 3, 3))
    assert selectors.scheduled_dates(group_a, D(2009, 3, 3), D(2009, 3, 12)) == [
        D(2009, 3, 3),
        D(2009, 3, 5),
        D(2009, 3, 10),
        D(2009, 3, 12),
    ]


def test_group_without_a_regular_day_or_not_meeting_has_no_schedule(group_a):
    assert selectors.scheduled_dates(group_a, D(2009, 3, 1), D(2009, 4, 1)) == []  # forming
    group_a.weekday = None
    make_meeting_group(group_a)
    assert selectors.scheduled_dates(group_a, D(2009, 3, 1), D(2009, 4, 1)) == []


def test_reporting_rate_counts_registrations_received_and_those_within_seven_days(group_a, group_b):
    make_meeting_group(group_a, since=D(2009, 3, 3))
    make_meeting_group(group_b, since=D(2009, 3, 3))
    on_time = timezone.make_aware(datetime.datetime(2009, 3, 4, 21))
    late = timezone.make_aware(datetime.datetime(2009, 3, 20, 21))
    MeetingFactory(group=group_a, date=D(2009, 3, 3), registered_at=on_time)
    MeetingFactory(group=group_a, date=D(2009, 3, 10), registered_at=late)
    MeetingFactory(group=group_a, date=D(2009, 3, 12), registered_at=on_time)  # an extra, unscheduled meeting
    rates = selectors.reporting_rate(groups=[group_a, group_b], start=D(2009, 3, 1), end=D(2009, 3, 31))
    a = rates.groups[group_a.pk]
    assert (a.scheduled, a.received, a.on_time) == (5, 2, 1)
    assert a.rate == pytest.approx(0.4) and a.on_time_rate == pytest.approx(0.2)
    assert (rates.overall.scheduled, rates.overall.received) == (10, 2)
    assert rates.groups[group_b.pk].rate == 0


def test_reporting_rate_by_month_splits_at_calendar_months(group_a):
    make_meeting_group(group_a, since=D(2009, 3, 3))
    MeetingFactory(group=group_a, date=D(2009, 4, 7), registered_at=timezone.make_aware(datetime.datetime(2009, 4, 8)))
    months = selectors.reporting_rate_by_month(groups=[group_a], end=D(2009, 4, 15), months=2)
    assert [m for m, _ in months] == [D(2009, 3, 1), D(2009, 4, 1)]
    assert [(r.scheduled, r.received) for _, r in months] == [(5, 0), (2, 1)]


def test_missing_registrations_lists_scheduled_meetings_unregistered_after_seven_days(
    meeting_group_a, meeting_group_b, facilitator_a, frozen_today
):
    registered = MeetingFactory(group=meeting_group_a, date=D(2009, 4, 21))
    missing = selectors.missing_registrations(user=facilitator_a, today=frozen_today)
    dates = [m.date for m in missing]
    assert D(2009, 4, 28) in dates  # nine days ago, nothing registered
    assert registered.date not in dates
    assert D(2009, 5, 5) not in dates  # two days ago: not yet due
    assert {m.group for m in missing} == {meeting_group_a}  # never another site's group
    assert dates == sorted(dates, reverse=True)
    assert missing[0].days_overdue == 9


def test_missing_registrations_ignore_groups_that_are_not_meeting(group_a, coordinator, frozen_today):
    group_a.status = GroupStatus.PAUSED
    group_a.save()
    GroupStatusChangeFactory(group=group_a, changed_on=D(2009, 3, 3))
    assert selectors.missing_registrations(user=coordinator, today=frozen_today) == []


def test_weekly_attendance_sums_each_of_the_last_twelve_weeks_oldest_first():
    today = D(2009, 5, 7)
    series = selectors.weekly_attendance(
        [
            (today, 5),
            (today - datetime.timedelta(days=6), 3),
            (today - datetime.timedelta(days=7), 4),
            (D(2008, 1, 1), 9),
        ],
        today,
    )
    assert len(series) == 12 and series[-1] == 8 and series[-2] == 4 and sum(series) == 12


def test_most_recent_scheduled_date_is_the_last_meeting_day_on_or_before_today(meeting_group_a):
    assert selectors.most_recent_scheduled_date(meeting_group_a, D(2009, 5, 7)) == D(2009, 5, 5)
    assert selectors.most_recent_scheduled_date(meeting_group_a, D(2009, 5, 5)) == D(2009, 5, 5)
    assert selectors.most_recent_scheduled_date(GroupFactory(), D(2009, 5, 5)) is None
