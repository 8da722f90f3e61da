"""The audit trail: one function every app calls after a write, an export, an import or a download.

    from pilot.audit import audit
    audit(actor=request.user, action="update", target=group, changed_fields=["venue_name"])

Never pass field *values*: names only.
"""

from __future__ import annotations

from collections.abc import Iterable

from pilot.models import AuditEntry

Action = AuditEntry.Action

# Records whose text names a person (or may: an expense's payee can be a trainer). The log labels
# them by kind and id only, so that erasing the person leaves no trace of their name in it.
# Migration pilot 0004 rewrote older entries with a frozen copy of this table.
NEUTRAL_LABELS = {
    "auth.User": "user",
    "groups.Facilitator": "facilitator",
    "sites.SiteMembership": "site membership",
    "sites.SitePerson": "site person",
    "budget.Expense": "expense",
    "training.Participant": "participant",
}


def target_label(target) -> str:
    """How the log names a record: "facilitator #7" for records about people, the record's own name otherwise."""
    noun = NEUTRAL_LABELS.get(target._meta.label)
    if noun is not None:
        return f"{noun} #{target.pk}"
    return str(target)[:200]


def apply_changes(obj, values: dict, fields: Iterable[str] | None = None) -> list[str]:
    """Set `values` on `obj` and return the names of the fields that differ from the stored row.

    The comparison is with the database, not with the object, because a bound model form has already
    copied its cleaned data onto the instance it was given: comparing with the object would find nothing
    changed. A new object (no primary key) names every field it is given.
    """
    names = [f for f in (fields if fields is not None else values) if f in values]
    attnames = {f: obj._meta.get_field(f).attname for f in names}
    stored = {}
    if obj.pk is not None:
        stored = type(obj)._base_manager.filter(pk=obj.pk).values(*attnames.values()).first() or {}
    for field in names:
        setattr(obj, field, values[field])
    if not stored:
        return names
    return [f for f in names if getattr(obj, attnames[f]) != stored[attnames[f]]]


def audit(
    *,
    actor,
    action: str,
    target=None,
    target_type: str = "",
    target_id: str | int = "",
    changed_fields: Iterable[str] = (),
    detail: str = "",
) -> AuditEntry:
    """Append one entry to the audit log."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if target is not None:
        target_type = target_type or target._meta.label
        target_id = target_id or target.pk
    return AuditEntry.objects.create(
        actor=actor if authenticated else None,
        actor_name=actor.get_username() if authenticated else "",
        action=action,
        target_type=target_type,
        target_id=str(target_id or ""),
        target_label=target_label(target) if target is not None else "",
        changed_fields=sorted(set(changed_fields)),
        detail=detail[:500],
    )
