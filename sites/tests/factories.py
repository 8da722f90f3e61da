from datetime import date

import factory

from sites.models import (
    Application,
    Decision,
    EntryKind,
    HostSite,
    PersonKind,
    PersonRole,
    ProgressEntry,
    Region,
    Setting,
    SitePerson,
    StatusChange,
)


class HostSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostSite
        django_get_or_create = ("slug",)

    agency_name = factory.Sequence(lambda n: f"Agency {n}")
    name = factory.Sequence(lambda n: f"Site {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    locality = "Anytown"
    region = Region.WEST_MIDLANDS


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    site = factory.SubFactory(HostSiteFactory)
    status = "selected"
    on = date(2008, 9, 24)


def with_history(site: HostSite, *steps: tuple[str, date]) -> HostSite:
    """Give a site a status history: with_history(site, ("selected", d1), ("agreement_issued", d2))."""
    for status, on in steps:
        StatusChange.objects.create(site=site, status=status, on=on)
    return site


class SitePersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SitePerson

    site = factory.SubFactory(HostSiteFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    role = PersonRole.PRACTITIONER_CHAMPION
    kind = PersonKind.PROFESSIONAL
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    phone = factory.Sequence(lambda n: f"01632 960 {n % 1000:03d}")


class ProgressEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressEntry

    site = factory.SubFactory(HostSiteFactory)
    day = date(2009, 6, 1)
    kind = EntryKind.CONTACT
    note = factory.Sequence(lambda n: f"Note {n}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    agency_name = factory.Sequence(lambda n: f"Applicant {n}")
    region = Region.LONDON
    setting = Setting.URBAN
    provider_type = "specialist_alcohol"
    received_on = date(2008, 8, 20)
    decision = Decision.PENDING
