"""The budget's tables take the budget app's names, and a budget head gets a programme (empty until 0003).

A head's name stops being unique across the installation first, while its table still has the name it was
created with (PostgreSQL's extra index for the unique name is found by that name); 0004 makes it unique per
programme.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0001_initial"),
        ("programmes", "0001_initial"),
        ("training", "0004_budget_moves_to_its_own_app"),
    ]

    operations = [
        migrations.AlterField(model_name="budgethead", name="name", field=models.CharField(max_length=120)),
        migrations.AlterModelTable(name="budgethead", table=None),
        migrations.AlterModelTable(name="expense", table=None),
        migrations.AlterModelTable(name="smallgrant", table=None),
        migrations.AddField(
            model_name="budgethead",
            name="programme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="budget_heads",
                to="programmes.programme",
            ),
        ),
    ]
