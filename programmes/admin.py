from django.contrib import admin

from programmes.models import Programme, ProgrammeSite, ReadinessItem, ReportingDuty


class ProgrammeSiteInline(admin.TabularInline):
    model = ProgrammeSite
    extra = 0


class ReportingDutyInline(admin.TabularInline):
    model = ReportingDuty
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "funder", "starts_on", "ends_on", "is_illustrative")
    search_fields = ("name", "funder")
    inlines = [ProgrammeSiteInline, ReportingDutyInline]


@admin.register(ProgrammeSite)
class ProgrammeSiteAdmin(admin.ModelAdmin):
    list_display = ("programme", "site", "joined_on", "left_on")
    list_filter = ("programme",)


@admin.register(ReportingDuty)
class ReportingDutyAdmin(admin.ModelAdmin):
    list_display = ("programme", "report_kind", "frequency", "format", "recipients", "share_with")
    list_filter = ("programme", "frequency")


@admin.register(ReadinessItem)
class ReadinessItemAdmin(admin.ModelAdmin):
    """Read-only: items are written on the programme's page, which keeps keys, refuses clashes and audits."""

    list_display = ("programme", "order", "label", "key", "active")
    list_filter = ("programme", "active")
    readonly_fields = ("programme", "key", "label", "help_text", "order", "active")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
