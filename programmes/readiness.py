"""Which readiness checklist a site answers on a day: that of its programme, or the pilot's lessons by default.

A site follows the latest-starting programme it takes part in on the day (joined on or before it, not left, the
programme not ended), the rule of the support policy (docs/support.md); a site in two programmes at once answers
the newer one's list. That programme's active items, in order; with none (no programme, or a programme that
defines no active item), the default items, sites.models.READINESS_DEFAULTS. docs/readiness.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from programmes.models import Programme, ProgrammeSite, ReadinessItem
from sites.models import READINESS_DEFAULTS


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    help_text: str = ""


DEFAULT_ITEMS = tuple(ChecklistItem(key, label, help_text) for key, label, help_text in READINESS_DEFAULTS)


@dataclass(frozen=True)
class Checklist:
    """The items a site answers, and the programme that defines them (None: the default items)."""

    items: tuple[ChecklistItem, ...]
    programme: Programme | None = None


def programme_items(programme: Programme) -> tuple[ChecklistItem, ...]:
    """The programme's own active items in order, or the default items if it defines none."""
    items = [ChecklistItem(i.key, i.label, i.help_text) for i in programme.readiness_items.filter(active=True)]
    return tuple(items) or DEFAULT_ITEMS


def checklists_for(site_ids, day: date) -> dict[int, Checklist]:
    """Each site's checklist on `day` (two queries, whatever the number of sites)."""
    memberships = (
        ProgrammeSite.objects.filter(site_id__in=site_ids, joined_on__lte=day, programme__ends_on__gte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .select_related("programme")
        .order_by("site_id", "-programme__starts_on", "-programme_id")
    )
    programmes: dict[int, Programme] = {}
    for membership in memberships:
        programmes.setdefault(membership.site_id, membership.programme)
    items: dict[int, list[ChecklistItem]] = {}
    if programmes:
        ids = {p.pk for p in programmes.values()}
        for item in ReadinessItem.objects.filter(programme_id__in=ids, active=True).order_by("order", "pk"):
            items.setdefault(item.programme_id, []).append(ChecklistItem(item.key, item.label, item.help_text))
    result = {}
    for site_id in site_ids:
        programme = programmes.get(site_id)
        own = items.get(programme.pk) if programme is not None else None
        result[site_id] = Checklist(tuple(own), programme) if own else Checklist(DEFAULT_ITEMS, None)
    return result
