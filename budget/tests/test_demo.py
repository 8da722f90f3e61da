"""The demo's budget is the pilot programme's: £100,000 over April 2008 - March 2010, salaries under, travel over."""

import datetime
import io
from decimal import Decimal

import pytest

from budget.models import BudgetHead, Expense
from budget.selectors import budget_position
from programmes.demo import PILOT
from programmes.models import Programme


@pytest.fixture
def demo(db):
    from budget import demo as budget_demo
    from groups import demo as groups_demo
    from programmes import demo as programmes_demo
    from sites import demo as sites_demo
    from training import demo as training_demo

    out = io.StringIO()
    for part in (sites_demo, programmes_demo, groups_demo, training_demo, budget_demo):
        part.load(out=out)
    return out


def test_the_heads_belong_to_the_pilot_and_add_up_to_100000(demo):
    pilot = Programme.objects.get(name=PILOT["name"])
    assert set(BudgetHead.objects.values_list("programme", flat=True)) == {pilot.pk}
    position = budget_position(programme=pilot, as_of=datetime.date(2010, 3, 31))
    assert (position.start, position.end) == (datetime.date(2008, 4, 1), datetime.date(2010, 3, 31))
    assert position.planned == Decimal("100000.00")
    assert [line.head.name for line in position.heads] == [
        "Staffing",
        "Management and office",
        "Training",
        "Project activity",
        "Travel",
        "Evaluation",
    ]
    heads = {line.head.name: line for line in position.heads}
    assert heads["Staffing"].projected_variance > 0
    assert heads["Travel"].projected_variance < 0
    assert Expense.objects.filter(description__contains="not in the original budget").count() == 9


def test_expenses_point_at_the_training_demos_events(demo):
    trainer = Expense.objects.filter(description__startswith="Trainer's travel").select_related("event")
    assert trainer.count() == 6
    assert all(e.event is not None and e.event.title in e.description for e in trainer)


def test_the_budget_demo_is_idempotent(demo):
    from budget import demo as budget_demo

    counts = (BudgetHead.objects.count(), Expense.objects.count())
    budget_demo.load(out=io.StringIO())
    assert (BudgetHead.objects.count(), Expense.objects.count()) == counts
