"""Budget heads recorded before budgets belonged to programmes go into one programme made for them.

Only where such heads exist: the programme "Budget before programmes" (funder "Not recorded"), running from the
earliest to the latest expense or small grant of those heads, or today if they have none. A coordinator can then
rename it, correct its dates and funder, and add the sites that took part. No row is copied: heads, expenses and
grants keep their ids. The content types of the three models move from training to budget, so that permissions
and admin history stay attached.
"""

from django.db import migrations
from django.db.models import Max, Min
from django.utils import timezone

NAME = "Budget before programmes"
FUNDER = "Not recorded"
DESCRIPTION = (
    "Made when budgets became per programme, for the budget heads recorded before then. "
    "Correct its name, funder and dates, and add the sites that took part."
)
MODELS = ("budgethead", "expense", "smallgrant")


def heads_into_a_programme(apps, schema_editor):
    BudgetHead = apps.get_model("budget", "BudgetHead")
    Expense = apps.get_model("budget", "Expense")
    SmallGrant = apps.get_model("budget", "SmallGrant")
    Programme = apps.get_model("programmes", "Programme")
    orphans = BudgetHead.objects.filter(programme__isnull=True)
    if not orphans.exists():
        return
    days = []
    for model in (Expense, SmallGrant):
        span = model.objects.filter(head__in=orphans).aggregate(first=Min("date"), last=Max("date"))
        days += [day for day in span.values() if day is not None]
    today = timezone.localdate()
    programme, _ = Programme.objects.get_or_create(
        name=NAME,
        defaults={
            "funder": FUNDER,
            "starts_on": min(days, default=today),
            "ends_on": max(days, default=today),
            "description": DESCRIPTION,
        },
    )
    orphans.update(programme=programme)


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="budget", model=model).exists():
            ContentType.objects.filter(app_label="training", model=model).update(app_label="budget")


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0002_tables_and_programme"),
        ("programmes", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(heads_into_a_programme, migrations.RunPython.noop),
        migrations.RunPython(content_types_follow, migrations.RunPython.noop),
    ]
