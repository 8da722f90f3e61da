"""Reads: referral partners, outreach, where newcomers come from and which partners have gone quiet.

One function per figure, for every page and report that shows it (the site page, the network overview, the start
page, the evaluation pack):

- `newcomers_by_source(sites, start, end)`: newcomers per "how they heard" source per site and month, summed from
  the meeting registrations (groups.Meeting.referral_*): counts of people, shown through a Disclosure;
- `quiet_partners(sites, today)`: active partners whose kind of source brought no newcomer to their site, and who
  had no outreach, in the last REFERRALS_QUIET_WEEKS weeks;
- `referral_summary(sites, today, start=None)`: per site, its active partners, how many have a protocol, a named
  champion and assertive linkage, outreach to them in the period, the quiet ones and the newcomers by source.

Each runs a fixed number of queries whatever the number of sites: one for the partners (with their outreach),
one for the registrations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from groups.models import REFERRAL_SOURCES, Meeting
from pilot.disclosure import Disclosure
from pilot.permissions import allows
from pilot.roles import Capability
from referrals import conf
from referrals.models import SOURCE_FIELD, OutreachActivity, PartnerType, ReferralPartner
from sites.selectors import can_manage_site, can_see_contact_details

# The sources a partner can be (the professional ones), in the order of the registration form, then the others.
PARTNER_SOURCES = tuple(SOURCE_FIELD[t] for t in PartnerType)
SOURCE_LABELS = dict(REFERRAL_SOURCES)
OTHER_SOURCES = tuple(name for name, _ in REFERRAL_SOURCES if name not in PARTNER_SOURCES)
# The columns a table of newcomers by source shows: each professional source, the other ways together, not said.
COLUMNS = (*PARTNER_SOURCES, "other_ways", "not_recorded")
COLUMN_LABELS = {
    **{f: SOURCE_LABELS[f] for f in PARTNER_SOURCES},
    "other_ways": "Other ways",
    "not_recorded": "Not recorded",
}


# --- scope ------------------------------------------------------------------------------------------------
def partners_for(user, *, site=None) -> QuerySet[ReferralPartner]:
    """The referral partners the user may read (ReferralPartner.visible_to), of one site if given."""
    partners = ReferralPartner.objects.visible_to(user).select_related("site")
    return partners.filter(site=site) if site is not None else partners


def outreach_for(user, *, site=None) -> QuerySet[OutreachActivity]:
    """The outreach the user may read (OutreachActivity.visible_to), of one site if given."""
    activities = OutreachActivity.objects.visible_to(user).select_related("site", "partner")
    return activities.filter(site=site) if site is not None else activities


def sees_champions(user, site) -> bool:
    """Champions' names are person data: the coordinator and the site's own contacts read them; the steering
    committee sees whether a champion is named, never who (docs/referrals.md)."""
    return allows(user, Capability.SEE_CHAMPIONS) and can_see_contact_details(user, site)


def can_manage_referrals(user, site) -> bool:
    """May record this site's partners and outreach: the coordinator, or a contact of this site."""
    return allows(user, Capability.MANAGE_REFERRALS) and can_manage_site(user, site)


# --- figures ----------------------------------------------------------------------------------------------
def quiet_cutoff(today: date) -> date:
    """The first day of the quiet window: activity on this day or later counts as recent."""
    return today - timedelta(weeks=conf.quiet_weeks())


@dataclass
class SourceFigures:
    """Newcomers by how they heard at one site over a period: exact counts (show them through a Disclosure)."""

    start: date
    end: date
    months: list[tuple[date, dict[str, int]]] = field(default_factory=list)  # month, COLUMNS + "newcomers"
    totals: dict[str, int] = field(default_factory=dict)

    def shown(self, disclosure: Disclosure, *, last: int | None = None) -> dict:
        """The table as this reader may see it: each count published or exact; a newcomers total withheld where,
        with its parts, it would give one away. `last`: only the period's last so many months as rows (the totals
        stay the whole period's)."""

        def row(values):
            parts = [disclosure.count(values[c]) for c in COLUMNS]
            return parts, disclosure.total(values["newcomers"], parts)

        return {
            "columns": [COLUMN_LABELS[c] for c in COLUMNS],
            "months": [(month, *row(values)) for month, values in self.months[-last if last else 0 :]],
            "all_months": last is None or len(self.months) <= last,
            "totals": row(self.totals),
        }

    @property
    def newcomers(self) -> int:
        return self.totals.get("newcomers", 0)


def _month_starts(start: date, end: date) -> list[date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def _blank() -> dict[str, int]:
    return dict.fromkeys((*COLUMNS, "newcomers"), 0)


def _columns(values: dict[str, int | None]) -> dict[str, int]:
    """A registration's sums as the table's columns: the professional sources, the other ways, not recorded."""
    row = {f: values.get(f) or 0 for f in PARTNER_SOURCES}
    row["other_ways"] = sum(values.get(f) or 0 for f in OTHER_SOURCES)
    row["newcomers"] = values.get("newcomers") or 0
    row["not_recorded"] = max(0, row["newcomers"] - sum(row[f] for f in PARTNER_SOURCES) - row["other_ways"])
    return row


def _registrations(
    site_ids: Sequence[int], *, start: date | None, end: date | None, recent_from: date | None, today: date | None
) -> tuple[dict[int, SourceFigures], dict[int, dict[str, int]]]:
    """One query: per site and month, the sums of newcomers by source over [start, end] and, by professional source,
    over [recent_from, today]. Meetings not held count nothing."""
    sources = [name for name, _ in REFERRAL_SOURCES]
    sums, window = {}, Q(pk__in=[])
    if start is not None:
        period = Q(date__gte=start, date__lte=end)
        window |= period
        sums.update({f"p_{name}": Sum(name, filter=period) for name in (*sources, "newcomers")})
    if recent_from is not None:
        recent = Q(date__gte=recent_from, date__lte=today)
        window |= recent
        sums.update({f"r_{name}": Sum(name, filter=recent) for name in PARTNER_SOURCES})
    figures = {sid: SourceFigures(start, end) for sid in site_ids} if start is not None else {}
    recent_sums = {sid: dict.fromkeys(PARTNER_SOURCES, 0) for sid in site_ids}
    if not sums or not site_ids:
        return figures, recent_sums
    rows = (
        Meeting.objects.filter(held=True, group__site_id__in=list(site_ids))
        .filter(window)
        .annotate(month=TruncMonth("date"))
        .values("group__site_id", "month")
        .annotate(**sums)
        .order_by()
    )
    by_month: dict[int, dict[date, dict]] = {sid: {} for sid in site_ids}
    for row in rows:
        sid = row["group__site_id"]
        if start is not None:
            by_month[sid][row["month"]] = _columns({k[2:]: v for k, v in row.items() if k.startswith("p_")})
        if recent_from is not None:
            for name in PARTNER_SOURCES:
                recent_sums[sid][name] += row[f"r_{name}"] or 0
    for sid, figure in figures.items():
        totals = _blank()
        for month in _month_starts(start, end):
            values = by_month[sid].get(month) or _blank()
            figure.months.append((month, values))
            for key in totals:
                totals[key] += values[key]
        figure.totals = totals
    return figures, recent_sums


def newcomers_by_source(sites: Iterable, start: date, end: date) -> dict[int, SourceFigures]:
    """Per site, newcomers by how they heard, per month from `start` to `end` and in all: one query."""
    figures, _ = _registrations([s.pk for s in sites], start=start, end=end, recent_from=None, today=None)
    return figures


def _partners(site_ids: Sequence[int], today: date, start: date | None) -> list[ReferralPartner]:
    """One query: the sites' partners begun by `today`, each with its last outreach on or before today and its
    outreach since `start` (if given)."""
    annotations = {"last_outreach": Max("outreach__date", filter=Q(outreach__date__lte=today))}
    if start is not None:
        annotations["outreach_in_period"] = Count(
            "outreach", filter=Q(outreach__date__gte=start, outreach__date__lte=today)
        )
    return list(
        ReferralPartner.objects.filter(site_id__in=list(site_ids), since__lte=today)
        .annotate(**annotations)
        .select_related("site")
        .order_by("site__name", "agency", "team", "pk")
    )


def _is_quiet(partner: ReferralPartner, recent: dict[str, int], cutoff: date) -> bool:
    """Began before the quiet window, and in it: no newcomer from its kind of source at its site, no outreach."""
    return (
        partner.since <= cutoff
        and not recent.get(partner.source_field)
        and (partner.last_outreach is None or partner.last_outreach < cutoff)
    )


def quiet_partners(sites: Iterable, today: date) -> list[ReferralPartner]:
    """The sites' active partners that have gone quiet as of `today` (REFERRALS_QUIET_WEEKS): two queries."""
    site_ids = [s.pk for s in sites]
    cutoff = quiet_cutoff(today)
    _, recent = _registrations(site_ids, start=None, end=None, recent_from=cutoff, today=today)
    partners = [p for p in _partners(site_ids, today, None) if p.is_active(today)]
    return [p for p in partners if _is_quiet(p, recent[p.site_id], cutoff)]


@dataclass
class ReferralSummary:
    """A site's referral pathways as of a day: partners are organisations (exact); newcomers are people."""

    partners: list[ReferralPartner]
    quiet: list[ReferralPartner]
    outreach: int | None  # outreach to its partners since the period's start; None without a period
    sources: SourceFigures | None  # newcomers by source over the period; None without a period

    @property
    def with_protocol(self) -> int:
        return sum(1 for p in self.partners if p.protocol_agreed_on)

    @property
    def champions(self) -> int:
        return sum(1 for p in self.partners if p.champion_name)

    @property
    def assertive(self) -> int:
        return sum(1 for p in self.partners if p.assertive_linkage)

    def __str__(self) -> str:
        if not self.partners:
            return "No partner"
        quiet = f", {len(self.quiet)} quiet" if self.quiet else ""
        return f"{len(self.partners)} partner{'s' if len(self.partners) != 1 else ''}{quiet}"


def referral_summary(sites: Iterable, today: date, start: date | None = None) -> dict[int, ReferralSummary]:
    """Per site: its active partners as of `today`, the quiet ones (quiet_partners' rule), and with a period
    (`start` to `today`) its outreach to partners and newcomers by source (newcomers_by_source's sums): two
    queries whatever the number of sites."""
    sites = list(sites)
    site_ids = [s.pk for s in sites]
    cutoff = quiet_cutoff(today)
    figures, recent = _registrations(site_ids, start=start, end=today, recent_from=cutoff, today=today)
    partners: dict[int, list[ReferralPartner]] = {sid: [] for sid in site_ids}
    outreach: dict[int, int] = dict.fromkeys(site_ids, 0)
    for partner in _partners(site_ids, today, start):
        if start is not None:
            outreach[partner.site_id] += partner.outreach_in_period
        if partner.is_active(today):
            partners[partner.site_id].append(partner)
    return {
        sid: ReferralSummary(
            partners=partners[sid],
            quiet=[p for p in partners[sid] if _is_quiet(p, recent[sid], cutoff)],
            outreach=outreach[sid] if start is not None else None,
            sources=figures.get(sid),
        )
        for sid in site_ids
    }
