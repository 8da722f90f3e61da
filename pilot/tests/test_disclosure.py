"""The disclosure policy: who sees exact figures, and what published figures look like."""

import pytest

from pilot.disclosure import EXACT, HIDDEN, PUBLISHED, WITHHELD, interval, pinned, policy_for, published_count
from pilot.roles import Role


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5, 6, 7])
def test_counts_from_one_to_seven_are_hidden(value):
    assert PUBLISHED.count(value) == HIDDEN


@pytest.mark.parametrize(
    ("value", "shown"), [(0, 0), (8, 10), (10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (63, 65), (109, 110)]
)
def test_other_counts_are_rounded_to_the_nearest_five_and_zero_stays_zero(value, shown):
    assert PUBLISHED.count(value) == shown


def test_exact_figures_are_left_alone():
    assert EXACT.count(3) == 3
    assert EXACT.statistic(43.25, base=1) == 43.25
    assert EXACT.extreme(29, base=1, whole=False) == 29
    assert not EXACT.too_few_responses(1)


def test_a_nonzero_count_never_rounds_to_a_zero_that_would_claim_nobody(settings):
    settings.DISCLOSURE_THRESHOLD = 3
    settings.DISCLOSURE_ROUNDING_BASE = 10
    assert published_count(3) == HIDDEN
    assert published_count(4) == HIDDEN  # would round to 0
    assert published_count(16) == 20
    assert "1 to 3" in PUBLISHED.rule_text() and "nearest 10" in PUBLISHED.rule_text()


def test_a_percentage_is_worked_out_from_the_published_count_and_base():
    # 12 of 20 would be 60.0% and give the exact count away; published: 10 of 20 = 50.0%.
    assert PUBLISHED.percent(12, 20) == 50.0
    assert PUBLISHED.percent(3, 20) == HIDDEN
    assert PUBLISHED.percent(12, 7) == HIDDEN
    assert EXACT.percent(12, 20) == 60.0


def test_people_per_thing_comes_from_the_published_total():
    # Birmingham, March 2009: 22 attendances at 5 meetings. 4.4 x 5 gave back the exact 22;
    # published: 20 / 5 = 4.0, and 4.0 x 5 gives back only the published 20.
    assert EXACT.per_thing(22, 5) == 4.4
    assert PUBLISHED.per_thing(22, 5) == 4.0
    assert PUBLISHED.per_thing(5, 2) == HIDDEN
    assert PUBLISHED.per_thing(0, 0) is None


def test_means_of_answers_need_ten_answers_and_are_whole_numbers():
    assert PUBLISHED.statistic(45.3, base=9) == HIDDEN
    assert PUBLISHED.statistic(45.5, base=10) == 46


def test_minimum_and_maximum_only_for_the_whole_network_and_period():
    assert PUBLISHED.extreme(29, base=65, whole=True) == 29
    assert PUBLISHED.extreme(29, base=65, whole=False) == HIDDEN
    assert PUBLISHED.extreme(29, base=9, whole=True) == HIDDEN


def test_a_scope_of_fewer_than_ten_responses_shows_nothing():
    assert PUBLISHED.too_few_responses(9)
    assert not PUBLISHED.too_few_responses(10)
    assert not PUBLISHED.too_few_responses(0)


@pytest.mark.parametrize(
    ("shown", "possible"), [(0, (0, 0)), (HIDDEN, (1, 7)), (10, (8, 12)), (15, (13, 17)), (65, (63, 67))]
)
def test_a_reader_knows_each_published_count_as_an_interval(shown, possible):
    assert interval(shown) == possible


def test_a_total_that_pins_a_part_is_withheld():
    # 8 + 8 + 1 = 17: published 10, 10, * and total 15. 15 <= total <= 17 and the other parts are at least
    # 8 and 1, so the first part can only be 8: the total would give it away.
    assert pinned([10, 10, HIDDEN], 15)
    assert PUBLISHED.total(17, [10, 10, HIDDEN]) == WITHHELD
    # One active site among zeros: the total would be that site's exact count.
    assert pinned([HIDDEN, 0, 0], HIDDEN) is False  # '*' stays '*': 1..7 either way
    assert PUBLISHED.total(20, [20, 0, 0]) == 20
    # An ordinary case keeps its total.
    assert PUBLISHED.total(41, [10, 15, 15]) == 40


def test_who_sees_exact_figures(make_user, site_a):
    assert policy_for(make_user("c", Role.COORDINATOR)) is EXACT
    assert policy_for(make_user("e", Role.EVALUATOR)) is EXACT
    assert policy_for(make_user("o", Role.OBSERVER)) is PUBLISHED
    assert policy_for(make_user("o2", Role.OBSERVER), keeper=True) is PUBLISHED
    contact = make_user("s", Role.SITE_CONTACT, site=site_a)
    assert policy_for(contact) is PUBLISHED
    assert policy_for(contact, keeper=True) is EXACT
    assert policy_for(None) is PUBLISHED
