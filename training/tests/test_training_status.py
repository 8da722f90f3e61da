"""Each facilitator's training status, as meeting registration and the group page show it."""

import datetime

import pytest
import time_machine

from training.models import EventKind, EventStatus
from training.selectors import TrainingStatus, training_status
from training.tests.factories import EventFactory, FacilitatorFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2010, 1, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


def test_training_status_in_one_query_for_any_number(site_a, django_assert_num_queries):
    training = EventFactory(site=site_a, title="Sheffield facilitator training", starts_on=datetime.date(2009, 3, 3))
    trained = [FacilitatorFactory(site=site_a) for _ in range(30)]
    for facilitator in trained:
        ParticipantFactory(event=training, facilitator=facilitator, name="")
    untrained = FacilitatorFactory(site=site_a)
    ids = [f.pk for f in trained] + [untrained.pk]
    with django_assert_num_queries(1):
        statuses = training_status(ids)
    assert statuses[trained[0].pk] == TrainingStatus(True, "Trained March 2009 (Sheffield facilitator training)")
    assert statuses[untrained.pk] == TrainingStatus(False, "No facilitator training recorded")


def test_professionals_training_a_future_or_a_cancelled_training_does_not_make_someone_trained(site_a):
    facilitator = FacilitatorFactory(site=site_a)
    ParticipantFactory(event=EventFactory(site=site_a, kind=EventKind.PROFESSIONALS_TRAINING), facilitator=facilitator)
    ParticipantFactory(event=EventFactory(site=site_a, starts_on=datetime.date(2010, 2, 1)), facilitator=facilitator)
    cancelled = EventFactory(site=site_a, starts_on=datetime.date(2009, 6, 1), status=EventStatus.CANCELLED)
    ParticipantFactory(event=cancelled, facilitator=facilitator)
    assert training_status([facilitator.pk])[facilitator.pk].trained is False


def test_no_facilitators_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert training_status([]) == {}
