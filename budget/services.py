"""Writes for a programme's budget: heads, expenses and small grants; each one audited, each one atomic."""

from __future__ import annotations

from django.db import transaction

from budget.models import BudgetHead
from pilot.audit import audit


@transaction.atomic
def budget_object_save(*, actor, form):
    """Create or update an expense, small grant or budget head from a valid form (a new head already carries its
    programme: BudgetHeadForm sets the page's)."""
    creating = form.instance.pk is None
    obj = form.save()
    changed = [*form.changed_data, *(["programme"] if creating and isinstance(obj, BudgetHead) else [])]
    audit(actor=actor, action="create" if creating else "update", target=obj, changed_fields=changed)
    return obj


@transaction.atomic
def budget_object_delete(*, actor, obj) -> None:
    """Delete an expense or small grant."""
    audit(actor=actor, action="delete", target=obj)
    obj.delete()
