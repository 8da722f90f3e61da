import factory

from groups.models import Facilitator, Group
from sites.tests.factories import HostSiteFactory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    site = factory.SubFactory(HostSiteFactory)
    name = factory.Sequence(lambda n: f"Group {n}")


class FacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facilitator

    site = factory.SubFactory(HostSiteFactory)
    display_name = factory.Sequence(lambda n: f"Facilitator {n}")
