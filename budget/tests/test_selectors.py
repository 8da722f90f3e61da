"""Budget arithmetic to the penny: spent per head and month, the run-rate projection and the variance."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.selectors import budget_chart, budget_position, months_between, project_outturn
from budget.tests.factories import BudgetHeadFactory, ExpenseFactory, SmallGrantFactory
from programmes.tests.factories import ProgrammeFactory

D = Decimal


def test_projection_scales_spending_to_date_by_days_in_period_over_days_elapsed():
    start, end = datetime.date(2009, 1, 1), datetime.date(2009, 12, 31)
    # 90 days elapsed of 365: 133.33 x 365 / 90 = 540.7272... -> 540.73
    assert project_outturn(spent=D("133.33"), start=start, end=end, as_of=datetime.date(2009, 3, 31)) == D("540.73")


def test_projection_rounds_half_up_to_the_penny():
    start, end = datetime.date(2009, 1, 1), datetime.date(2009, 1, 10)
    # 0.05 x 10 / 4 = 0.125: half-up gives 0.13 where banker's rounding would give 0.12
    assert project_outturn(spent=D("0.05"), start=start, end=end, as_of=datetime.date(2009, 1, 4)) == D("0.13")


def test_projection_after_the_end_is_what_was_spent():
    start, end = datetime.date(2009, 1, 1), datetime.date(2009, 12, 31)
    assert project_outturn(spent=D("10.00"), start=start, end=end, as_of=datetime.date(2010, 6, 1)) == D("10.00")
    assert project_outturn(spent=D("10.00"), start=start, end=end, as_of=end) == D("10.00")


def test_months_between_covers_both_ends_and_crosses_the_year():
    months = months_between(datetime.date(2008, 11, 15), datetime.date(2009, 2, 1))
    assert months == [
        datetime.date(2008, 11, 1),
        datetime.date(2008, 12, 1),
        datetime.date(2009, 1, 1),
        datetime.date(2009, 2, 1),
    ]


@pytest.fixture
def two_heads(programme):
    a = BudgetHeadFactory(programme=programme, name="Staffing", planned=D("1000.00"), position=1)
    b = BudgetHeadFactory(programme=programme, name="Travel", planned=D("500.00"), position=2)
    ExpenseFactory(head=a, date=datetime.date(2009, 1, 15), amount=D("100.00"))
    ExpenseFactory(head=a, date=datetime.date(2009, 2, 20), amount=D("33.33"))
    ExpenseFactory(head=b, date=datetime.date(2009, 3, 1), amount=D("200.00"))
    SmallGrantFactory(head=b, date=datetime.date(2009, 3, 10), amount=D("49.99"))
    ExpenseFactory(head=a, date=datetime.date(2009, 4, 1), amount=D("999.99"))  # after the "as at" date
    return a, b


def test_position_per_head_to_the_penny(programme, two_heads):
    position = budget_position(programme=programme, as_of=datetime.date(2009, 3, 31))
    staffing, travel = position.heads
    assert (staffing.spent, staffing.remaining, staffing.projected, staffing.projected_variance) == (
        D("133.33"),
        D("866.67"),
        D("540.73"),
        D("459.27"),
    )
    # Small grants count against their head: 249.99 x 365 / 90 = 1013.848... -> 1013.85, an overspend
    assert (travel.spent, travel.projected, travel.projected_variance) == (D("249.99"), D("1013.85"), D("-513.85"))


def test_position_totals_are_the_sum_of_the_heads(programme, two_heads):
    position = budget_position(programme=programme, as_of=datetime.date(2009, 3, 31))
    assert position.planned == D("1500.00")
    assert position.spent == D("383.32")
    assert position.projected == D("1554.58")
    assert position.projected_variance == D("-54.58")
    assert not position.finished


def test_month_lines_split_the_plan_evenly_and_accumulate_spending(programme, two_heads):
    position = budget_position(programme=programme, as_of=datetime.date(2009, 3, 31))
    assert len(position.months) == 12
    jan, feb, mar, apr = position.months[:4]
    assert (jan.planned, jan.spent, jan.cumulative_spent) == (D("125.00"), D("100.00"), D("100.00"))
    assert (feb.spent, feb.cumulative_planned) == (D("33.33"), D("250.00"))
    assert (mar.spent, mar.cumulative_spent) == (D("249.99"), D("383.32"))
    assert apr.spent == D("0.00")  # the April expense is after the "as at" date
    assert position.months[-1].cumulative_planned == D("1500.00")
    staffing = position.heads[0]
    assert staffing.by_month[datetime.date(2009, 2, 1)] == D("33.33")


def test_uneven_plans_still_add_up_to_the_penny_over_the_months(programme):
    BudgetHeadFactory(programme=programme, name="Odd", planned=D("100.01"))
    position = budget_position(programme=programme, as_of=datetime.date(2009, 6, 30))
    assert sum(m.planned for m in position.months) == D("100.01")


def test_after_the_end_the_outturn_is_the_actual_including_confirmed_late_spending(programme, two_heads):
    staffing, _ = two_heads
    ExpenseFactory(head=staffing, date=datetime.date(2010, 1, 5), amount=D("0.01"))
    position = budget_position(programme=programme, as_of=datetime.date(2011, 1, 1))
    assert position.finished
    assert position.as_of == datetime.date(2009, 12, 31)
    assert position.heads[0].spent == D("1133.33")
    assert position.heads[0].projected == D("1133.33")
    assert position.spent == D("1383.32")


def test_amounts_stay_decimal_never_float(programme, two_heads):
    position = budget_position(programme=programme, as_of=datetime.date(2009, 3, 31))
    values = [position.spent, position.projected, *(m.spent for m in position.months)]
    assert all(isinstance(v, Decimal) for v in values)


def test_chart_has_a_planned_line_and_a_projection_while_the_period_runs(programme, two_heads):
    chart = budget_chart(budget_position(programme=programme, as_of=datetime.date(2009, 3, 31)))
    assert chart["planned"].count(",") == 13  # origin plus twelve months
    assert chart["spent"].count(",") == 4  # origin plus January to March
    assert chart["projection"]
    finished = budget_chart(budget_position(programme=programme, as_of=datetime.date(2010, 1, 1)))
    assert finished["projection"] == ""


LONG_LABELS = ["Jan 09", "Jan 12", "Jan 15", "Jan 18", "Jan 21", "Dec 25"]


@pytest.mark.parametrize(
    ("ends_on", "labels"),
    [(datetime.date(2009, 12, 31), ["Jan 09", "Jul 09", "Dec 09"]), (datetime.date(2025, 12, 31), LONG_LABELS)],
)
def test_chart_labels_a_long_programme_with_few_months_that_never_overlap(db, ends_on, labels):
    programme = ProgrammeFactory(starts_on=datetime.date(2009, 1, 1), ends_on=ends_on)
    chart = budget_chart(budget_position(programme=programme, as_of=datetime.date(2009, 3, 31)))
    assert [t["label"] for t in chart["ticks"]] == labels
    xs = [float(t["x"]) for t in chart["ticks"]]
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= 70  # 16-unit labels, "Jan 09" is about 50 wide


def test_each_heads_plan_per_month_is_shown_to_the_penny(programme, two_heads):
    staffing, travel = budget_position(programme=programme, as_of=datetime.date(2009, 3, 31)).heads
    assert (staffing.planned_per_month, travel.planned_per_month) == (D("83.33"), D("41.67"))


@given(
    spent=st.decimals(min_value=0, max_value=10**7, places=2),
    elapsed=st.integers(min_value=1, max_value=730),
)
def test_projection_is_a_penny_amount_never_below_what_was_spent(spent, elapsed):
    start, end = datetime.date(2008, 4, 1), datetime.date(2010, 3, 31)
    as_of = start + datetime.timedelta(days=elapsed - 1)
    projected = project_outturn(spent=spent, start=start, end=end, as_of=as_of)
    assert projected == projected.quantize(D("0.01"))
    assert projected >= spent
    assert abs(projected * elapsed / 730 - spent) <= D("0.01")


def test_another_programmes_heads_and_spending_never_count(programme, two_heads):
    other = ProgrammeFactory(
        name="Continuation", starts_on=datetime.date(2009, 1, 1), ends_on=datetime.date(2010, 12, 31)
    )
    # The same head name in another programme, with spending on the same days.
    travel = BudgetHeadFactory(programme=other, name="Travel", planned=D("9999.00"))
    ExpenseFactory(head=travel, date=datetime.date(2009, 3, 1), amount=D("700.00"))
    SmallGrantFactory(head=travel, date=datetime.date(2009, 3, 2), amount=D("70.00"))
    position = budget_position(programme=programme, as_of=datetime.date(2009, 3, 31))
    assert [line.head.name for line in position.heads] == ["Staffing", "Travel"]
    assert (position.planned, position.spent) == (D("1500.00"), D("383.32"))
    theirs = budget_position(programme=other, as_of=datetime.date(2009, 3, 31))
    assert (theirs.planned, theirs.spent) == (D("9999.00"), D("770.00"))
    # The other programme's period is its own: 24 months, projected over 730 days (770 x 730 / 90 = 6245.555...).
    assert len(theirs.months) == 24
    assert theirs.projected == D("6245.56")
    assert theirs.programme == other


def test_the_programmes_dates_are_the_budget_period(programme, two_heads):
    programme.ends_on = datetime.date(2009, 6, 30)
    programme.save()
    position = budget_position(programme=programme, as_of=datetime.date(2009, 12, 31))
    assert (position.start, position.end, position.as_of) == (
        programme.starts_on,
        programme.ends_on,
        programme.ends_on,
    )
    assert len(position.months) == 6 and position.finished
