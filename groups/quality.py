"""Data quality of meeting returns per site and month: the one function behind the data quality page, its CSV
and the monitoring report's "Data quality" section.

- completeness: scheduled meetings registered / meetings scheduled (the reporting rate, `monthly_rates`);
- timeliness: scheduled meetings registered within GROUPS_REGISTRATION_DUE_DAYS of the meeting / meetings
  scheduled (the reporting rate's "on time");
- flagged: registrations dated in the month with a value the registrant confirmed as unusual
  (`Meeting.confirmed_warnings`);
- sign-off: approved, or provisional (groups.signoff).

A fixed number of queries whatever the number of groups: the groups, their status history, the registrations'
dates, one grouped count per site and month, the approved months.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from groups.models import Group, Meeting
from groups.selectors import Rate, month_ends, monthly_rates, status_history
from groups.signoff import approved_months


@dataclass
class QualityRow:
    """One site's month."""

    site_id: int
    site_name: str
    site_slug: str
    month: date
    rate: Rate
    registered: int = 0  # every registration dated in the month, on a scheduled day or not
    flagged: int = 0
    approved: bool = False

    @property
    def completeness(self) -> float | None:
        return self.rate.rate

    @property
    def timeliness(self) -> float | None:
        return self.rate.on_time_rate

    @property
    def sign_off(self) -> str:
        return "approved" if self.approved else "provisional"


def as_percent(share: float | None) -> float | None:
    """A share as the page, the CSV and the report print it: a percentage to one decimal, or None."""
    return round(100 * share, 1) if share is not None else None


def data_quality(
    *,
    groups: QuerySet[Group] | Iterable[Group],
    start: date,
    end: date,
    rates: dict[tuple[int, date], Rate] | None = None,
) -> list[QualityRow]:
    """Per site and month from start to end (clipped to today): completeness, timeliness, flagged registrations
    and sign-off, for these groups; months with nothing scheduled and nothing registered are left out.

    `rates`: `monthly_rates` of these groups over the same months, when the caller has worked them out already
    (the monitoring report does, for its meetings table): they are not worked out again."""
    end = min(end, timezone.localdate())
    if end < start:
        return []
    if isinstance(groups, QuerySet):
        groups = groups.select_related("site")
    groups = list(groups)
    if rates is None:
        # The histories as plain rows, not prefetched onto the groups: nothing else here reads them.
        rates = monthly_rates(groups=groups, start=start, end=end, history=status_history([g.pk for g in groups]))
    counts = (
        Meeting.objects.filter(group__in=[g.pk for g in groups], date__range=(start, end))
        .annotate(month=TruncMonth("date"))
        .values("group__site_id", "month")
        .annotate(registered=Count("pk"), flagged=Count("pk", filter=~Q(confirmed_warnings=[])))
        .order_by()
    )
    counted = {(r["group__site_id"], _day(r["month"])): r for r in counts}
    approved = approved_months({g.site_id for g in groups}, start, end)
    site_of = {g.pk: g.site_id for g in groups}
    per_site: dict[tuple[int, date], Rate] = defaultdict(Rate)
    for (group_id, month), rate in rates.items():
        per_site[(site_of[group_id], month)].add(rate)
    sites = {g.site_id: g.site for g in groups}
    rows = []
    for site in sorted(sites.values(), key=lambda s: s.name):
        for first, _ in month_ends(start, end):
            month = first.replace(day=1)
            rate = per_site.get((site.pk, month), Rate())
            found = counted.get((site.pk, month), {})
            if not rate.scheduled and not found:
                continue
            rows.append(
                QualityRow(
                    site_id=site.pk,
                    site_name=site.name,
                    site_slug=site.slug,
                    month=month,
                    rate=rate,
                    registered=found.get("registered", 0),
                    flagged=found.get("flagged", 0),
                    approved=(site.pk, month) in approved,
                )
            )
    return rows


@dataclass
class QualitySummary:
    """Some rows added up: a site's months (`by_site`) or every site's month (`by_month`)."""

    rate: Rate
    registered: int = 0
    flagged: int = 0
    months: int = 0  # site-months counted
    approved: int = 0  # of them approved
    site_name: str = ""
    site_slug: str = ""
    month: date | None = None


def by_site(rows: Iterable[QualityRow]) -> list[QualitySummary]:
    """The rows added up per site, in the rows' order (by site name): the page's list of sites."""
    return _summed(rows, lambda r: r.site_id, lambda r: {"site_name": r.site_name, "site_slug": r.site_slug})


def by_month(rows: Iterable[QualityRow]) -> list[QualitySummary]:
    """The rows added up per month over every site, the latest first: the page's network months."""
    return sorted(_summed(rows, lambda r: r.month, lambda r: {"month": r.month}), key=lambda s: s.month, reverse=True)


def _summed(rows, key, labels) -> list[QualitySummary]:
    sums: dict = {}
    for row in rows:
        found = sums.get(key(row))
        if found is None:
            found = sums[key(row)] = QualitySummary(rate=Rate(), **labels(row))
        found.rate.add(row.rate)
        found.registered += row.registered
        found.flagged += row.flagged
        found.months += 1
        found.approved += row.approved
    return list(sums.values())


def total(rows: Iterable[QualityRow]) -> Rate:
    """The rows' expected, received and on-time meetings added up (the page's and the report's total line)."""
    overall = Rate()
    for row in rows:
        overall.add(row.rate)
    return overall


def _day(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value
