from django.contrib import admin

from pilot.concurrency import VersionedAdmin
from sites.models import (
    Application,
    HostSite,
    ProgressEntry,
    SiteMembership,
    SitePerson,
    SiteReadiness,
    StatusChange,
    SustainabilityPlan,
)


class SiteMembershipInline(admin.TabularInline):
    model = SiteMembership
    extra = 0
    autocomplete_fields = ["user"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["on", "status", "note", "actor"]
    readonly_fields = ["actor"]


class SitePersonInline(admin.TabularInline):
    model = SitePerson
    extra = 0


@admin.register(HostSite)
class HostSiteAdmin(VersionedAdmin):
    list_display = ["name", "agency_name", "locality", "region", "setting", "provider_type"]
    list_filter = ["region", "setting", "provider_type"]
    search_fields = ["name", "agency_name", "locality", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SiteMembershipInline, SitePersonInline, StatusChangeInline]


@admin.register(SiteMembership)
class SiteMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "site"]
    list_filter = ["site"]
    search_fields = ["user__username", "site__name"]
    autocomplete_fields = ["user", "site"]


@admin.register(ProgressEntry)
class ProgressEntryAdmin(admin.ModelAdmin):
    list_display = ["day", "site", "kind", "follow_up_on", "follow_up_done"]
    list_filter = ["kind", "site", "follow_up_done"]
    date_hierarchy = "day"


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["agency_name", "region", "setting", "provider_type", "decision"]
    list_filter = ["region", "decision", "setting", "provider_type"]
    search_fields = ["agency_name", "locality"]


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Written on the site's own pages, which check the version and audit the save; here only to look at."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SiteReadiness)
class SiteReadinessAdmin(_ReadOnlyAdmin):
    list_display = ["site", "version"]
    readonly_fields = ["site", "ticks", "version"]


@admin.register(SustainabilityPlan)
class SustainabilityPlanAdmin(_ReadOnlyAdmin):
    list_display = ["site", "future", "venue_secured_until"]
    list_filter = ["future"]
    readonly_fields = [
        "site",
        "future",
        "next_host",
        "venue_secured_until",
        "funding_source",
        "local_support",
        "risks",
        "version",
    ]
