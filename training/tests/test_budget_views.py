"""The budget pages: who may see and change them, validation, money formatting and a constant query count."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from pilot.models import AuditEntry
from training.models import Expense, SmallGrant
from training.templatetags.training_tags import money, variance
from training.tests.factories import BudgetHeadFactory, ExpenseFactory, SmallGrantFactory

BUDGET = "/budget/"


def test_money_is_shown_with_pound_sign_thousands_and_pence():
    assert money(Decimal("1234.5")) == "£1,234.50"
    assert money(Decimal("-12")) == "−£12.00"
    assert money(None) == ""
    assert variance(Decimal("-2066.75")) == "£2,066.75 over"
    assert variance(Decimal("0.01")) == "£0.01 under"


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(BUDGET)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["site_contact_a", "facilitator_a", "evaluator"])
def test_budget_is_closed_to_everyone_but_coordinator_and_steering_committee(personas, client_for, persona):
    assert client_for(personas[persona]).get(BUDGET).status_code == 403
    assert client_for(personas[persona]).get(reverse("budget:expenses")).status_code == 403


def test_observer_reads_the_budget_but_cannot_record_spending(observer, client_for, programme):
    head = BudgetHeadFactory(name="Travel")
    c = client_for(observer)
    page = c.get(BUDGET)
    assert page.status_code == 200
    assert b"Record an expense" not in page.content
    data = {"date": "2009-05-01", "head": head.pk, "amount": "10.00", "payee": "Rail", "description": "Fares"}
    assert c.post(reverse("budget:expense_create"), data).status_code == 403
    assert c.post(reverse("budget:grant_create"), {}).status_code == 403
    assert c.post(reverse("budget:head_edit", args=[head.pk]), {"name": "X", "planned": "1"}).status_code == 403
    assert not Expense.objects.exists()


def test_coordinator_sees_heads_totals_and_projection_in_pounds(coordinator, client_for, programme):
    head = BudgetHeadFactory(name="Staffing", planned=Decimal("12345.67"))
    ExpenseFactory(head=head, date=datetime.date(2009, 1, 10), amount=Decimal("1000.50"), payee="Payroll")
    response = client_for(coordinator).get(BUDGET, {"as_of": "2009-03-31"})
    html = response.content.decode()
    assert "£12,345.67" in html
    assert "£1,000.50" in html
    # 1,000.50 x 365 / 90 = 4,057.58 projected; 8,288.09 under
    assert "£4,057.58" in html
    assert "£8,288.09 under" in html
    assert "<svg" in html and "Cumulative spending against plan" in html


def test_bad_as_of_date_falls_back_to_today_with_a_message(coordinator, client_for, programme):
    response = client_for(coordinator).get(BUDGET, {"as_of": "31/02/2009"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def _expense(head, **overrides):
    data = {"date": "2009-05-01", "head": head.pk, "amount": "125.50", "payee": "Rail", "description": "Fares"}
    data.update(overrides)
    return data


def test_coordinator_records_an_expense_and_it_is_audited(coordinator, client_for, programme):
    head = BudgetHeadFactory(name="Travel")
    response = client_for(coordinator).post(reverse("budget:expense_create"), _expense(head))
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert expense.amount == Decimal("125.50")
    entry = AuditEntry.objects.get(target_type="training.Expense")
    assert entry.action == "create" and "amount" in entry.changed_fields
    assert "125.50" not in str(entry.changed_fields)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5.00", "Enter an amount above £0.00"),
        ("0", "Enter an amount above £0.00"),
        ("12.345", "no more than 2 decimal places"),
        ("ten", "Enter a number"),
    ],
)
def test_expense_amount_must_be_positive_with_two_decimals(coordinator, client_for, programme, amount, message):
    head = BudgetHeadFactory(name="Travel")
    response = client_for(coordinator).post(reverse("budget:expense_create"), _expense(head, amount=amount))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Expense.objects.exists()


def test_expense_outside_the_programme_needs_explicit_confirmation(coordinator, client_for, programme):
    head = BudgetHeadFactory(name="Travel")
    c = client_for(coordinator)
    refused = c.post(reverse("budget:expense_create"), _expense(head, date="2010-01-04"))
    assert refused.status_code == 200
    assert "outside the programme" in refused.content.decode()
    assert not Expense.objects.exists()
    accepted = c.post(reverse("budget:expense_create"), _expense(head, date="2010-01-04", confirm_outside_period="on"))
    assert accepted.status_code == 302
    assert Expense.objects.get().date == datetime.date(2010, 1, 4)


def test_small_grant_outside_the_programme_also_needs_confirmation(coordinator, client_for, programme, group_a):
    head = BudgetHeadFactory(name="Project activity")
    data = {"group": group_a.pk, "head": head.pk, "date": "2008-12-01", "amount": "75.00", "purpose": "Phone"}
    c = client_for(coordinator)
    assert c.post(reverse("budget:grant_create"), data).status_code == 200
    assert not SmallGrant.objects.exists()
    assert c.post(reverse("budget:grant_create"), {**data, "date": "2009-02-01"}).status_code == 302
    assert SmallGrant.objects.get().amount == Decimal("75.00")


def test_coordinator_deletes_an_expense_after_confirming(coordinator, client_for, programme):
    expense = ExpenseFactory(date=datetime.date(2009, 2, 2))
    c = client_for(coordinator)
    assert c.get(reverse("budget:expense_delete", args=[expense.pk])).status_code == 200
    assert Expense.objects.exists()
    assert c.post(reverse("budget:expense_delete", args=[expense.pk])).status_code == 302
    assert not Expense.objects.exists()


def test_planned_amount_of_a_head_cannot_be_negative(coordinator, client_for, programme):
    head = BudgetHeadFactory(name="Travel", planned=Decimal("6000.00"))
    response = client_for(coordinator).post(
        reverse("budget:head_edit", args=[head.pk]), {"name": "Travel", "planned": "-1", "position": 1}
    )
    assert response.status_code == 200
    head.refresh_from_db()
    assert head.planned == Decimal("6000.00")


def _spending(rows: int):
    heads = [BudgetHeadFactory(name=f"Head {n}") for n in range(min(rows, 6))]
    for n in range(rows):
        ExpenseFactory(head=heads[n % len(heads)], date=datetime.date(2009, 1 + n % 12, 1 + n % 28))
        SmallGrantFactory(head=heads[n % len(heads)], date=datetime.date(2009, 1 + n % 12, 2))


@pytest.mark.parametrize("rows", [1, 50])
def test_budget_page_runs_a_constant_number_of_queries(
    coordinator, client_for, programme, rows, django_assert_num_queries
):
    _spending(rows)
    c = client_for(coordinator)
    # session read and save (with its savepoint), user, role groups, expense sums, grant sums, heads,
    # latest expenses, latest grants, illustrative marks
    with django_assert_num_queries(QUERIES_BUDGET):
        assert c.get(BUDGET, {"as_of": "2009-12-31"}).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_expense_list_runs_a_constant_number_of_queries(
    coordinator, client_for, programme, rows, django_assert_num_queries
):
    _spending(rows)
    c = client_for(coordinator)
    # session read and save (with its savepoint), user, role groups, page count, one page of expenses with head,
    # site and event, illustrative marks
    with django_assert_num_queries(QUERIES_EXPENSES):
        assert c.get(reverse("budget:expenses")).status_code == 200


QUERIES_BUDGET = 12
QUERIES_EXPENSES = 9
