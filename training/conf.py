"""Tunables of the training app; override any of them in the settings module.

Read through these functions (not at import time) so that tests and deployments can change them.
"""

from datetime import date

from django.conf import settings


def refresher_months() -> int:
    """A site whose last training ended longer ago than this, with none planned, gets the refresher flag."""
    return getattr(settings, "TRAINING_REFRESHER_MONTHS", 6)


def active_weeks() -> int:
    """ "Facilitating" in the pipeline: facilitated a registered meeting within this many weeks."""
    return getattr(settings, "TRAINING_ACTIVE_WEEKS", 8)


def many_trained() -> int:
    """The Gateshead pattern: at least this many trained at a site and none went on to facilitate."""
    return getattr(settings, "TRAINING_MANY_TRAINED", 10)


def budget_start() -> date:
    """First day of the programme's budget period (the pilot: 1 April 2008)."""
    return getattr(settings, "BUDGET_START", date(2008, 4, 1))


def budget_end() -> date:
    """Last day of the programme's budget period (the pilot: 31 March 2010)."""
    return getattr(settings, "BUDGET_END", date(2010, 3, 31))
