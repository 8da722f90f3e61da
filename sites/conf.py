"""Tunables of the sites app (defaults and meanings: pilot/conf.py, docs/configuration.md)."""

from __future__ import annotations

from pilot.conf import setting


def no_contact_weeks() -> int:
    return setting("SITES_NO_CONTACT_WEEKS")


def agreement_unsigned_weeks() -> int:
    return setting("SITES_AGREEMENT_UNSIGNED_WEEKS")


def log_page_size() -> int:
    return setting("SITES_LOG_PAGE_SIZE")


def site_page_log_entries() -> int:
    return setting("SITES_SITE_PAGE_LOG_ENTRIES")
