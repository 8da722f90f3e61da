"""Factories for programmes."""

from __future__ import annotations

import datetime

import factory

from programmes.models import Programme, ProgrammeSite


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    funder = "A funder"
    starts_on = datetime.date(2008, 4, 1)
    ends_on = datetime.date(2010, 3, 31)


class ProgrammeSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeSite

    programme = factory.SubFactory(ProgrammeFactory)
    joined_on = factory.LazyAttribute(lambda o: o.programme.starts_on)
