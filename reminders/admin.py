from django.contrib import admin

from reminders.models import Preference, SentReminder


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "meeting_unregistered", "coordinator_weekly", "month_signoff", "digest", "updated_at"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """The record is written by the beat tasks only."""

    list_display = ["created_at", "user", "kind", "site", "group", "day", "sent_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
