"""Tunables of the sites app (defaults and meanings: pilot/conf.py, docs/configuration.md)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from pilot.conf import setting

DEMO_AS_OF = date(2010, 3, 31)  # the pilot's last day


def no_contact_weeks() -> int:
    return setting("SITES_NO_CONTACT_WEEKS")


def agreement_unsigned_weeks() -> int:
    return setting("SITES_AGREEMENT_UNSIGNED_WEEKS")


def log_page_size() -> int:
    return setting("SITES_LOG_PAGE_SIZE")


def site_page_log_entries() -> int:
    return setting("SITES_SITE_PAGE_LOG_ENTRIES")


def as_of() -> date:
    """The day health flags and follow-ups are judged on: SITES_AS_OF, else the pilot's end in the demo, else today."""
    fixed = setting("SITES_AS_OF")
    if fixed is not None:
        return fixed
    if setting("PILOT_DEMO"):
        return DEMO_AS_OF
    return timezone.localdate()
