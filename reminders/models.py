"""What each person wants to receive, and a record of every reminder sent (kind, to whom, when; never a body)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from groups.models import Facilitator, Group
from pilot.roles import Role, role_of
from sites.models import HostSite


class Kind(models.TextChoices):
    MEETING_UNREGISTERED = "meeting_unregistered", "Unregistered meeting reminders"
    COORDINATOR_WEEKLY = "coordinator_weekly", "Weekly follow-ups and new flags"
    MONTH_SIGNOFF = "month_signoff", "Last month's returns and sign-off"
    DIGEST = "digest", "Weekly digest"


# The kinds a person may switch on and off, and the roles whose account page offers each. Meeting reminders
# go to the logins of facilitator records, whatever the login's role (a site contact may facilitate too).
CHOOSABLE = (Kind.MEETING_UNREGISTERED, Kind.COORDINATOR_WEEKLY, Kind.MONTH_SIGNOFF)
KIND_ROLES = {
    Kind.COORDINATOR_WEEKLY: {Role.COORDINATOR},
    Kind.MONTH_SIGNOFF: {Role.SITE_CONTACT},
}


def kinds_for(user) -> list[Kind]:
    """The kinds of reminder this login may receive (none without a role)."""
    role = role_of(user)
    if role is None:
        return []
    kinds = [Kind.MEETING_UNREGISTERED] if Facilitator.objects.filter(user=user).exists() else []
    return kinds + [kind for kind in CHOOSABLE if role in KIND_ROLES.get(kind, ())]


class Preference(models.Model):
    """One person's choices. No row: the defaults (every reminder, each as it falls due)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference")
    meeting_unregistered = models.BooleanField("Unregistered meetings", default=True)
    coordinator_weekly = models.BooleanField("Weekly follow-ups and flags", default=True)
    month_signoff = models.BooleanField("Monthly sign-off", default=True)
    digest = models.BooleanField("One weekly digest instead of single emails", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"reminder choices of {self.user}"

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind))


class SentReminderQuerySet(models.QuerySet):
    def visible_to(self, user) -> SentReminderQuerySet:
        """The record of reminders: the coordinator's to read, everyone else's own only."""
        if role_of(user) == Role.COORDINATOR:
            return self
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class SentReminder(models.Model):
    """One reminder to one person, under a key that makes a rerun send nothing twice.

    `sent_at` empty: held for the person's weekly digest. What it was about is kept as references (a site, a
    group, a day), never the text of the email.
    """

    key = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    site = models.ForeignKey(HostSite, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="items")

    objects = SentReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.user} ({self.key})"
