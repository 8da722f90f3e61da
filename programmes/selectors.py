"""Reads: programmes with their sites, which sites a period covers, and which programme a day belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Q, QuerySet

from programmes.models import Programme, ProgrammeSite


def programme_list(*, user) -> QuerySet[Programme]:
    """The user's programmes, each with `site_count`: the sites that took part at any time (site_ids_in), counted."""
    return Programme.objects.visible_to(user).annotate(site_count=Count("memberships")).order_by("-starts_on", "name")


def site_ids_in(programme: Programme) -> list[int]:
    """The sites that took part in the programme at any time (one query)."""
    return list(programme.memberships.values_list("site_id", flat=True))


def sites_taking_part(sites: Sequence, programme: Programme | None) -> list:
    """Of these sites, those taking part in the programme (all of them when there is none)."""
    if programme is None:
        return list(sites)
    ids = set(site_ids_in(programme))
    return [s for s in sites if s.pk in ids]


def programmes_of_site(site) -> list[ProgrammeSite]:
    """The programmes a site took part in, newest first, with the days it joined and left."""
    return list(site.programme_memberships.select_related("programme").order_by("-programme__starts_on"))


def programmes_between(start: date, end: date) -> QuerySet[Programme]:
    return Programme.objects.filter(Q(starts_on__lte=end) & Q(ends_on__gte=start))
