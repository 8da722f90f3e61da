"""Facilitator support: contacts, wellbeing check-ins, fidelity observations, and the flags (docs/support.md).

`support_flags` is the one function every page uses for the flags: the facilitator's support page, the site
page's panel and the coordinator's start page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from groups.models import Facilitator, Feeling, Meeting, WellbeingCheckIn
from pilot.audit import audit
from programmes.models import Programme, SupportPolicy

ALONE_WEEKS = 6
NO_CONTACT_WEEKS = 8
LOAD_WEEKS = 4

# Which flags each support policy shows: with no support offered, "no support contact" is no warning;
# with support on request, only a facilitator saying they struggle asks for it.
FLAGS_BY_POLICY = {
    SupportPolicy.NONE: ("alone", "struggling"),
    SupportPolicy.ON_REQUEST: ("struggling",),
    SupportPolicy.REGULAR: ("alone", "no_contact", "struggling"),
}
FLAG_LABELS = {
    "alone": f"Ran every meeting alone for {ALONE_WEEKS} weeks",
    "no_contact": f"No support contact in {NO_CONTACT_WEEKS} weeks",
    "struggling": "Said they are struggling at their last check-in",
}


@dataclass(frozen=True)
class Flag:
    facilitator: Facilitator
    code: str

    @property
    def label(self) -> str:
        return FLAG_LABELS[self.code]


def policy_for(facilitator: Facilitator, today: date | None = None) -> SupportPolicy:
    """The support policy of a programme running today that the facilitator's site takes part in; on request
    when there is none (the default of a new programme)."""
    today = today or timezone.localdate()
    programme = (
        Programme.objects.running_on(today)
        .filter(memberships__site_id=facilitator.site_id, memberships__joined_on__lte=today)
        .order_by("-starts_on")
        .first()
    )
    return SupportPolicy(programme.support_policy) if programme else SupportPolicy.ON_REQUEST


def load(facilitator: Facilitator, today: date | None = None) -> dict:
    """Meetings run in the last four weeks, and whether the facilitator ran all of them alone."""
    today = today or timezone.localdate()
    meetings = Meeting.objects.filter(
        facilitators=facilitator, date__gt=today - timedelta(weeks=LOAD_WEEKS), date__lte=today
    )
    return {"meetings": meetings.count(), "sole": _ran_all_alone(facilitator, today, LOAD_WEEKS)}


def _ran_all_alone(facilitator: Facilitator, today: date, weeks: int) -> bool:
    meetings = list(
        Meeting.objects.filter(facilitators=facilitator, date__gt=today - timedelta(weeks=weeks), date__lte=today)
        .prefetch_related("facilitators")
        .only("pk")
    )
    return bool(meetings) and all(len(m.facilitators.all()) == 1 for m in meetings)


def support_flags(facilitators, today: date | None = None) -> list[Flag]:
    """The support flags of these (active) facilitators, as their programme's support policy allows."""
    today = today or timezone.localdate()
    flags = []
    for facilitator in facilitators:
        if not facilitator.is_active:
            continue
        shown = FLAGS_BY_POLICY[policy_for(facilitator, today)]
        if "alone" in shown and _ran_all_alone(facilitator, today, ALONE_WEEKS):
            flags.append(Flag(facilitator, "alone"))
        if "no_contact" in shown:
            since = today - timedelta(weeks=NO_CONTACT_WEEKS)
            started = facilitator.active_since
            if (started is None or started <= since) and not facilitator.support_contacts.filter(
                date__gt=since
            ).exists():
                flags.append(Flag(facilitator, "no_contact"))
        if "struggling" in shown:
            last = facilitator.checkins.first()
            if last is not None and last.feeling == Feeling.STRUGGLING:
                flags.append(Flag(facilitator, "struggling"))
    return flags


def support_flags_for(user, today: date | None = None) -> list[Flag]:
    """Flags of the facilitators whose support this user sees (coordinator: all; site contact: their site's)."""
    return support_flags(_supportable(user), today)


def _supportable(user):
    from pilot.roles import Role, role_of

    if role_of(user) not in (Role.COORDINATOR, Role.SITE_CONTACT):
        return Facilitator.objects.none()
    return Facilitator.objects.visible_to(user).active().select_related("site")


@transaction.atomic
def record_support(instance, *, actor):
    """Save a support contact or a fidelity observation, audited."""
    instance.save()
    audit(
        actor=actor,
        action="create",
        target=instance.facilitator,
        detail=f"{instance._meta.verbose_name}: {instance.pk}",
    )
    return instance


@transaction.atomic
def record_checkin(checkin: WellbeingCheckIn, *, actor, today: date | None = None) -> WellbeingCheckIn:
    """Save a facilitator's check-in with their load on the day, audited (the answer itself is not logged)."""
    current = load(checkin.facilitator, today)
    checkin.meetings_last_4_weeks = current["meetings"]
    checkin.sole_facilitator = current["sole"]
    checkin.save()
    audit(actor=actor, action="create", target=checkin.facilitator, detail=f"wellbeing check-in: {checkin.pk}")
    return checkin
