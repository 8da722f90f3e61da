from itertools import product

from sites.lifecycle import next_statuses, transition_error
from sites.models import Status

S = Status
PATH = [
    S.APPLIED,
    S.SELECTED,
    S.AGREEMENT_ISSUED,
    S.AGREEMENT_SIGNED,
    S.TRAINING_DELIVERED,
    S.GROUPS_MEETING,
    S.SELF_SUSTAINING,
]


def test_each_step_along_the_path_is_allowed_without_a_note():
    for current, target in zip(PATH, PATH[1:], strict=False):
        assert transition_error(current, target, "") is None, (current, target)


def test_skipping_any_step_forward_is_refused():
    for i, current in enumerate(PATH):
        for target in PATH[i + 2 :]:
            assert transition_error(current, target, "a note") is not None, (current, target)


def test_going_back_is_refused_except_groups_stopping_or_losing_self_sufficiency():
    allowed_back = {(S.GROUPS_MEETING, S.TRAINING_DELIVERED), (S.SELF_SUSTAINING, S.GROUPS_MEETING)}
    for i, current in enumerate(PATH):
        for target in PATH[:i]:
            refused = transition_error(current, target, "") is not None
            assert refused == ((current, target) not in allowed_back), (current, target)


def test_every_closed_status_reopens_only_with_a_note_and_never_into_another_closed_one():
    closed = [S.NOT_SELECTED, S.WITHDRAWN, S.ENDED]
    for current, target in product(closed, Status):
        if current == target:
            continue
        if target in closed:
            assert transition_error(current, target, "note") is not None
        else:
            assert "reactivation" in transition_error(current, target, "")
            assert transition_error(current, target, "Back with a new manager") is None


def test_the_form_offers_exactly_the_allowed_next_steps():
    for current in Status:
        offered = set(next_statuses(current))
        allowed = {t for t in Status if t != current and transition_error(current, t, "note") is None}
        assert offered == allowed, current
