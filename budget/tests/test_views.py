"""The budget pages: a programme's budget chosen with the period control, other periods listing programmes,
recording spending with answers at the field, and a constant number of queries."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from budget.models import BudgetHead, Expense, SmallGrant
from budget.tests.factories import BudgetHeadFactory, ExpenseFactory, SmallGrantFactory
from pilot.models import AuditEntry
from programmes.tests.factories import ProgrammeFactory

BUDGET = "/budget/"
D = Decimal


def _p(programme) -> dict:
    return {"period": f"p{programme.pk}"}


@pytest.fixture
def two_programmes(programme):
    """The year-one programme (2009) and a continuation (2010-2011), each with its own heads and spending."""
    continuation = ProgrammeFactory(
        name="Continuation",
        funder="The council",
        starts_on=datetime.date(2010, 1, 1),
        ends_on=datetime.date(2011, 12, 31),
    )
    staffing = BudgetHeadFactory(programme=programme, name="Staffing", planned=D("12345.67"))
    ExpenseFactory(head=staffing, date=datetime.date(2009, 1, 10), amount=D("1000.50"), payee="Payroll")
    phones = BudgetHeadFactory(programme=continuation, name="Group phones", planned=D("800.00"))
    ExpenseFactory(head=phones, date=datetime.date(2010, 2, 1), amount=D("55.55"), payee="Phone shop")
    return programme, continuation


# --- the page for a programme -----------------------------------------------------------------------


def test_each_programmes_page_shows_its_own_heads_and_spending_only(coordinator, client_for, two_programmes):
    year_one, continuation = two_programmes
    c = client_for(coordinator)
    first = c.get(BUDGET, {**_p(year_one), "as_of": "2009-03-31"})
    html = first.content.decode()
    assert first.context["position"].programme == year_one
    assert "Staffing" in html and "£12,345.67" in html and "£1,000.50" in html
    assert "Group phones" not in html and "£55.55" not in html
    # 1,000.50 x 365 / 90 = 4,057.58 projected; 8,288.09 under
    assert "£4,057.58" in html and "£8,288.09 under" in html
    assert "<svg" in html and "Cumulative spending against plan" in html
    second = c.get(BUDGET, _p(continuation)).content.decode()
    assert "Group phones" in second and "£800.00" in second and "£55.55" in second
    assert "Staffing" not in second and "£1,000.50" not in second


def test_the_period_control_is_at_the_top_and_says_which_programme(coordinator, client_for, two_programmes):
    year_one, _ = two_programmes
    response = client_for(coordinator).get(BUDGET, _p(year_one))
    html = response.content.decode()
    assert 'class="period-control' in html
    assert html.index("period-control") < html.index("By budget head")
    assert f'<option value="p{year_one.pk}" selected>' in html
    assert "Year one" in response.context["control"]["judged"]
    # Links to record spending carry the programme, so the forms know which heads to offer.
    assert f"{reverse('budget:expense_create')}?period=p{year_one.pk}" in html


@time_machine.travel(datetime.datetime(2010, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_without_a_period_the_page_shows_the_programme_running_today(coordinator, client_for, two_programmes):
    _, continuation = two_programmes
    response = client_for(coordinator).get(BUDGET)
    assert response.context["position"].programme == continuation
    assert response.context["position"].as_of == datetime.date(2010, 6, 1)


def test_a_year_lists_the_programmes_overlapping_it_as_links(coordinator, client_for, two_programmes):
    year_one, continuation = two_programmes
    ProgrammeFactory(name="Much later", starts_on=datetime.date(2015, 1, 1), ends_on=datetime.date(2015, 12, 31))
    response = client_for(coordinator).get(BUDGET, {"period": "2010"})
    html = response.content.decode()
    assert "position" not in response.context
    assert [(p.name, status.label) for p, _, status in response.context["overlapping"]] == [("Continuation", "Ended")]
    assert f'href="/budget/?period=p{continuation.pk}"' in html
    assert "£800.00" in html  # its planned total
    below_the_control = html.split("period-judged")[1]
    assert "Much later" not in below_the_control and "Year one" not in below_the_control
    both = client_for(coordinator).get(BUDGET, {"period": "custom", "from": "2009-12-01", "to": "2010-01-31"})
    assert [p.name for p, _, _ in both.context["overlapping"]] == ["Continuation", "Year one"]


def test_a_period_no_programme_overlaps_says_so(coordinator, client_for, two_programmes):
    html = client_for(coordinator).get(BUDGET, {"period": "2013q2"}).content.decode()
    assert "No programme overlaps this period" in html
    assert reverse("programmes:list") in html


def test_with_no_programme_at_all_the_page_says_so_and_the_coordinator_may_create_one(
    coordinator, observer, client_for, db
):
    html = client_for(coordinator).get(BUDGET).content.decode()
    assert "There is no programme yet" in html
    assert reverse("programmes:create") in html
    html = client_for(observer).get(BUDGET).content.decode()
    assert "There is no programme yet" in html
    assert reverse("programmes:create") not in html
    # Recording spending needs a programme: the forms send the coordinator back with a message.
    response = client_for(coordinator).get(reverse("budget:expense_create"), follow=True)
    assert response.redirect_chain[-1][0].startswith(BUDGET)
    assert "Choose a programme" in response.content.decode()


def test_an_unknown_programme_falls_back_to_the_default_with_a_message(coordinator, client_for, two_programmes):
    response = client_for(coordinator).get(BUDGET, {"period": "p99999"})
    assert response.status_code == 200
    assert "There is no such programme." in response.content.decode()


@pytest.mark.parametrize(
    ("as_of", "message"),
    [("31/02/2009", "Enter a valid date"), ("2008-12-31", "Pick a day from the programme&#x27;s first day")],
)
def test_a_bad_as_of_date_is_answered_at_the_field(coordinator, client_for, two_programmes, as_of, message):
    year_one, _ = two_programmes
    response = client_for(coordinator).get(BUDGET, {**_p(year_one), "as_of": as_of})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["position"].as_of == year_one.ends_on  # the default: an ended programme's last day


def test_expense_list_follows_the_period(coordinator, client_for, two_programmes):
    year_one, continuation = two_programmes
    c = client_for(coordinator)
    mine = c.get(reverse("budget:expenses"), _p(year_one)).context["page"].object_list
    assert [e.payee for e in mine] == ["Payroll"]
    dated = c.get(reverse("budget:expenses"), {"period": "2010"})
    assert [e.payee for e in dated.context["page"].object_list] == ["Phone shop"]
    assert "Continuation" in dated.content.decode()  # the programme column, when the period is not one


# --- roles ---------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(BUDGET)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["site_contact_a", "facilitator_a", "evaluator"])
def test_budget_is_closed_to_everyone_but_coordinator_and_steering_committee(
    personas, client_for, two_programmes, persona
):
    year_one, _ = two_programmes
    c = client_for(personas[persona])
    assert c.get(BUDGET, _p(year_one)).status_code == 403
    assert c.get(reverse("budget:expenses"), _p(year_one)).status_code == 403
    head = BudgetHead.objects.get(name="Staffing")
    assert c.post(reverse("budget:head_edit", args=[head.pk]), {"name": "X", "planned": "1"}).status_code == 403


def test_observer_reads_the_budget_but_cannot_record_spending(observer, client_for, two_programmes):
    year_one, _ = two_programmes
    head = BudgetHead.objects.get(name="Staffing")
    c = client_for(observer)
    page = c.get(BUDGET, _p(year_one))
    assert page.status_code == 200 and "£12,345.67" in page.content.decode()
    assert b"Record an expense" not in page.content
    data = {"date": "2009-05-01", "head": head.pk, "amount": "10.00", "payee": "Rail", "description": "Fares"}
    assert c.post(f"{reverse('budget:expense_create')}?period=p{year_one.pk}", data).status_code == 403
    assert c.post(reverse("budget:grant_create"), {}).status_code == 403
    assert c.post(reverse("budget:head_edit", args=[head.pk]), {"name": "X", "planned": "1"}).status_code == 403
    assert Expense.objects.count() == 2


# --- recording spending -------------------------------------------------------------------------------


def _expense(head, **overrides):
    data = {"date": "2009-05-01", "head": head.pk, "amount": "125.50", "payee": "Rail", "description": "Fares"}
    data.update(overrides)
    return data


def _create(c, name: str, programme, data):
    return c.post(f"{reverse(name)}?period=p{programme.pk}", data)


def test_coordinator_records_an_expense_and_it_is_audited(coordinator, client_for, programme):
    head = BudgetHeadFactory(programme=programme, name="Travel")
    response = _create(client_for(coordinator), "budget:expense_create", programme, _expense(head))
    assert response.status_code == 302 and response["Location"] == f"/budget/?period=p{programme.pk}"
    expense = Expense.objects.get()
    assert expense.amount == D("125.50") and expense.head == head
    entry = AuditEntry.objects.get(target_type="budget.Expense")
    assert entry.action == "create" and "amount" in entry.changed_fields
    assert "125.50" not in str(entry.changed_fields)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5.00", "Enter an amount above £0.00"),
        ("0", "Enter an amount above £0.00"),
        ("12.345", "no more than 2 decimal places"),
        ("ten", "Enter a number"),
        ("", "This field is required"),
        ("12345678901.00", "no more than 12 digits"),
    ],
)
def test_expense_amount_must_be_positive_in_whole_pence(coordinator, client_for, programme, amount, message):
    head = BudgetHeadFactory(programme=programme, name="Travel")
    response = _create(client_for(coordinator), "budget:expense_create", programme, _expense(head, amount=amount))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["amount"])
    assert not Expense.objects.exists()


def test_an_amount_is_kept_exactly_to_the_penny(coordinator, client_for, programme):
    head = BudgetHeadFactory(programme=programme, name="Travel")
    _create(client_for(coordinator), "budget:expense_create", programme, _expense(head, amount="0.10"))
    _create(client_for(coordinator), "budget:expense_create", programme, _expense(head, amount="0.20"))
    position = client_for(coordinator).get(BUDGET, _p(programme)).context["position"]
    assert position.spent == D("0.30") and isinstance(position.spent, Decimal)


def test_the_expense_form_offers_only_the_page_programmes_heads(coordinator, client_for, two_programmes):
    year_one, continuation = two_programmes
    c = client_for(coordinator)
    form = c.get(reverse("budget:expense_create"), _p(year_one)).context["form"]
    assert [h.name for h in form.fields["head"].queryset] == ["Staffing"]
    phones = BudgetHead.objects.get(name="Group phones")
    response = _create(c, "budget:expense_create", year_one, _expense(phones))
    assert response.status_code == 400
    assert "Select a valid choice" in response.context["form"].errors["head"][0]
    grant_form = c.get(reverse("budget:grant_create"), _p(continuation)).context["form"]
    assert [h.name for h in grant_form.fields["head"].queryset] == ["Group phones"]


def test_an_expense_outside_its_programme_needs_explicit_confirmation(coordinator, client_for, two_programmes):
    year_one, _ = two_programmes
    head = BudgetHead.objects.get(name="Staffing")
    c = client_for(coordinator)
    refused = _create(c, "budget:expense_create", year_one, _expense(head, date="2010-01-04"))
    assert refused.status_code == 400
    errors = refused.context["form"].errors
    assert "outside the programme Year one (01/01/2009 to 31/12/2009)" in errors["date"][0]
    assert "Tick to confirm" in errors["confirm_outside_period"][0]
    assert Expense.objects.filter(head=head).count() == 1
    accepted = _create(
        c, "budget:expense_create", year_one, _expense(head, date="2010-01-04", confirm_outside_period="on")
    )
    assert accepted.status_code == 302
    assert Expense.objects.filter(head=head, date=datetime.date(2010, 1, 4)).exists()


def test_editing_an_expense_checks_the_dates_of_its_own_programme(coordinator, client_for, two_programmes):
    """Opened without a period (or with another programme's), the expense still belongs to its head's programme."""
    _, continuation = two_programmes
    expense = Expense.objects.get(payee="Phone shop")
    c = client_for(coordinator)
    url = reverse("budget:expense_edit", args=[expense.pk])
    form = c.get(url, {"period": "2009"}).context["form"]
    assert [h.name for h in form.fields["head"].queryset] == ["Group phones"]
    # 2011-06-01 is inside the continuation (and outside year one): no confirmation needed.
    ok = c.post(url, _expense(expense.head, date="2011-06-01", payee="Phone shop"))
    assert ok.status_code == 302 and ok["Location"] == f"/budget/?period=p{continuation.pk}"
    refused = c.post(url, _expense(expense.head, date="2009-06-01", payee="Phone shop"))
    assert (
        refused.status_code == 400
        and "outside the programme Continuation" in refused.context["form"].errors["date"][0]
    )


def test_a_small_grant_outside_its_programme_also_needs_confirmation(coordinator, client_for, programme, group_a):
    head = BudgetHeadFactory(programme=programme, name="Project activity")
    data = {"group": group_a.pk, "head": head.pk, "date": "2008-12-01", "amount": "75.00", "purpose": "Phone"}
    c = client_for(coordinator)
    assert _create(c, "budget:grant_create", programme, data).status_code == 400
    assert not SmallGrant.objects.exists()
    assert _create(c, "budget:grant_create", programme, {**data, "date": "2009-02-01"}).status_code == 302
    assert SmallGrant.objects.get().amount == D("75.00")


def test_a_date_in_year_99999_is_refused_at_the_field(coordinator, client_for, programme):
    head = BudgetHeadFactory(programme=programme, name="Travel")
    response = _create(client_for(coordinator), "budget:expense_create", programme, _expense(head, date="99999-01-01"))
    assert response.status_code == 400 and "date" in response.context["form"].errors
    assert not Expense.objects.exists()


def test_coordinator_deletes_an_expense_after_confirming(coordinator, client_for, programme):
    expense = ExpenseFactory(head__programme=programme, date=datetime.date(2009, 2, 2))
    c = client_for(coordinator)
    page = c.get(reverse("budget:expense_delete", args=[expense.pk]))
    assert page.status_code == 200 and f"/budget/?period=p{programme.pk}" in page.content.decode()
    assert Expense.objects.exists()
    assert c.post(reverse("budget:expense_delete", args=[expense.pk])).status_code == 302
    assert not Expense.objects.exists()
    assert AuditEntry.objects.filter(target_type="budget.Expense", action="delete").exists()


# --- heads per programme ------------------------------------------------------------------------------


def test_a_new_head_belongs_to_the_page_programme(coordinator, client_for, two_programmes):
    year_one, continuation = two_programmes
    c = client_for(coordinator)
    data = {"name": "Travel", "planned": "6000.00", "position": 2, "description": ""}
    assert _create(c, "budget:head_create", continuation, data).status_code == 302
    assert BudgetHead.objects.get(name="Travel").programme == continuation
    # The same name in another programme is fine; twice in one programme is not (whatever the case).
    assert _create(c, "budget:head_create", year_one, data).status_code == 302
    clash = _create(c, "budget:head_create", year_one, {**data, "name": "travel"})
    assert clash.status_code == 400
    assert clash.context["form"].errors["name"] == ["Year one already has a budget head called travel."]
    assert BudgetHead.objects.filter(name__iexact="travel").count() == 2
    entry = AuditEntry.objects.filter(target_type="budget.BudgetHead", action="create").first()
    assert "programme" in entry.changed_fields


def test_editing_a_head_keeps_its_programme_and_checks_names_there(coordinator, client_for, two_programmes):
    year_one, _ = two_programmes
    BudgetHeadFactory(programme=year_one, name="Travel")
    staffing = BudgetHead.objects.get(name="Staffing")
    c = client_for(coordinator)
    url = reverse("budget:head_edit", args=[staffing.pk])
    clash = c.post(url, {"name": "Travel", "planned": "1.00", "position": 1})
    assert (
        clash.status_code == 400
        and "already has a budget head called Travel" in clash.context["form"].errors["name"][0]
    )
    # "Group phones" belongs to the continuation: the name is free in year one.
    assert c.post(url, {"name": "Group phones", "planned": "1.00", "position": 1}).status_code == 302
    staffing.refresh_from_db()
    assert (staffing.name, staffing.programme) == ("Group phones", year_one)


@pytest.mark.parametrize(("planned", "message"), [("-1", "cannot be negative"), ("1.001", "2 decimal places")])
def test_planned_amount_of_a_head_is_checked_at_the_field(coordinator, client_for, programme, planned, message):
    head = BudgetHeadFactory(programme=programme, name="Travel", planned=D("6000.00"))
    response = client_for(coordinator).post(
        reverse("budget:head_edit", args=[head.pk]), {"name": "Travel", "planned": planned, "position": 1}
    )
    assert response.status_code == 400
    assert message in response.context["form"].errors["planned"][0]
    head.refresh_from_db()
    assert head.planned == D("6000.00")


# --- queries -------------------------------------------------------------------------------------------


def _spending(programme, rows: int):
    heads = [BudgetHeadFactory(programme=programme, name=f"Head {n}") for n in range(rows)]
    for n in range(rows):
        ExpenseFactory(head=heads[n], date=datetime.date(2009, 1 + n % 12, 1 + n % 28))
        SmallGrantFactory(head=heads[n], date=datetime.date(2009, 1 + n % 12, 2))
    # Another programme's spending must not cost a query more either.
    ExpenseFactory(date=datetime.date(2009, 5, 5))


@pytest.mark.parametrize("rows", [1, 50])
def test_budget_page_runs_a_constant_number_of_queries(
    coordinator, client_for, programme, rows, django_assert_num_queries
):
    _spending(programme, rows)
    c = client_for(coordinator)
    # session read and save, user, role groups, the period's programme, the period control's programmes,
    # expense sums, grant sums, heads, latest expenses, latest grants, and the site-wide middleware's own lookups
    with django_assert_num_queries(QUERIES_BUDGET):
        assert c.get(BUDGET, {**_p(programme), "as_of": "2009-12-31"}).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_budget_page_for_a_year_runs_a_constant_number_of_queries(
    coordinator, client_for, rows, django_assert_num_queries
):
    for n in range(rows):
        ProgrammeFactory(starts_on=datetime.date(2009, 1 + n % 12, 1), ends_on=datetime.date(2010, 1, 1))
        BudgetHeadFactory(programme__name=f"With a head {n}", programme__starts_on=datetime.date(2009, 3, 3))
    c = client_for(coordinator)
    # session read and save, user, role groups, the period control's programmes,
    # the programmes overlapping the year with their planned totals, and the site-wide middleware's own lookups
    with django_assert_num_queries(QUERIES_BUDGET_YEAR):
        assert c.get(BUDGET, {"period": "2009"}).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_expense_list_runs_a_constant_number_of_queries(
    coordinator, client_for, programme, rows, django_assert_num_queries
):
    _spending(programme, rows)
    c = client_for(coordinator)
    # session, user, role groups, the period's programme, the control's programmes, page count,
    # one page of expenses with head, programme, site and event, middleware
    with django_assert_num_queries(QUERIES_EXPENSES):
        assert c.get(reverse("budget:expenses"), _p(programme)).status_code == 200


QUERIES_BUDGET = 13
QUERIES_BUDGET_YEAR = 8
QUERIES_EXPENSES = 10


def test_a_hostile_programme_name_is_shown_as_text_everywhere(coordinator, client_for, programme):
    programme.name = '<img src=x onerror="alert(1)">'
    programme.save()
    BudgetHeadFactory(programme=programme, name="<b>Travel</b>")
    c = client_for(coordinator)
    for url in (
        BUDGET,
        reverse("budget:expense_create"),
        reverse("budget:grant_create"),
        reverse("budget:head_create"),
    ):
        html = c.get(url, _p(programme)).content.decode()
        assert "<img src=x" not in html and "<b>Travel</b>" not in html, url
        assert "&lt;img src=x" in html, url
    empty = ProgrammeFactory(name="<i>No heads</i>")
    html = c.get(reverse("budget:expense_create"), _p(empty)).content.decode()
    assert "&lt;i&gt;No heads&lt;/i&gt; has no budget heads yet" in html
