"""A programme's budget: its heads with the amount planned for each, the expenses and the small grants to groups
that count against them. Amounts are exact: Decimal, whole pence."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from groups.models import Group
from pilot.roles import CAPABILITIES, Capability, role_of
from programmes.models import Programme
from sites.models import HostSite
from training.models import Event

PENNY = Decimal("0.01")


# The budget is the coordinator's to manage and the steering committee's to read; nobody else's.
class BudgetQuerySet(models.QuerySet):
    def visible_to(self, user) -> BudgetQuerySet:
        """The coordinator and the steering committee see every programme's budget; nobody else any."""
        return self.all() if role_of(user) in CAPABILITIES[Capability.READ_BUDGET] else self.none()


class BudgetHead(models.Model):
    """A head of a programme's budget with its planned amount for the whole programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="budget_heads")
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=100)
    planned = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    description = models.TextField(blank=True)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="budget_head_name_unique_per_programme")
        ]

    def __str__(self) -> str:
        return self.name


class Expense(models.Model):
    """Money spent against a budget head, optionally tied to a site or an event."""

    date = models.DateField()
    head = models.ForeignKey(BudgetHead, on_delete=models.PROTECT, related_name="expenses")
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(PENNY)])
    payee = models.CharField(max_length=200)
    description = models.CharField(max_length=300)
    site = models.ForeignKey(HostSite, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="expenses")

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.payee}"


class SmallGrant(models.Model):
    """Seed-corn money paid to a group (phones, leaflets, room hire); counts against a budget head."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="small_grants")
    head = models.ForeignKey(BudgetHead, on_delete=models.PROTECT, related_name="small_grants")
    date = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(PENNY)])
    purpose = models.CharField(max_length=300)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="small_grant_amount_positive")]

    def __str__(self) -> str:
        return f"{self.group} {self.date:%d/%m/%Y}"
