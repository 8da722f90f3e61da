"""Cross-cutting reads."""

from __future__ import annotations

from django.db.models import QuerySet

from pilot.models import AuditEntry


def audit_entries(
    *, actor: str = "", action: str = "", target_type: str = "", target_id: str = "", date_from=None, date_to=None
) -> QuerySet[AuditEntry]:
    """Audit entries, newest first, narrowed by the given filters."""
    entries = AuditEntry.objects.all()
    if actor:
        entries = entries.filter(actor_name__iexact=actor)
    if action:
        entries = entries.filter(action=action)
    if target_type:
        entries = entries.filter(target_type__iexact=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries
