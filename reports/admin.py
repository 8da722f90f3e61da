"""Report requests in the admin: read-only, for looking into a stuck or failed request."""

from django.contrib import admin

from reports.models import ReportRequest, ReportShare


@admin.register(ReportRequest)
class ReportRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "format", "status", "progress", "requested_by", "attempts", "expires_at"]
    list_filter = ["status", "kind", "format", "scheduled"]
    date_hierarchy = "created_at"
    list_select_related = ["requested_by"]
    readonly_fields = [f.name for f in ReportRequest._meta.fields]

    def has_add_permission(self, request):
        return False  # requests are made through /reports/, which checks permissions and enqueues them

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportShare)
class ReportShareAdmin(admin.ModelAdmin):
    """Read-only: reports are shared on their pages, which check the readers' policy and audit it."""

    list_display = ["shared_at", "request", "role", "site", "shared_by"]
    list_filter = ["role"]
    list_select_related = ["request", "site", "shared_by"]
    readonly_fields = [f.name for f in ReportShare._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
