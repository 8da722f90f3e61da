"""The evaluation pack's budget table: the report's programme, or the pages' default programme, from the budget
page's own function."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from budget.tests.factories import BudgetHeadFactory, ExpenseFactory, SmallGrantFactory
from programmes.tests.factories import ProgrammeFactory
from reports.kinds import FULL_AUDIENCE, KINDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_programmes(group_a):
    pilot = ProgrammeFactory(name="Pilot", starts_on=date(2008, 4, 1), ends_on=date(2010, 3, 31))
    later = ProgrammeFactory(name="Continuation", starts_on=date(2010, 4, 1), ends_on=date(2012, 3, 31))
    staffing = BudgetHeadFactory(programme=pilot, name="Staffing", planned=Decimal("50000.00"), position=1)
    ExpenseFactory(head=staffing, date=date(2009, 1, 28), amount=Decimal("2150.00"))
    SmallGrantFactory(head=staffing, group=group_a, date=date(2009, 2, 1), amount=Decimal("49.99"))
    phones = BudgetHeadFactory(programme=later, name="Group phones", planned=Decimal("800.00"))
    ExpenseFactory(head=phones, date=date(2010, 5, 1), amount=Decimal("55.55"))
    return pilot, later


def _budget(**parameters):
    report = KINDS["evaluation_pack"](parameters={**parameters, "figures": "exact"}, audience=FULL_AUDIENCE).build()
    return next((t for t in report.tables() if t.key == "budget"), None)


def test_the_pack_for_a_programme_shows_that_programmes_budget_only(two_programmes):
    pilot, later = two_programmes
    table = _budget(programme=pilot.pk)
    assert table.title == "Budget of Pilot: planned and spent"
    assert table.rows == [["Staffing", Decimal("50000.00"), Decimal("2199.99"), Decimal("47800.01")]]
    table = _budget(programme=later.pk)
    assert table.rows == [["Group phones", Decimal("800.00"), Decimal("55.55"), Decimal("744.45")]]


@time_machine.travel(date(2011, 1, 1), tick=False)
def test_without_a_programme_the_pack_takes_the_one_running_today(two_programmes):
    table = _budget()
    assert table.title == "Budget of Continuation: planned and spent"
    assert [row[0] for row in table.rows] == ["Group phones"]


def test_the_pack_has_no_budget_table_without_a_programme_or_heads(db):
    assert _budget() is None
    ProgrammeFactory(name="Empty")
    assert _budget() is None
