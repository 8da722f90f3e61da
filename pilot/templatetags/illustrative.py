"""The "illustrative" marker beside a figure that demonstration data made up (pilot.illustrative).

    {% load illustrative %}
    {{ day.attendance }}{% illustrative day "attendance" %}     a figure on one row
    <th>Delegates{% illustrative delegates "count" %}</th>      a column: any of these rows marked
    {% illustrative_any "day" %}                                 a page of dates from many kinds of row

Renders nothing when the figure is real. The marks are read once per request (one query), and only on
pages that ask; a row with its own `is_illustrative` flag costs no query.
"""

from __future__ import annotations

from django import template
from django.db import models

from pilot import illustrative as marks

register = template.Library()

_CACHE = "_illustrative_notes"


def _notes(context) -> dict:
    holder = context.get("request")
    if holder is None:
        holder = context.render_context
        if _CACHE not in holder:
            holder[_CACHE] = marks.all_notes()
        return holder[_CACHE]
    if not hasattr(holder, _CACHE):
        setattr(holder, _CACHE, marks.all_notes())
    return getattr(holder, _CACHE)


def _flagged_only(obj) -> bool:
    return isinstance(obj, models.Model) and getattr(obj, "is_illustrative", None) is not None


@register.inclusion_tag("pilot/_illustrative.html", takes_context=True)
def illustrative(context, obj, figure: str = ""):
    """The marker, if this row's figure (or any of these rows') is illustrative."""
    notes = {} if _flagged_only(obj) else _notes(context)
    return {"note": marks.note_for(notes, obj, figure)}


@register.inclusion_tag("pilot/_illustrative.html", takes_context=True)
def illustrative_any(context, figure: str):
    """The marker, if any row's figure of this name is illustrative."""
    return {"note": marks.any_note(_notes(context), figure)}
