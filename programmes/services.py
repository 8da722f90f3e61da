"""Writes: programmes, the sites taking part and their reporting duties (coordinators only; audited)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from pilot.audit import apply_changes, audit
from pilot.concurrency import claim_version
from programmes.models import Programme, ProgrammeSite, ReadinessItem, ReportingDuty
from sites.models import READINESS_DEFAULTS, HostSite, SiteReadiness

FIELDS = ("name", "funder", "starts_on", "ends_on", "description")


@transaction.atomic
def programme_save(*, programme: Programme | None, actor, expected_version: int | None = None, **values) -> Programme:
    """Create a programme, or update one (refused if someone saved it since `expected_version`)."""
    creating = programme is None
    programme = programme or Programme()
    changed = apply_changes(programme, values, FIELDS)
    if programme.starts_on and programme.ends_on and programme.ends_on < programme.starts_on:
        raise ValidationError({"ends_on": "A programme ends on or after the day it starts."})
    clash = Programme.objects.filter(name__iexact=programme.name).exclude(pk=programme.pk)
    if clash.exists():
        raise ValidationError({"name": "Another programme has this name."})
    if not creating:
        claim_version(programme, expected_version=expected_version)
    programme.save()
    audit(actor=actor, action="create" if creating else "update", target=programme, changed_fields=changed)
    return programme


@transaction.atomic
def programme_site_join(
    *, programme: Programme, site: HostSite, joined_on: date, left_on: date | None = None, actor
) -> ProgrammeSite:
    """A site takes part from `joined_on` (until `left_on`): within the programme's dates, once per programme."""
    errors = {}
    if not programme.starts_on <= joined_on <= programme.ends_on:
        errors["joined_on"] = "A site joins between the programme's first and last day."
    if left_on is not None and left_on < joined_on:
        errors["left_on"] = "A site leaves on or after the day it joined."
    if ProgrammeSite.objects.filter(programme=programme, site=site).exists():
        errors["site"] = f"{site.name} already takes part in {programme.name}."
    if errors:
        raise ValidationError(errors)
    membership = ProgrammeSite.objects.create(programme=programme, site=site, joined_on=joined_on, left_on=left_on)
    audit(actor=actor, action="create", target=membership, changed_fields=["site", "joined_on", "left_on"])
    return membership


@transaction.atomic
def programme_site_leave(*, membership: ProgrammeSite, left_on: date, actor) -> ProgrammeSite:
    """The site stops taking part on `left_on`."""
    if left_on < membership.joined_on:
        raise ValidationError({"left_on": "A site leaves on or after the day it joined."})
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    audit(actor=actor, action="update", target=membership, changed_fields=["left_on"])
    return membership


@transaction.atomic
def programme_site_remove(*, membership: ProgrammeSite, actor) -> None:
    """Take a site listed by mistake off the programme (a site that left keeps its row, with `left_on`)."""
    audit(actor=actor, action="delete", target=membership)
    membership.delete()


@transaction.atomic
def reporting_duty_add(*, programme: Programme, actor, **values) -> ReportingDuty:
    duty = ReportingDuty(programme=programme, **values)
    duty.full_clean()
    duty.save()
    audit(actor=actor, action="create", target=duty, changed_fields=list(values))
    return duty


@transaction.atomic
def reporting_duty_delete(*, duty: ReportingDuty, actor) -> None:
    audit(actor=actor, action="delete", target=duty)
    duty.delete()


def _readiness_label_clash(programme: Programme, label: str, exclude_pk: int | None = None) -> dict:
    items = ReadinessItem.objects.filter(programme=programme).exclude(pk=exclude_pk)
    if items.filter(label__iexact=label.strip()).exists():
        return {"label": f"{programme.name} already has the item “{label.strip()}”."}
    return {}


@transaction.atomic
def readiness_item_add(*, programme: Programme, label: str, help_text: str = "", actor) -> ReadinessItem:
    """Add an item to the end of the programme's own readiness checklist. Its key (what sites' ticks are stored
    under) is made from the label once and never changes; an item of the same key elsewhere shares its ticks."""
    key = slugify(label)[:100]
    errors = _readiness_label_clash(programme, label)
    if not key:
        errors["label"] = "Write the item in words (letters or numbers)."
    elif not errors and programme.readiness_items.filter(key=key).exists():
        errors["label"] = f"{programme.name} already has an item worded almost the same way."
    if errors:
        raise ValidationError(errors)
    last = programme.readiness_items.order_by("-order").values_list("order", flat=True).first() or 0
    item = ReadinessItem.objects.create(
        programme=programme, key=key, label=label.strip(), help_text=help_text.strip(), order=last + 1
    )
    audit(actor=actor, action="create", target=item, changed_fields=["label", "help_text", "order"])
    return item


@transaction.atomic
def readiness_defaults_copy(*, programme: Programme, actor) -> list[ReadinessItem]:
    """Start a programme's own checklist from the default items (the pilot's lessons), keeping their keys so that
    the ticks sites already have still count. Only for a programme that has no item yet."""
    if programme.readiness_items.exists():
        raise ValidationError(f"{programme.name} already has its own checklist.")
    items = ReadinessItem.objects.bulk_create(
        ReadinessItem(programme=programme, key=key, label=label, help_text=help_text, order=n)
        for n, (key, label, help_text) in enumerate(READINESS_DEFAULTS, start=1)
    )
    for item in ReadinessItem.objects.filter(programme=programme):
        audit(actor=actor, action="create", target=item, changed_fields=["label", "help_text", "order"])
    return items


@transaction.atomic
def readiness_item_update(*, item: ReadinessItem, actor, **values) -> ReadinessItem:
    """Change an item's wording, help text, place or whether it is active (its key, and so its ticks, stay)."""
    if "label" in values:
        values["label"] = values["label"].strip()
        if errors := _readiness_label_clash(item.programme, values["label"], exclude_pk=item.pk):
            raise ValidationError(errors)
    changed = apply_changes(item, values)
    item.save()
    audit(actor=actor, action="update", target=item, changed_fields=changed)
    return item


def readiness_item_has_answers(item: ReadinessItem) -> bool:
    """Whether any site has ticked this item (a tick is stored under the item's key)."""
    return SiteReadiness.objects.filter(ticks__has_key=item.key).exists()


@transaction.atomic
def readiness_item_remove(*, item: ReadinessItem, actor) -> bool:
    """Remove an item from the programme's checklist: deleted if no site has ticked it, otherwise deactivated so
    that the ticks keep their meaning. Returns True if it was deleted."""
    if readiness_item_has_answers(item):
        if item.active:
            item.active = False
            item.save(update_fields=["active"])
            audit(actor=actor, action="update", target=item, changed_fields=["active"])
        return False
    audit(actor=actor, action="delete", target=item)
    item.delete()
    return True
