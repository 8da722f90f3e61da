"""The budget's models move here from the training app, without copying a row.

This migration only tells Django that the budget app now owns BudgetHead, Expense and SmallGrant, still in
their `training_*` tables (`SeparateDatabaseAndState` with no database operation); training 0004 removes them
from training's state the same way. Migration 0002 then renames the tables and gives heads a programme.
"""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("groups", "0001_initial"),
        ("sites", "0001_initial"),
        ("training", "0003_edit_version"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="BudgetHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=120, unique=True)),
                ("position", models.PositiveSmallIntegerField(default=100)),
                (
                    "planned",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                    ),
                ),
                ("description", models.TextField(blank=True)),
            ],
            options={"ordering": ["position", "name"], "db_table": "training_budgethead"},
        ),
        migrations.CreateModel(
            name="Expense",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField()),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.01"))],
                    ),
                ),
                ("payee", models.CharField(max_length=200)),
                ("description", models.CharField(max_length=300)),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="expenses",
                        to="training.event",
                    ),
                ),
                (
                    "head",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="expenses", to="budget.budgethead"
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="sites.hostsite",
                    ),
                ),
            ],
            options={
                "ordering": ["-date", "-pk"],
                "db_table": "training_expense",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("amount__gt", 0)), name="expense_amount_positive")
                ],
            },
        ),
        migrations.CreateModel(
            name="SmallGrant",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField()),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.01"))],
                    ),
                ),
                ("purpose", models.CharField(max_length=300)),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="small_grants", to="groups.group"
                    ),
                ),
                (
                    "head",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="small_grants",
                        to="budget.budgethead",
                    ),
                ),
            ],
            options={
                "ordering": ["-date", "-pk"],
                "db_table": "training_smallgrant",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("amount__gt", 0)), name="small_grant_amount_positive")
                ],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
