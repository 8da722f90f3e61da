from django.contrib import admin

from groups.models import Facilitator, Group


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "site"]
    list_filter = ["site"]
    search_fields = ["name", "site__name"]


@admin.register(Facilitator)
class FacilitatorAdmin(admin.ModelAdmin):
    list_display = ["display_name", "site", "user"]
    list_filter = ["site"]
    search_fields = ["display_name", "user__username"]
    filter_horizontal = ["groups"]
    autocomplete_fields = ["user"]
