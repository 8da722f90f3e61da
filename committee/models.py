"""The steering committee's meetings, their decisions and the actions that follow, each with an owner.

The pilot's committee met quarterly and its report found "some lack of clarity about who was the key actor
responsible for carrying out the decisions": every action here names its owner and a due date."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from pilot.roles import Role, role_of
from programmes.models import Programme

# Who reads the committee's record: the coordinator (who writes it), the committee itself and the evaluators.
READERS = (Role.COORDINATOR, Role.OBSERVER, Role.EVALUATOR)


class CommitteeMeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> CommitteeMeetingQuerySet:
        return self.all() if role_of(user) in READERS else self.none()


class CommitteeMeeting(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="committee_meetings")
    held_on = models.DateField("Held on")
    attendees = models.TextField(
        "Attendees' roles", blank=True, help_text="Roles, not names: for example “funder, coordinator, two hosts”."
    )
    decisions = models.TextField("Decisions", blank=True, help_text="One decision a line.")
    is_illustrative = models.BooleanField(default=False, help_text="Demonstration data, not from the record.")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommitteeMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "held_on"], name="committee_meeting_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"Steering committee, {self.held_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("committee:meeting", args=[self.pk])

    def decision_lines(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user) -> ActionQuerySet:
        return self.all() if role_of(user) in READERS else self.none()


class CommitteeAction(models.Model):
    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=200, help_text="The named person or organisation who carries it out.")
    due_on = models.DateField("Due on")
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    is_illustrative = models.BooleanField(default=False, help_text="Demonstration data, not from the record.")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="committee_action_status_due")]

    def __str__(self) -> str:
        return self.description
