from django.contrib import admin

from sites.models import HostSite, SiteMembership


class SiteMembershipInline(admin.TabularInline):
    model = SiteMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(HostSite)
class HostSiteAdmin(admin.ModelAdmin):
    list_display = ["name", "agency_name", "locality", "region"]
    list_filter = ["region"]
    search_fields = ["name", "agency_name", "locality", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SiteMembershipInline]


@admin.register(SiteMembership)
class SiteMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "site"]
    list_filter = ["site"]
    search_fields = ["user__username", "site__name"]
    autocomplete_fields = ["user", "site"]
