"""Tunables of the groups app, each overridable in settings (documented in docs/groups.md).

Read lazily (`conf.EDIT_WINDOW_DAYS`), so `override_settings` in tests takes effect.
"""

from django.conf import settings

# name here: (setting name, default)
_DEFAULTS = {
    # Facilitators may change their own registrations for this many days after registering.
    "EDIT_WINDOW_DAYS": ("GROUPS_EDIT_WINDOW_DAYS", 14),
    # A scheduled meeting counts as missing, and a registration as late, after this many days.
    "REGISTRATION_DUE_DAYS": ("GROUPS_REGISTRATION_DUE_DAYS", 7),
    # How far back the missing-registrations list looks.
    "MISSING_LOOKBACK_DAYS": ("GROUPS_MISSING_LOOKBACK_DAYS", 91),
    # Meetings usually last 60-90 minutes; outside this range the form warns (it does not refuse).
    "USUAL_DURATION_RANGE": ("GROUPS_USUAL_DURATION_RANGE", (60, 90)),
    # Health flag: a site whose meeting groups have at most this many active facilitators relies on one person.
    "SINGLE_FACILITATOR_THRESHOLD": ("GROUPS_SINGLE_FACILITATOR_THRESHOLD", 1),
    # Health flag: no meeting registered at a site with a meeting group for this many days.
    "SILENT_DAYS": ("GROUPS_SILENT_DAYS", 21),
    # off / warn / block: may someone with no recorded facilitator training be listed as facilitating?
    "REQUIRE_TRAINED_FACILITATOR": ("REQUIRE_TRAINED_FACILITATOR", "warn"),
    # The meetings list shows this many rows per page.
    "MEETINGS_PER_PAGE": ("GROUPS_MEETINGS_PER_PAGE", 50),
}


def __getattr__(name: str):
    try:
        setting, default = _DEFAULTS[name]
    except KeyError:
        raise AttributeError(name) from None
    return getattr(settings, setting, default)
