from __future__ import annotations

from datetime import date

import pytest

from groups.models import GroupStatus
from groups.tests.factories import GroupStatusChangeFactory


def set_meeting(group, since=date(2009, 3, 3)):
    """The group meets on its weekday (Tuesday) from `since`."""
    GroupStatusChangeFactory(group=group, status=GroupStatus.MEETING, changed_on=since)
    group.status, group.status_since = GroupStatus.MEETING, since
    group.save()


@pytest.fixture
def with_emails(personas):
    for user in personas.values():
        user.email = f"{user.username}@example.org"
        user.save()
    return personas
