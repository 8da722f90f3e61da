"""Plausible dates: the one check every date typed or sent in a link goes through.

A year before 2000 or after next year is a typing slip (or a probe), and a date near the
ends of the calendar makes date arithmetic overflow; both are refused with a clear message.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST = datetime.date(2000, 1, 1)


def latest_plausible_date() -> datetime.date:
    """31 December of next year."""
    return datetime.date(timezone.localdate().year + 1, 12, 31)


def check_plausible_date(value) -> None:
    """Raise ValidationError unless `value` lies between 1 January 2000 and 31 December of next year."""
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    if value < EARLIEST:
        raise ValidationError("Enter a date in 2000 or later.", code="date_too_early")
    latest = latest_plausible_date()
    if value > latest:
        raise ValidationError(f"Enter a date no later than {latest.year}.", code="date_too_late")
