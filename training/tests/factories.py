import datetime

import factory

from groups.tests.factories import FacilitatorFactory, GroupFactory
from sites.tests.factories import HostSiteFactory
from training.models import DelegateCount, Event, EventDay, EventKind, Participant, Sector


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.FACILITATOR_TRAINING
    title = factory.Sequence(lambda n: f"Training {n}")
    site = factory.SubFactory(HostSiteFactory)
    starts_on = datetime.date(2009, 3, 3)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=1))


class EventDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventDay

    event = factory.SubFactory(EventFactory)
    date = factory.LazyAttribute(lambda o: o.event.starts_on)
    attendance = 10


def event_with_days(*attendance, **fields) -> Event:
    """An event with one day per attendance figure, consecutive from its first day."""
    start = fields.pop("starts_on", datetime.date(2009, 3, 3))
    event = EventFactory(
        starts_on=start, ends_on=start + datetime.timedelta(days=max(len(attendance) - 1, 0)), **fields
    )
    for offset, count in enumerate(attendance):
        EventDayFactory(event=event, date=start + datetime.timedelta(days=offset), attendance=count)
    return event


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    agreed_to_be_recorded = True


class DelegateCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelegateCount

    event = factory.SubFactory(EventFactory, kind=EventKind.CONFERENCE, site=None)
    sector = Sector.NON_STATUTORY
    organisation = factory.Sequence(lambda n: f"Organisation {n}")
    count = 5


__all__ = ["FacilitatorFactory", "GroupFactory", "HostSiteFactory"]
