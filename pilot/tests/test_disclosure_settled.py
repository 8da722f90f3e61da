"""A settled policy (its tunables read once, for a whole table) shows every figure as the policy itself does."""

import itertools
from decimal import ROUND_HALF_UP, Decimal

import pytest

from pilot import conf
from pilot.disclosure import (
    EXACT,
    HIDDEN,
    PUBLISHED,
    WITHHELD,
    interval,
    pinned,
    published_count,
    round_to_base,
)
from reports.document import BREAKDOWN, COUNT, EXTREME, MEAN, MEDIAN, NUMBER, PERCENT, TEXT, Column, Table
from reports.suppress import publish

TUNABLES = [  # threshold, rounding base, minimum base
    (7, 5, 10),  # the defaults
    (3, 10, 5),
    (0, 1, 1),
    (5, 4, 20),  # an even base: ties round up
    (10, 3, 2),
]
VALUES = [None, HIDDEN, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 22, 25, 26, 63, 109, 1000, 1003]
SHOWN = [None, HIDDEN, WITHHELD, 0, 5, 8, 10, 12, 15, 20, 40, 100]


@pytest.fixture(params=TUNABLES, ids=lambda t: f"threshold {t[0]}, base {t[1]}, min {t[2]}")
def tunables(request, settings):
    settings.DISCLOSURE_THRESHOLD, settings.DISCLOSURE_ROUNDING_BASE, settings.DISCLOSURE_MIN_BASE = request.param
    return request.param


def test_settled_counts_shares_and_averages_equal_those_read_at_each_call(tunables):
    settled = PUBLISHED.settled()
    assert (settled.limit, settled.base, settled.minimum) == tunables
    for value in VALUES:
        assert settled.count(value) == PUBLISHED.count(value) == published_count(value)
        assert published_count(value, limit=tunables[0], base=tunables[1]) == published_count(value)
    for count, base in itertools.product(VALUES, repeat=2):
        assert settled.percent(count, base) == PUBLISHED.percent(count, base)
    for total, things in itertools.product(VALUES, [0, 1, 3, 7]):
        if total != HIDDEN:
            assert settled.per_thing(total, things) == PUBLISHED.per_thing(total, things)
    for base in [None, 0, 1, 2, 4, 5, 9, 10, 11, 19, 20, 21, HIDDEN]:
        assert settled.statistic(43.5, base=base) == PUBLISHED.statistic(43.5, base=base)
    for base in [None, 0, 1, 2, 4, 5, 9, 10, 11, 19, 20, 21]:
        for whole in (True, False):
            assert settled.extreme(29, base=base, whole=whole) == PUBLISHED.extreme(29, base=base, whole=whole)


def test_settled_totals_intervals_and_pins_equal_those_read_at_each_call(tunables):
    settled = PUBLISHED.settled()
    limit, base, _ = tunables
    for shown in SHOWN:
        assert interval(shown, limit=limit, base=base) == interval(shown)
    parts = [[8, 8, 1], [1, 1], [0, 9], [12, 3, 20], [1000, 1, 1, 1], [6], []]
    for raw_parts, total in itertools.product(parts, [0, 1, 9, 17, 25, 1003]):
        published_parts = PUBLISHED.counts(raw_parts)
        assert settled.total(total, published_parts) == PUBLISHED.total(total, published_parts)
        shown = PUBLISHED.count(total)
        assert pinned(published_parts, shown, limit=limit, base=base) == pinned(published_parts, shown)


def test_rounding_to_the_base_in_whole_numbers_is_half_up_as_before():
    for value, base in itertools.product(range(-60, 61), [1, 2, 3, 4, 5, 10]):
        expected = int((Decimal(value) / base).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * base
        assert round_to_base(value, base) == expected, (value, base)


def test_exact_and_already_settled_policies_are_returned_as_they_are():
    assert EXACT.settled() is EXACT
    settled = PUBLISHED.settled()
    assert settled.settled() is settled
    assert settled == PUBLISHED and not settled.exact  # the same policy, only read once


def test_a_settled_policy_keeps_the_tunables_it_was_settled_with(settings):
    settled = PUBLISHED.settled()
    settings.DISCLOSURE_THRESHOLD = 20
    assert PUBLISHED.count(15) == HIDDEN
    assert settled.count(15) == 15
    assert PUBLISHED.settled().count(15) == HIDDEN


def _table(disclosure):
    return Table(
        key="t",
        title="By site and month",
        level=BREAKDOWN,
        total=True,
        disclosure=disclosure,
        columns=[
            Column("site", "Site", TEXT),
            Column("meetings", "Meetings", NUMBER),
            Column("people", "Attendance", COUNT),
            Column("mean", "Mean", MEAN, base="people", per="meetings"),
            Column("median", "Median", MEDIAN, base="people", per="meetings"),
            Column("share", "Share", PERCENT, base="@40", of="people"),
            Column("age", "Mean age", MEAN, base="answers"),
            Column("oldest", "Oldest", EXTREME, base="answers"),
            Column("answers", "Answers", COUNT, summable=False),
        ],
        rows=[
            [f"S{i}", i % 4, people, people / (i % 4) if i % 4 else None, people / 2, 0.0, 40.5, 70, answers]
            for i, (people, answers) in enumerate(itertools.product([0, 1, 6, 8, 13, 22, 38], [3, 9, 10, 30]))
        ],
    )


def _cell_by_cell(table: Table) -> tuple[list, list]:
    """What publishing used to give: each cell through the policy as it reads the tunables at each call."""
    from reports.suppress import _publish_cell

    raw = [list(r) for r in table.rows]
    rows = [[_publish_cell(table, r, i, PUBLISHED, False) for i in range(len(table.columns))] for r in raw]
    exact_total = sum(r[2] for r in raw)
    total = PUBLISHED.total(exact_total, [r[2] for r in rows])
    return rows, total


def test_a_published_table_is_the_same_as_cell_by_cell_and_reads_the_tunables_once(monkeypatch, settings):
    settings.DISCLOSURE_THRESHOLD, settings.DISCLOSURE_ROUNDING_BASE = 5, 4
    expected_rows, expected_total = _cell_by_cell(_table(PUBLISHED))
    reads = []
    for name in ("disclosure_threshold", "disclosure_rounding_base", "disclosure_min_base"):
        real = getattr(conf, name)
        monkeypatch.setattr(conf, name, lambda real=real, name=name: reads.append(name) or real())
    table = publish(_table(PUBLISHED))
    assert table.rows == expected_rows
    assert table.total_row[2] == expected_total
    assert sorted(reads) == ["disclosure_min_base", "disclosure_rounding_base", "disclosure_threshold"]
