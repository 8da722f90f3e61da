import datetime

import pytest


@pytest.fixture
def programme(settings, db):
    """A one-year budget period: 1 January to 31 December 2009 (365 days)."""
    settings.BUDGET_START = datetime.date(2009, 1, 1)
    settings.BUDGET_END = datetime.date(2009, 12, 31)
    return settings.BUDGET_START, settings.BUDGET_END
