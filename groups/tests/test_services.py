"""Group status history and the steering committee's rule on who may facilitate."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from groups.models import GroupStatus
from groups.services import facilitator_set_groups, group_set_status
from groups.tests.factories import FacilitatorFactory, GroupFactory

pytestmark = pytest.mark.django_db


def test_status_changes_keep_a_dated_history_and_the_latest_is_current(group_a, coordinator, frozen_today):
    group_set_status(group=group_a, status="meeting", changed_on=datetime.date(2009, 3, 3), actor=coordinator)
    group_set_status(group=group_a, status="closed", changed_on=datetime.date(2009, 5, 1), actor=coordinator,
                     reason="facilitator_stepped_down")  # fmt: skip
    # recorded late, but dated before the closure: the closure stays current
    group_set_status(group=group_a, status="paused", changed_on=datetime.date(2009, 4, 1), actor=coordinator)
    group_a.refresh_from_db()
    assert group_a.status == GroupStatus.CLOSED and group_a.closure_reason == "facilitator_stepped_down"
    assert [c.status for c in group_a.status_changes.all()] == ["meeting", "paused", "closed"]


def test_future_status_dates_are_refused(group_a, coordinator, frozen_today):
    with pytest.raises(ValidationError):
        group_set_status(group=group_a, status="meeting", changed_on=datetime.date(2009, 6, 1), actor=coordinator)


def test_a_professional_cannot_be_assigned_as_a_groups_facilitator(site_a, group_a, coordinator):
    worker = FacilitatorFactory(site=site_a, display_name="Maggie", is_professional=True)
    with pytest.raises(ValidationError, match="rule of the pilot's steering committee"):
        facilitator_set_groups(facilitator=worker, groups=[group_a], actor=coordinator)
    with pytest.raises(ValidationError, match="must not facilitate"), transaction.atomic():
        worker.groups.add(group_a)  # any other path is refused too
    with pytest.raises(ValidationError), transaction.atomic():
        group_a.facilitators.add(worker)
    assert not worker.groups.exists()


def test_a_peer_facilitator_is_assigned_only_to_groups_of_their_site(site_a, site_b, group_a, coordinator):
    peer = FacilitatorFactory(site=site_a)
    facilitator_set_groups(facilitator=peer, groups=[group_a], actor=coordinator)
    assert list(peer.groups.all()) == [group_a]
    with pytest.raises(ValidationError, match="Not a group"):
        facilitator_set_groups(facilitator=peer, groups=[GroupFactory(site=site_b)], actor=coordinator)
