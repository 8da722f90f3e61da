"""The audit trail: one function every app calls after a write, an export, an import or a download.

    from pilot.audit import audit
    audit(actor=request.user, action="update", target=group, changed_fields=["venue_name"])

Never pass field *values*: names only.
"""

from __future__ import annotations

from collections.abc import Iterable

from pilot.models import AuditEntry

Action = AuditEntry.Action


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
        target_label=str(target)[:200] if target is not None else "",
        changed_fields=sorted(set(changed_fields)),
        detail=detail[:500],
    )
