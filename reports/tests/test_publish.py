"""Report tables through the disclosure policy: what each reader gets, totals, shares and averages."""

from pilot.disclosure import EXACT, HIDDEN, PUBLISHED, WITHHELD
from reports.document import BREAKDOWN, COUNT, EXTREME, MEAN, NETWORK, NUMBER, PERCENT, TEXT, Column, Table
from reports.suppress import publish


def _table(disclosure, level=BREAKDOWN, rows=None):
    return Table(
        key="t",
        title="By site",
        level=level,
        total=True,
        disclosure=disclosure,
        columns=[
            Column("site", "Site", TEXT),
            Column("meetings", "Meetings", NUMBER),
            Column("people", "Attendance", COUNT),
            Column("mean", "Mean", MEAN, base="people", per="meetings"),
            Column("share", "Share", PERCENT, base="@20", of="people"),
        ],
        rows=rows or [["A", 2, 3, 1.5, 15.0], ["B", 1, 3, 3.0, 15.0], ["C", 5, 22, 4.4, 110.0]],
    )


def test_published_table_hides_small_counts_and_works_averages_out_from_the_rounded_total():
    table = publish(_table(PUBLISHED))
    assert table.rows[0] == ["A", 2, HIDDEN, HIDDEN, HIDDEN]
    # 22 -> 20 published; 20 / 5 meetings = 4.0 (never 4.4, which x 5 gives back 22); 20 of 20 = 100%.
    assert table.rows[2] == ["C", 5, 20, 4.0, 100.0]
    # Meetings are exact; the total of people is rounded from the exact 28.
    assert table.total_row[:3] == ["Total", 8, 30]


def test_exact_table_for_those_who_process_the_data_and_only_once():
    table = publish(_table(EXACT))
    assert table.rows[2] == ["C", 5, 22, 4.4, 110.0]
    assert table.total_row[2] == 28
    assert publish(table).rows[2] == ["C", 5, 22, 4.4, 110.0]


def test_published_network_level_is_rounded_too():
    table = publish(_table(PUBLISHED, level=NETWORK))
    assert table.rows[2][2] == 20


def test_a_total_that_would_pin_a_cell_is_withheld():
    rows = [["A", 1, 8, None, None], ["B", 1, 8, None, None], ["C", 1, 1, None, None]]
    table = publish(_table(PUBLISHED, rows=rows))
    assert [r[2] for r in table.rows] == [10, 10, HIDDEN]
    assert table.total_row[2] == WITHHELD


def test_extremes_are_published_for_the_whole_network_only():
    def table(level):
        return Table(
            key="age",
            title="Age",
            level=level,
            disclosure=PUBLISHED,
            columns=[Column("answered", "Answered", COUNT), Column("min", "Minimum", EXTREME, base="answered")],
            rows=[[65, 29]],
        )

    assert publish(table(NETWORK)).rows == [[65, 29]]
    assert publish(table(BREAKDOWN)).rows == [[65, HIDDEN]]
