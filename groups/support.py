"""Facilitator support: contacts, wellbeing check-ins, fidelity observations, and the flags (docs/support.md).

`support_flags` is the one function every page uses for the flags: the facilitator's support page, the site
page's panel and the coordinator's start page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from groups.models import Facilitator, Feeling, Meeting, SupportContact, WellbeingCheckIn
from pilot.audit import audit
from programmes.models import ProgrammeSite, SupportPolicy

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
    """The support policy of the programme running today that the facilitator's site takes part in; on request
    when there is none (the default of a new programme)."""
    today = today or timezone.localdate()
    return _policies({facilitator.site_id}, today).get(facilitator.site_id, SupportPolicy.ON_REQUEST)


def load(facilitator: Facilitator, today: date | None = None) -> dict:
    """Meetings run in the last four weeks, and whether the facilitator ran all of them alone."""
    today = today or timezone.localdate()
    meetings = Meeting.objects.filter(
        facilitators=facilitator, date__gt=today - timedelta(weeks=LOAD_WEEKS), date__lte=today
    )
    return {"meetings": meetings.count(), "sole": _ran_all_alone(facilitator, today, LOAD_WEEKS)}


def _ran_all_alone(facilitator: Facilitator, today: date, weeks: int) -> bool:
    return facilitator.pk in _alone([facilitator.pk], today, weeks)


def support_flags(facilitators, today: date | None = None) -> list[Flag]:
    """The support flags of these (active) facilitators, as their programme's support policy allows.

    A constant number of queries however many facilitators (the site page and the start page list many)."""
    today = today or timezone.localdate()
    facilitators = [f for f in facilitators if f.is_active]
    if not facilitators:
        return []
    ids = [f.pk for f in facilitators]
    policies = _policies({f.site_id for f in facilitators}, today)
    alone = _alone(ids, today, ALONE_WEEKS)
    since = today - timedelta(weeks=NO_CONTACT_WEEKS)
    supported = set(
        SupportContact.objects.filter(facilitator_id__in=ids, date__gt=since).values_list("facilitator_id", flat=True)
    )
    latest: dict[int, str] = {}
    for facilitator_id, feeling in (
        WellbeingCheckIn.objects.filter(facilitator_id__in=ids)
        .order_by("facilitator_id", "-answered_on", "-pk")
        .values_list("facilitator_id", "feeling")
    ):
        latest.setdefault(facilitator_id, feeling)
    flags = []
    for facilitator in facilitators:
        shown = FLAGS_BY_POLICY[policies.get(facilitator.site_id, SupportPolicy.ON_REQUEST)]
        if "alone" in shown and facilitator.pk in alone:
            flags.append(Flag(facilitator, "alone"))
        started = facilitator.active_since
        if "no_contact" in shown and (started is None or started <= since) and facilitator.pk not in supported:
            flags.append(Flag(facilitator, "no_contact"))
        if "struggling" in shown and latest.get(facilitator.pk) == Feeling.STRUGGLING:
            flags.append(Flag(facilitator, "struggling"))
    return flags


def _policies(site_ids, today: date) -> dict[int, SupportPolicy]:
    """Each site's support policy: that of the latest-starting programme running today the site has joined."""
    rows = (
        ProgrammeSite.objects.filter(
            site_id__in=site_ids,
            joined_on__lte=today,
            programme__starts_on__lte=today,
            programme__ends_on__gte=today,
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .order_by("site_id", "-programme__starts_on")
        .values_list("site_id", "programme__support_policy")
    )
    policies: dict[int, SupportPolicy] = {}
    for site_id, policy in rows:
        policies.setdefault(site_id, SupportPolicy(policy))
    return policies


def _alone(ids, today: date, weeks: int) -> set[int]:
    """Of these facilitators, those who ran at least one meeting in the last `weeks` weeks and every one alone."""
    through = Meeting.facilitators.through
    window = {"meeting__date__gt": today - timedelta(weeks=weeks), "meeting__date__lte": today}
    pairs = list(through.objects.filter(facilitator_id__in=ids, **window).values_list("facilitator_id", "meeting_id"))
    shared = set(
        through.objects.filter(meeting_id__in={m for _, m in pairs})
        .values("meeting_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("meeting_id", flat=True)
    )
    ran = {f for f, _ in pairs}
    return {f for f in ran if not any(m in shared for g, m in pairs if g == f)}


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
