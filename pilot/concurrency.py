"""Lost updates: two people edit the same record; the second save must not silently undo the first.

Each editable record (a site, a group, a facilitator, a meeting, an event) has a `version` that
every save through a service increases by one. An edit form carries the version it was loaded
from; the service claims the next version with one conditional UPDATE, so of two saves from the
same version exactly one wins, on SQLite and PostgreSQL alike, and the other gets a StaleEdit
that says who changed what (from the audit trail).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import get_text_list

from pilot.audit import Action, audit
from pilot.models import AuditEntry

# How many earlier saves a refusal names at most.
_NAMED_SAVES = 3


class StaleEdit(ValidationError):
    """Someone saved the record after the form was loaded.

    `current_version` is the version now: a form moved on to it saves the user's input over the
    other change when sent again. None when that must not happen (the record was deleted, or a
    person's data in it erased).
    """

    def __init__(self, message: str, *, current_version: int | None):
        super().__init__(message, code="stale")
        self.current_version = current_version


def claim_version(obj: models.Model, *, expected_version: int | None) -> None:
    """Inside the caller's transaction: move `obj` to its next version, or raise StaleEdit.

    A new record starts at version 1. With `expected_version` None (a script, an import, an
    erasure, a form that did not send its version) the save is not checked, but still counts as
    a new version.
    """
    if obj._state.adding or obj.pk is None:
        obj.version = 1
        return
    rows = type(obj)._base_manager.filter(pk=obj.pk)
    if expected_version is None:
        rows.update(version=models.F("version") + 1)
        obj.version = rows.values_list("version", flat=True).get()
        return
    if rows.filter(version=expected_version).update(version=expected_version + 1):
        obj.version = expected_version + 1
        return
    current = rows.values_list("version", flat=True).first()
    if current is None:
        raise StaleEdit(f"Not saved: this {obj._meta.verbose_name} has been deleted.", current_version=None)
    entries = changes_since(obj, saves=max(current - expected_version, 1))
    erased = any(entry.action == Action.ERASE for entry in entries)
    raise StaleEdit(stale_message(obj, entries), current_version=None if erased else current)


def changes_since(obj: models.Model, *, saves: int) -> list[AuditEntry]:
    """The audit entries of the last `saves` saves of `obj` (at most a few), newest first."""
    return list(
        AuditEntry.objects.filter(
            target_type=obj._meta.label,
            target_id=str(obj.pk),
            action__in=[Action.CREATE, Action.UPDATE, Action.ERASE],
        )
        .select_related("actor")
        .order_by("-at", "-pk")[: min(saves, _NAMED_SAVES)]
    )


def stale_message(obj: models.Model, entries: list[AuditEntry]) -> str:
    """“Not saved. Someone else saved this host site after you opened it: Jo Bloggs changed phone at …”."""
    what = obj._meta.verbose_name
    erasure = next((entry for entry in entries if entry.action == Action.ERASE), None)
    if erasure is not None:
        when = timezone.localtime(erasure.at).strftime("%d/%m/%Y %H:%M")
        return (
            f"Not saved. {_actor(erasure)} erased the personal data in this {what} at {when}, after you "
            "opened it. Open the record again to see it as it is now."
        )
    if entries:
        who = f"Someone else saved this {what} after you opened it: {'; '.join(_describe(e, obj) for e in entries)}."
    else:
        who = f"Someone else saved this {what} after you opened it."
    return (
        f"Not saved. {who} Your changes are still in the form below: check them against the "
        "current record (open it in another tab) and save again to keep them."
    )


def _actor(entry: AuditEntry) -> str:
    if entry.actor is not None:
        return entry.actor.get_full_name() or entry.actor_name or entry.actor.get_username()
    return entry.actor_name or "someone"


def _describe(entry: AuditEntry, obj: models.Model) -> str:
    actor = _actor(entry)
    when = timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M")
    fields = [_field_label(obj, name) for name in entry.changed_fields or []]
    changed = f"changed {get_text_list(fields, 'and')}" if fields else "saved it"
    return f"{actor} {changed} at {when}"


def _field_label(obj: models.Model, name: str) -> str:
    try:
        return str(obj._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name.replace("_", " ")


# --- The admin obeys the same rule -------------------------------------------------------------


class VersionedModelForm(forms.ModelForm):
    """An admin form that carries the version it was loaded from and refuses a stale save."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        expected = data.get("expected_version")
        if self.instance.pk is not None and expected is not None:
            # The admin's change view runs in one transaction: lock the row until the save.
            rows = type(self.instance)._base_manager.select_for_update().filter(pk=self.instance.pk)
            current = rows.values_list("version", flat=True).first()
            if current is not None and current != expected:
                entries = changes_since(self.instance, saves=max(current - expected, 1))
                raise ValidationError(stale_message(self.instance, entries), code="stale")
        return data


class VersionedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves claim the next version and write an audit entry, like the services."""

    form = VersionedModelForm

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            claim_version(obj, expected_version=form.cleaned_data.get("expected_version") if change else None)
            super().save_model(request, obj, form, change)
            changed = [name for name in form.changed_data if name != "expected_version"]
            audit(actor=request.user, action=Action.UPDATE if change else Action.CREATE, target=obj,
                  changed_fields=changed)  # fmt: skip
