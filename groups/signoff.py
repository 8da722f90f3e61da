"""Monthly sign-off of a site's meeting registrations, and the lock it puts on an approved month.

A site contact (for their own site) or the coordinator reviews a month that has ended: each group's expected
meetings, what was registered, what is missing, the unusual values the registrants confirmed. They correct
or query, then approve the month. While a month is approved nobody can add or change a registration dated in
it: `ensure_month_open` is the one check, called by the meeting services and the admin. The coordinator
reopens an approved month with a reason. A month with no approval is provisional wherever figures show it
(`approved_months`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from groups.models import Group, Meeting, MonthQuery, MonthSignOff, MonthState
from groups.selectors import Rate, monthly_rates, scheduled_dates
from pilot.audit import audit
from pilot.concurrency import claim_version
from pilot.roles import Role, role_of

# What each plausibility rule's code (Meeting.confirmed_warnings) means, in words for the sign-off and data
# quality pages.
CONFIRMED_WARNING_LABELS = {
    "attendance_high": "Attendance far above the group's usual",
    "attendance_low": "Attendance far below the group's usual",
    "newcomers_high": "More than half were newcomers",
    "off_schedule_day": "Not on the group's scheduled day",
    "no_facilitator": "No facilitator ticked",
    "late_registration": "Registered long after the meeting",
}


def warning_label(code: str) -> str:
    """The words for one confirmed-warning code (an unknown code is shown as itself, readably)."""
    return CONFIRMED_WARNING_LABELS.get(code, code.replace("_", " ").capitalize())


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_last(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def month_label(first: date) -> str:
    return date_format(first, "F Y")


def _site_id(site) -> int:
    return getattr(site, "pk", site)


# --- the lock ------------------------------------------------------------------------------------------------
def ensure_month_open(*, site, day: date) -> None:
    """Refuse (ValidationError at `date`) a registration dated in a month the site has approved."""
    signoff = (
        MonthSignOff.objects.filter(site_id=_site_id(site), month=month_start(day), state=MonthState.APPROVED)
        .select_related("site")
        .first()
    )
    if signoff is None:
        return
    approved_on = date_format(timezone.localdate(signoff.approved_at), "j F Y") if signoff.approved_at else ""
    raise ValidationError(
        {
            "date": (
                f"{month_label(signoff.month)} at {signoff.site.name} is approved"
                f"{f' (signed off on {approved_on})' if approved_on else ''}: registrations dated in it can no "
                "longer be added or changed. Ask the coordinator to reopen the month."
            )
        },
        code="month_approved",
    )


def approved_months(site_ids: Iterable[int] | None, start: date, end: date) -> set[tuple[int, date]]:
    """(site id, first of month) of every approved month from start's month to end's (one query); any month
    not in it is provisional. `site_ids` None: every site."""
    rows = MonthSignOff.objects.filter(state=MonthState.APPROVED, month__range=(month_start(start), end))
    if site_ids is not None:
        rows = rows.filter(site_id__in=list(site_ids))
    return set(rows.order_by().values_list("site_id", "month"))


# --- who may ---------------------------------------------------------------------------------------------------
def can_sign_off(user, site) -> bool:
    """The coordinator for any site; a site contact for their own site only."""
    role = role_of(user)
    if role == Role.COORDINATOR:
        return True
    return role == Role.SITE_CONTACT and user.site_memberships.filter(site_id=_site_id(site)).exists()


# --- writes ----------------------------------------------------------------------------------------------------
@transaction.atomic
def month_approve(
    *, site, month: date, actor, expected_version: int | None = None, today: date | None = None
) -> MonthSignOff:
    """Approve a site's month (it must have ended): its registrations are locked until the coordinator reopens it."""
    first = month_start(month)
    today = today or timezone.localdate()
    if month_last(first) >= today:
        raise ValidationError(
            {"month": f"{month_label(first)} has not ended yet: a month can be approved from its last day on."}
        )
    signoff = MonthSignOff.objects.select_for_update().filter(site=site, month=first).first()
    if signoff is not None and signoff.is_approved:
        raise ValidationError({"month": f"{month_label(first)} is already approved."})
    if signoff is None:
        signoff = MonthSignOff(site=site, month=first)
    claim_version(signoff, expected_version=expected_version if signoff.pk else None)
    signoff.state = MonthState.APPROVED
    signoff.approved_by, signoff.approved_at = actor, timezone.now()
    try:
        with transaction.atomic():
            signoff.save()
    except IntegrityError:  # approved by someone else at the same moment
        raise ValidationError({"month": f"{month_label(first)} is already approved."}) from None
    audit(actor=actor, action="update", target=signoff, changed_fields=["state", "approved_by"], detail="approved")
    return signoff


@transaction.atomic
def month_reopen(*, site, month: date, actor, reason: str, expected_version: int | None = None) -> MonthSignOff:
    """Reopen an approved month (the coordinator's), with the reason; its registrations can be changed again."""
    first = month_start(month)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the month is reopened: the site contact will read it."})
    signoff = MonthSignOff.objects.select_for_update().filter(site=site, month=first).first()
    if signoff is None or not signoff.is_approved:
        raise ValidationError({"reason": f"{month_label(first)} is not approved, so there is nothing to reopen."})
    claim_version(signoff, expected_version=expected_version)
    signoff.state = MonthState.REOPENED
    signoff.reopened_by, signoff.reopened_at, signoff.reopen_reason = actor, timezone.now(), reason
    signoff.save()
    audit(
        actor=actor,
        action="update",
        target=signoff,
        changed_fields=["state", "reopened_by", "reopen_reason"],
        detail="reopened",
    )
    return signoff


@transaction.atomic
def month_query_add(*, site, month: date, actor, text: str) -> MonthQuery:
    """Raise a question about a site's month (shown on its sign-off page)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the question, e.g. which meeting and what looks wrong."})
    if len(text) > 500:
        raise ValidationError({"text": f"At most 500 characters (this has {len(text)})."})
    query = MonthQuery.objects.create(site=site, month=month_start(month), text=text, raised_by=actor)
    audit(actor=actor, action="create", target=query, changed_fields=["text"])
    return query


# --- the month page --------------------------------------------------------------------------------------------
@dataclass
class GroupMonth:
    """One group's month: the meetings it should have had, those registered, those missing, those flagged."""

    group: Group
    rate: Rate
    expected: list[date] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    missing: list[date] = field(default_factory=list)

    @property
    def flagged(self) -> list[Meeting]:
        return [m for m in self.meetings if m.confirmed_warnings]

    @property
    def lines(self) -> list[MonthLine]:
        """Every expected day and every registration of the month, by date."""
        registered = {m.date: m for m in self.meetings}
        days = sorted(set(self.expected) | set(registered))
        return [
            MonthLine(
                day=day,
                meeting=registered.get(day),
                expected=day in self.expected,
                flags=[warning_label(c) for c in (registered[day].confirmed_warnings if day in registered else [])],
            )
            for day in days
        ]


@dataclass(frozen=True)
class MonthLine:
    """One day of a group's month: expected or not, its registration (None: missing) and confirmed warnings."""

    day: date
    meeting: Meeting | None
    expected: bool
    flags: list[str]


@dataclass
class MonthReview:
    site: object
    month: date
    end: date  # the last day judged: the month's last day, or today while it runs
    groups: list[GroupMonth]
    rate: Rate
    signoff: MonthSignOff | None
    queries: list[MonthQuery]

    @property
    def approved(self) -> bool:
        return self.signoff is not None and self.signoff.is_approved

    @property
    def flagged_count(self) -> int:
        return sum(len(g.flagged) for g in self.groups)


def month_review(*, site, month: date, user, today: date | None = None) -> MonthReview:
    """A site's month as its sign-off page shows it, for the groups the user may see (a fixed number of queries)."""
    first = month_start(month)
    today = today or timezone.localdate()
    end = min(month_last(first), today)
    groups = list(Group.objects.visible_to(user).filter(site=site).order_by("name").prefetch_related("status_changes"))
    meetings = Meeting.objects.filter(group__in=[g.pk for g in groups], date__range=(first, month_last(first)))
    by_group: dict[int, list[Meeting]] = {}
    for meeting in meetings.order_by("date"):
        by_group.setdefault(meeting.group_id, []).append(meeting)
    rates = monthly_rates(groups=groups, start=first, end=end) if end >= first else {}
    rows, total = [], Rate()
    for group in groups:
        expected = scheduled_dates(group, first, end)
        registered = by_group.get(group.pk, [])
        if not expected and not registered:
            continue
        days = {m.date for m in registered}
        rate = rates.get((group.pk, first), Rate())
        total.add(rate)
        missing = [d for d in expected if d not in days]
        rows.append(GroupMonth(group=group, rate=rate, expected=expected, meetings=registered, missing=missing))
    return MonthReview(
        site=site,
        month=first,
        end=end,
        groups=rows,
        rate=total,
        signoff=MonthSignOff.objects.filter(site=site, month=first)
        .select_related("approved_by", "reopened_by")
        .first(),
        queries=list(MonthQuery.objects.filter(site=site, month=first).select_related("raised_by")),
    )
