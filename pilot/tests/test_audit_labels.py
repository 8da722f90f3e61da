"""Audit entries name people by kind and id only, and old entries are rewritten to match."""

import datetime
import importlib
from decimal import Decimal
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.urls import reverse

from budget.models import BudgetHead, Expense
from groups.models import Facilitator
from groups.services import facilitator_save
from pilot.audit import audit
from pilot.models import AuditEntry
from programmes.tests.factories import ProgrammeFactory
from sites.models import SitePerson
from training.models import Participant
from training.tests.factories import EventFactory

NAMES = ("Robin", "Fairweather", "Morgan", "Lightfoot", "robin.f@example.org")

migration = importlib.import_module("pilot.migrations.0004_audit_neutral_person_labels")


def _audit_texts() -> list[str]:
    return [f"{e.target_label} {e.detail}" for e in AuditEntry.objects.all()]


def test_no_entry_names_a_person_through_their_whole_life(client_for, coordinator, site_a):
    client = client_for(coordinator)
    event = EventFactory(site=site_a)
    added = client.post(
        reverse("training:participant_add", args=[event.pk]),
        {"name": "Robin Fairweather", "contact": "robin.f@example.org", "agreed_to_be_recorded": "on"},
    )
    assert added.status_code == 302
    participant = Participant.objects.get(name="Robin Fairweather")
    client.post(reverse("training:make_facilitator", args=[participant.pk]))
    facilitator = Facilitator.objects.get(display_name="Robin Fairweather")
    facilitator.email = "robin.f@example.org"
    facilitator_save(facilitator=facilitator, groups=[], actor=coordinator, changed_fields=["email"])
    created = client.post(
        reverse("sites:person_new", args=[site_a.slug]),
        {"name": "Morgan Lightfoot", "role": "senior_contact", "kind": "professional", "email": "m@example.org"},
    )
    assert created.status_code == 302
    person = SitePerson.objects.get(name="Morgan Lightfoot")
    for kind, pk in (("facilitators", facilitator.pk), ("people", person.pk)):
        client.get(reverse("person_export", args=[kind, pk]))
        client.post(reverse("person_erase", args=[kind, pk]), {"confirm": "erase"})

    labels = set(AuditEntry.objects.exclude(target_label="").values_list("target_type", "target_label"))
    assert labels >= {
        ("training.Participant", f"participant #{participant.pk}"),
        ("groups.Facilitator", f"facilitator #{facilitator.pk}"),
        ("sites.SitePerson", f"site person #{person.pk}"),
    }
    assert AuditEntry.objects.filter(action="erase").count() == 3  # facilitator, their participant record, site person
    for text in _audit_texts():
        assert not any(name.lower() in text.lower() for name in NAMES), text


def test_an_expense_is_labelled_without_its_payee(coordinator):
    head = BudgetHead.objects.create(programme=ProgrammeFactory(), name="Training", planned=Decimal("1000"))
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

    # Models that moved app since: expenses went from training to the budget app.
    moved = {"training.Expense": "budget.Expense"}
    assert {moved.get(label, label): noun for label, noun in migration.NEUTRAL_LABELS.items()} == NEUTRAL_LABELS
