"""Tunables of the training app (defaults and meanings: pilot/conf.py, docs/configuration.md)."""

from __future__ import annotations

from pilot.conf import setting


def refresher_months() -> int:
    """A site whose last training ended longer ago than this, with none planned, gets the refresher flag."""
    return setting("TRAINING_REFRESHER_MONTHS")


def active_weeks() -> int:
    """ "Facilitating" in the pipeline: facilitated a registered meeting within this many weeks."""
    return setting("TRAINING_ACTIVE_WEEKS")


def many_trained() -> int:
    """The Gateshead pattern: at least this many trained at a site and none went on to facilitate."""
    return setting("TRAINING_MANY_TRAINED")
