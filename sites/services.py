"""Writes of the sites app: lifecycle, progress log, people, host-site details and applications."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from pilot.audit import audit
from pilot.concurrency import claim_version
from sites.lifecycle import transition_error
from sites.models import (
    Application,
    Decision,
    EntryKind,
    HostSite,
    ProgressEntry,
    SitePerson,
    SiteReadiness,
    Status,
    StatusChange,
    SustainabilityPlan,
)


@transaction.atomic
def site_status_change(
    *, site: HostSite, to_status: str, actor, note: str = "", on: date | None = None
) -> StatusChange:
    """Record a dated status change; refuse illegal jumps and dates out of order with a ValidationError."""
    on = on or timezone.localdate()
    if to_status not in Status.values:
        raise ValidationError({"to_status": f"“{to_status}” is not a status."})
    HostSite.objects.select_for_update().filter(pk=site.pk).first()
    latest = site.status_changes.order_by("-on", "-pk").first()
    current = latest.status if latest else Status.APPLIED
    # With no history yet, recording the application itself is always allowed.
    recording_application = latest is None and to_status == Status.APPLIED
    error = None if recording_application else transition_error(current, to_status, note)
    if error:
        raise ValidationError({"to_status": error})
    if on > timezone.localdate():
        raise ValidationError({"on": "A status change cannot be dated in the future."})
    if latest is not None and on < latest.on:
        raise ValidationError(
            {"on": f"The last change was on {latest.on:%d/%m/%Y}; a new one cannot be dated before it."}
        )
    change = StatusChange.objects.create(site=site, status=to_status, on=on, note=note.strip(), actor=actor)
    if hasattr(site, "current_status"):
        site.current_status = to_status
    audit(actor=actor, action="create", target=change, changed_fields=["status", "on", "note"])
    return change


def _check_entry_dates(*, day: date, follow_up_on: date | None) -> None:
    errors = {}
    if day > timezone.localdate():
        errors["day"] = "The log records what has happened: the date cannot be in the future."
    if follow_up_on is not None and follow_up_on < day:
        errors["follow_up_on"] = "The follow-up date cannot be before the entry's date."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def progress_entry_create(
    *,
    site: HostSite | None,
    actor,
    day: date,
    kind: str,
    note: str,
    follow_up_on: date | None = None,
) -> ProgressEntry:
    """Add a line to the progress log of a site (or of the whole network when site is None)."""
    if kind not in EntryKind.values:
        raise ValidationError({"kind": f"“{kind}” is not a kind of log entry."})
    if not note.strip():
        raise ValidationError({"note": "Write what happened."})
    _check_entry_dates(day=day, follow_up_on=follow_up_on)
    entry = ProgressEntry.objects.create(
        site=site, day=day, kind=kind, note=note.strip(), follow_up_on=follow_up_on, author=actor
    )
    audit(actor=actor, action="create", target=entry, changed_fields=["day", "kind", "note", "follow_up_on"])
    return entry


@transaction.atomic
def progress_follow_up_done(*, entry: ProgressEntry, actor) -> ProgressEntry:
    """Mark an entry's follow-up as done."""
    entry.follow_up_done = True
    entry.save(update_fields=["follow_up_done"])
    audit(actor=actor, action="update", target=entry, changed_fields=["follow_up_done"])
    return entry


def _save_audited(obj, *, actor, changed_fields: list[str]):
    created = obj.pk is None
    obj.full_clean()
    obj.save()
    audit(actor=actor, action="create" if created else "update", target=obj, changed_fields=changed_fields)
    return obj


@transaction.atomic
def site_person_save(*, person: SitePerson, actor, changed_fields: list[str]) -> SitePerson:
    """Create or update a person at a site (validated by the form) and audit the field names."""
    return _save_audited(person, actor=actor, changed_fields=changed_fields)


@transaction.atomic
def host_site_save(
    *, site: HostSite, actor, changed_fields: list[str], expected_version: int | None = None
) -> HostSite:
    """Save a host site's details (validated by the form) and audit the field names.

    With `expected_version` (the version the edit form was loaded from), a save made by someone
    else in between is refused with a StaleEdit that names them and the fields they changed.
    """
    claim_version(site, expected_version=expected_version)
    return _save_audited(site, actor=actor, changed_fields=changed_fields)


@transaction.atomic
def application_save(*, application: Application, actor, changed_fields: list[str]) -> Application:
    """Save an application and its scores (validated by the form) and audit the field names."""
    return _save_audited(application, actor=actor, changed_fields=changed_fields)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "site"
    slug, n = base, 2
    while HostSite.objects.filter(slug=slug).exists() or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


# Paths under /sites/ that a site slug must not shadow.
RESERVED_SLUGS = {"log", "timeline", "applications", "timeline.csv"}


@transaction.atomic
def application_decide(*, application: Application, decision: str, actor, on: date, note: str = "") -> Application:
    """Select an application (creating its host site and history) or turn it down."""
    if decision not in (Decision.SELECTED, Decision.NOT_SELECTED):
        raise ValidationError({"decision": "Choose selected or not selected."})
    if application.decision == decision:
        raise ValidationError({"decision": f"This application is already “{Decision(decision).label}”."})
    if on < application.received_on:
        raise ValidationError({"on": "A decision cannot be dated before the application was received."})
    site = application.site
    if site is None and decision == Decision.SELECTED:
        site = HostSite.objects.create(
            agency_name=application.agency_name,
            name=application.locality or application.agency_name,
            slug=_unique_slug(application.locality or application.agency_name),
            locality=application.locality,
            region=application.region,
            setting=application.setting,
            provider_type=application.provider_type,
        )
        audit(actor=actor, action="create", target=site, changed_fields=["agency_name", "name", "region"])
        site_status_change(site=site, to_status=Status.APPLIED, actor=actor, on=application.received_on)
        application.site = site
    if site is not None:
        site_status_change(site=site, to_status=decision, actor=actor, on=on, note=note)
    application.decision = decision
    application.save(update_fields=["decision", "site"])
    audit(actor=actor, action="update", target=application, changed_fields=["decision", "site"])
    return application


@transaction.atomic
def readiness_save(
    *, site: HostSite, ticks: dict[str, date | None], actor, items, expected_version: int | None = None
) -> SiteReadiness:
    """Save a site's readiness checklist: `ticks` maps each item's key to the day it was done (None: not done),
    for the `items` of the site's checklist (sites.selectors.readiness_for); ticks of items not on it (another
    programme's) are kept as they are.

    An item already ticked keeps who ticked it; a new tick records the actor (by user id, so that erasing a
    login erases the name shown here too). A save by someone else since
    `expected_version` is refused (pilot.concurrency.StaleEdit).
    """
    readiness, created = SiteReadiness.objects.get_or_create(site=site)
    if not created:
        claim_version(readiness, expected_version=expected_version)
        readiness.refresh_from_db(fields=["ticks"])
    before = readiness.ticks
    after, changed = dict(before), []
    for key in (item.key for item in items):
        on = ticks.get(key)
        old = before.get(key)
        if on is None:
            if old:
                changed.append(key)
                del after[key]
            continue
        same_day = bool(old) and old["on"] == on.isoformat()
        by = old.get("by") if same_day else actor.pk
        after[key] = {"on": on.isoformat(), "by": by}
        if not same_day:
            changed.append(key)
    readiness.ticks = after
    readiness.save()
    audit(actor=actor, action="update", target=readiness, changed_fields=["ticks"] if changed else [])
    return readiness


@transaction.atomic
def sustainability_save(
    *, plan: SustainabilityPlan, actor, changed_fields: list[str], expected_version: int | None = None
) -> SustainabilityPlan:
    """Create or update a site's sustainability plan (validated by the form) and audit the field names.

    A save by someone else since `expected_version` is refused (pilot.concurrency.StaleEdit).
    """
    if plan.pk is None and SustainabilityPlan.objects.filter(site_id=plan.site_id).exists():
        raise ValidationError("Not saved: someone else wrote this site's plan after you opened it. Reload to see it.")
    claim_version(plan, expected_version=expected_version)
    return _save_audited(plan, actor=actor, changed_fields=changed_fields)
