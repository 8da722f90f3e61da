"""Writes: referral partners and outreach (the coordinator, and a site's contacts for their own site; audited; lost
updates refused). The rules are checked here as well as in the forms, so no other path can break them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pilot.audit import Action, audit
from pilot.concurrency import claim_version
from referrals.models import OutreachActivity, ReferralPartner

PARTNER_FIELDS = (
    "agency",
    "team",
    "tier",
    "partner_type",
    "since",
    "champion_name",
    "champion_kind",
    "protocol_agreed_on",
    "assertive_linkage",
    "ended_on",
    "notes",
)
OUTREACH_FIELDS = ("partner", "date", "kind", "audience_size", "note")


def _apply(obj, fields, values) -> list[str]:
    changed = [f for f in fields if f in values and getattr(obj, f, None) != values[f]]
    for field in fields:
        if field in values:
            setattr(obj, field, values[field])
    return changed


def partner_errors(partner: ReferralPartner, today) -> dict[str, str]:
    """What is wrong with a partner's values, by field (empty: nothing)."""
    errors = {}
    if not (partner.agency or "").strip():
        errors["agency"] = "Name the agency that refers."
    if partner.since and partner.since > today:
        errors["since"] = "A partnership is recorded once it has begun: this day is still to come."
    if partner.protocol_agreed_on and partner.protocol_agreed_on > today:
        errors["protocol_agreed_on"] = "Record a protocol once it is agreed: this day is still to come."
    if partner.ended_on:
        if partner.ended_on > today:
            errors["ended_on"] = "End a partnership on or after the day it ends, not before."
        elif partner.since and partner.ended_on < partner.since:
            errors["ended_on"] = "A partnership ends on or after the day it began."
    name, kind = (partner.champion_name or "").strip(), partner.champion_kind
    if name and not kind:
        errors["champion_kind"] = "Say whether the champion is a professional, a practitioner or a commissioner."
    if kind and not name:
        errors["champion_name"] = "Name the champion, or leave both champion fields empty."
    return errors


def outreach_errors(activity: OutreachActivity, today) -> dict[str, str]:
    errors = {}
    if activity.partner_id and activity.partner.site_id != activity.site_id:
        errors["partner"] = "Choose one of this site's referral partners."
    if activity.date and activity.date > today:
        errors["date"] = "Record outreach once it has happened: this day is still to come."
    if activity.audience_size is not None and activity.audience_size < 0:
        errors["audience_size"] = "An audience cannot be smaller than nobody: enter 0 or more."
    return errors


@transaction.atomic
def partner_save(*, partner: ReferralPartner | None, site, actor, expected_version: int | None = None, **values):
    creating = partner is None
    partner = partner or ReferralPartner(site=site)
    changed = _apply(partner, PARTNER_FIELDS, values)
    partner.champion_name = (partner.champion_name or "").strip()
    if errors := partner_errors(partner, timezone.localdate()):
        raise ValidationError(errors)
    if not creating:
        claim_version(partner, expected_version=expected_version)
    partner.save()
    audit(actor=actor, action=Action.CREATE if creating else Action.UPDATE, target=partner, changed_fields=changed)
    return partner


@transaction.atomic
def partner_end(*, partner: ReferralPartner, actor, ended_on, expected_version: int | None = None):
    """End a partnership on a day (it stays in the record, and its outreach with it)."""
    return partner_save(
        partner=partner, site=partner.site, actor=actor, expected_version=expected_version, ended_on=ended_on
    )


@transaction.atomic
def outreach_save(*, activity: OutreachActivity | None, site, actor, expected_version: int | None = None, **values):
    creating = activity is None
    activity = activity or OutreachActivity(site=site)
    changed = _apply(activity, OUTREACH_FIELDS, values)
    if errors := outreach_errors(activity, timezone.localdate()):
        raise ValidationError(errors)
    if not creating:
        claim_version(activity, expected_version=expected_version)
    activity.save()
    audit(actor=actor, action=Action.CREATE if creating else Action.UPDATE, target=activity, changed_fields=changed)
    return activity


@transaction.atomic
def outreach_delete(*, activity: OutreachActivity, actor) -> None:
    audit(actor=actor, action=Action.DELETE, target=activity, detail=str(activity))
    activity.delete()
