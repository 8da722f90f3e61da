from django.contrib import admin

from pilot.models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["seen_at", "hostname", "token"]
    search_fields = ["hostname", "token"]
    readonly_fields = ["token", "hostname", "seen_at"]
