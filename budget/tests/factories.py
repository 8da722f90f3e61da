import datetime
from decimal import Decimal

import factory

from budget.models import BudgetHead, Expense, SmallGrant
from groups.tests.factories import GroupFactory
from programmes.tests.factories import ProgrammeFactory


class BudgetHeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetHead
        django_get_or_create = ("programme", "name")

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Head {n}")
    planned = Decimal("1000.00")


class ExpenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expense

    date = datetime.date(2008, 6, 15)
    head = factory.SubFactory(BudgetHeadFactory)
    amount = Decimal("10.00")
    payee = factory.Sequence(lambda n: f"Payee {n}")
    description = "Stationery"


class SmallGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SmallGrant

    group = factory.SubFactory(GroupFactory)
    head = factory.SubFactory(BudgetHeadFactory)
    date = datetime.date(2009, 6, 1)
    amount = Decimal("50.00")
    purpose = "Group phone"
