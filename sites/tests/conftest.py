"""Fixtures of the sites app's tests."""

from datetime import date

import pytest

from sites.tests.factories import with_history


@pytest.fixture
def active_site_a(site_a):
    """Site A, selected in September 2008 and with groups meeting since April 2009."""
    return with_history(
        site_a,
        ("selected", date(2008, 9, 24)),
        ("agreement_issued", date(2008, 10, 15)),
        ("agreement_signed", date(2008, 11, 20)),
        ("training_delivered", date(2009, 3, 5)),
        ("groups_meeting", date(2009, 4, 7)),
    )
