"""A committee meeting's page at scale: the same number of queries for 1 or 50 actions (the committee's record is
the centre's: no site scopes it)."""

from datetime import date

import pytest
from django.urls import reverse

from committee.tests.factories import CommitteeActionFactory, CommitteeMeetingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 50])
def test_the_meeting_page_runs_a_constant_number_of_queries(client_for, coordinator, rows, django_assert_num_queries):
    meeting = CommitteeMeetingFactory(held_on=date(2009, 1, 5))
    for n in range(rows):
        CommitteeActionFactory(meeting=meeting, description=f"Action {n:02d}", due_on=date(2009, 2, 1 + n % 20))
        CommitteeActionFactory(meeting=meeting, description=f"Later {n:02d}", due_on=date(2030, 1, 1))
    client = client_for(coordinator)
    # session, user, role groups; the meeting; the ids of its overdue actions; its actions; its programme; session
    # refresh (savepoint, update, release)
    with django_assert_num_queries(10):
        response = client.get(reverse("committee:meeting", args=[meeting.pk]))
    overdue = [action for action, late in response.context["actions"] if late]
    assert len(response.context["actions"]) == 2 * rows and len(overdue) == rows
