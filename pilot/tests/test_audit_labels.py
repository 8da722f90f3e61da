"""Audit entries name people by kind and id only, old entries are rewritten, and the log still follows a person."""

import datetime
import importlib
from decimal import Decimal
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from pilot.audit import audit
from pilot.models import AuditEntry
from training.models import BudgetHead, Expense

NAMES = ("Robin", "Fairweather", "Morgan", "Lightfoot", "robin.f@example.org")

migration = importlib.import_module("pilot.migrations.0004_audit_neutral_person_labels")


def _audit_texts() -> list[str]:
    return [f"{e.target_label} {e.detail}" for e in AuditEntry.objects.all()]


def test_an_expense_is_labelled_without_its_payee(coordinator):
    head = BudgetHead.objects.create(name="Training", planned=Decimal("1000"))
    expense = Expense.objects.create(
        date=datetime.date(2009, 3, 3),
        head=head,
        amount=Decimal("40"),
        payee="Robin Fairweather",
        description="Travel",
    )
    assert audit(actor=coordinator, action="create", target=expense).target_label == f"expense #{expense.pk}"


def test_other_records_keep_their_name_as_label(coordinator, group_a):
    assert audit(actor=coordinator, action="update", target=group_a).target_label == "Alpha Tuesday"


def test_the_migration_rewrites_old_labels_of_people_only(coordinator, group_a):
    def old_entry(target_type, target_id, label):
        return AuditEntry.objects.create(
            action="update", target_type=target_type, target_id=target_id, target_label=label
        )

    old = [
        old_entry("groups.Facilitator", "7", "Robin Fairweather"),
        old_entry("sites.SitePerson", "3", "Morgan Lightfoot"),
        old_entry("training.Participant", "12", "Robin"),
        old_entry("auth.User", "5", "robin.f"),
        old_entry("sites.SiteMembership", "4", "robin.f at Alpha Town"),
        old_entry("training.Expense", "9", "03/03/2009 Robin Fairweather"),
        old_entry("training.Participant", "", "Morgan"),
    ]
    kept = old_entry("groups.Group", str(group_a.pk), "Alpha Tuesday")

    migration.neutral_labels(apps, SimpleNamespace(connection=connection))

    labels = [AuditEntry.objects.get(pk=e.pk).target_label for e in old]
    assert labels == [
        "facilitator #7",
        "site person #3",
        "participant #12",
        "user #5",
        "site membership #4",
        "expense #9",
        "",
    ]
    assert AuditEntry.objects.get(pk=kept.pk).target_label == "Alpha Tuesday"
    for text in _audit_texts():
        assert not any(name.lower() in text.lower() for name in NAMES), text


def test_the_migration_table_matches_the_live_one():
    from pilot.audit import NEUTRAL_LABELS

    assert migration.NEUTRAL_LABELS == NEUTRAL_LABELS
