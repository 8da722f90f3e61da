"""Seed the fourteen topics the pilot's facilitator training covered (evaluation report, 'Training')."""

from django.db import migrations

TOPICS = [
    "What is SMART Recovery",
    "How SMART Recovery works",
    "Staff support",
    "Evaluation and monitoring",
    "Basic REBT theory",
    "Active listening",
    "Brainstorming",
    "Introducing a meeting",
    "Dealing with challenging situations",
    "Work time",
    "Basic skills",
    "Role play",
    "Patterns of interaction",
    "Facilitator styles",
]


def seed(apps, schema_editor):
    Topic = apps.get_model("training", "Topic")
    for position, name in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
