"""BudgetHead, Expense and SmallGrant now belong to the budget app (budget 0001 took them over in the state).

Removed from training's state only: the tables stay, and budget 0002 renames them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0003_edit_version"),
        ("budget", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Expense"),
                migrations.DeleteModel(name="SmallGrant"),
                migrations.DeleteModel(name="BudgetHead"),
            ],
            database_operations=[],
        )
    ]
