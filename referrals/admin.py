from django.contrib import admin

from pilot.concurrency import VersionedAdmin
from referrals.models import OutreachActivity, ReferralPartner


@admin.register(ReferralPartner)
class ReferralPartnerAdmin(VersionedAdmin):
    list_display = ("agency", "team", "site", "tier", "partner_type", "protocol_agreed_on", "ended_on")
    list_filter = ("site", "tier", "partner_type")
    search_fields = ("agency", "team")


@admin.register(OutreachActivity)
class OutreachActivityAdmin(VersionedAdmin):
    list_display = ("date", "kind", "site", "partner", "audience_size")
    list_filter = ("site", "kind")
