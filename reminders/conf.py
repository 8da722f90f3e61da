"""Tunables of the reminders app (defaults and meanings: pilot/conf.py, docs/configuration.md)."""

from __future__ import annotations

from pilot.conf import setting


def site_url() -> str:
    """The address that links in reminder emails start with."""
    return setting("REMINDERS_SITE_URL").rstrip("/")


def catch_up_days() -> int:
    """How many days back an unregistered meeting is still reminded of (a missed beat run catches up)."""
    return setting("REMINDERS_CATCH_UP_DAYS")


def follow_up_ahead_days() -> int:
    """The coordinator's weekly email lists follow-ups due up to this many days ahead."""
    return setting("REMINDERS_FOLLOW_UP_AHEAD_DAYS")
