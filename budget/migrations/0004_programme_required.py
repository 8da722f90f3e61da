"""Every budget head belongs to a programme (0003 gave one to those without), and its name is unique there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0003_heads_without_programme"),
    ]

    operations = [
        migrations.AlterField(
            model_name="budgethead",
            name="programme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="budget_heads", to="programmes.programme"
            ),
        ),
        migrations.AddConstraint(
            model_name="budgethead",
            constraint=models.UniqueConstraint(
                fields=("programme", "name"), name="budget_head_name_unique_per_programme"
            ),
        ),
    ]
