"""The lifecycle of a host site: which status may follow which, and why not."""

from __future__ import annotations

from sites.models import Status

S = Status

# Forward steps (and the exits) allowed from each status without any special note.
ALLOWED: dict[str, set[str]] = {
    S.APPLIED: {S.SELECTED, S.NOT_SELECTED, S.WITHDRAWN},
    S.SELECTED: {S.AGREEMENT_ISSUED, S.WITHDRAWN, S.ENDED},
    S.AGREEMENT_ISSUED: {S.AGREEMENT_SIGNED, S.WITHDRAWN, S.ENDED},
    S.AGREEMENT_SIGNED: {S.TRAINING_DELIVERED, S.WITHDRAWN, S.ENDED},
    S.TRAINING_DELIVERED: {S.GROUPS_MEETING, S.WITHDRAWN, S.ENDED},
    # Groups can stop meeting and be restarted after more training.
    S.GROUPS_MEETING: {S.SELF_SUSTAINING, S.TRAINING_DELIVERED, S.WITHDRAWN, S.ENDED},
    S.SELF_SUSTAINING: {S.GROUPS_MEETING, S.WITHDRAWN, S.ENDED},
    S.NOT_SELECTED: set(),
    S.WITHDRAWN: set(),
    S.ENDED: set(),
}

# Leaving these needs a note saying why the site is back (e.g. Cumbria chosen to replace Cornwall).
CLOSED = {S.NOT_SELECTED, S.WITHDRAWN, S.ENDED}
# Exits that need a reason in the note.
NEEDS_REASON = {S.WITHDRAWN, S.NOT_SELECTED, S.ENDED}


def transition_error(current: str, target: str, note: str) -> str | None:
    """Why the step from `current` to `target` is refused, or None if it is allowed."""
    cur, to = Status(current), Status(target)
    if cur == to:
        return f"The site is already “{to.label}”."
    if cur in CLOSED:
        if to in CLOSED:
            return f"A site that is “{cur.label}” cannot become “{to.label}”."
        if not note.strip():
            return f"The site is “{cur.label}”: to make it “{to.label}” again, add a note explaining the reactivation."
        return None
    if to not in ALLOWED[cur]:
        steps = ", ".join(f"“{Status(s).label}”" for s in sorted(ALLOWED[cur], key=list(Status).index))
        return f"A site that is “{cur.label}” cannot jump to “{to.label}”; next steps are: {steps}."
    if to in NEEDS_REASON and not note.strip():
        return f"Say why the site is “{to.label}” in the note."
    return None


def next_statuses(current: str) -> list[Status]:
    """Statuses offered in the status form after `current`."""
    cur = Status(current)
    if cur in CLOSED:
        return [s for s in Status if s not in CLOSED]
    return [s for s in Status if s in ALLOWED[cur]]
