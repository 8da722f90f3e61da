from django.contrib import admin

from committee.models import CommitteeAction, CommitteeMeeting
from pilot.concurrency import VersionedAdmin


class CommitteeActionInline(admin.TabularInline):
    model = CommitteeAction
    extra = 0


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(VersionedAdmin):
    list_display = ("held_on", "programme", "is_illustrative")
    list_filter = ("programme",)
    inlines = [CommitteeActionInline]


@admin.register(CommitteeAction)
class CommitteeActionAdmin(VersionedAdmin):
    list_display = ("description", "owner", "due_on", "status", "meeting")
    list_filter = ("status",)
    search_fields = ("description", "owner")
