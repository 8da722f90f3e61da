"""Public feeds of the meeting list (Meeting Guide JSON, iCalendar): no login, the finder's groups and fields only."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control

from groups import conf, feeds
from pilot.permissions import read_only_page
from pilot.ratelimits import limit
from pilot.scoping import get_visible_or_404


def _card_url(request):
    return lambda group: request.build_absolute_uri(reverse("meetings:card", args=[group.pk]))


def _feed_response(request, body: bytes, content_type: str, filename: str):
    """The feed with Cache-Control and an ETag; a conditional GET whose ETag matches is answered 304."""
    tag = feeds.etag(body)
    response = HttpResponse(body, content_type=content_type)
    response["ETag"] = tag
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=conf.feed_max_age())
    return get_conditional_response(request, etag=tag, response=response)


@limit("finder")
@read_only_page
def meeting_guide_json(request):
    entries = feeds.meeting_guide(feeds.feed_groups(), _card_url(request))
    body = json.dumps(entries, ensure_ascii=False, indent=1).encode()
    return _feed_response(request, body, "application/json; charset=utf-8", "meetings.json")


@limit("finder")
@read_only_page
def network_ical(request):
    body = feeds.calendar(
        feeds.feed_groups(),
        title="SMART Recovery meetings",
        url_for=_card_url(request),
        domain=request.get_host().split(":")[0],
    )
    return _feed_response(request, body, "text/calendar; charset=utf-8", "meetings.ics")


@limit("finder")
@read_only_page
def group_ical(request, pk: int):
    # A group that is not (or no longer) listed is a 404 like the referral card, and the probe is audited.
    group = get_visible_or_404(feeds.feed_groups(), request.user, pk=pk)
    body = feeds.calendar(
        [group],
        title=f"SMART Recovery {group.name}",
        url_for=_card_url(request),
        domain=request.get_host().split(":")[0],
    )
    return _feed_response(request, body, "text/calendar; charset=utf-8", f"meeting-{group.pk}.ics")
