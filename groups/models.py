from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from pilot.roles import Role, role_of
from sites.models import HostSite


class GroupQuerySet(models.QuerySet):
    def visible_to(self, user) -> GroupQuerySet:
        """Groups this user may see: all for the centre, their site's for site contacts, their own for facilitators."""
        role = role_of(user)
        if role in (Role.COORDINATOR, Role.EVALUATOR, Role.OBSERVER):
            return self.all()
        if role == Role.SITE_CONTACT:
            return self.filter(site__memberships__user=user)
        if role == Role.FACILITATOR:
            return self.filter(facilitators__user=user)
        return self.none()


class Group(models.Model):
    """A SMART Recovery mutual-aid group hosted by a site."""

    site = models.ForeignKey(HostSite, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(max_length=200)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["site__name", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="unique_group_name_per_site")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.pk])


class FacilitatorQuerySet(models.QuerySet):
    def visible_to(self, user) -> FacilitatorQuerySet:
        """Facilitator records: the coordinator all, a site contact their site's, a facilitator only their own."""
        role = role_of(user)
        if role in (Role.COORDINATOR, Role.OBSERVER):
            return self.all()
        if role == Role.SITE_CONTACT:
            return self.filter(site__memberships__user=user)
        if role == Role.FACILITATOR:
            return self.filter(user=user)
        return self.none()


class Facilitator(models.Model):
    """A peer facilitator, known by a first name or alias."""

    site = models.ForeignKey(HostSite, on_delete=models.PROTECT, related_name="facilitators")
    display_name = models.CharField(max_length=80, help_text="First name or alias only.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="facilitator"
    )
    groups = models.ManyToManyField(Group, blank=True, related_name="facilitators")

    objects = FacilitatorQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name
