"""The one check that a date someone typed is plausible for this application.

    from pilot.dates import check_plausible_date
    forms.DateField(validators=[check_plausible_date])

Nothing we record happened before 2000, and nothing is planned further ahead than the end
of next year. Refusing other years early keeps typing slips (0209, 20099) out of the data
and keeps date arithmetic further on (a day after 31/12/9999) from overflowing.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST = datetime.date(2000, 1, 1)


def latest_plausible_date() -> datetime.date:
    """31 December of next year (by the local calendar, read at call time)."""
    return datetime.date(timezone.localdate().year + 1, 12, 31)


def check_plausible_date(value) -> None:
    """Raise ValidationError unless the date (or datetime) lies between 1 January 2000 and the end of next year."""
    if value is None or value == "":
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    if value < EARLIEST:
        raise ValidationError("Enter a date in 2000 or later.", code="date_too_early")
    latest = latest_plausible_date()
    if value > latest:
        raise ValidationError(f"Enter a date no later than {latest.year}.", code="date_too_late")
