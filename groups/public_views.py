"""The public meeting finder and printable referral cards: no login, no facilitator names, only meeting groups."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control

from groups.finder import finder_ids, finder_page, public_groups, with_next_meeting
from groups.models import WEEKDAYS, Group
from pilot.permissions import read_only_page
from pilot.ratelimits import limit
from pilot.scoping import get_visible_or_404
from sites.models import Region

# Meetings per page of the finder: a phone shows them one under another.
FINDER_PER_PAGE = 20


@limit("finder")
@read_only_page
@cache_control(public=True, max_age=300)
def finder(request):
    listed = Group.objects.public()
    towns = sorted({t for t in listed.order_by().values_list("town", flat=True) if t})
    present = set(listed.order_by().values_list("site__region", flat=True))
    regions = [(value, label) for value, label in Region.choices if value in present]
    town, region, weekday = request.GET.get("town", ""), request.GET.get("region", ""), request.GET.get("weekday", "")
    # Matched on each group's town and postcode; only the page's groups are read whole.
    found = finder_ids(place=town, region=region, weekday=weekday)
    page = Paginator(found, FINDER_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "entries": with_next_meeting(finder_page(page), timezone.localdate()),
        "page": page,
        "query": query.urlencode(),
        "card_prefix": reverse("meetings:finder"),  # reversed once; a card is <prefix><id>/card/
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
    group = get_visible_or_404(public_groups(), request.user, pk=pk)
    context = {
        "group": group,
        "finder_url": request.build_absolute_uri(reverse("meetings:finder")),
    }
    return render(request, "groups/public/card.html", context)
