"""A report request: the row is the truth about a report being built in the background."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from pilot.roles import Role, role_of
from reports import conf


class ReportKind(models.TextChoices):
    QUESTIONNAIRE_SUMMARY = "questionnaire_summary", "Questionnaire summary"
    MONITORING = "monitoring", "Monitoring report"
    SITE_PROGRESS = "site_progress", "Site progress report"
    EVALUATION_PACK = "evaluation_pack", "Evaluation pack"


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF document"
    XLSX = "xlsx", "Excel workbook (XLSX)"
    CSV = "csv", "CSV (zipped when several tables)"
    JSON = "json", "JSON"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Being built"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


ACTIVE_STATUSES = (ReportStatus.QUEUED, ReportStatus.RUNNING)

PARAMETER_LABELS = {
    "questionnaire": "Questionnaire",
    "version": "Version",
    "round": "Collection round",
    "site": "Site",
    "group": "Group",
    "date_from": "From",
    "date_to": "To",
    "by_site": "Breakdown by site",
    "programme": "Programme",
    "figures": "Figures",
}


class ReportRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportRequestQuerySet:
        """A request (and its file) is visible to the person who asked for it, to the readers a coordinator
        shared it with (ReportShare), and to coordinators."""
        role = role_of(user)
        if role is None:
            return self.none()
        if role == Role.COORDINATOR:
            return self.all()
        shared = ReportShare.objects.visible_to(user).values("request_id")
        return self.filter(Q(requested_by=user) | Q(pk__in=shared))


def default_expiry():
    return timezone.now() + timedelta(days=conf.expiry_days())


def report_upload_to(instance: ReportRequest, filename: str) -> str:
    return f"reports/{instance.created_at:%Y/%m}/{instance.pk}/{filename}"


class ReportRequest(models.Model):
    """Who asked for which report, with which filters, in which format, and how far it has got."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="report_requests"
    )
    kind = models.CharField(max_length=40, choices=ReportKind.choices)
    parameters = models.JSONField(default=dict, blank=True)
    format = models.CharField(max_length=8, choices=ReportFormat.choices, default=ReportFormat.PDF)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0)
    status_line = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True, help_text="Why a request failed, or why it is still waiting.")
    file = models.FileField(upload_to=report_upload_to, max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    scheduled = models.BooleanField(default=False, help_text="Requested by the monthly schedule, not by a person.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="The worker's last sign of life.")
    worker = models.CharField(
        max_length=300, blank=True, help_text="The process building it (host:pid); holds the lease until it expires."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=default_expiry)
    built_for = models.CharField(
        max_length=20, blank=True, help_text="The role whose audience the file was built for (set by the worker)."
    )
    share_with = models.CharField(
        max_length=60,
        blank=True,
        help_text="Roles (space-separated) the report is shared with as soon as it is built: a reporting duty's.",
    )

    objects = ReportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_format_display()}) {self.created_at:%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        """Queued or being built: it counts against the per-person limit and is returned to a repeated ask."""
        return self.status in ACTIVE_STATUSES

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED, ReportStatus.EXPIRED)

    def filter_summary(self) -> list[tuple[str, str]]:
        """The parameters in words (label, value): names and titles, never ids; dates the UK way."""
        from reports.selectors import parameters_in_words

        # Lists fill `described` for all their reports at once (reports.selectors.shared_with).
        if getattr(self, "described", None) is None:
            self.described = parameters_in_words([self])[self.pk]
        return self.described

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


# The readers a coordinator may share a finished report with, as the share form names them.
SHARE_ROLES = {
    Role.OBSERVER: "The steering committee (observers)",
    Role.EVALUATOR: "The evaluators",
    Role.SITE_CONTACT: "The site's contacts",
}


class ReportShareQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportShareQuerySet:
        """Shares a user may see: all for coordinators; else those made to their role (a site contact: for their
        own site)."""
        role = role_of(user)
        if role is None:
            return self.none()
        if role == Role.COORDINATOR:
            return self.all()
        mine = Q(role=role) & (Q(site__isnull=True) | Q(site__memberships__user=user))
        return self.filter(pk__in=ReportShare.objects.filter(mine).values("pk"))


class ReportShare(models.Model):
    """A finished report given to every user of a role (site contacts: of one site), the steering committee's
    library. Made by a coordinator, or by the schedule for a programme's reporting duty."""

    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="shares")
    role = models.CharField(max_length=20, choices=[(str(r), label) for r, label in SHARE_ROLES.items()])
    site = models.ForeignKey(
        "sites.HostSite",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_shares",
        help_text="For site contacts: the site whose contacts may read it.",
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="report_shares"
    )
    shared_at = models.DateTimeField(default=timezone.now)

    objects = ReportShareQuerySet.as_manager()

    class Meta:
        ordering = ["-shared_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "role"], condition=Q(site__isnull=True), name="unique_report_share_role"
            ),
            models.UniqueConstraint(
                fields=["request", "role", "site"], condition=Q(site__isnull=False), name="unique_report_share_site"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} shared with {self.readers}"

    @property
    def readers(self) -> str:
        """Who may read it, in words."""
        if self.role == Role.SITE_CONTACT and self.site_id:
            return f"the contacts of {self.site.name}"
        return SHARE_ROLES.get(self.role, self.role).lower()
