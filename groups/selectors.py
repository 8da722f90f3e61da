"""Reads: schedules, reporting rates and missing registrations (the reports app calls these too)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from groups import conf
from groups.health import last_meeting_by_site, meeting_groups_by_site
from groups.models import AGENDA_SECTIONS, TOOLS, Frequency, Group, GroupStatus, GroupStatusChange, Meeting
from groups.plausibility import History
from pilot.disclosure import Disclosure, policy_for
from pilot.roles import Role, role_of
from sites.timeline import TimelineEntry

_FAR_PAST = date(1990, 1, 1)


def groups_as_of(groups: QuerySet[Group], as_of: date) -> QuerySet[Group]:
    """The groups as they stood on a day: `status_then` (and `status_then_label`) from their dated status history,
    `last_meeting` on or before the day. A group whose history starts after the day did not exist yet and is
    left out; on today or later, the current status (no history needed)."""
    # A correlated subquery read from the (group, date) index, row by row, rather than a join and GROUP BY over
    # every registration: a page of groups costs a page of index look-ups, and counting them none.
    last = Meeting.objects.filter(group=OuterRef("pk"), date__lte=as_of).order_by("-date").values("date")[:1]
    groups = groups.annotate(last_meeting=Subquery(last))
    if as_of >= timezone.localdate():
        status = F("status")
    else:
        then = GroupStatusChange.objects.filter(group=OuterRef("pk"), changed_on__lte=as_of)
        groups = groups.annotate(
            _then=Subquery(then.order_by("-changed_on", "-recorded_at", "-pk").values("status")[:1]),
            _history=Exists(GroupStatusChange.objects.filter(group=OuterRef("pk"))),
        ).filter(Q(_then__isnull=False) | Q(_history=False))
        status = Coalesce("_then", "status")
    labels = [When(status_then=value, then=Value(label)) for value, label in GroupStatus.choices]
    return groups.annotate(status_then=status).annotate(
        status_then_label=Case(*labels, default=Value(""), output_field=CharField())
    )


def meeting_disclosure(user) -> Disclosure:
    """How meeting figures are shown: exact to coordinators, evaluators and the site contacts and facilitators
    who keep those records (their scope holds only their own groups); published to everyone else."""
    return policy_for(user, keeper=True)


def sees_meeting_people(user) -> bool:
    """Facilitators' names and free-text notes on meetings: the coordinator and the group's own site contact
    and facilitators; never observers or evaluators (counts and rates only)."""
    return role_of(user) in (Role.COORDINATOR, Role.SITE_CONTACT, Role.FACILITATOR)


def may_see_contacts(user, site_id: int) -> bool:
    """Volunteers' contact details: the coordinator, and the contacts of that site only."""
    role = role_of(user)
    if role == Role.COORDINATOR:
        return True
    return role == Role.SITE_CONTACT and user.site_memberships.filter(site_id=site_id).exists()


def meeting_periods(group: Group, changes: Iterable | None = None) -> list[tuple[date, date | None]]:
    """The periods (start, end exclusive or None) in which the group had status `meeting`, from its history
    (`changes`: that history, read in bulk by the caller, else the group's own)."""
    changes = group.status_changes.all() if changes is None else changes
    changes = sorted(changes, key=lambda c: (c.changed_on, c.recorded_at, c.pk))
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


def scheduled_dates(
    group: Group, start: date, end: date, periods: list[tuple[date, date | None]] | None = None
) -> list[date]:
    """The dates from start to end (inclusive) on which the group should have met, given its days and history
    (`periods`: its `meeting_periods`, when the caller has them)."""
    periods = meeting_periods(group) if periods is None else periods
    if not periods or not group.meeting_days or start > end:
        return []
    anchor = None
    if group.frequency == Frequency.FORTNIGHTLY:
        first = periods[0][0]
        anchor = first + timedelta(days=(group.weekday - first.weekday()) % 7)
    found = []
    # Most groups have met throughout the window: then no day needs checking against the periods.
    throughout = any(p_start <= start and (p_end is None or end < p_end) for p_start, p_end in periods)
    for weekday in group.meeting_days:
        day = start + timedelta(days=(weekday - start.weekday()) % 7)
        while day <= end:
            in_period = throughout or any(
                p_start <= day and (p_end is None or day < p_end) for p_start, p_end in periods
            )
            if in_period and (anchor is None or (day - anchor).days % 14 == 0):
                found.append(day)
            day += timedelta(days=7)
    return sorted(found)


def most_recent_scheduled_date(
    group: Group, today: date, periods: list[tuple[date, date | None]] | None = None
) -> date | None:
    """The last day on or before today the group was due to meet (within eight weeks), else None (`periods`: its
    `meeting_periods`, when the caller has them)."""
    dates = scheduled_dates(group, today - timedelta(days=56), today, periods)
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
    rows = (
        Meeting.objects.filter(group__in=[g.pk for g in groups], date__range=(start, end))
        .order_by()
        .values_list("group_id", "date", "registered_at")
    )
    found: dict[int, dict[date, date]] = defaultdict(dict)
    zone = timezone.get_current_timezone()  # once, not per row: a national report reads 260,000 rows
    for group_id, day, registered_at in rows:
        found[group_id][day] = registered_at.astimezone(zone).date()
    return found


def reporting_rate(*, groups: Iterable[Group], start: date, end: date) -> ReportingRates:
    """Registrations received / meetings scheduled and the share received within 7 days, per group and overall."""
    groups = list(groups)
    prefetch_related_objects(groups, "status_changes")
    registered = _registrations(groups, start, end)
    due = conf.registration_due_days()
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


def month_ends(start: date, end: date) -> list[tuple[date, date]]:
    """(first day, last day) of each calendar month from start's month to end's, clipped to start and end."""
    months = []
    first = start.replace(day=1)
    while first <= end:
        following = (first + timedelta(days=32)).replace(day=1)
        months.append((max(first, start), min(following - timedelta(days=1), end)))
        first = following
    return months


def monthly_rates(
    *, groups: Iterable[Group], start: date, end: date, history: dict[int, list] | None = None
) -> dict[tuple[int, date], Rate]:
    """Each group's reporting rate per calendar month from start to end, keyed (group id, first of month):
    the one function behind the group page's months, the site page's and the monitoring report (one query).

    `history`: the groups' status changes read in bulk by the caller (`status_history`), else they are prefetched
    onto the groups (for a page that reuses them; a thousand groups' prefetch costs more than the rest)."""
    groups = list(groups)
    if history is None:
        prefetch_related_objects(groups, "status_changes")
    registered = _registrations(groups, start, end)
    due = conf.registration_due_days()
    rates: dict[tuple[int, date], Rate] = {}
    firsts = [first.replace(day=1) for first, _ in month_ends(start, end)]
    for group in groups:
        pk = group.pk
        received = registered.get(pk, {})
        periods = meeting_periods(group, None if history is None else history.get(pk, ()))
        own = {first: Rate() for first in firsts}
        rates.update(((pk, first), rate) for first, rate in own.items())
        # The whole window at once, each day then counted in its month: not the schedule worked out per month.
        for day in scheduled_dates(group, start, end, periods):
            rate = own[day.replace(day=1)]
            rate.scheduled += 1
            if day in received:
                rate.received += 1
                rate.on_time += (received[day] - day).days <= due
    return rates


def status_history(group_ids) -> dict[int, list[_Change]]:
    """{group id: its status changes as plain rows} (one query; `group_ids` a list or a subquery)."""
    history: dict[int, list[_Change]] = defaultdict(list)
    changes = GroupStatusChange.objects.filter(group__in=group_ids)
    for group_id, *fields in changes.values_list("group_id", "status", "changed_on", "recorded_at", "pk"):
        history[group_id].append(_Change(*fields))
    return history


def reporting_rate_by_month(*, groups: Iterable[Group], end: date, months: int = 6) -> list[tuple[date, Rate]]:
    """The overall reporting rate of these groups per calendar month for the last `months` months (one query)."""
    firsts = month_starts(end, months)
    per_group = monthly_rates(groups=groups, start=firsts[0], end=end)
    result = []
    for first in firsts:
        rate = Rate()
        for (_, month), group_rate in per_group.items():
            if month == first:
                rate.add(group_rate)
        result.append((first, rate))
    return result


@dataclass(frozen=True)
class MissingRegistration:
    group: Group
    date: date
    days_overdue: int


@dataclass(frozen=True)
class MissingGroup:
    """One group's missing registrations: the scheduled dates with none, newest first."""

    group: Group
    dates: tuple[date, ...]

    @property
    def count(self) -> int:
        return len(self.dates)

    @property
    def latest(self) -> date:
        return self.dates[0]


@dataclass(frozen=True)
class _Change:
    status: str
    changed_on: date
    recorded_at: object
    pk: int


def _missing_dates(groups: Iterable[Group], today: date) -> list[tuple[Group, list[date]]]:
    """(group, unregistered scheduled dates, newest first) for each `meeting` group with any: the one computation
    behind every missing-registration figure (three queries: the groups, their status history and the
    registrations' dates in the look-back window). Given a queryset, the other two select by it in SQL."""
    scope = groups.filter(status=GroupStatus.MEETING) if isinstance(groups, QuerySet) else None
    groups = [g for g in (scope if scope is not None else groups) if g.status == GroupStatus.MEETING]
    if not groups:
        return []
    ids = scope.values("pk") if scope is not None else [g.pk for g in groups]
    history: dict[int, list[_Change]] | None = None
    if scope is None:
        # Given groups (a group page): prefetched, so the page's other figures reuse the history.
        prefetch_related_objects(groups, "status_changes")
    else:
        # The histories as plain rows: attaching them to a thousand groups as a prefetch costs more than the rest.
        history = status_history(ids)
    end = today - timedelta(days=conf.registration_due_days())
    start = today - timedelta(days=conf.missing_lookback_days())
    registered: dict[int, set[date]] = defaultdict(set)
    rows = Meeting.objects.filter(group__in=ids, date__range=(start, end)).order_by()  # no join for the ordering
    for group_id, day in rows.values_list("group_id", "date"):
        registered[group_id].add(day)
    found = []
    for group in groups:
        periods = meeting_periods(group, None if history is None else history.get(group.pk, ()))
        dates = [d for d in scheduled_dates(group, start, end, periods) if d not in registered.get(group.pk, ())]
        if dates:
            found.append((group, dates[::-1]))
    return found


def missing_for_groups(groups: Iterable[Group], today: date) -> list[MissingRegistration]:
    """Scheduled meetings of these groups (status `meeting`) with no registration after the due days."""
    missing = [
        MissingRegistration(group=group, date=day, days_overdue=(today - day).days)
        for group, dates in _missing_dates(groups, today)
        for day in dates
    ]
    return sorted(missing, key=lambda m: (m.date, m.group.name), reverse=True)


# What the schedule needs of a group; the missing page adds its name and its site's.
_SCHEDULE = ("pk", "status", "status_since", "weekday", "second_weekday", "frequency")


def _missing_scope(user) -> QuerySet[Group]:
    return Group.objects.visible_to(user).filter(status=GroupStatus.MEETING)


def missing_registrations(*, user, today: date | None = None) -> list[MissingRegistration]:
    """Scheduled meetings of the user's visible `meeting` groups that have no registration after 7 days, one row
    each, newest first (the missing page's CSV export)."""
    return missing_for_groups(_missing_scope(user).select_related("site"), today or timezone.localdate())


def missing_by_group(*, user, today: date | None = None) -> list[MissingGroup]:
    """The same missing registrations grouped by group (each group with `site_name`), the group with the most
    recent one first, then the most missing, then by name: the missing page. Its total is `missing_count`."""
    groups = _missing_scope(user).only(*_SCHEDULE, "name").annotate(site_name=F("site__name"))
    found = [MissingGroup(g, tuple(d)) for g, d in _missing_dates(groups, today or timezone.localdate())]
    return sorted(found, key=lambda m: (-m.latest.toordinal(), -m.count, m.group.name, m.group.pk))


def missing_count(*, user, today: date | None = None) -> int:
    """How many registrations are missing for the user (the start page's figure, the missing page's total): the
    same computation, counted per group, without building a row per missing meeting."""
    groups = _missing_scope(user).only(*_SCHEDULE)
    return sum(len(dates) for _, dates in _missing_dates(groups, today or timezone.localdate()))


def attendance_history(group: Group, before: date, exclude_pk: int | None = None) -> History:
    """The group's held meetings before a date, as the plausibility rules need them (two queries)."""
    held = Meeting.objects.filter(group=group, held=True, date__lt=before).exclude(pk=exclude_pk)
    recent = held.order_by("-date").values_list("attendance", flat=True)[: conf.plausible_history_meetings()]
    return History(recent_attendance=tuple(recent), held_before=held.count())


@dataclass(frozen=True)
class LastTime:
    """The agenda sections and tools of a group's last held meeting, for "same as last time"."""

    date: date
    fields: tuple[str, ...]


def last_choices(groups: Iterable[Group]) -> dict[int, LastTime]:
    """Per group id, the agenda and tools of its last held meeting (one query for any number of groups)."""
    names = [name for name, _ in AGENDA_SECTIONS + TOOLS]
    # Each group's last held meeting read from the (group, date) index, then those meetings: not a subquery per
    # registration of every group (four seconds with a thousand groups and five years of registrations).
    latest = Meeting.objects.filter(group=OuterRef("pk"), held=True).order_by("-date").values("pk")[:1]
    last = Group.objects.filter(pk__in=[g.pk for g in groups]).annotate(last=Subquery(latest)).values("last")
    rows = Meeting.objects.filter(pk__in=last).values("group_id", "date", *names)
    return {r["group_id"]: LastTime(r["date"], tuple(n for n in names if r[n])) for r in rows}


def latest_registrations(meetings: QuerySet[Meeting], limit: int = 5) -> list[Meeting]:
    """The latest registrations by meeting date (two queries at most). A flagged one (a value its registrant
    confirmed as unusual) never heads the list: the newest unflagged one does, when there is one."""
    rows = list(meetings.select_related("group").order_by("-date", "-registered_at", "-pk")[:limit])
    if not rows or not rows[0].is_flagged:
        return rows
    head = next((m for m in rows if not m.is_flagged), None)
    if head is not None:
        return [head, *(m for m in rows if m is not head)]
    head = meetings.filter(confirmed_warnings=[]).select_related("group").order_by("-date", "-registered_at").first()
    return [head, *rows[: limit - 1]] if head is not None else rows


def attendance_points(
    group: Group, *, disclosure: Disclosure, until: date | None = None, limit: int = 26
) -> list[tuple[date, int, int]]:
    """(date, attendance, newcomers) of the group's last `limit` held meetings up to `until`, oldest first (one
    query), as the reader may see them."""
    rows = (
        Meeting.objects.filter(group=group, held=True, date__lte=until or date.max)
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


STATS_WEEKS = 12


def site_meeting_stats(sites: Sequence, today: date) -> dict[int, dict]:
    """Per site: groups meeting, meetings in the last 4 weeks, attendance and meetings held over 12 weeks,
    weekly totals (3 queries). Exact figures: the sites app shows them through the reader's disclosure policy."""
    site_ids = [s.pk for s in sites]
    meeting_groups = meeting_groups_by_site(site_ids)
    since = today - timedelta(days=STATS_WEEKS * 7 - 1)
    rows = (
        Meeting.objects.filter(group__site__in=site_ids, held=True, date__range=(since, today))
        .order_by()
        .values_list("group__site_id", "date", "attendance")
    )
    by_site: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for site_id, day, attendance in rows:
        by_site[site_id].append((day, attendance))
    last = last_meeting_by_site(site_ids)
    four_weeks = today - timedelta(days=27)
    stats = {}
    for site_id in site_ids:
        meetings = by_site.get(site_id, [])
        stats[site_id] = {
            "groups_meeting": meeting_groups.get(site_id, 0),
            "meetings_last_4_weeks": sum(1 for day, _ in meetings if day >= four_weeks),
            "attendance_total": sum(a for _, a in meetings),
            "meetings_held": len(meetings),
            "attendance_series": weekly_attendance(meetings, today, STATS_WEEKS),
            "last_meeting": last.get(site_id),
        }
    return stats


def timeline_entries(site_ids: Sequence[int] | None) -> list[TimelineEntry]:
    """First and last meetings of each group, and every group status change (2 queries)."""
    groups = Group.objects.all()
    changes = GroupStatusChange.objects.select_related("group")
    if site_ids is not None:
        groups = groups.filter(site__in=site_ids)
        changes = changes.filter(group__site__in=site_ids)
    # Each group's first and last held meeting read from the (group, date) index: not a join and GROUP BY over
    # every registration (a national network's 260,000).
    held = Meeting.objects.filter(group=OuterRef("pk"), held=True).values("date")
    groups = groups.annotate(
        first=Subquery(held.order_by("date")[:1]), last=Subquery(held.order_by("-date")[:1])
    ).only("pk", "name", "site_id", "status")
    prefix = reverse("groups:list")  # reversed once: a group's page is <prefix><id>/ (get_absolute_url)
    entries = []
    for group in groups:
        url = f"{prefix}{group.pk}/"
        if group.first:
            entries.append(
                TimelineEntry(group.first, "first_meeting", f"{group.name} group first met", group.site_id, url)
            )
        if group.last and group.status != "meeting":
            entries.append(
                TimelineEntry(group.last, "last_meeting", f"{group.name} group last met", group.site_id, url)
            )
    for change in changes:
        reason = f" ({change.get_reason_display().lower()})" if change.reason else ""
        text = f"{change.group.name} group: {change.get_status_display().lower()}{reason}"
        entries.append(
            TimelineEntry(change.changed_on, "status", text, change.group.site_id, f"{prefix}{change.group_id}/")
        )
    return entries
