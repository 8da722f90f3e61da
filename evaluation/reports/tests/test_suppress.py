"""The small-number policy on crafted tables."""

import pytest

from evaluation.reports.document import BREAKDOWN, COUNT, MEAN, NETWORK, PERCENT, TEXT, Column, Table
from evaluation.reports.suppress import HIDDEN, publish, round_to_base, rule_text, suppress, suppress_statistic


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5, 6, 7])
def test_counts_from_one_to_seven_are_hidden_below_network_level(value):
    assert suppress(value) == HIDDEN


@pytest.mark.parametrize(
    ("value", "shown"), [(0, 0), (8, 10), (10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (63, 65)]
)
def test_other_counts_are_rounded_to_the_nearest_five_and_zero_stays_zero(value, shown):
    assert suppress(value) == shown


def test_network_level_counts_are_exact():
    assert suppress(3, breakdown=False) == 3
    assert suppress_statistic(12.5, base=3, breakdown=False) == 12.5


def test_statistics_on_a_base_of_one_to_seven_are_hidden_and_larger_bases_kept():
    assert suppress_statistic(50.0, base=7) == HIDDEN
    assert suppress_statistic(50.0, base=8) == 50.0
    assert suppress_statistic(None, base=3) is None


def test_threshold_and_rounding_base_are_settings(settings):
    settings.REPORTS_SUPPRESSION_THRESHOLD = 3
    settings.REPORTS_ROUNDING_BASE = 10
    assert suppress(4) == 0  # 4 rounds to 0 on a base of 10
    assert suppress(3) == HIDDEN
    assert suppress(16) == 20
    assert round_to_base(25) == 30
    assert "1 to 3" in rule_text() and "nearest 10" in rule_text()


def _table(level):
    return Table(
        key="t",
        title="By site",
        level=level,
        total=True,
        columns=[
            Column("site", "Site", TEXT),
            Column("people", "People", COUNT),
            Column("mean", "Mean", MEAN, base="people"),
            Column("share", "Share", PERCENT, base="people"),
        ],
        rows=[["A", 3, 2.5, 10.0], ["B", 3, 3.0, 10.0], ["C", 12, 4.0, 40.0]],
    )


def test_breakdown_table_hides_small_cells_and_rounds_the_total_from_the_raw_sum():
    table = publish(_table(BREAKDOWN))
    assert table.rows[0] == ["A", HIDDEN, HIDDEN, HIDDEN]
    assert table.rows[2] == ["C", 10, 4.0, 40.0]
    # Raw sum 18 rounds to 20; summing the published cells would give 10.
    assert table.total_row[:2] == ["Total", 20]


def test_network_table_is_published_exactly_and_only_once():
    table = publish(_table(NETWORK))
    assert table.rows[0] == ["A", 3, 2.5, 10.0]
    assert table.total_row[1] == 18
    assert publish(table).rows[0] == ["A", 3, 2.5, 10.0]


def test_a_percentage_beside_a_rounded_count_is_computed_from_the_rounded_figures():
    from evaluation.reports.suppress import suppress_percent

    # 12 of 20 would be 60.0% and give the exact count away; published: 10 of 20 = 50.0%.
    assert suppress_percent(12, base=20) == 50.0
    assert suppress_percent(3, base=20) == HIDDEN
    assert suppress_percent(12, base=7) == HIDDEN
    assert suppress_percent(12, base=20, breakdown=False, exact=60.0) == 60.0


def test_publish_recomputes_percentages_declared_as_shares_of_a_count():
    table = Table(
        key="q",
        title="Gender at one site",
        level=BREAKDOWN,
        columns=[
            Column("choice", "Answer"),
            Column("count", "Count", COUNT),
            Column("pct", "%", PERCENT, base="@20", of="count"),
        ],
        rows=[["Male", 12, 60.0], ["Female", 8, 40.0]],
    )
    assert publish(table).rows == [["Male", 10, 50.0], ["Female", 10, 50.0]]
