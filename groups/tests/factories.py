import datetime

import factory
from django.utils import timezone

from groups.models import Facilitator, Group, GroupStatusChange, Meeting
from sites.tests.factories import HostSiteFactory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    site = factory.SubFactory(HostSiteFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    venue_name = "Agency group room"
    town = "Anytown"
    weekday = 1  # Tuesday
    start_time = datetime.time(18, 30)


class GroupStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupStatusChange

    group = factory.SubFactory(GroupFactory)
    status = "meeting"
    changed_on = datetime.date(2009, 3, 3)


class FacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facilitator

    site = factory.SubFactory(HostSiteFactory)
    display_name = factory.Sequence(lambda n: f"Facilitator {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(GroupFactory)
    date = factory.Sequence(lambda n: datetime.date(2009, 3, 3) + datetime.timedelta(days=7 * n))
    attendance = 6
    newcomers = 1
    duration_minutes = 90
    registered_at = factory.LazyFunction(timezone.now)
