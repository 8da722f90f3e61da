"""The personal-data lifecycle: erasure on request, export for a data subject, and retention.

The only personal data the system holds are the names and contact details of
volunteers and workers (facilitators, champions and named contacts at sites) and
the logins of its users. Group members are never identified anywhere. Erasing a
person replaces their name and contact details; meetings they facilitated and the
counts they reported stay as aggregates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from groups.models import Facilitator
from pilot.audit import Action, audit
from pilot.models import AuditEntry, UserSession
from sites.models import SitePerson

ERASED_PREFIX = "Erased"


def retention() -> dict:
    """Retention periods, from settings.PILOT_RETENTION with these defaults."""
    defaults = {"inactive_person_months": 24, "audit_log_years": 6}
    return {**defaults, **getattr(settings, "PILOT_RETENTION", {})}


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(today.day, 28))


def _erase_login(user) -> None:
    if user is None:
        return
    user.is_active = False  # ends their sessions (pilot.signals)
    user.first_name = user.last_name = user.email = ""
    user.username = f"erased-{user.pk}"
    user.set_unusable_password()
    user.save()


def is_erased(person) -> bool:
    name = person.display_name if isinstance(person, Facilitator) else person.name
    return name.startswith(ERASED_PREFIX)


@transaction.atomic
def person_erase(*, person: Facilitator | SitePerson, actor, reason: str = "request") -> None:
    """Replace a facilitator's or site person's name and contact details; keep what they did as aggregates."""
    label = person._meta.label
    if isinstance(person, Facilitator):
        person.display_name = f"{ERASED_PREFIX} facilitator {person.pk}"
        person.stepped_down_on = person.stepped_down_on or timezone.localdate()
        fields = ["display_name", "phone", "email", "stepped_down_on", "user"]
    else:
        person.name = f"{ERASED_PREFIX} person {person.pk}"
        person.active = False
        fields = ["name", "phone", "email", "active"]
    person.phone = person.email = ""
    user = getattr(person, "user", None)
    if isinstance(person, Facilitator):
        person.user = None
    person.save(update_fields=fields)
    _erase_login(user)
    audit(
        actor=actor,
        action=Action.ERASE,
        target_type=label,
        target_id=person.pk,
        changed_fields=fields,
        detail=f"erased ({reason})",
    )


def person_export(*, person: Facilitator | SitePerson) -> dict:
    """Everything held about one person, for a subject access request (JSON-safe)."""
    data: dict = {"kind": person._meta.verbose_name, "id": person.pk, "site": str(person.site)}
    if isinstance(person, Facilitator):
        data.update(
            name=person.display_name,
            phone=person.phone,
            email=person.email,
            active_since=_iso(person.active_since),
            stepped_down_on=_iso(person.stepped_down_on),
            is_professional=person.is_professional,
            groups=sorted(g.name for g in person.groups.all()),
            meetings_facilitated=[
                _iso(d) for d in person.meetings_facilitated.order_by("date").values_list("date", flat=True)
            ],
        )
        user = person.user
    else:
        data.update(
            name=person.name,
            phone=person.phone,
            email=person.email,
            role=person.get_role_display(),
            kind_of_person=person.get_kind_display(),
            named_contact=person.is_named_contact,
            active=person.active,
        )
        user = None
    if user is not None:
        data["login"] = {
            "username": user.username,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "activity": [
                {"at": e.at.isoformat(), "action": e.action, "record": e.target_type, "fields": e.changed_fields}
                for e in AuditEntry.objects.filter(actor=user).order_by("at")
            ],
        }
    return data


def _iso(day) -> str | None:
    return day.isoformat() if day else None


@dataclass
class RetentionResult:
    facilitators_erased: int = 0
    people_erased: int = 0
    audit_entries_deleted: int = 0
    stale_session_rows: int = 0


def retention_enforce(*, today: datetime.date | None = None) -> RetentionResult:
    """Erase people inactive past the retention period and drop audit entries older than theirs."""
    today = today or timezone.localdate()
    policy = retention()
    cutoff = _months_ago(today, policy["inactive_person_months"])
    result = RetentionResult()

    stale_facilitators = (
        Facilitator.objects.exclude(display_name__startswith=ERASED_PREFIX)
        .annotate(last_meeting=Max("meetings_facilitated__date"))
        .filter(
            Q(stepped_down_on__lt=cutoff)
            | (Q(last_meeting__lt=cutoff) | Q(last_meeting__isnull=True))
            & (Q(active_since__lt=cutoff) | Q(active_since__isnull=True) & Q(stepped_down_on__isnull=False))
        )
    )
    for facilitator in stale_facilitators:
        person_erase(person=facilitator, actor=None, reason="retention period ended")
        result.facilitators_erased += 1

    recently_changed = AuditEntry.objects.filter(target_type=SitePerson._meta.label, at__date__gte=cutoff).values_list(
        "target_id", flat=True
    )
    stale_people = (
        SitePerson.objects.filter(active=False)
        .exclude(name__startswith=ERASED_PREFIX)
        .exclude(pk__in=[int(pk) for pk in recently_changed if pk.isdigit()])
    )
    for person in stale_people:
        person_erase(person=person, actor=None, reason="retention period ended")
        result.people_erased += 1

    audit_cutoff = today.replace(year=today.year - policy["audit_log_years"])
    old = AuditEntry.objects.filter(at__date__lt=audit_cutoff)
    # The retention task is the only path that removes audit entries; it bypasses the append-only guard.
    result.audit_entries_deleted, _ = models.QuerySet.delete(old)

    from django.contrib.sessions.models import Session

    live = Session.objects.filter(expire_date__gt=timezone.now()).values_list("session_key", flat=True)
    result.stale_session_rows, _ = UserSession.objects.exclude(session_key__in=live).delete()
    return result
