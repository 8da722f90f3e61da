"""Writes: group status, facilitator assignments and meeting registrations, each audited.

The programme's rules on who facilitates a meeting live here (`meeting_check`), so that the
registration form, the admin and any import obey the same ones; what must hold within one
registration (newcomers within attendance, a cancelled meeting's reason) is `Meeting.clean()`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from groups import conf, plausibility, selectors
from groups.models import ClosureReason, Facilitator, Group, GroupStatus, GroupStatusChange, Meeting
from groups.signoff import ensure_month_open
from pilot.audit import audit
from pilot.concurrency import claim_version
from pilot.roles import Role, role_of
from training.selectors import training_status

PROFESSIONAL_RULE = (
    "Professionals may attend meetings but must not facilitate them "
    "(a rule of the pilot's steering committee): groups stay peer-led."
)
ENDED = (GroupStatus.CLOSED, GroupStatus.NEVER_STARTED)


@transaction.atomic
def group_set_status(
    *, group: Group, status: str, changed_on: date, actor, reason: str = "", note: str = ""
) -> GroupStatusChange:
    """Record a dated status change in the group's history and make it the current status."""
    if status not in GroupStatus.values:
        raise ValidationError({"status": "Choose one of the listed statuses."})
    if reason and reason not in ClosureReason.values:
        raise ValidationError({"reason": "Choose one of the listed reasons."})
    if status in ENDED and not reason:
        raise ValidationError({"reason": "Say why the group closed or never started."})
    if changed_on > timezone.localdate():
        raise ValidationError({"changed_on": "The date cannot be in the future."})
    change = GroupStatusChange.objects.create(
        group=group, status=status, changed_on=changed_on, reason=reason, note=note, changed_by=actor
    )
    latest = group.status_changes.order_by("-changed_on", "-recorded_at", "-pk").first()
    group.status = latest.status
    group.status_since = latest.changed_on
    group.closure_reason = latest.reason if latest.status in ENDED else ""
    group.save(update_fields=["status", "status_since", "closure_reason"])
    audit(actor=actor, action="create", target=change, changed_fields=["status", "changed_on", "reason", "note"])
    return change


def check_may_facilitate(facilitators: Iterable[Facilitator]) -> None:
    """Refuse professionals as facilitators, naming them."""
    professionals = [f.display_name for f in facilitators if f.is_professional]
    if professionals:
        raise ValidationError(f"{', '.join(professionals)}: {PROFESSIONAL_RULE}")


@transaction.atomic
def facilitator_set_groups(*, facilitator: Facilitator, groups: Iterable[Group], actor) -> None:
    """Assign the groups a facilitator runs; professionals and groups of other sites are refused."""
    groups = list(groups)
    if groups:
        check_may_facilitate([facilitator])
    elsewhere = [g.name for g in groups if g.site_id != facilitator.site_id]
    if elsewhere:
        raise ValidationError(f"Not a group of the facilitator's site: {', '.join(elsewhere)}.")
    claim_version(facilitator, expected_version=None)
    facilitator.groups.set(groups)
    audit(actor=actor, action="update", target=facilitator, changed_fields=["groups"])


UNTRAINED_WARNING = "No facilitator training is recorded for "
DUPLICATE_MEETING = "A meeting on this date is already registered for this group."
FUTURE_MEETING = "The date cannot be in the future: register a meeting after it has happened."


@dataclass(frozen=True)
class MeetingSaved:
    """A saved registration and what the person who saved it should be told (e.g. no training recorded)."""

    meeting: Meeting
    warnings: tuple[str, ...] = ()


def meeting_check(
    *,
    group: Group,
    date: date,
    facilitators: Iterable[Facilitator],
    held: bool = True,
    duration_minutes: int | None = None,
) -> list[str]:
    """The programme's rules for a registration: ValidationError with field keys, else the warnings to show.

    Professionals may attend but not facilitate (PROFESSIONAL_RULE); facilitators belong to the group's
    site; with REQUIRE_TRAINED_FACILITATOR someone with no facilitator training recorded (training app)
    is refused (`block`) or saved with a warning (`warn`); the meeting has happened.
    """
    facilitators = list(facilitators)
    errors: dict[str, list[str]] = {}
    if date > timezone.localdate():
        errors["date"] = [FUTURE_MEETING]
    professionals = [f.display_name for f in facilitators if f.is_professional]
    if professionals:
        errors.setdefault("facilitators", []).append(
            f"{', '.join(professionals)} cannot be listed: {PROFESSIONAL_RULE}"
        )
    elsewhere = [f.display_name for f in facilitators if f.site_id != group.site_id]
    if elsewhere:
        errors.setdefault("facilitators", []).append(f"Not facilitators at {group.site.name}: {', '.join(elsewhere)}.")
    refused, warnings = _training_gate(facilitators)
    if refused:
        errors.setdefault("facilitators", []).append(refused)
    if errors:
        raise ValidationError(errors)
    low, high = conf.usual_duration_range()
    if held and duration_minutes is not None and not low <= duration_minutes <= high:
        warnings.append(f"{duration_minutes} minutes is outside the usual {low}-{high}; saved as you entered it.")
    return warnings


def _training_gate(facilitators: list[Facilitator]) -> tuple[str, list[str]]:
    """REQUIRE_TRAINED_FACILITATOR for these facilitators: (the refusal or "", the warnings)."""
    gate = conf.require_trained_facilitator()
    if gate == "off" or not facilitators:
        return "", []
    status = training_status([f.pk for f in facilitators])
    untrained = ", ".join(f.display_name for f in facilitators if not status[f.pk].trained)
    if not untrained:
        return "", []
    if gate == "block":
        refusal = (
            f"{untrained}: no facilitator training recorded, and the programme asks that only trained "
            "facilitators run meetings. Ask the coordinator to record the training."
        )
        return refusal, []
    return "", [f"{UNTRAINED_WARNING}{untrained}."]


def meeting_plausibility(meeting: Meeting, facilitator_count: int) -> list[plausibility.PlausibilityWarning]:
    """The plausibility warnings (groups.plausibility) for this registration as it stands, before it is saved."""
    values = plausibility.Values(
        date=meeting.date,
        held=meeting.held,
        attendance=meeting.attendance,
        newcomers=meeting.newcomers,
        facilitator_count=facilitator_count,
        registered_on=timezone.localdate(meeting.registered_at),
    )
    history = selectors.attendance_history(meeting.group, meeting.date, exclude_pk=meeting.pk)
    return plausibility.check(meeting.group, values, history)


def _save_meeting(meeting: Meeting, facilitators: Iterable[Facilitator], confirmed: Collection[str]) -> list[str]:
    """Check the registration against Meeting.clean() and meeting_check (all errors at once), then the
    plausibility rules (each warning confirmed, else UnconfirmedWarnings), then save it."""
    facilitators = list(facilitators)
    errors: dict = {}
    warnings: list[str] = []
    try:
        meeting.full_clean(exclude=["registered_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    try:
        warnings = meeting_check(
            group=meeting.group,
            date=meeting.date,
            facilitators=facilitators,
            held=meeting.held,
            duration_minutes=meeting.duration_minutes,
        )
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    # Checked again here, inside the transaction: two people may register the same meeting at once.
    if Meeting.objects.filter(group_id=meeting.group_id, date=meeting.date).exclude(pk=meeting.pk).exists():
        raise ValidationError({"date": DUPLICATE_MEETING})
    found = meeting_plausibility(meeting, len(facilitators))
    pending = plausibility.unconfirmed(found, confirmed)
    if pending:
        raise plausibility.UnconfirmedWarnings(pending)
    meeting.confirmed_warnings = [w.code for w in found]
    try:
        with transaction.atomic():
            meeting.validate_constraints()
            meeting.save()
    except ValidationError as exc:
        # On PostgreSQL the other registration may commit between the check above and this one.
        duplicate = any(e.code == "unique_together" for e in getattr(exc, "error_dict", {}).get(NON_FIELD_ERRORS, []))
        if duplicate:
            raise ValidationError({"date": DUPLICATE_MEETING}) from None
        raise
    except IntegrityError:
        raise ValidationError({"date": DUPLICATE_MEETING}) from None
    meeting.facilitators.set(facilitators)
    return warnings


@transaction.atomic
def meeting_register(
    *,
    group: Group,
    date: date,
    actor,
    facilitators: Iterable[Facilitator] = (),
    confirmed: Collection[str] = (),
    **fields,
) -> MeetingSaved:
    """Register one meeting (or its cancellation) of a group; counts only, nothing identifying a member.

    Refused with a ValidationError (field keys) where it breaks a rule of `meeting_check` or `Meeting.clean`;
    with `plausibility.UnconfirmedWarnings` where a plausibility warning is not in `confirmed` (codes or tokens).
    """
    ensure_month_open(site=group.site_id, day=date)
    meeting = Meeting(group=group, date=date, registered_by=actor, registered_at=timezone.now(), **fields)
    warnings = _save_meeting(meeting, facilitators, confirmed)
    flagged = ["confirmed_warnings"] if meeting.confirmed_warnings else []
    audit(actor=actor, action="create", target=meeting, changed_fields=["date", "group", *fields, *flagged])
    return MeetingSaved(meeting, tuple(warnings))


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor,
    facilitators: Iterable[Facilitator],
    changed_fields: Iterable[str] = (),
    expected_version: int | None = None,
    confirmed: Collection[str] = (),
    **fields,
) -> MeetingSaved:
    """Change a registration under the same rules; the caller has checked the edit window (`may_edit_meeting`).

    A save by someone else since `expected_version` is refused (pilot.concurrency.StaleEdit).
    """
    ensure_month_open(site=meeting.group.site_id, day=meeting.date)  # neither out of an approved month...
    claim_version(meeting, expected_version=expected_version)
    for name, value in fields.items():
        setattr(meeting, name, value)
    ensure_month_open(site=meeting.group.site_id, day=meeting.date)  # ...nor into one
    before = list(meeting.confirmed_warnings)
    warnings = _save_meeting(meeting, facilitators, confirmed)
    changed = list(changed_fields) or list(fields)
    changed += ["confirmed_warnings"] if meeting.confirmed_warnings != before else []
    audit(actor=actor, action="update", target=meeting, changed_fields=changed)
    return MeetingSaved(meeting, tuple(warnings))


def may_edit_meeting(user, meeting: Meeting, now=None) -> bool:
    """Coordinators and the site's contacts any time; a facilitator their own registrations for 14 days."""
    role = role_of(user)
    if role in (Role.COORDINATOR, Role.SITE_CONTACT):
        return True
    if role == Role.FACILITATOR:
        now = now or timezone.now()
        return meeting.registered_by_id == user.pk and now - meeting.registered_at <= timedelta(
            days=conf.edit_window_days()
        )
    return False


@transaction.atomic
def group_save(*, group: Group, actor, changed_fields: Iterable[str], expected_version: int | None = None) -> Group:
    """Create or update a group's details; a new group starts its history as forming.

    A save by someone else since `expected_version` is refused (pilot.concurrency.StaleEdit).
    """
    created = group.pk is None
    claim_version(group, expected_version=expected_version)
    group.save()
    if created:
        GroupStatusChange.objects.create(
            group=group, status=group.status, changed_on=timezone.localdate(), changed_by=actor
        )
        Group.objects.filter(pk=group.pk).update(status_since=timezone.localdate())
    audit(actor=actor, action="create" if created else "update", target=group, changed_fields=changed_fields)
    return group


@transaction.atomic
def facilitator_save(
    *,
    facilitator: Facilitator,
    groups: Iterable[Group],
    actor,
    changed_fields: Iterable[str],
    expected_version: int | None = None,
):
    """Create or update a facilitator record and the groups they run (professionals run none).

    A save by someone else since `expected_version` is refused (pilot.concurrency.StaleEdit).
    """
    created = facilitator.pk is None
    groups = list(groups)
    if groups:
        check_may_facilitate([facilitator])
    claim_version(facilitator, expected_version=expected_version)
    facilitator.save()
    facilitator.groups.set(groups)
    audit(actor=actor, action="create" if created else "update", target=facilitator, changed_fields=changed_fields)
    return facilitator


@transaction.atomic
def facilitator_training_notice(*, user, facilitators: Iterable[Facilitator]) -> str:
    """Once, and only to the facilitator concerned: the notice that no training is recorded for them and whom to
    ask. Empty when the user is not among these facilitators, is trained, or was told before."""
    if conf.require_trained_facilitator() != "warn":
        return ""
    me = next((f for f in facilitators if f.user_id is not None and f.user_id == user.pk), None)
    if me is None or me.training_notice_on is not None or training_status([me.pk])[me.pk].trained:
        return ""
    Facilitator.objects.filter(pk=me.pk).update(training_notice_on=timezone.localdate())
    audit(actor=user, action="update", target=me, changed_fields=["training_notice_on"])
    return (
        f"{UNTRAINED_WARNING}{me.display_name}. You can go on registering meetings; to have your training "
        f"recorded, or to join the next training, ask your site contact at {me.site.name} or the programme "
        "coordinator, who has it on their list. You will not be told this again."
    )
