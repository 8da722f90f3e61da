"""Groups, their peer facilitators and the registrations of their meetings.

No field here identifies a group member: meetings are confidential and members
need not give names. Only counts are recorded.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
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
        help_text=(
            "Professionals may attend meetings but must not facilitate them "
            "(a rule of the pilot's steering committee)."
        ),
    )
    # Raised by one on every save through a service; edit forms carry it to refuse lost updates (pilot.concurrency).
    version = models.PositiveIntegerField(default=1, editable=False)
    # The day this facilitator was told, once, that no facilitator training is recorded for them (and whom to ask).
    training_notice_on = models.DateField(null=True, blank=True, editable=False)

    objects = FacilitatorQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_active(self) -> bool:
        return self.stepped_down_on is None


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

    def flagged(self) -> MeetingQuerySet:
        """Registrations saved with a confirmed plausibility warning (`confirmed_warnings` not empty)."""
        return self.exclude(confirmed_warnings=[])


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
    # Plausibility rules (groups.plausibility) whose warning the registrant saw and confirmed, by
    # code: "attendance_high", "attendance_low", "newcomers_high", "off_schedule_day",
    # "no_facilitator", "late_registration". Empty for a registration nothing was unusual about.
    confirmed_warnings = models.JSONField(default=list, blank=True, editable=False)

    # The parts of the SMART agenda that were covered.
    agenda_welcome = models.BooleanField("Welcome and introductions", default=False)
    agenda_check_in = models.BooleanField("Check-in", default=False)
    agenda_setting = models.BooleanField("Agenda setting", default=False)
    agenda_working_time = models.BooleanField("Working time", default=False)
    agenda_donations = models.BooleanField("Donations", default=False)
    agenda_check_out = models.BooleanField("Check-out", default=False)
    # The SMART tools used.
    tool_change_plan = models.BooleanField("Change plan worksheet", default=False)
    tool_cost_benefit = models.BooleanField("Cost-benefit analysis", default=False)
    tool_abc_emotional = models.BooleanField("ABCs for emotional upsets", default=False)
    tool_abc_urges = models.BooleanField("ABCs for urge coping", default=False)
    tool_disarm = models.BooleanField("DISARM", default=False)
    tool_hierarchy_of_values = models.BooleanField("Hierarchy of values", default=False)
    tool_brainstorming = models.BooleanField("Brainstorming", default=False)
    tool_role_play = models.BooleanField("Role play and rehearsal", default=False)
    tool_urge_log = models.BooleanField("Urge log", default=False)
    tool_other = models.BooleanField("Other tool", default=False)
    # Newcomers: how they heard of the group (optional counts, each within `newcomers`).
    referral_alcohol_worker = _count_field("Alcohol worker")
    referral_drugs_worker = _count_field("Drugs worker")
    referral_gp = _count_field("GP")
    referral_social_worker = _count_field("Social worker")
    referral_member = _count_field("Another member")
    referral_friend_family = _count_field("Friend or family")
    referral_self = _count_field("Self")
    referral_poster_web = _count_field("Poster or web")
    referral_other = _count_field("Other")
    # Newcomers: what they came about (optional counts, each within `newcomers`).
    problem_alcohol = _count_field("Alcohol")
    problem_drugs = _count_field("Drugs")
    problem_both = _count_field("Alcohol and drugs")
    problem_other = _count_field("Other behaviour")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "group__name"]
        constraints = [models.UniqueConstraint(fields=["group", "date"], name="one_registration_per_group_and_date")]
        # The network-wide lists order by meeting date and by when a registration came in (start pages,
        # data quality's timeliness); (group, date) is covered by the constraint's index.
        indexes = [
            models.Index(fields=["date"], name="meeting_date_idx"),
            models.Index(fields=["registered_at"], name="meeting_registered_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.group} on {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("groups:meeting_edit", args=[self.pk])

    @property
    def registered_within_days(self) -> int:
        return (timezone.localdate(self.registered_at) - self.date).days

    def clean(self) -> None:
        """What must hold within one registration, whoever saves it (service, admin): errors at their fields."""
        errors: dict[str, str] = {}
        attendance, newcomers = self.attendance, self.newcomers
        if attendance is not None and newcomers is not None and newcomers > attendance:
            errors["newcomers"] = (
                f"Newcomers are counted within attendance: at most {attendance}, the number attending."
            )
        if not self.held and not self.cancelled_reason:
            errors["cancelled_reason"] = "Say briefly why the meeting was cancelled."
        if not self.held and attendance:
            errors["attendance"] = "A cancelled meeting has no attendance: enter 0, or choose Held."
        if newcomers is not None:
            for fields, what in ((REFERRAL_SOURCES, "how newcomers heard"), (MAIN_PROBLEMS, "what they came about")):
                given = [name for name, _ in fields if getattr(self, name)]
                total = sum(getattr(self, name) for name in given)
                if total > newcomers:
                    errors.setdefault(
                        given[0], f"The counts of {what} add up to {total}, more than the {newcomers} newcomers."
                    )
        if errors:
            raise ValidationError(errors)

    def editable_until(self):
        from groups import conf

        return timezone.localtime(self.registered_at) + timedelta(days=conf.edit_window_days())

    @property
    def is_flagged(self) -> bool:
        return bool(self.confirmed_warnings)

    @property
    def flag_text(self) -> str:
        """What the registrant confirmed, for the flag beside the registration."""
        from groups.plausibility import labels

        return "Confirmed as unusual: " + ", ".join(labels(self.confirmed_warnings)) if self.confirmed_warnings else ""

    @property
    def agenda_labels(self) -> list[str]:
        return [label for name, label in AGENDA_SECTIONS if getattr(self, name)]

    @property
    def tool_labels(self) -> list[str]:
        return [label for name, label in TOOLS if getattr(self, name)]


def _labels(*names: str) -> list[tuple[str, str]]:
    return [(name, Meeting._meta.get_field(name).verbose_name) for name in names]


# (field name, label) of each group of Meeting fields, in the order forms, exports and reports list them.
AGENDA_SECTIONS = _labels(
    "agenda_welcome",
    "agenda_check_in",
    "agenda_setting",
    "agenda_working_time",
    "agenda_donations",
    "agenda_check_out",
)
TOOLS = _labels(
    "tool_change_plan", "tool_cost_benefit", "tool_abc_emotional", "tool_abc_urges", "tool_disarm",
    "tool_hierarchy_of_values", "tool_brainstorming", "tool_role_play", "tool_urge_log", "tool_other",
)  # fmt: skip
REFERRAL_SOURCES = _labels(
    "referral_alcohol_worker", "referral_drugs_worker", "referral_gp", "referral_social_worker", "referral_member",
    "referral_friend_family", "referral_self", "referral_poster_web", "referral_other",
)  # fmt: skip
MAIN_PROBLEMS = _labels("problem_alcohol", "problem_drugs", "problem_both", "problem_other")


class MonthState(models.TextChoices):
    APPROVED = "approved", "Approved"
    REOPENED = "reopened", "Reopened"


class SiteMonthQuerySet(models.QuerySet):
    def visible_to(self, user) -> SiteMonthQuerySet:
        """Sign-offs and queries of a site's month: the centre's roles all, a site contact their own site's."""
        role = role_of(user)
        if role in (Role.COORDINATOR, Role.EVALUATOR, Role.OBSERVER):
            return self.all()
        if role == Role.SITE_CONTACT:
            return self.filter(site__memberships__user=user)
        return self.none()


class MonthSignOff(models.Model):
    """A site's month of meeting registrations approved by its site contact or the coordinator (groups.signoff).

    While approved, registrations dated in the month cannot be added or changed; the coordinator may reopen it
    with a reason. No row: the month was never approved (provisional)."""

    site = models.ForeignKey(HostSite, on_delete=models.CASCADE, related_name="month_signoffs")
    month = models.DateField(help_text="The first day of the month.")
    state = models.CharField(max_length=10, choices=MonthState.choices, default=MonthState.APPROVED)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.CharField(max_length=300, blank=True)
    # Raised by one on every save through a service (pilot.concurrency).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SiteMonthQuerySet.as_manager()

    class Meta:
        ordering = ["site__name", "month"]
        constraints = [models.UniqueConstraint(fields=["site", "month"], name="one_signoff_per_site_and_month")]

    def __str__(self) -> str:
        return f"{self.site} {self.month:%B %Y}: {self.get_state_display().lower()}"

    @property
    def is_approved(self) -> bool:
        return self.state == MonthState.APPROVED


class MonthQuery(models.Model):
    """A question about a site's month raised on its sign-off page, for the coordinator and the facilitators."""

    site = models.ForeignKey(HostSite, on_delete=models.CASCADE, related_name="month_queries")
    month = models.DateField(help_text="The first day of the month.")
    text = models.TextField(max_length=500)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)

    objects = SiteMonthQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at", "pk"]
        verbose_name_plural = "month queries"

    def __str__(self) -> str:
        return f"Query on {self.site} {self.month:%B %Y}"


class SupportRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> SupportRecordQuerySet:
        """Support contacts and fidelity observations: the coordinator all, a site contact their site's."""
        role = role_of(user)
        if role == Role.COORDINATOR:
            return self.all()
        if role == Role.SITE_CONTACT:
            return self.filter(facilitator__site__memberships__user=user)
        return self.none()


class SupportKind(models.TextChoices):
    DEBRIEF = "debrief", "Debrief"
    PEER = "peer", "Peer support from another group"
    VISIT = "visit", "Visit"
    REFRESHER = "refresher", "Refresher"
    CALL = "call", "Check-in call"


class SupportContact(models.Model):
    """Support given to a facilitator: seen by the coordinator and the facilitator's site contacts only."""

    facilitator = models.ForeignKey(Facilitator, on_delete=models.CASCADE, related_name="support_contacts")
    kind = models.CharField(max_length=12, choices=SupportKind.choices)
    date = models.DateField()
    given_by = models.CharField("Who", max_length=120, help_text="Who gave the support (a name or a role).")
    note = models.CharField(max_length=300, blank=True, help_text="A short note; nothing about group members.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupportRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%d %b %Y}"


class Feeling(models.TextChoices):
    FINE = "fine", "Fine"
    MANAGING = "managing", "Managing"
    STRUGGLING = "struggling", "Struggling"


class CheckInQuerySet(models.QuerySet):
    def visible_to(self, user) -> CheckInQuerySet:
        """Wellbeing check-ins: the facilitator their own, the coordinator all, a site contact their site's."""
        role = role_of(user)
        if role == Role.COORDINATOR:
            return self.all()
        if role == Role.SITE_CONTACT:
            return self.filter(facilitator__site__memberships__user=user)
        if role == Role.FACILITATOR:
            return self.filter(facilitator__user=user)
        return self.none()


class WellbeingCheckIn(models.Model):
    """A facilitator's own answer to "how are you finding it?", with their load when they answered."""

    facilitator = models.ForeignKey(Facilitator, on_delete=models.CASCADE, related_name="checkins")
    answered_on = models.DateField(default=timezone.localdate)
    feeling = models.CharField("How are you finding it?", max_length=12, choices=Feeling.choices)
    note = models.CharField(max_length=300, blank=True)
    meetings_last_4_weeks = models.PositiveSmallIntegerField(default=0, editable=False)
    sole_facilitator = models.BooleanField(default=False, editable=False)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-answered_on", "-pk"]

    def __str__(self) -> str:
        return f"Check-in on {self.answered_on:%d %b %Y}"


class FidelityObservation(models.Model):
    """A quality check: did the facilitator follow the guidelines at an observed meeting?"""

    facilitator = models.ForeignKey(Facilitator, on_delete=models.CASCADE, related_name="fidelity_observations")
    date = models.DateField()
    observer = models.CharField(max_length=120, help_text="Who observed (a name or a role).")
    followed_agenda = models.BooleanField("Agenda followed", default=False)
    used_tools = models.BooleanField("SMART tools used", default=False)
    read_confidentiality = models.BooleanField("Confidentiality statement read", default=False)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupportRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Observation on {self.date:%d %b %Y}"
