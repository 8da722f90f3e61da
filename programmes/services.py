"""Writes: programmes, the sites taking part and their reporting duties (coordinators only; audited)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from pilot.audit import audit
from pilot.concurrency import claim_version
from programmes.models import Programme, ProgrammeSite, ReportingDuty
from sites.models import HostSite

FIELDS = ("name", "funder", "starts_on", "ends_on", "description")


@transaction.atomic
def programme_save(*, programme: Programme | None, actor, expected_version: int | None = None, **values) -> Programme:
    """Create a programme, or update one (refused if someone saved it since `expected_version`)."""
    creating = programme is None
    programme = programme or Programme()
    changed = [f for f in FIELDS if f in values and getattr(programme, f) != values[f]]
    for field in FIELDS:
        if field in values:
            setattr(programme, field, values[field])
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
