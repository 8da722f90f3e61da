"""Rewrite the labels of existing audit entries about people to a neutral "facilitator #7".

Until now an entry's `target_label` was the record's name, so a facilitator's, site person's or
training participant's name stayed in the log after they were erased. New entries are labelled by
`pilot.audit.target_label`; this migration brings the old ones in line.

The audit log is append-only at the model and queryset level (`AuditEntry.save()` and
`AuditEntryQuerySet.update()` refuse), so this runs a raw `UPDATE` through the migration's
database connection (`schema_editor.connection.cursor()`). It changes only `target_label`, and only
for the record types below; who did what, and when, stays as it was. It cannot be reversed: the
names are gone, which is the point.
"""

from django.db import migrations

# A frozen copy of pilot.audit.NEUTRAL_LABELS as it stood when this migration was written.
NEUTRAL_LABELS = {
    "auth.User": "user",
    "groups.Facilitator": "facilitator",
    "sites.SiteMembership": "site membership",
    "sites.SitePerson": "site person",
    "training.Expense": "expense",
    "training.Participant": "participant",
}


def neutral_labels(apps, schema_editor):
    connection = schema_editor.connection
    table = connection.ops.quote_name(apps.get_model("pilot", "AuditEntry")._meta.db_table)
    with connection.cursor() as cursor:
        for target_type, noun in NEUTRAL_LABELS.items():
            cursor.execute(
                f"UPDATE {table} SET target_label = %s || target_id WHERE target_type = %s AND target_id <> ''",  # noqa: S608
                [f"{noun} #", target_type],
            )
            cursor.execute(
                f"UPDATE {table} SET target_label = '' WHERE target_type = %s AND target_id = ''",  # noqa: S608
                [target_type],
            )


class Migration(migrations.Migration):
    dependencies = [("pilot", "0003_user_session")]

    operations = [migrations.RunPython(neutral_labels, migrations.RunPython.noop, elidable=False)]
