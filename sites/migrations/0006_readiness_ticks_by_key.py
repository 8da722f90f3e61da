"""Readiness ticks were stored under each item's label; they are now stored under its key (the pilot's seven items
became the default checklist, and a programme may define its own: docs/readiness.md). Every tick is kept."""

from django.db import migrations
from django.utils.text import slugify

# The pilot's seven labels and their keys, as they were when this migration was written.
KEYS = {
    "Agreement signed": "agreement-signed",
    "Venue located and booked": "venue-located-and-booked",
    "Posters and advertising ready": "posters-and-advertising-ready",
    "Referral routes agreed with named agencies": "referral-routes-agreed-with-named-agencies",
    "A champion named": "a-champion-named",
    "A local trainer or nearby group identified": "a-local-trainer-or-nearby-group-identified",
    "Commitments explained to the agency": "commitments-explained-to-the-agency",
}
LABELS = {key: label for label, key in KEYS.items()}


def ticks_by_key(ticks: dict) -> dict:
    """A checklist's ticks keyed by label -> the same ticks keyed by item key; a label not among the seven keeps
    its tick under its slug. Nothing is dropped."""
    return {KEYS.get(label, slugify(label) or label): tick for label, tick in ticks.items()}


def ticks_by_label(ticks: dict) -> dict:
    """The reverse, for unapplying the migration."""
    return {LABELS.get(key, key): tick for key, tick in ticks.items()}


def _rewrite(apps, convert):
    SiteReadiness = apps.get_model("sites", "SiteReadiness")
    for row in SiteReadiness.objects.all():
        row.ticks = convert(row.ticks or {})
        row.save(update_fields=["ticks"])


def forwards(apps, schema_editor):
    _rewrite(apps, ticks_by_key)


def backwards(apps, schema_editor):
    _rewrite(apps, ticks_by_label)


class Migration(migrations.Migration):
    dependencies = [("sites", "0005_sustainability_plan")]

    operations = [migrations.RunPython(forwards, backwards)]
