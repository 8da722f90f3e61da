from django.contrib import admin

from pilot.concurrency import VersionedAdmin
from training.models import DelegateCount, Event, EventDay, Participant, Topic


class EventDayInline(admin.TabularInline):
    model = EventDay
    extra = 0


class DelegateCountInline(admin.TabularInline):
    model = DelegateCount
    extra = 0


@admin.register(Event)
class EventAdmin(VersionedAdmin):
    list_display = ["title", "kind", "site", "starts_on", "status"]
    list_filter = ["kind", "status", "site"]
    search_fields = ["title", "venue"]
    date_hierarchy = "starts_on"
    filter_horizontal = ["topics"]
    inlines = [EventDayInline, DelegateCountInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["display_name", "event", "facilitator"]
    list_filter = ["event__kind"]
    raw_id_fields = ["event", "facilitator"]
