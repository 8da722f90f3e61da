"""schema.org Event markup for a public group's page, as microdata (the site allows no inline script)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils import timezone

from groups import feeds

register = template.Library()


@register.inclusion_tag("groups/public/_event_microdata.html", takes_context=True)
def event_microdata(context, group):
    request = context.get("request")
    return {
        "group": group,
        "event": feeds.event_data(group, timezone.localdate()),
        "page_url": request.build_absolute_uri() if request else "",
        "timezone": settings.TIME_ZONE,
    }
