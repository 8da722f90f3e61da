"""Tunables of the referrals app (defaults and meanings: pilot/conf.py, docs/configuration.md)."""

from __future__ import annotations

from pilot.conf import setting


def quiet_weeks() -> int:
    """A partner with no newcomers from its kind of source and no outreach for this many weeks has gone quiet."""
    return setting("REFERRALS_QUIET_WEEKS")
