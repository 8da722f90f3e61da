from django.contrib import admin

from pilot.models import AuditEntry, IllustrativeFigure, UserSession, WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["seen_at", "hostname", "token"]
    search_fields = ["hostname", "token"]
    readonly_fields = ["token", "hostname", "seen_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log has no change or delete path, not even here."""

    list_display = ["at", "actor_name", "action", "target_type", "target_label", "detail"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_name", "target_label", "detail"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "session_key", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(IllustrativeFigure)
class IllustrativeFigureAdmin(admin.ModelAdmin):
    """Read-only: the demo loader writes these marks."""

    list_display = ["model", "object_id", "figure", "note"]
    list_filter = ["model", "figure"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
