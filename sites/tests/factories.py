import factory

from sites.models import HostSite, Region


class HostSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostSite
        django_get_or_create = ("slug",)

    agency_name = factory.Sequence(lambda n: f"Agency {n}")
    name = factory.Sequence(lambda n: f"Site {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    locality = "Anytown"
    region = Region.WEST_MIDLANDS
