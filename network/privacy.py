"""The personal-data lifecycle: erasure on request, export for a data subject, and retention.

The only personal data the system holds are the names and contact details of
volunteers and workers (facilitators, champions and named contacts at sites, the
champions named at referral partners, and training participants who agreed to be
recorded by name) and the logins of its users. Group members are never identified anywhere. Erasing a person replaces
their name and contact details; meetings they facilitated, trainings they attended
and the counts they reported stay as aggregates.

Training participant records belong to a person when they are linked to that
person's facilitator record, or when their contact field holds the same e-mail
address as the person's record (see `participant_records`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Max, Q
from django.db.models.functions import Lower, Trim
from django.urls import reverse
from django.utils import timezone

from groups.models import Facilitator, Group
from pilot import conf
from pilot.audit import Action, audit
from pilot.concurrency import claim_version
from pilot.models import AuditEntry, UserSession
from referrals.models import ReferralPartner
from sites.models import HostSite, SitePerson
from training.models import Participant

ERASED_PREFIX = "Erased"

Person = Facilitator | SitePerson | Participant | ReferralPartner


def retention() -> dict:
    """Retention periods (PILOT_RETAIN_INACTIVE_PERSON_MONTHS, PILOT_RETAIN_AUDIT_LOG_YEARS)."""
    return {
        "inactive_person_months": conf.retain_inactive_person_months(),
        "audit_log_years": conf.retain_audit_log_years(),
    }


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


def is_erased(person: Person) -> bool:
    if isinstance(person, ReferralPartner):
        return not person.champion_name  # a partner's only person data is its champion's name
    name = person.display_name if isinstance(person, Facilitator) else person.name
    return name.startswith(ERASED_PREFIX)


# --- Which training participant records are a person's -------------------------------------


def email_in(contact: str) -> str:
    """The e-mail address a contact field holds, lower-cased; "" when it holds none (a phone number, say)."""
    value = (contact or "").strip().lower()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def _is_shared(email: str, *, person: Person) -> bool:
    """An address that is not one person's: a group's or a site's, or on another record of the same kind."""
    if Group.objects.filter(contact_email__iexact=email).exists():
        return True
    if HostSite.objects.filter(email__iexact=email).exists():
        return True
    if isinstance(person, Participant):
        return False
    return type(person).objects.filter(email__iexact=email).exclude(pk=person.pk).exists()


def participant_records(person: Person) -> list[tuple[Participant, str]]:
    """The training participant records held about a person, each with how it was matched.

    - "link": linked to their facilitator record (or the record itself, for a participant);
    - "e-mail": not linked to any facilitator, and its contact field holds the person's e-mail address,
      unless that address is shared (a group's or a site's address, or on another record of the same
      kind). Names are never matched (first names and aliases repeat), nor phone numbers (groups
      share a phone).
    """
    if isinstance(person, ReferralPartner):
        return []  # a champion's name only: nothing to match training records by
    records: dict[int, tuple[Participant, str]] = {}
    rows = Participant.objects.select_related("event__site", "facilitator")
    if isinstance(person, Facilitator):
        records.update({row.pk: (row, "link") for row in rows.filter(facilitator=person)})
        email = email_in(person.email)
    elif isinstance(person, SitePerson):
        email = email_in(person.email)
    else:
        records[person.pk] = (person, "link")
        email = email_in(person.contact)
    if email and not _is_shared(email, person=person):
        matched = rows.filter(facilitator__isnull=True).annotate(contact_key=Lower(Trim("contact")))
        for row in matched.filter(contact_key=email):
            records.setdefault(row.pk, (row, "e-mail"))
    return sorted(records.values(), key=lambda item: (item[0].event.starts_on, item[0].pk))


# --- Erasure ---------------------------------------------------------------------------------


def _erase_participant(row: Participant, *, actor, reason: str) -> None:
    row.name = f"{ERASED_PREFIX} participant {row.pk}"
    row.role = row.contact = ""
    fields = ["name", "role", "contact"]
    row.save(update_fields=fields)
    audit(actor=actor, action=Action.ERASE, target=row, changed_fields=fields, detail=f"erased ({reason})")


@transaction.atomic
def person_erase(*, person: Person, actor, reason: str = "request", by_email: bool = True) -> None:
    """Replace a person's name and contact details, and those on their training participant records.

    What they did stays as aggregates: meetings facilitated, trainings attended, counts reported.
    `by_email=False` erases only the records linked to them (the retention task: records matched by
    e-mail follow the participant rule instead).
    """
    # Matched before the e-mail address is erased.
    records = [row for row, how in participant_records(person) if by_email or how == "link"]
    if isinstance(person, ReferralPartner):
        _erase_champion(person, actor=actor, reason=reason)
    elif not isinstance(person, Participant):
        _erase_record(person, actor=actor, reason=reason, participant_records=len(records))
    for row in records:
        _erase_participant(row, actor=actor, reason=reason)


def _erase_champion(partner: ReferralPartner, *, actor, reason: str) -> None:
    """A referral partner's champion: the name goes (and with it that one is named); the partner stays."""
    partner.champion_name = partner.champion_kind = ""
    fields = ["champion_name", "champion_kind"]
    claim_version(partner, expected_version=None)
    partner.save(update_fields=fields)
    audit(
        actor=actor, action=Action.ERASE, target=partner, changed_fields=fields, detail=f"champion erased ({reason})"
    )


def _erase_record(person: Facilitator | SitePerson, *, actor, reason: str, participant_records: int) -> None:
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
    support_records = 0
    if isinstance(person, Facilitator):
        # Support contacts, check-ins and observations are about this person: they go with the name.
        for related in (person.support_contacts, person.checkins, person.fidelity_observations):
            support_records += related.all().delete()[0]
        person.user = None
        # A new version: an edit form opened before the erasure cannot write the old name back.
        claim_version(person, expected_version=None)
    person.save(update_fields=fields)
    _erase_login(user)
    audit(
        actor=actor,
        action=Action.ERASE,
        target=person,
        changed_fields=fields,
        detail=(
            f"erased ({reason}), with {participant_records} training participant record(s)"
            f" and {support_records} support record(s)"
        ),
    )


# --- Subject access --------------------------------------------------------------------------


def person_export(*, person: Person) -> dict:
    """Everything held about one person, for a subject access request (JSON-safe)."""
    if isinstance(person, ReferralPartner):
        return {
            "kind": "referral partner's champion",
            "id": person.pk,
            "site": str(person.site),
            "name": person.champion_name,
            "champion_is_a": person.get_champion_kind_display(),
            "agency": person.agency,
            "team": person.team,
            "partner_since": _iso(person.since),
            "partner_ended_on": _iso(person.ended_on),
            "training": [],
        }
    if isinstance(person, Participant):
        data: dict = {"kind": "training participant", "id": person.pk, "name": person.name}
        data.update(role=person.role, contact=person.contact, agreed_to_be_recorded=person.agreed_to_be_recorded)
        data["facilitator_id"] = person.facilitator_id
        data["training"] = _training_export(person)
        return data
    data = {"kind": person._meta.verbose_name, "id": person.pk, "site": str(person.site)}
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
            support_contacts=[
                {"date": _iso(c.date), "kind": c.get_kind_display(), "who": c.given_by, "note": c.note}
                for c in person.support_contacts.order_by("date", "pk")
            ],
            wellbeing_checkins=[
                {
                    "answered_on": _iso(c.answered_on),
                    "feeling": c.get_feeling_display(),
                    "note": c.note,
                    "meetings_last_4_weeks": c.meetings_last_4_weeks,
                    "sole_facilitator": c.sole_facilitator,
                }
                for c in person.checkins.order_by("answered_on", "pk")
            ],
            fidelity_observations=[
                {
                    "date": _iso(o.date),
                    "observer": o.observer,
                    "agenda_followed": o.followed_agenda,
                    "tools_used": o.used_tools,
                    "confidentiality_statement_read": o.read_confidentiality,
                    "note": o.note,
                }
                for o in person.fidelity_observations.order_by("date", "pk")
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
    data["training"] = _training_export(person)
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
            "reports_requested": [
                {"at": r.created_at.isoformat(), "kind": r.kind, "format": r.format, "status": r.status}
                for r in user.report_requests.order_by("created_at")
            ],
        }
    return data


def _training_export(person: Person) -> list[dict]:
    """Their training participant records and the events they attended."""
    return [
        {
            "participant_id": row.pk,
            "matched_by": how,
            "event": row.event.title,
            "event_kind": row.event.get_kind_display(),
            "site": str(row.event.site) if row.event.site_id else "network-wide",
            "first_day": _iso(row.event.starts_on),
            "last_day": _iso(row.event.ends_on),
            "name_recorded": row.name,
            "role": row.role,
            "contact": row.contact,
            "agreed_to_be_recorded": row.agreed_to_be_recorded,
        }
        for row, how in participant_records(person)
    ]


def _iso(day) -> str | None:
    return day.isoformat() if day else None


@dataclass
class RetentionResult:
    facilitators_erased: int = 0
    people_erased: int = 0
    champions_erased: int = 0
    participants_erased: int = 0
    audit_entries_deleted: int = 0
    stale_session_rows: int = 0
    qualitative_notes_deleted: int = 0
    response_job_files_expired: int = 0


def retention_enforce(*, today: datetime.date | None = None) -> RetentionResult:
    """Erase people and participant records past the retention period; drop audit entries older than theirs."""
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
        person_erase(person=facilitator, actor=None, reason="retention period ended", by_email=False)
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
        person_erase(person=person, actor=None, reason="retention period ended", by_email=False)
        result.people_erased += 1

    # A referral partner's champion: the name goes once the partnership ended longer ago than the period.
    stale_champions = ReferralPartner.objects.exclude(champion_name="").filter(ended_on__lt=cutoff)
    for partner in stale_champions:
        person_erase(person=partner, actor=None, reason="retention period ended", by_email=False)
        result.champions_erased += 1

    # A participant record not linked to a facilitator: 24 months after its event's last day.
    # A linked one follows its facilitator (this also catches facilitators erased before the rule).
    stale_participants = Participant.objects.exclude(name__startswith=ERASED_PREFIX).filter(
        Q(facilitator__isnull=True, event__ends_on__lt=cutoff) | Q(facilitator__display_name__startswith=ERASED_PREFIX)
    )
    for row in stale_participants:
        _erase_participant(row, actor=None, reason="retention period ended")
        result.participants_erased += 1

    from evaluation import qualitative

    result.qualitative_notes_deleted = qualitative.retention_enforce(today)
    from evaluation.jobs import jobs_expire

    # Exports of responses and unconfirmed imports: their stored files go once they expire.
    result.response_job_files_expired = jobs_expire()

    audit_cutoff = today.replace(year=today.year - policy["audit_log_years"])
    old = AuditEntry.objects.filter(at__date__lt=audit_cutoff)
    # The retention task is the only path that removes audit entries; it bypasses the append-only guard.
    result.audit_entries_deleted, _ = models.QuerySet.delete(old)

    from django.contrib.sessions.models import Session

    live = Session.objects.filter(expire_date__gt=timezone.now()).values_list("session_key", flat=True)
    result.stale_session_rows, _ = UserSession.objects.exclude(session_key__in=live).delete()
    return result


# --- the audit log's links to people's records ---------------------------------------------------
def _facilitator_urls(ids):
    return {
        pk: reverse("groups:facilitator_edit", args=[pk])
        for pk in Facilitator.objects.filter(pk__in=ids).values_list("pk", flat=True)
    }


def _site_person_urls(ids):
    rows = SitePerson.objects.filter(pk__in=ids).values_list("pk", "site__slug")
    return {pk: reverse("sites:person_edit", args=[slug, pk]) for pk, slug in rows}


def _champion_urls(ids):
    return {
        pk: reverse("referrals:partner_edit", args=[pk])
        for pk in ReferralPartner.objects.filter(pk__in=ids).values_list("pk", flat=True)
    }


def _participant_urls(ids):
    rows = Participant.objects.filter(pk__in=ids).values_list("pk", "event_id")
    return {pk: f"{reverse('training:detail', args=[event_id])}#participant-{pk}" for pk, event_id in rows}


# Records about people whose page the audit log links to, while the record exists.
RECORD_PAGES = {
    "groups.Facilitator": _facilitator_urls,
    "sites.SitePerson": _site_person_urls,
    "training.Participant": _participant_urls,
    "referrals.ReferralPartner": _champion_urls,
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
