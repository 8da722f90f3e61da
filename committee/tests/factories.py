"""Factories for the steering committee's record."""

from __future__ import annotations

import datetime

import factory

from committee.models import CommitteeAction, CommitteeMeeting
from programmes.tests.factories import ProgrammeFactory


class CommitteeMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMeeting

    programme = factory.SubFactory(ProgrammeFactory)
    held_on = factory.Sequence(lambda n: datetime.date(2009, 6, 1) + datetime.timedelta(days=n))
    attendees = "funder, coordinator, evaluator"
    decisions = "Meet quarterly."


class CommitteeActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeAction

    meeting = factory.SubFactory(CommitteeMeetingFactory)
    description = "Write to the hosts"
    owner = "The coordinator"
    due_on = factory.LazyAttribute(lambda o: o.meeting.held_on + datetime.timedelta(days=30))
