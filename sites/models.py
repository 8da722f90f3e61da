from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from pilot.roles import Role, role_of


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"


class HostSiteQuerySet(models.QuerySet):
    def visible_to(self, user) -> HostSiteQuerySet:
        """The host sites this user may see: all for the centre's roles, their own for site-scoped roles."""
        role = role_of(user)
        if role in (Role.COORDINATOR, Role.EVALUATOR, Role.OBSERVER):
            return self.all()
        if role in (Role.SITE_CONTACT, Role.FACILITATOR):
            return self.filter(memberships__user=user)
        return self.none()


class HostSite(models.Model):
    """A host agency's site in the pilot network."""

    agency_name = models.CharField(max_length=200)
    name = models.CharField("site name", max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    locality = models.CharField(max_length=120, blank=True)
    region = models.CharField(max_length=20, choices=Region.choices)

    objects = HostSiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sites:detail", args=[self.slug])


class SiteMembership(models.Model):
    """Ties a site contact's or facilitator's login to the host site that scopes what they see."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="site_memberships")
    site = models.ForeignKey(HostSite, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "site"], name="unique_site_membership")]

    def __str__(self) -> str:
        return f"{self.user} at {self.site}"
