"""Figures that demonstration data made up: recorded by the demo loaders, marked where pages show them.

A demo loader says which figures on its rows its source does not give (a day within a month, an amount
per budget head, a count per organisation) with `record(marks, models=...)`; templates put a small
"illustrative" marker with the reason beside such a figure with `{% illustrative obj "figure" %}`
(pilot/templatetags/illustrative.py). A real installation records none, and pages look the same as
without the marker. Rows with their own `is_illustrative` flag (demo meetings) need no record.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction

from pilot.models import IllustrativeFigure

# Shown for a row whose own `is_illustrative` flag is set.
FLAGGED_NOTE = "Illustrative: demonstration data, not a real record."

Key = tuple[str, int, str]


def _label(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


@transaction.atomic
def record(marks: Iterable[tuple[models.Model, str, str]], *, models: Iterable[type[models.Model]]) -> int:
    """Make these (row, figure, note) marks the only ones on these models' rows; returns how many there are.

    Safe to repeat: a mark already there is kept (its note updated), one no longer given is removed.
    """
    wanted: dict[Key, str] = {(_label(obj), obj.pk, figure): note for obj, figure, note in marks}
    labels = {_label(model) for model in models}
    unexpected = {label for label, _, _ in wanted} - labels
    if unexpected:
        raise ValueError(f"marks on models not named in `models`: {sorted(unexpected)}")
    existing = {(m.model, m.object_id, m.figure): m for m in IllustrativeFigure.objects.filter(model__in=labels)}
    stale = [m.pk for key, m in existing.items() if key not in wanted]
    IllustrativeFigure.objects.filter(pk__in=stale).delete()
    changed = [m for key, m in existing.items() if key in wanted and m.note != wanted[key]]
    for mark in changed:
        mark.note = wanted[(mark.model, mark.object_id, mark.figure)]
    IllustrativeFigure.objects.bulk_update(changed, ["note"])
    IllustrativeFigure.objects.bulk_create(
        IllustrativeFigure(model=label, object_id=pk, figure=figure, note=note)
        for (label, pk, figure), note in wanted.items()
        if (label, pk, figure) not in existing
    )
    return len(wanted)


def all_notes() -> dict[Key, str]:
    """Every mark, by (model label, row id, figure): one query."""
    return {
        (m, pk, f): note
        for m, pk, f, note in IllustrativeFigure.objects.values_list("model", "object_id", "figure", "note")
    }


def note_for(notes: dict[Key, str], obj, figure: str) -> str:
    """The reason this row's figure is illustrative, or "" (a row flagged `is_illustrative` needs no mark)."""
    if obj is None:
        return ""
    if isinstance(obj, models.Model):
        if getattr(obj, "is_illustrative", False) is True:
            return FLAGGED_NOTE
        return notes.get((_label(obj), obj.pk, figure), "")
    if isinstance(obj, str):
        return ""
    for item in obj:  # a list of rows: the first marked one speaks for them (a column, a section)
        note = note_for(notes, item, figure)
        if note:
            return note
    return ""


def any_note(notes: dict[Key, str], figure: str) -> str:
    """The note of any mark on this figure, for pages that show no rows, only their dates (the timeline)."""
    return next((note for (_, _, f), note in sorted(notes.items()) if f == figure), "")
