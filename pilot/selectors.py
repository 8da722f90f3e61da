"""Cross-cutting reads."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

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


def _facilitator_urls(ids):
    from groups.models import Facilitator

    return {
        pk: reverse("groups:facilitator_edit", args=[pk])
        for pk in Facilitator.objects.filter(pk__in=ids).values_list("pk", flat=True)
    }


def _site_person_urls(ids):
    from sites.models import SitePerson

    rows = SitePerson.objects.filter(pk__in=ids).values_list("pk", "site__slug")
    return {pk: reverse("sites:person_edit", args=[slug, pk]) for pk, slug in rows}


def _participant_urls(ids):
    from training.models import Participant

    rows = Participant.objects.filter(pk__in=ids).values_list("pk", "event_id")
    return {pk: f"{reverse('training:detail', args=[event_id])}#participant-{pk}" for pk, event_id in rows}


# Records about people whose page the audit log links to, while the record exists.
RECORD_PAGES = {
    "groups.Facilitator": _facilitator_urls,
    "sites.SitePerson": _site_person_urls,
    "training.Participant": _participant_urls,
}


def audit_record_urls(entries) -> dict[tuple[str, str], str]:
    """The page of each person record the entries name, if it still exists: one query per kind of record."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.target_type in RECORD_PAGES and entry.target_id.isdigit():
            wanted.setdefault(entry.target_type, set()).add(int(entry.target_id))
    urls = {}
    for target_type, ids in wanted.items():
        urls.update({(target_type, str(pk)): url for pk, url in RECORD_PAGES[target_type](ids).items()})
    return urls
