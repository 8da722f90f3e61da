"""What is due to whom: the facts behind each reminder, from the apps that own them (no text, no people's details)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from groups.models import Group, GroupStatus, Meeting
from groups.selectors import monthly_rates, scheduled_dates
from groups.signoff import approved_months, month_label, month_last, month_start
from network.health import flags_for
from pilot.roles import Role
from reminders import conf
from reminders.models import Preference, SentReminder
from sites.models import ACTIVE_STATUSES, HostSite, ProgressEntry
from sites.selectors import sites_for


def preference_for(user) -> Preference:
    """The user's choices, or the defaults (an unsaved row) when they have never chosen."""
    try:
        return user.reminder_preference
    except Preference.DoesNotExist:
        return Preference(user=user)


def people_with_role(role: Role) -> QuerySet:
    """Active users of a role who have an email address."""
    return get_user_model().objects.filter(groups__name=role.value, is_active=True).exclude(email="").distinct()


# --- a facilitator: yesterday's meeting is not registered ------------------------------------------------------
@dataclass(frozen=True)
class UnregisteredMeeting:
    group: Group
    day: date


def unregistered_meetings(today: date) -> list[UnregisteredMeeting]:
    """Scheduled meetings from the catch-up window up to yesterday with no registration, of meeting groups."""
    start, end = today - timedelta(days=conf.catch_up_days()), today - timedelta(days=1)
    groups = list(Group.objects.filter(status=GroupStatus.MEETING).prefetch_related("status_changes"))
    registered = {
        (group_id, day)
        for group_id, day in Meeting.objects.filter(group__in=groups, date__range=(start, end)).values_list(
            "group_id", "date"
        )
    }
    return [
        UnregisteredMeeting(group=group, day=day)
        for group in groups
        for day in scheduled_dates(group, start, end)
        if (group.pk, day) not in registered
    ]


def facilitator_users(group: Group) -> list:
    """The logins of the group's facilitators that can receive email."""
    return [
        f.user
        for f in group.facilitators.select_related("user")
        if f.user is not None and f.user.is_active and f.user.email
    ]


def meeting_still_unregistered(group: Group, day: date) -> bool:
    return not Meeting.objects.filter(group=group, date=day).exists()


# --- a coordinator, weekly --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WeeklyNews:
    follow_ups: list[tuple[HostSite | None, date]]  # (site or None for the network, due on)
    newly_flagged: list[tuple[HostSite, list[str]]]  # (site, labels of the flags it did not have a week ago)

    def __bool__(self) -> bool:
        return bool(self.follow_ups or self.newly_flagged)


def _flags(user, day: date) -> dict[int, tuple[HostSite, dict[str, str]]]:
    sites = [s for s in sites_for(user, as_of=day) if s.status in ACTIVE_STATUSES]
    flags = flags_for(sites, day)
    return {s.pk: (s, {f.code: f.label for f in flags[s.pk]}) for s in sites}


def weekly_news(*, user, today: date) -> WeeklyNews:
    """Follow-ups overdue or due within the coming days, and sites flagged today that were not a week ago."""
    entries = (
        ProgressEntry.objects.visible_to(user)
        .filter(follow_up_done=False, follow_up_on__lte=today + timedelta(days=conf.follow_up_ahead_days()))
        .select_related("site")
        .order_by("follow_up_on", "pk")
    )
    now, before = _flags(user, today), _flags(user, today - timedelta(days=7))
    newly = []
    for site_id, (site, codes) in sorted(now.items(), key=lambda item: item[1][0].name):
        old = before.get(site_id, (None, {}))[1]
        labels = [label for code, label in codes.items() if code not in old]
        if labels:
            newly.append((site, labels))
    return WeeklyNews(follow_ups=[(e.site, e.follow_up_on) for e in entries], newly_flagged=newly)


# --- a site contact, on the 5th ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class MonthToClose:
    site: HostSite
    month: date
    awaits_signoff: bool
    missing_returns: int

    @property
    def label(self) -> str:
        return month_label(self.month)


def last_month(today: date) -> date:
    return month_start(month_start(today) - timedelta(days=1))


def months_to_close(sites: list[HostSite], last: date) -> list[MonthToClose]:
    """The month (its first day) at each site, where it awaits sign-off or has scheduled meetings with no return."""
    end = month_last(last)
    approved = approved_months([s.pk for s in sites], last, end)
    groups = list(Group.objects.filter(site__in=sites))
    rates = monthly_rates(groups=groups, start=last, end=end)
    found = []
    for site in sites:
        site_groups = [g for g in groups if g.site_id == site.pk]
        scheduled = sum(rates[(g.pk, last)].scheduled for g in site_groups)
        if not scheduled:
            continue  # no meeting was due that month: nothing to return, nothing to sign off
        missing = scheduled - sum(rates[(g.pk, last)].received for g in site_groups)
        awaits = (site.pk, last) not in approved
        if awaits or missing:
            found.append(MonthToClose(site=site, month=last, awaits_signoff=awaits, missing_returns=missing))
    return found


def site_contact_sites(user) -> list[HostSite]:
    return list(HostSite.objects.filter(memberships__user=user).order_by("name"))


# --- the record -------------------------------------------------------------------------------------------------
def sent_log(*, user) -> QuerySet[SentReminder]:
    """Every reminder recorded, newest first, as the user may see them."""
    return SentReminder.objects.visible_to(user).select_related("user", "site", "group").order_by("-created_at", "-pk")


def held_for_digest(user) -> QuerySet[SentReminder]:
    return SentReminder.objects.filter(user=user, sent_at__isnull=True).exclude(kind="digest").order_by("created_at")
