from django.contrib import admin

from groups.models import Facilitator, Group, GroupStatusChange, Meeting
from groups.services import PROFESSIONAL_RULE
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


@admin.register(Meeting)
class MeetingAdmin(VersionedAdmin):
    list_display = ["group", "date", "held", "attendance", "newcomers", "is_illustrative"]
    list_filter = ["group__site", "held", "is_illustrative"]
    date_hierarchy = "date"
    raw_id_fields = ["group", "registered_by"]
    filter_horizontal = ["facilitators"]
