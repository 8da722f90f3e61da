"""The budget's move out of training, forward on a database with rows: nothing copied, nothing lost.

The database is migrated back to where the budget was training's (training 0003, no budget app), rows are
written with the models of that time, and the migrations run forward again: the rows are in the budget's
tables with their ids, and heads without a programme are in the one programme made for them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from budget.models import BudgetHead, Expense, SmallGrant
from programmes.models import Programme

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("training", "0003_edit_version"), ("budget", None)]  # as migration targets
D = Decimal


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.fixture
def old_apps():
    """The apps as they were before the move; the database goes back to the latest state afterwards."""
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    # Every other app as it is now: the state the database is in once the budget's migrations are undone.
    before = [node for node in latest if node[0] not in ("training", "budget")] + [BEFORE[0]]
    try:
        yield _migrate(BEFORE).loader.project_state(before).apps
    finally:
        _migrate(latest)


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


def _rows(apps) -> dict:
    site = apps.get_model("sites", "HostSite").objects.create(name="Alpha", slug="alpha")
    group = apps.get_model("groups", "Group").objects.create(site=site, name="Alpha Tuesday")
    event = apps.get_model("training", "Event").objects.create(
        kind="facilitator_training",
        title="Training",
        site=site,
        starts_on=datetime.date(2009, 3, 3),
        ends_on=datetime.date(2009, 3, 4),
    )
    head = apps.get_model("training", "BudgetHead")
    staffing = head.objects.create(name="Staffing", position=1, planned=D("50000.00"))
    travel = head.objects.create(name="Travel", position=2, planned=D("6000.00"))
    expense = apps.get_model("training", "Expense")
    first = expense.objects.create(
        date=datetime.date(2008, 7, 28), head=staffing, amount=D("2150.00"), payee="Payroll", description="July"
    )
    last = expense.objects.create(
        date=datetime.date(2009, 3, 4),
        head=travel,
        amount=D("285.40"),
        payee="Trainer",
        description="Travel",
        site=site,
        event=event,
    )
    grant = apps.get_model("training", "SmallGrant").objects.create(
        group=group, head=travel, date=datetime.date(2010, 1, 5), amount=D("75.01"), purpose="Phone"
    )
    return {"heads": (staffing.pk, travel.pk), "expenses": (first.pk, last.pk), "grant": grant.pk, "event": event.pk}


def test_rows_move_to_the_budget_tables_and_into_one_programme(old_apps):
    assert {"training_budgethead", "training_expense", "training_smallgrant"} <= _tables()
    assert not Programme.objects.exists()
    before = _rows(old_apps)

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert {"budget_budgethead", "budget_expense", "budget_smallgrant"} <= _tables()
    assert not {"training_budgethead", "training_expense", "training_smallgrant"} & _tables()
    programme = Programme.objects.get()
    assert (programme.name, programme.funder) == ("Budget before programmes", "Not recorded")
    # From the earliest expense (July 2008) to the latest grant (January 2010).
    assert (programme.starts_on, programme.ends_on) == (datetime.date(2008, 7, 28), datetime.date(2010, 1, 5))
    heads = list(BudgetHead.objects.order_by("position"))
    assert [(h.pk, h.name, h.planned, h.programme) for h in heads] == [
        (before["heads"][0], "Staffing", D("50000.00"), programme),
        (before["heads"][1], "Travel", D("6000.00"), programme),
    ]
    first, last = (Expense.objects.get(pk=pk) for pk in before["expenses"])
    assert (first.amount, first.head_id, first.date) == (D("2150.00"), before["heads"][0], datetime.date(2008, 7, 28))
    assert (last.amount, last.event_id, last.site.slug) == (D("285.40"), before["event"], "alpha")
    # The event page's reverse relation still reaches the expense.
    assert list(last.event.expenses.all()) == [last]
    grant = SmallGrant.objects.get(pk=before["grant"])
    assert (grant.amount, grant.group.name, grant.head_id) == (D("75.01"), "Alpha Tuesday", before["heads"][1])
    # New rows get ids after the old ones (the tables' sequences came along), and names are unique per programme.
    other = Programme.objects.create(
        name="Next", funder="F", starts_on=datetime.date(2010, 4, 1), ends_on=datetime.date(2011, 3, 31)
    )
    again = BudgetHead.objects.create(programme=other, name="Travel", planned=D("1.00"))
    assert again.pk > max(before["heads"])
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetHead.objects.create(programme=programme, name="Travel", planned=D("1.00"))


@time_machine.travel(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC), tick=False)
def test_heads_without_spending_get_a_programme_of_today(old_apps):
    old_apps.get_model("training", "BudgetHead").objects.create(name="Staffing", planned=D("10.00"))
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    programme = BudgetHead.objects.get().programme
    assert (programme.starts_on, programme.ends_on) == (datetime.date(2026, 11, 30), datetime.date(2026, 11, 30))


def test_without_heads_no_programme_is_made(old_apps):
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert not Programme.objects.exists()
    assert {"budget_budgethead", "budget_expense", "budget_smallgrant"} <= _tables()


def test_the_content_types_follow_the_models(old_apps):
    """An installation that had the training models keeps its permissions: their content types move to budget."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.filter(app_label="budget").delete()
    old = ContentType.objects.create(app_label="training", model="expense")
    permission = Permission.objects.create(content_type=old, codename="view_expense", name="Can view expense")
    ContentType.objects.clear_cache()
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    moved = ContentType.objects.get(pk=old.pk)
    assert (moved.app_label, moved.model) == ("budget", "expense")
    assert Permission.objects.get(pk=permission.pk).content_type == moved
    assert ContentType.objects.get_for_model(Expense) == moved
