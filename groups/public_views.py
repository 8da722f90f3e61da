"""The public meeting finder and printable referral cards: no login, no facilitator names, only meeting groups."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import cache_control

from groups.models import WEEKDAYS, Group
from pilot.permissions import read_only_page
from pilot.ratelimits import limit
from pilot.scoping import get_visible_or_404
from sites.models import Region

# The only fields the public ever sees; facilitators and counts never leave the building.
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
    "site__region",
    "site__agency_name",
]


def _public_groups():
    return Group.objects.public().select_related("site").only(*PUBLIC_FIELDS)


@limit("finder")
@read_only_page
@cache_control(public=True, max_age=300)
def finder(request):
    groups = _public_groups()
    towns = sorted({t for t in groups.values_list("town", flat=True) if t})
    present = set(groups.values_list("site__region", flat=True))
    regions = [(value, label) for value, label in Region.choices if value in present]
    town, region, weekday = request.GET.get("town", ""), request.GET.get("region", ""), request.GET.get("weekday", "")
    if town in towns:
        groups = groups.filter(town=town)
    if region in dict(Region.choices):
        groups = groups.filter(site__region=region)
    if weekday.isdigit() and int(weekday) in dict(WEEKDAYS):
        groups = groups.filter(weekday=int(weekday))
    context = {
        "groups": groups.order_by("town", "weekday", "start_time", "name"),
        "towns": towns,
        "regions": regions,
        "weekdays": WEEKDAYS,
        "chosen": {"town": town, "region": region, "weekday": weekday},
    }
    return render(request, "groups/public/finder.html", context)


@limit("finder")
@read_only_page
@cache_control(public=True, max_age=300)
def card(request, pk: int):
    # A group that is not (or no longer) public is a 404 like any other out-of-scope record, and audited.
    group = get_visible_or_404(_public_groups(), request.user, pk=pk)
    return render(request, "groups/public/card.html", {"group": group})
