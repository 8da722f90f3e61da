"""Reads for the public meeting finder: which listed groups match a place, and when each meets next."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet

from groups.models import WEEKDAYS, Group, GroupStatusChange
from groups.selectors import scheduled_dates
from sites.models import Region

# The only fields the public ever sees (status_since only dates the schedule); facilitators and counts never leave.
PUBLIC_FIELDS = [
    "id",
    "name",
    "weekday",
    "second_weekday",
    "frequency",
    "start_time",
    "usual_length_minutes",
    "focus",
    "venue_name",
    "address",
    "town",
    "postcode",
    "contact_phone",
    "contact_email",
    "status",
    "status_since",
    "site__region",
    "site__agency_name",
]
# A UK postcode, whole or only its outward code (the part before the space): "S1 2AB", "s12ab", "NR32", "SW1A".
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)(?: ?([0-9][A-Z]{2}))?$")


@dataclass(frozen=True)
class FinderEntry:
    group: Group
    next_meeting: date | None


def public_groups() -> QuerySet[Group]:
    """Groups the finder lists, with only their public fields and the status history that dates their meetings."""
    history = GroupStatusChange.objects.only("group_id", "status", "changed_on", "recorded_at")
    return (
        Group.objects.public()
        .select_related("site")
        .only(*PUBLIC_FIELDS)
        .prefetch_related(Prefetch("status_changes", queryset=history))
    )


def outward_code(text: str) -> str | None:
    """The outward code of a postcode or of an outward code alone ("S1 2AB" -> "S1"); None if it is not one."""
    match = _POSTCODE.match(" ".join(text.upper().split()))
    return match.group(1) if match else None


def matches_place(group: Group, place: str) -> bool:
    """A town typed in any case, whole or in part, or the group's postcode district (outward code)."""
    place = " ".join(place.split())
    if not place:
        return True
    wanted = outward_code(place)
    if wanted is not None:
        return outward_code(group.postcode) == wanted
    return place.casefold() in group.town.casefold()


def next_meeting(group: Group, today: date) -> date | None:
    """The first day from today on which the group is due to meet, by its days, frequency and history."""
    found = scheduled_dates(group, today, today + timedelta(days=13))
    return found[0] if found else None


@dataclass(frozen=True)
class _Place:
    """What matches_place reads of a group."""

    town: str
    postcode: str


def _searched(groups: QuerySet[Group], region: str, weekday: str) -> QuerySet[Group]:
    if region in dict(Region.choices):
        groups = groups.filter(site__region=region)
    if weekday.isdigit() and int(weekday) in dict(WEEKDAYS):
        groups = groups.filter(weekday=int(weekday))
    return groups.order_by("town", "weekday", "start_time", "name", "pk")


def finder_groups(*, place: str = "", region: str = "", weekday: str = "") -> list[Group]:
    """The listed groups matching the search, by town, day and time (two queries: the groups, their history)."""
    return [g for g in _searched(public_groups(), region, weekday) if matches_place(g, place[:100])]


def finder_ids(*, place: str = "", region: str = "", weekday: str = "") -> list[int]:
    """The ids of finder_groups, in its order, from each group's town and postcode only (one query): the finder
    pages these and reads the groups of one page (finder_page)."""
    rows = _searched(Group.objects.public(), region, weekday).values_list("pk", "town", "postcode")
    return [pk for pk, town, postcode in rows if matches_place(_Place(town, postcode), place[:100])]


def finder_page(ids: Iterable[int]) -> list[Group]:
    """The listed groups with these ids, in the order given (two queries: the groups, their history)."""
    ids = list(ids)
    found = {g.pk: g for g in public_groups().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def finder_entries(*, place: str = "", region: str = "", weekday: str = "", today: date) -> list[FinderEntry]:
    """The listed groups matching the search, by town, day and time, each with its next meeting date."""
    return with_next_meeting(finder_groups(place=place, region=region, weekday=weekday), today)


def with_next_meeting(groups: Iterable[Group], today: date) -> list[FinderEntry]:
    """Each group with its next meeting date (the finder works it out for the page it shows only)."""
    return [FinderEntry(g, next_meeting(g, today)) for g in groups]
