"""Tunables of the sites app: `getattr(settings, NAME, default)`, documented in docs/sites.md."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

# Health flags (report: "contact tailed off"; agreements slow to be signed).
NO_CONTACT_WEEKS: int = getattr(settings, "SITES_NO_CONTACT_WEEKS", 8)
AGREEMENT_UNSIGNED_WEEKS: int = getattr(settings, "SITES_AGREEMENT_UNSIGNED_WEEKS", 6)
# Rows per page of the network progress log.
LOG_PAGE_SIZE: int = getattr(settings, "SITES_LOG_PAGE_SIZE", 50)
# Log entries shown on a site page (the rest are in the network log, filtered by site).
SITE_PAGE_LOG_ENTRIES: int = getattr(settings, "SITES_SITE_PAGE_LOG_ENTRIES", 15)
# The date health flags are computed for. None: today; the demo (PILOT_DEMO) defaults to the pilot's last day.
AS_OF: date | None = getattr(settings, "SITES_AS_OF", None)
DEMO_AS_OF = date(2010, 3, 31)


def as_of() -> date:
    """The day health flags and follow-ups are judged on."""
    fixed = getattr(settings, "SITES_AS_OF", None) or AS_OF
    if fixed is not None:
        return fixed
    if getattr(settings, "PILOT_DEMO", False):
        return DEMO_AS_OF
    return timezone.localdate()
