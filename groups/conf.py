"""Tunables of the groups app (defaults and meanings: pilot/conf.py, docs/configuration.md)."""

from __future__ import annotations

from pilot.conf import setting


def require_trained_facilitator() -> str:
    """off / warn / block: may someone with no recorded facilitator training be listed as facilitating?"""
    return setting("REQUIRE_TRAINED_FACILITATOR")


def edit_window_days() -> int:
    return setting("GROUPS_EDIT_WINDOW_DAYS")


def registration_due_days() -> int:
    return setting("GROUPS_REGISTRATION_DUE_DAYS")


def missing_lookback_days() -> int:
    return setting("GROUPS_MISSING_LOOKBACK_DAYS")


def usual_duration_range() -> tuple[int, int]:
    return setting("GROUPS_USUAL_DURATION_RANGE")


def single_facilitator_threshold() -> int:
    return setting("GROUPS_SINGLE_FACILITATOR_THRESHOLD")


def silent_days() -> int:
    return setting("GROUPS_SILENT_DAYS")


def meetings_per_page() -> int:
    return setting("GROUPS_MEETINGS_PER_PAGE")


def meetings_count_limit() -> int:
    return setting("GROUPS_MEETINGS_COUNT_LIMIT")


def plausible_history_meetings() -> int:
    return setting("GROUPS_PLAUSIBLE_HISTORY_MEETINGS")


def plausible_established_meetings() -> int:
    return setting("GROUPS_PLAUSIBLE_ESTABLISHED_MEETINGS")


def plausible_attendance_floor() -> int:
    return setting("GROUPS_PLAUSIBLE_ATTENDANCE_FLOOR")


def plausible_attendance_factor() -> int:
    return setting("GROUPS_PLAUSIBLE_ATTENDANCE_FACTOR")


def plausible_low_from_median() -> int:
    return setting("GROUPS_PLAUSIBLE_LOW_FROM_MEDIAN")


def plausible_newcomer_share() -> float:
    return setting("GROUPS_PLAUSIBLE_NEWCOMER_SHARE")


def plausible_late_days() -> int:
    return setting("GROUPS_PLAUSIBLE_LATE_DAYS")


def feed_max_age() -> int:
    return setting("GROUPS_FEED_MAX_AGE")
