"""Plausibility rules for a meeting registration: soft warnings the registrant confirms once, never refusals.

Each rule is a pure function of the group, the registration's values and the group's history (`History`,
read by `groups.selectors.attendance_history`); `check` runs them all. The meeting services call `check`
(groups.services), so the registration form, the admin and any import obey the same rules: a warning that
was not confirmed stops the save (`UnconfirmedWarnings`), a confirmed one is saved in
`Meeting.confirmed_warnings` by its code. Thresholds are settings (groups/conf.py, docs/configuration.md).

A confirmation names a warning either by its code ("attendance_high": whatever the value, as the admin and
imports say it) or by its token ("attendance_high:150": this value only, as the form says it, so that a
changed value is asked about again).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median

from django.core.exceptions import ValidationError

from groups import conf

ATTENDANCE_HIGH = "attendance_high"
ATTENDANCE_LOW = "attendance_low"
NEWCOMERS_HIGH = "newcomers_high"
OFF_SCHEDULE_DAY = "off_schedule_day"
NO_FACILITATOR = "no_facilitator"
LATE_REGISTRATION = "late_registration"
CODES = (ATTENDANCE_HIGH, ATTENDANCE_LOW, NEWCOMERS_HIGH, OFF_SCHEDULE_DAY, NO_FACILITATOR, LATE_REGISTRATION)
# What the flag beside a confirmed value says, per code.
LABELS = {
    ATTENDANCE_HIGH: "attendance unusually high",
    ATTENDANCE_LOW: "attendance unusually low",
    NEWCOMERS_HIGH: "unusually many newcomers",
    OFF_SCHEDULE_DAY: "not the group's meeting day",
    NO_FACILITATOR: "no facilitator ticked",
    LATE_REGISTRATION: "registered late",
}
_TIMES = {2: "twice", 3: "three times", 4: "four times", 5: "five times"}
_PARTS = {2: "half", 3: "a third", 4: "a quarter", 5: "a fifth"}
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class History:
    """What the rules know of a group's past: the attendance of its last held meetings before the date (at most
    GROUPS_PLAUSIBLE_HISTORY_MEETINGS) and how many held meetings it had before the date."""

    recent_attendance: tuple[int, ...] = ()
    held_before: int = 0

    @property
    def established(self) -> bool:
        return self.held_before >= conf.plausible_established_meetings()

    @property
    def usual(self) -> float | None:
        """The median attendance of the recent held meetings; None until the group is established."""
        if not self.established or not self.recent_attendance:
            return None
        return median(self.recent_attendance)


@dataclass(frozen=True)
class Values:
    """The registration as the rules see it (cleaned values, before saving)."""

    date: date
    held: bool
    attendance: int | None
    newcomers: int | None
    facilitator_count: int
    registered_on: date


@dataclass(frozen=True)
class PlausibilityWarning:
    code: str  # one of CODES; stored in Meeting.confirmed_warnings once confirmed
    field: str  # the form field it is shown beside
    message: str  # the question, ending "Is it right?"
    confirm_label: str  # the button that confirms it: "Yes, 150 is right"
    value: str  # the value it is about, so a confirmation of another value does not count

    @property
    def token(self) -> str:
        return f"{self.code}:{self.value}"


class UnconfirmedWarnings(ValidationError):
    """Raised by the meeting services when a registration has warnings nobody confirmed; nothing is saved."""

    def __init__(self, warnings: list[PlausibilityWarning]):
        self.warnings = warnings
        errors: dict[str, list[ValidationError]] = {}
        for w in warnings:
            errors.setdefault(w.field, []).append(ValidationError(w.message, code=w.code))
        super().__init__(errors)


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def attendance_rules(values: Values, history: History) -> list[PlausibilityWarning]:
    """Attendance above max(floor, factor x usual), or below usual / factor when the usual is large enough."""
    if not values.held or values.attendance is None:
        return []
    attendance, usual = values.attendance, history.usual
    floor, factor = conf.plausible_attendance_floor(), conf.plausible_attendance_factor()
    confirm = f"Yes, {attendance} is right"
    times = _TIMES.get(factor, f"{factor} times")
    if usual is None:
        if attendance > floor:
            message = f"{attendance} is more than {floor}, unusually many for one meeting. Is it right?"
            return [PlausibilityWarning(ATTENDANCE_HIGH, "attendance", message, confirm, str(attendance))]
        return []
    if attendance > max(floor, factor * usual):
        message = f"{attendance} is more than {times} this group's usual attendance of {_number(usual)}. Is it right?"
        return [PlausibilityWarning(ATTENDANCE_HIGH, "attendance", message, confirm, str(attendance))]
    if usual >= conf.plausible_low_from_median() and attendance < usual / factor:
        part = _PARTS.get(factor, f"1/{factor}")
        usual_text = _number(usual)
        message = f"{attendance} is less than {part} of this group's usual attendance of {usual_text}. Is it right?"
        return [PlausibilityWarning(ATTENDANCE_LOW, "attendance", message, confirm, str(attendance))]
    return []


def newcomers_rule(values: Values, history: History) -> list[PlausibilityWarning]:
    """At an established group, newcomers above GROUPS_PLAUSIBLE_NEWCOMER_SHARE of the attendance."""
    attendance, newcomers = values.attendance, values.newcomers
    if not values.held or not attendance or newcomers is None or not history.established:
        return []
    share = conf.plausible_newcomer_share()
    if newcomers <= share * attendance:
        return []
    part = "half" if share == 0.5 else f"{share:.0%}"
    message = (
        f"{newcomers} of the {attendance} attending are newcomers: more than {part}, at a group that has met "
        f"{history.held_before} times. Is it right?"
    )
    confirm = f"Yes, {newcomers} newcomers is right"
    return [PlausibilityWarning(NEWCOMERS_HIGH, "newcomers", message, confirm, f"{newcomers}/{attendance}")]


def schedule_rule(group, values: Values) -> list[PlausibilityWarning]:
    """A date that is not one of the group's meeting days (groups with no regular day are not asked)."""
    days = group.meeting_days
    if not days or values.date.weekday() in days:
        return []
    usual = " or ".join(_DAYS[d] + "s" for d in days)
    message = f"{values.date:%A %d/%m/%Y} is not this group's meeting day ({usual}). Is the date right?"
    confirm = f"Yes, {values.date:%A} {values.date:%d/%m} is right"
    return [PlausibilityWarning(OFF_SCHEDULE_DAY, "date", message, confirm, f"{group.pk}/{values.date.isoformat()}")]


def facilitator_rule(values: Values) -> list[PlausibilityWarning]:
    """A held meeting with no facilitator ticked."""
    if not values.held or values.facilitator_count:
        return []
    message = "No facilitator is ticked for a meeting that was held. Is that right?"
    return [PlausibilityWarning(NO_FACILITATOR, "facilitators", message, "Yes, no facilitator is right", "0")]


def late_rule(values: Values) -> list[PlausibilityWarning]:
    """Registered more than GROUPS_PLAUSIBLE_LATE_DAYS after the meeting."""
    late = conf.plausible_late_days()
    days = (values.registered_on - values.date).days
    if days <= late:
        return []
    message = f"This meeting was {days} days before it was registered, more than {late}. Is the date right?"
    confirm = f"Yes, {values.date:%d/%m/%Y} is right"
    return [PlausibilityWarning(LATE_REGISTRATION, "date", message, confirm, values.date.isoformat())]


def check(group, values: Values, history: History) -> list[PlausibilityWarning]:
    """Every rule's warnings for this registration of this group, in the order of the form's fields."""
    return [
        *schedule_rule(group, values),
        *late_rule(values),
        *facilitator_rule(values),
        *attendance_rules(values, history),
        *newcomers_rule(values, history),
    ]


def unconfirmed(warnings: Iterable[PlausibilityWarning], confirmed: Collection[str]) -> list[PlausibilityWarning]:
    """The warnings confirmed neither by their code nor by their token."""
    return [w for w in warnings if w.code not in confirmed and w.token not in confirmed]


def labels(codes: Iterable[str]) -> list[str]:
    """What a flag says for these confirmed codes."""
    return [LABELS.get(code, code) for code in codes]
