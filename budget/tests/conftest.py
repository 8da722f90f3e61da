import datetime

import pytest


@pytest.fixture
def programme(db):
    """A programme of one year: 1 January to 31 December 2009 (365 days)."""
    from programmes.tests.factories import ProgrammeFactory

    return ProgrammeFactory(
        name="Year one", funder="A trust", starts_on=datetime.date(2009, 1, 1), ends_on=datetime.date(2009, 12, 31)
    )
