"""Training and networking events and the conference (the budget is the budget app's)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from groups.models import Facilitator
from pilot.roles import Role, role_of
from sites.models import HostSite


class EventKind(models.TextChoices):
    FACILITATOR_TRAINING = "facilitator_training", "Facilitator training"
    PROFESSIONALS_TRAINING = "professionals_training", "Professionals' training"
    REFRESHER = "refresher", "Refresher training"
    TRAIN_THE_TRAINER = "train_the_trainer", "Train-the-trainer"
    NETWORKING = "networking", "Networking meeting"
    CONFERENCE = "conference", "Conference"
    OTHER = "other", "Other"


# Kinds after which a participant counts as a trained facilitator.
FACILITATOR_TRAINING_KINDS = (EventKind.FACILITATOR_TRAINING, EventKind.REFRESHER, EventKind.TRAIN_THE_TRAINER)
# Kinds that keep a site's training fresh (the refresher health flag).
REFRESHING_KINDS = FACILITATOR_TRAINING_KINDS
# Kinds whose delegates are counted by sector and organisation.
DELEGATE_KINDS = (EventKind.NETWORKING, EventKind.CONFERENCE, EventKind.OTHER)


class EventStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed by the site"
    PLANNED = "planned", "Planned"
    CANCELLED = "cancelled", "Cancelled"


class Topic(models.Model):
    """A topic a training covers; the report's fourteen are seeded, more may be added."""

    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class EventQuerySet(models.QuerySet):
    def visible_to(self, user) -> EventQuerySet:
        """The centre's roles see every event; site-scoped roles their site's and the network-wide ones."""
        role = role_of(user)
        if role in (Role.COORDINATOR, Role.EVALUATOR, Role.OBSERVER):
            return self.all()
        if role in (Role.SITE_CONTACT, Role.FACILITATOR):
            return self.filter(Q(site__isnull=True) | Q(site__memberships__user=user)).distinct()
        return self.none()


class Event(models.Model):
    """A training, networking meeting, conference or other event, at one host site or network-wide."""

    kind = models.CharField(max_length=30, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    site = models.ForeignKey(
        HostSite,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_events",
        help_text="Leave empty for a network-wide event.",
    )
    status = models.CharField(max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED)
    programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="The programme this event is part of, if any.",
    )
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day")
    venue = models.CharField(max_length=200, blank=True)
    trainers = models.CharField(max_length=300, blank=True, help_text="Who delivers it (names or organisations).")
    topics = models.ManyToManyField(Topic, blank=True, related_name="events")
    materials = models.TextField("materials handed out", blank=True)
    notes = models.TextField(blank=True)
    unnamed_participants = models.PositiveIntegerField(
        "participants not named", default=0, help_text="People who took part but are not recorded by name."
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by one on every save through a service; edit forms carry it to refuse lost updates (pilot.concurrency).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="event_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:detail", args=[self.pk])

    @property
    def is_training(self) -> bool:
        return self.kind in FACILITATOR_TRAINING_KINDS or self.kind == EventKind.PROFESSIONALS_TRAINING

    @property
    def takes_delegates(self) -> bool:
        return self.kind in DELEGATE_KINDS


class EventDay(models.Model):
    """One dated day of an event, with how many attended (empty until recorded)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()
    attendance = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["event", "date"], name="unique_event_day")]

    def __str__(self) -> str:
        return f"{self.event} {self.date:%d/%m/%Y}"


def attendance_warnings(days) -> list[str]:
    """Warnings where a day's attendance exceeds the day before (allowed, but worth checking)."""
    warnings = []
    previous = None
    for number, day in enumerate(days, start=1):
        known = previous is not None and previous.attendance is not None and day.attendance is not None
        if known and day.attendance > previous.attendance:
            warnings.append(
                f"Day {number} ({day.date:%d/%m/%Y}) had {day.attendance} attending, more than the "
                f"{previous.attendance} on day {number - 1}. Check the register: people may have joined late."
            )
        previous = day
    return warnings


class Participant(models.Model):
    """Someone recorded at an event: a facilitator, or a named person who agreed to be recorded."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    facilitator = models.ForeignKey(
        Facilitator, null=True, blank=True, on_delete=models.SET_NULL, related_name="training_participations"
    )
    name = models.CharField(max_length=80, blank=True, help_text="First name or alias only.")
    role = models.CharField(max_length=120, blank=True, help_text="E.g. service user, volunteer, agency worker.")
    contact = models.CharField(
        max_length=200, blank=True, help_text="Phone or email, only if they asked to be contacted."
    )
    agreed_to_be_recorded = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "facilitator"],
                condition=Q(facilitator__isnull=False),
                name="unique_facilitator_per_event",
            ),
            models.CheckConstraint(
                condition=Q(facilitator__isnull=False) | ~Q(name=""), name="participant_has_name_or_facilitator"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.facilitator.display_name if self.facilitator_id else self.name


class Sector(models.TextChoices):
    STATUTORY = "statutory", "Statutory"
    NON_STATUTORY = "non_statutory", "Non-statutory"


class DelegateCount(models.Model):
    """How many delegates came from one organisation (no names: delegates are counted, not listed)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="delegate_counts")
    sector = models.CharField(max_length=20, choices=Sector.choices)
    organisation = models.CharField(max_length=200)
    count = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["sector", "-count", "organisation"]
        constraints = [
            models.UniqueConstraint(fields=["event", "sector", "organisation"], name="unique_delegate_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.count}"
