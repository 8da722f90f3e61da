"""Referral pathways: the agencies that refer newcomers to a site's groups, and the outreach that keeps them referring.

The pilot aimed "to establish standard referral protocols in line with MOCAM from all tiers to newly established
mutual aid groups" and found "a key gap": "insufficient attention was devoted to encouraging the development of
local champions, who would promote the brand and would encourage an ongoing system of referrals". A partner records
its tier, its champion (a professional's name: person data, see network/privacy.py), whether a referral protocol
was agreed and whether it offers assertive linkage ("accompanying them to the meeting on the first occasion").

A partner's type is one of the professional "how they heard" counts of a meeting registration
(groups.Meeting.referral_*): newcomers are counted by source, never by partner, so the newcomers of a type are
those of every partner of that type at the site.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse

from pilot.roles import Role, role_of
from sites.models import HostSite


class Tier(models.IntegerChoices):
    """The four tiers of Models of Care for Alcohol Misusers (MOCAM, 2006)."""

    ONE = 1, "Tier 1: non-specialist services (GPs, hospitals, social care, housing, criminal justice)"
    TWO = 2, "Tier 2: open-access alcohol services (advice, information, brief interventions)"
    THREE = 3, "Tier 3: community-based structured treatment"
    FOUR = 4, "Tier 4: residential and inpatient treatment"

    @property
    def short(self) -> str:
        return f"Tier {self.value}"


class PartnerType(models.TextChoices):
    """The professional sources of the meeting registration's "how they heard" counts; the value is the suffix of
    the count's field (SOURCE_FIELD)."""

    ALCOHOL_WORKER = "alcohol_worker", "Alcohol worker"
    DRUGS_WORKER = "drugs_worker", "Drugs worker"
    GP = "gp", "GP"
    SOCIAL_WORKER = "social_worker", "Social worker"


# The groups.Meeting count each partner type's newcomers are registered in.
SOURCE_FIELD = {t.value: f"referral_{t.value}" for t in PartnerType}


class ChampionKind(models.TextChoices):
    """ "A network of champions among professionals, practitioners and commissioners" (the pilot's report)."""

    PROFESSIONAL = "professional", "Professional"
    PRACTITIONER = "practitioner", "Practitioner"
    COMMISSIONER = "commissioner", "Commissioner"


def _site_scope(queryset, user):
    """Rows of the sites the user reads referral partners at: every site for the coordinator and the steering
    committee (without champions' names: referrals.selectors.sees_champions), their own for a site contact."""
    role = role_of(user)
    if role in (Role.COORDINATOR, Role.OBSERVER):
        return queryset.all()
    if role == Role.SITE_CONTACT:
        return queryset.filter(site__memberships__user=user)
    return queryset.none()


class ReferralPartnerQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReferralPartnerQuerySet:
        return _site_scope(self, user)

    def active_on(self, day) -> ReferralPartnerQuerySet:
        """Partners working with their site on `day`: since on or before it, not ended by it."""
        return self.filter(since__lte=day).filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=day))


class ReferralPartner(models.Model):
    site = models.ForeignKey(HostSite, on_delete=models.CASCADE, related_name="referral_partners")
    agency = models.CharField("Agency", max_length=200)
    team = models.CharField("Team", max_length=200, blank=True, help_text="The team or service within the agency.")
    tier = models.PositiveSmallIntegerField("MOCAM tier", choices=Tier.choices)
    partner_type = models.CharField(
        "Kind of referrer",
        max_length=20,
        choices=PartnerType.choices,
        help_text="The “how they heard” answer its newcomers are counted under on a meeting registration.",
    )
    since = models.DateField("Partner since", help_text="When the site began working with this partner.")
    champion_name = models.CharField(
        "Champion's name",
        max_length=200,
        blank=True,
        help_text="The named person there who promotes the groups and keeps referrals coming (a professional, "
        "never a group member).",
    )
    champion_kind = models.CharField("Champion is a", max_length=20, choices=ChampionKind.choices, blank=True)
    protocol_agreed_on = models.DateField(
        "Referral protocol agreed on", null=True, blank=True, help_text="Leave empty while no protocol is agreed."
    )
    assertive_linkage = models.BooleanField(
        "Assertive linkage offered",
        default=False,
        help_text="Its workers accompany a client to the meeting on the first occasion.",
    )
    ended_on = models.DateField("Ended on", null=True, blank=True)
    notes = models.TextField("Notes", blank=True, max_length=1000)
    is_illustrative = models.BooleanField(default=False, help_text="Demonstration data, not from the record.")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ReferralPartnerQuerySet.as_manager()

    class Meta:
        ordering = ["site__name", "agency", "team", "pk"]
        indexes = [models.Index(fields=["site", "ended_on"], name="referral_partner_site_ended")]

    def __str__(self) -> str:
        return f"{self.agency} ({self.team})" if self.team else self.agency

    def get_absolute_url(self) -> str:
        return reverse("referrals:partner_edit", args=[self.pk])

    @property
    def source_field(self) -> str:
        return SOURCE_FIELD[self.partner_type]

    @property
    def tier_short(self) -> str:
        return Tier(self.tier).short

    def is_active(self, day) -> bool:
        return self.since <= day and (self.ended_on is None or self.ended_on > day)


class OutreachKind(models.TextChoices):
    STAFF = "staff", "Presentation to staff"
    CLIENTS = "clients", "Presentation to clients"
    OTHER = "other", "Other outreach"


class OutreachActivityQuerySet(models.QuerySet):
    def visible_to(self, user) -> OutreachActivityQuerySet:
        return _site_scope(self, user)


class OutreachActivity(models.Model):
    site = models.ForeignKey(HostSite, on_delete=models.CASCADE, related_name="outreach")
    partner = models.ForeignKey(
        ReferralPartner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach",
        help_text="The referral partner it was for, if any (one of this site's).",
    )
    date = models.DateField("Date")
    kind = models.CharField("Kind", max_length=10, choices=OutreachKind.choices, default=OutreachKind.STAFF)
    audience_size = models.PositiveSmallIntegerField(
        "Audience size",
        null=True,
        blank=True,
        validators=[MaxValueValidator(5000)],
        help_text="How many came, roughly; leave empty if nobody counted.",
    )
    note = models.CharField("Note", max_length=300, blank=True)
    is_illustrative = models.BooleanField(default=False, help_text="Demonstration data, not from the record.")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OutreachActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name_plural = "outreach activities"
        indexes = [models.Index(fields=["site", "date"], name="referral_outreach_site_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("referrals:outreach_edit", args=[self.pk])
