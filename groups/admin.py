from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from groups.models import (
    Facilitator,
    FidelityObservation,
    Group,
    GroupStatusChange,
    Meeting,
    MonthQuery,
    MonthSignOff,
    SupportContact,
    WellbeingCheckIn,
)
from groups.services import PROFESSIONAL_RULE, meeting_check, meeting_plausibility
from groups.signoff import ensure_month_open
from pilot.concurrency import VersionedAdmin, VersionedModelForm


class GroupStatusChangeInline(admin.TabularInline):
    model = GroupStatusChange
    extra = 0
    fields = ["changed_on", "status", "reason", "note", "changed_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # statuses are recorded on the group page, which keeps status and history in step


@admin.register(Group)
class GroupAdmin(VersionedAdmin):
    list_display = ["name", "site", "status", "weekday", "venue_type"]
    list_filter = ["site", "status", "venue_type"]
    search_fields = ["name", "site__name", "town"]
    readonly_fields = ["status", "status_since", "closure_reason"]
    inlines = [GroupStatusChangeInline]


class FacilitatorAdminForm(VersionedModelForm):
    class Meta:
        model = Facilitator
        fields = [
            "site", "display_name", "user", "phone", "email", "active_since", "stepped_down_on", "is_professional",
            "groups",
        ]  # fmt: skip

    def clean(self):
        data = super().clean()
        groups = data.get("groups")
        if data.get("is_professional") and groups:
            self.add_error("groups", PROFESSIONAL_RULE)
        site = data.get("site")
        if site and groups and any(g.site_id != site.pk for g in groups):
            self.add_error("groups", "Only groups of the facilitator's own site.")
        return data


@admin.register(Facilitator)
class FacilitatorAdmin(VersionedAdmin):
    form = FacilitatorAdminForm
    list_display = ["display_name", "site", "user", "is_professional", "stepped_down_on"]
    list_filter = ["site", "is_professional"]
    search_fields = ["display_name", "user__username"]
    filter_horizontal = ["groups"]
    autocomplete_fields = ["user"]


class MeetingAdminForm(VersionedModelForm):
    """The admin obeys the registration rules of the service (groups.services.meeting_check) and its
    plausibility rules (groups.plausibility): an unusual value is saved only when confirmed."""

    confirm_unusual = forms.BooleanField(
        label="Confirm unusual values",
        required=False,
        help_text="Tick to save values the plausibility checks ask about; they are saved with a flag.",
    )

    class Meta:
        model = Meeting
        fields = "__all__"

    def clean(self):
        data = super().clean()
        self.warnings: list[str] = []
        self.confirmed_codes: list[str] = []
        if data.get("group") is not None and data.get("date") is not None:
            self._check_plausibility(data)
            try:
                self.warnings = meeting_check(
                    group=data["group"],
                    date=data["date"],
                    facilitators=data.get("facilitators") or [],
                    held=data.get("held", True),
                    duration_minutes=data.get("duration_minutes"),
                )
            except ValidationError as exc:
                self.add_error(None, exc)
            # An approved month is locked here too (groups.signoff): neither out of one nor into one.
            dated = [(self.instance.group.site_id, self.instance.date)] if self.instance.pk else []
            for site_id, day in [*dated, (data["group"].site_id, data["date"])]:
                try:
                    ensure_month_open(site=site_id, day=day)
                except ValidationError as exc:
                    self.add_error(None, exc)
                    break
        return data

    def _check_plausibility(self, data) -> None:
        probe = Meeting(
            pk=self.instance.pk,
            group=data["group"],
            date=data["date"],
            held=data.get("held", True),
            attendance=data.get("attendance"),
            newcomers=data.get("newcomers"),
            registered_at=data.get("registered_at") or timezone.now(),
        )
        found = meeting_plausibility(probe, len(data.get("facilitators") or []))
        if found and not data.get("confirm_unusual"):
            for warning in found:
                field = warning.field if warning.field in self.fields else None
                self.add_error(field, f"{warning.message} Tick “Confirm unusual values” to save it as it is.")
        self.confirmed_codes = [w.code for w in found]


@admin.register(Meeting)
class MeetingAdmin(VersionedAdmin):
    form = MeetingAdminForm
    list_display = ["group", "date", "held", "attendance", "newcomers", "is_illustrative"]
    list_filter = ["group__site", "held", "is_illustrative"]
    date_hierarchy = "date"
    raw_id_fields = ["group", "registered_by"]
    filter_horizontal = ["facilitators"]

    def save_model(self, request, obj, form, change):
        obj.confirmed_warnings = form.confirmed_codes
        super().save_model(request, obj, form, change)
        for warning in form.warnings:
            self.message_user(request, warning, messages.WARNING)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Sign-offs and queries are written on the month's page, which checks who may and audits it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MonthSignOff)
class MonthSignOffAdmin(ReadOnlyAdmin):
    list_display = ["site", "month", "state", "approved_by", "approved_at", "reopened_by", "reopened_at"]
    list_filter = ["site", "state"]


@admin.register(MonthQuery)
class MonthQueryAdmin(ReadOnlyAdmin):
    list_display = ["site", "month", "raised_by", "raised_at"]
    list_filter = ["site"]


@admin.register(SupportContact, FidelityObservation)
class SupportRecordAdmin(ReadOnlyAdmin):
    """Written on the facilitator's support page, which checks who may and audits it (docs/support.md)."""

    list_display = ["facilitator", "date"]
    raw_id_fields = ["facilitator"]


@admin.register(WellbeingCheckIn)
class WellbeingCheckInAdmin(ReadOnlyAdmin):
    """Answered by the facilitator on their support page only."""

    list_display = ["facilitator", "answered_on", "feeling"]
    raw_id_fields = ["facilitator"]
