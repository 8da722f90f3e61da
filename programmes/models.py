"""Funded programmes: a pilot, a commissioning contract, a grant. Each has a funder, a period, the host sites
taking part (with the days they joined and left) and its reporting duties. Groups belong to their site, not to
a programme: they carry on from one programme to the next."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from pilot.roles import Role, role_of
from sites.models import HostSite


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    RUNNING = "running", "Running"
    ENDED = "ended", "Ended"


class SupportPolicy(models.TextChoices):
    """How much support facilitators get (the pilot's "Goldilocks" question); decides which support flags show."""

    NONE = "none", "None: facilitators run their groups unsupervised"
    ON_REQUEST = "on_request", "On request: support when a facilitator asks"
    REGULAR = "regular", "Regular: planned contacts with every facilitator"


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProgrammeQuerySet:
        """Every signed-in role sees the programmes (names, funders, periods): they frame every page's figures."""
        return self.all() if role_of(user) in tuple(Role) else self.none()

    def running_on(self, day: date) -> ProgrammeQuerySet:
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Programme(models.Model):
    name = models.CharField(max_length=200, unique=True)
    funder = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    description = models.TextField(blank=True)
    is_illustrative = models.BooleanField(default=False, help_text="Demonstration data, not a real programme.")
    support_policy = models.CharField(
        max_length=12,
        choices=SupportPolicy.choices,
        default=SupportPolicy.ON_REQUEST,
        help_text="Which facilitator support flags show (docs/support.md).",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="programme_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.pk])

    def status_on(self, day: date) -> ProgrammeStatus:
        """Planned before it starts, running from its first to its last day, ended after."""
        if day < self.starts_on:
            return ProgrammeStatus.PLANNED
        return ProgrammeStatus.RUNNING if day <= self.ends_on else ProgrammeStatus.ENDED

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A programme ends on or after the day it starts."})


class VisibleToEveryRole(models.QuerySet):
    def visible_to(self, user):
        """Programmes frame every page's figures: every signed-in role may read them."""
        return self.all() if role_of(user) in tuple(Role) else self.none()


class ProgrammeSite(models.Model):
    """A host site taking part in a programme, from the day it joined until the day it left (if it has)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    site = models.ForeignKey(HostSite, on_delete=models.PROTECT, related_name="programme_memberships")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    objects = VisibleToEveryRole.as_manager()

    class Meta:
        ordering = ["site__name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "site"], name="one_membership_per_programme_and_site"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="programme_site_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} in {self.programme}"


# The reports a duty may ask for (reports.kinds.KINDS; a test keeps the two lists the same).
REPORT_KINDS = [
    ("monitoring", "Monitoring report"),
    ("site_progress", "Site progress report"),
    ("evaluation_pack", "Evaluation pack"),
    ("questionnaire_summary", "Questionnaire summary"),
]
REPORT_FORMATS = [("pdf", "PDF"), ("xlsx", "Excel (XLSX)"), ("csv", "CSV"), ("json", "JSON")]
# Who on this system reads a duty's report once it is built (reports.ReportShare): space-separated roles.
SHARE_WITH = [
    ("", "Nobody here (it is sent outside)"),
    ("observer", "The steering committee (observers)"),
    ("evaluator", "The evaluators"),
    ("observer evaluator", "The steering committee and the evaluators"),
]


class DutyFrequency(models.TextChoices):
    MONTHLY = "monthly", "Every month"
    QUARTERLY = "quarterly", "Every quarter"
    ANNUALLY = "annually", "Every year"
    AT_END = "at_end", "At the end of the programme"


class ReportingDuty(models.Model):
    """A report the programme owes someone: which kind, how often, in what format, to whom."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reporting_duties")
    report_kind = models.CharField(max_length=40, choices=REPORT_KINDS)
    frequency = models.CharField(max_length=10, choices=DutyFrequency.choices)
    recipients = models.CharField(max_length=300, help_text="Who receives it, e.g. the steering committee.")
    format = models.CharField(max_length=5, choices=REPORT_FORMATS, default="pdf")
    share_with = models.CharField(
        max_length=30,
        choices=SHARE_WITH,
        blank=True,
        default="",
        verbose_name="Shared here with",
        help_text="Who may read the report on this system as soon as it is built.",
    )

    objects = VisibleToEveryRole.as_manager()

    class Meta:
        ordering = ["programme", "report_kind"]
        verbose_name_plural = "reporting duties"

    def __str__(self) -> str:
        return f"{self.get_report_kind_display()}, {self.get_frequency_display().lower()}, to {self.recipients}"


class ReadinessItem(models.Model):
    """An item of a programme's own readiness checklist (docs/readiness.md). A programme with no active item uses
    the pilot's lessons (sites.models.READINESS_DEFAULTS). A site's tick is stored under the item's `key`, which
    never changes: renaming an item keeps its ticks; an item with ticks is deactivated, never deleted."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="readiness_items")
    key = models.SlugField(max_length=100, editable=False)
    label = models.CharField("item", max_length=200)
    help_text = models.CharField(max_length=300, blank=True, default="")
    order = models.PositiveSmallIntegerField(default=0, help_text="Items are listed from the lowest number.")
    active = models.BooleanField(default=True, help_text="Only active items are on the sites' checklists.")

    objects = VisibleToEveryRole.as_manager()

    class Meta:
        ordering = ["programme", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="one_readiness_key_per_programme")]

    def __str__(self) -> str:
        return self.label
