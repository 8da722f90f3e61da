"""Reads: schedules, reporting rates and missing registrations (the reports app calls these too)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import prefetch_related_objects
from django.utils import timezone

from groups import conf
from groups.models import Frequency, Group, GroupStatus, Meeting
from pilot.disclosure import Disclosure, policy_for
from pilot.roles import Role, role_of

_FAR_PAST = date(1990, 1, 1)


def meeting_disclosure(user) -> Disclosure:
    """How meeting figures are shown: exact to coordinators, evaluators and the site contacts and facilitators
    who keep those records (their scope holds only their own groups); published to everyone else."""
    return policy_for(user, keeper=True)


def sees_meeting_people(user) -> bool:
    """Facilitators' names and free-text notes on meetings: the coordinator and the group's own site contact
    and facilitators; never observers or evaluators (counts and rates only)."""
    return role_of(user) in (Role.COORDINATOR, Role.SITE_CONTACT, Role.FACILITATOR)


def meeting_periods(group: Group) -> list[tuple[date, date | None]]:
    """The periods (start, end exclusive or None) in which the group had status `meeting`, from its history."""
    changes = sorted(group.status_changes.all(), key=lambda c: (c.changed_on, c.recorded_at, c.pk))
    if not changes:
        if group.status == GroupStatus.MEETING:
            return [(group.status_since or _FAR_PAST, None)]
        return []
    periods: list[tuple[date, date | None]] = []
    start: date | None = None
    for change in changes:
        if change.status == GroupStatus.MEETING and start is None:
            start = change.changed_on
        elif change.status != GroupStatus.MEETING and start is not None:
            periods.append((start, change.changed_on))
            start = None
    if start is not None:
        periods.append((start, None))
    return periods


def scheduled_dates(group: Group, start: date, end: date) -> list[date]:
    """The dates from start to end (inclusive) on which the group should have met, given its days and history."""
    periods = meeting_periods(group)
    if not periods or not group.meeting_days or start > end:
        return []
    anchor = None
    if group.frequency == Frequency.FORTNIGHTLY:
        first = periods[0][0]
        anchor = first + timedelta(days=(group.weekday - first.weekday()) % 7)
    found = []
    for weekday in group.meeting_days:
        day = start + timedelta(days=(weekday - start.weekday()) % 7)
        while day <= end:
            in_period = any(p_start <= day and (p_end is None or day < p_end) for p_start, p_end in periods)
            if in_period and (anchor is None or (day - anchor).days % 14 == 0):
                found.append(day)
            day += timedelta(days=7)
    return sorted(found)


def most_recent_scheduled_date(group: Group, today: date) -> date | None:
    """The last day on or before today the group was due to meet (within eight weeks), else None."""
    dates = scheduled_dates(group, today - timedelta(days=56), today)
    return dates[-1] if dates else None


@dataclass
class Rate:
    """Registrations received against meetings scheduled; on_time: received within the due days."""

    scheduled: int = 0
    received: int = 0
    on_time: int = 0

    @property
    def rate(self) -> float | None:
        return self.received / self.scheduled if self.scheduled else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.scheduled if self.scheduled else None

    def add(self, other: Rate) -> None:
        self.scheduled += other.scheduled
        self.received += other.received
        self.on_time += other.on_time


@dataclass
class ReportingRates:
    groups: dict[int, Rate]
    overall: Rate


def _registrations(groups: Sequence[Group], start: date, end: date) -> dict[int, dict[date, date]]:
    """{group_id: {meeting date: date registered}} for the groups between start and end (one query)."""
    rows = Meeting.objects.filter(group__in=[g.pk for g in groups], date__range=(start, end)).values_list(
        "group_id", "date", "registered_at"
    )
    found: dict[int, dict[date, date]] = defaultdict(dict)
    for group_id, day, registered_at in rows:
        found[group_id][day] = timezone.localdate(registered_at)
    return found


def reporting_rate(*, groups: Iterable[Group], start: date, end: date) -> ReportingRates:
    """Registrations received / meetings scheduled and the share received within 7 days, per group and overall."""
    groups = list(groups)
    prefetch_related_objects(groups, "status_changes")
    registered = _registrations(groups, start, end)
    due = conf.REGISTRATION_DUE_DAYS
    per_group: dict[int, Rate] = {}
    overall = Rate()
    for group in groups:
        rate = Rate()
        received = registered.get(group.pk, {})
        for day in scheduled_dates(group, start, end):
            rate.scheduled += 1
            if day in received:
                rate.received += 1
                rate.on_time += (received[day] - day).days <= due
        per_group[group.pk] = rate
        overall.add(rate)
    return ReportingRates(groups=per_group, overall=overall)


def month_starts(end: date, months: int) -> list[date]:
    """The first days of the last `months` calendar months up to and including end's month, oldest first."""
    firsts = []
    year, month = end.year, end.month
    for _ in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def reporting_rate_by_month(*, groups: Iterable[Group], end: date, months: int = 6) -> list[tuple[date, Rate]]:
    """The overall reporting rate of these groups per calendar month for the last `months` months (one query)."""
    groups = list(groups)
    prefetch_related_objects(groups, "status_changes")
    firsts = month_starts(end, months)
    registered = _registrations(groups, firsts[0], end)
    due = conf.REGISTRATION_DUE_DAYS
    result = []
    for i, first in enumerate(firsts):
        last = min(end, (firsts[i + 1] - timedelta(days=1)) if i + 1 < len(firsts) else end)
        rate = Rate()
        for group in groups:
            received = registered.get(group.pk, {})
            for day in scheduled_dates(group, first, last):
                rate.scheduled += 1
                if day in received:
                    rate.received += 1
                    rate.on_time += (received[day] - day).days <= due
        result.append((first, rate))
    return result


@dataclass(frozen=True)
class MissingRegistration:
    group: Group
    date: date
    days_overdue: int


def missing_for_groups(groups: Iterable[Group], today: date) -> list[MissingRegistration]:
    """Scheduled meetings of these groups (status `meeting`) with no registration after the due days."""
    groups = [g for g in groups if g.status == GroupStatus.MEETING]
    if not groups:
        return []
    prefetch_related_objects(groups, "status_changes")
    end = today - timedelta(days=conf.REGISTRATION_DUE_DAYS)
    start = today - timedelta(days=conf.MISSING_LOOKBACK_DAYS)
    registered = _registrations(groups, start, end)
    missing = [
        MissingRegistration(group=group, date=day, days_overdue=(today - day).days)
        for group in groups
        for day in scheduled_dates(group, start, end)
        if day not in registered.get(group.pk, {})
    ]
    return sorted(missing, key=lambda m: (m.date, m.group.name), reverse=True)


def missing_registrations(*, user, today: date | None = None) -> list[MissingRegistration]:
    """Scheduled meetings of the user's visible `meeting` groups that have no registration after 7 days."""
    today = today or timezone.localdate()
    groups = Group.objects.visible_to(user).filter(status=GroupStatus.MEETING).select_related("site")
    return missing_for_groups(groups, today)


def attendance_points(group: Group, *, disclosure: Disclosure, limit: int = 26) -> list[tuple[date, int, int]]:
    """(date, attendance, newcomers) of the group's last `limit` held meetings, oldest first (one query),
    as the reader may see them."""
    rows = (
        Meeting.objects.filter(group=group, held=True)
        .order_by("-date")
        .values_list("date", "attendance", "newcomers")[:limit]
    )
    return [(day, disclosure.count(a), disclosure.count(n)) for day, a, n in rows][::-1]


def weekly_attendance(meetings: Iterable[tuple[date, int]], today: date, weeks: int = 12) -> list[int]:
    """Attendance totals per week for the last `weeks` weeks ending today, oldest first."""
    totals = [0] * weeks
    for day, attendance in meetings:
        age = (today - day).days
        if 0 <= age < weeks * 7:
            totals[weeks - 1 - age // 7] += attendance
    return totals
