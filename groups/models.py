"""Groups, their peer facilitators and the registrations of their meetings.

No field here identifies a group member: meetings are confidential and members
need not give names. Only counts are recorded.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from pilot.roles import Role, role_of
from sites.models import HostSite


class VenueType(models.TextChoices):
    HOST_AGENCY = "host_agency", "Host agency premises"
    CHURCH = "church", "Church or faith hall"
    COMMUNITY = "community", "Community centre"
    YMCA = "ymca", "YMCA or hostel"
    HEALTH = "health", "Health centre"
    ONLINE = "online", "Online"
    OTHER = "other", "Other"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    TWICE_WEEKLY = "twice_weekly", "Twice weekly"


class Focus(models.TextChoices):
    ALCOHOL = "alcohol", "Alcohol"
    ANY = "any", "Any addictive behaviour"


class GroupStatus(models.TextChoices):
    FORMING = "forming", "Forming"
    MEETING = "meeting", "Meeting"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"
    NEVER_STARTED = "never_started", "Never started"


class ClosureReason(models.TextChoices):
    FACILITATOR_STEPPED_DOWN = "facilitator_stepped_down", "Facilitator stepped down"
    VENUE_LOST = "venue_lost", "Venue lost"
    MEMBERS_DISPERSED = "members_dispersed", "Members dispersed"
    HOST_WITHDREW = "host_withdrew", "Host agency withdrew"
    NO_MEMBERS = "no_members", "Nobody came"
    OTHER = "other", "Other"


WEEKDAYS = list(enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))


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

    def public(self) -> GroupQuerySet:
        """Groups the public meeting finder lists: only those currently meeting."""
        return self.filter(status=GroupStatus.MEETING)


class Group(models.Model):
    """A SMART Recovery mutual-aid group hosted by a site."""

    site = models.ForeignKey(HostSite, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(max_length=200)
    venue_name = models.CharField(max_length=200, blank=True)
    venue_type = models.CharField(max_length=20, choices=VenueType.choices, default=VenueType.HOST_AGENCY)
    address = models.CharField(max_length=300, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS, null=True, blank=True)
    second_weekday = models.PositiveSmallIntegerField(
        choices=WEEKDAYS, null=True, blank=True, help_text="Only for groups that meet twice weekly."
    )
    start_time = models.TimeField(null=True, blank=True)
    usual_length_minutes = models.PositiveSmallIntegerField(default=90)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY)
    focus = models.CharField(max_length=10, choices=Focus.choices, default=Focus.ALCOHOL)
    status = models.CharField(max_length=20, choices=GroupStatus.choices, default=GroupStatus.FORMING)
    status_since = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    contact_phone = models.CharField("public enquiry phone", max_length=30, blank=True)
    contact_email = models.EmailField("public enquiry email", blank=True)
    # Raised by one on every save through a service; edit forms carry it to refuse lost updates (pilot.concurrency).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["site__name", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="unique_group_name_per_site")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.pk])

    @property
    def meeting_days(self) -> list[int]:
        if self.weekday is None:
            return []
        days = [self.weekday]
        if self.frequency == Frequency.TWICE_WEEKLY and self.second_weekday is not None:
            days.append(self.second_weekday)
        return sorted(set(days))

    @property
    def schedule_label(self) -> str:
        if self.weekday is None:
            return "No regular day set"
        names = " and ".join(dict(WEEKDAYS)[d] + "s" for d in self.meeting_days)
        when = f" at {self.start_time:%H:%M}" if self.start_time else ""
        prefix = "Every other " if self.frequency == Frequency.FORTNIGHTLY else ""
        return f"{prefix}{names}{when}"

    @property
    def is_away_from_host(self) -> bool:
        return self.venue_type not in (VenueType.HOST_AGENCY, VenueType.ONLINE)


class GroupStatusChange(models.Model):
    """A dated change of a group's status: the history that scheduled dates and the timeline are drawn from."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=GroupStatus.choices)
    changed_on = models.DateField()
    reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_status_display()} from {self.changed_on:%d/%m/%Y}"


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

    def active(self) -> FacilitatorQuerySet:
        return self.filter(stepped_down_on__isnull=True)


class Facilitator(models.Model):
    """A peer facilitator, known by a first name or alias."""

    site = models.ForeignKey(HostSite, on_delete=models.PROTECT, related_name="facilitators")
    display_name = models.CharField(max_length=80, help_text="First name or alias only.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="facilitator"
    )
    groups = models.ManyToManyField(Group, blank=True, related_name="facilitators")
    phone = models.CharField(max_length=30, blank=True, help_text="Seen only by the coordinator and site contacts.")
    email = models.EmailField(blank=True, help_text="Seen only by the coordinator and site contacts.")
    active_since = models.DateField(null=True, blank=True)
    stepped_down_on = models.DateField(null=True, blank=True)
    is_professional = models.BooleanField(
        default=False,
        help_text="Professionals may attend meetings but must not facilitate them (steering committee, June 2009).",
    )
    # Raised by one on every save through a service; edit forms carry it to refuse lost updates (pilot.concurrency).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = FacilitatorQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_active(self) -> bool:
        return self.stepped_down_on is None


AGENDA_SECTIONS = [
    ("agenda_welcome", "Welcome and introductions"),
    ("agenda_check_in", "Check-in"),
    ("agenda_setting", "Agenda setting"),
    ("agenda_working_time", "Working time"),
    ("agenda_donations", "Donations"),
    ("agenda_check_out", "Check-out"),
]
TOOLS = [
    ("tool_change_plan", "Change plan worksheet"),
    ("tool_cost_benefit", "Cost-benefit analysis"),
    ("tool_abc_emotional", "ABCs for emotional upsets"),
    ("tool_abc_urges", "ABCs for urge coping"),
    ("tool_disarm", "DISARM"),
    ("tool_hierarchy_of_values", "Hierarchy of values"),
    ("tool_brainstorming", "Brainstorming"),
    ("tool_role_play", "Role play and rehearsal"),
    ("tool_urge_log", "Urge log"),
    ("tool_other", "Other tool"),
]
REFERRAL_SOURCES = [
    ("referral_alcohol_worker", "Alcohol worker"),
    ("referral_drugs_worker", "Drugs worker"),
    ("referral_gp", "GP"),
    ("referral_social_worker", "Social worker"),
    ("referral_member", "Another member"),
    ("referral_friend_family", "Friend or family"),
    ("referral_self", "Self"),
    ("referral_poster_web", "Poster or web"),
    ("referral_other", "Other"),
]
MAIN_PROBLEMS = [
    ("problem_alcohol", "Alcohol"),
    ("problem_drugs", "Drugs"),
    ("problem_both", "Alcohol and drugs"),
    ("problem_other", "Other behaviour"),
]


def _count_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=[MaxValueValidator(200)])


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        """Registrations: all for the centre's roles, a site contact's site's, a facilitator's own groups'."""
        role = role_of(user)
        if role in (Role.COORDINATOR, Role.EVALUATOR, Role.OBSERVER):
            return self.all()
        if role == Role.SITE_CONTACT:
            return self.filter(group__site__memberships__user=user)
        if role == Role.FACILITATOR:
            return self.filter(group__facilitators__user=user)
        return self.none()


class Meeting(models.Model):
    """One registration of one group's meeting on one date: counts only, nothing that identifies a member."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    held = models.BooleanField(default=True)
    cancelled_reason = models.CharField(max_length=200, blank=True)
    facilitators = models.ManyToManyField(Facilitator, blank=True, related_name="meetings_facilitated")
    attendance = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(200)])
    newcomers = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(200)])
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(600)])
    donations = models.DecimalField(
        max_digits=7, decimal_places=2, default=Decimal("0.00"), validators=[MinValueValidator(Decimal("0"))]
    )
    professional_attended = models.BooleanField(default=False)
    note = models.TextField(max_length=500, blank=True)
    is_illustrative = models.BooleanField(default=False, help_text="Demonstration data, not a real registration.")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by one on every save through a service; edit forms carry it to refuse lost updates (pilot.concurrency).
    version = models.PositiveIntegerField(default=1, editable=False)

    locals().update({name: models.BooleanField(label, default=False) for name, label in AGENDA_SECTIONS + TOOLS})
    locals().update({name: _count_field(label) for name, label in REFERRAL_SOURCES + MAIN_PROBLEMS})

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "group__name"]
        constraints = [models.UniqueConstraint(fields=["group", "date"], name="one_registration_per_group_and_date")]

    def __str__(self) -> str:
        return f"{self.group} on {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("groups:meeting_edit", args=[self.pk])

    @property
    def registered_within_days(self) -> int:
        return (timezone.localdate(self.registered_at) - self.date).days

    def editable_until(self):
        from groups import conf

        return timezone.localtime(self.registered_at) + timedelta(days=conf.edit_window_days())

    @property
    def agenda_labels(self) -> list[str]:
        return [label for name, label in AGENDA_SECTIONS if getattr(self, name)]

    @property
    def tool_labels(self) -> list[str]:
        return [label for name, label in TOOLS if getattr(self, name)]
