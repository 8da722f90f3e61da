"""Fixtures of the groups tests: groups that meet on Tuesdays since March 2009, and a frozen 'today'."""

import datetime

import pytest
import time_machine

from groups.models import GroupStatus
from groups.tests.factories import FacilitatorFactory, GroupStatusChangeFactory

# A Thursday: the last Tuesday meeting was on 5 May 2009, the one before on 28 April.
TODAY = datetime.date(2009, 5, 7)


@pytest.fixture
def frozen_today():
    with time_machine.travel(datetime.datetime(2009, 5, 7, 12, 0, tzinfo=datetime.UTC), tick=False):
        yield TODAY


def make_meeting_group(group, since=datetime.date(2009, 3, 3)):
    GroupStatusChangeFactory(group=group, status=GroupStatus.MEETING, changed_on=since)
    group.status = GroupStatus.MEETING
    group.status_since = since
    group.save()
    return group


@pytest.fixture
def meeting_group_a(group_a):
    return make_meeting_group(group_a)


@pytest.fixture
def meeting_group_b(group_b):
    return make_meeting_group(group_b)


@pytest.fixture
def peer_a(site_a, group_a):
    """A second, login-less peer facilitator of group A."""
    facilitator = FacilitatorFactory(site=site_a, display_name="Jo", phone="07700 900123", email="jo@example.org")
    facilitator.groups.add(group_a)
    return facilitator
