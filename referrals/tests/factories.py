"""Factories for referral partners and outreach."""

from __future__ import annotations

import datetime

import factory

from referrals.models import OutreachActivity, ReferralPartner
from sites.tests.factories import HostSiteFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralPartner

    site = factory.SubFactory(HostSiteFactory)
    agency = factory.Sequence(lambda n: f"Community alcohol team {n}")
    tier = 3
    partner_type = "alcohol_worker"
    since = datetime.date(2009, 3, 1)


class OutreachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachActivity

    site = factory.SubFactory(HostSiteFactory)
    date = datetime.date(2009, 6, 3)
    kind = "staff"
    audience_size = 12
