"""Views for a programme's budget: the overview, expenses, small grants and budget heads.

The page's programme is the one chosen with the period control (`?period=p<id>`, programmes.periods); a new
head belongs to it and the expense and grant forms offer its heads only. An existing record belongs to the
programme of its head.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from budget import services
from budget.forms import AsOfForm, BudgetHeadForm, ExpenseForm, SmallGrantForm
from budget.models import BudgetHead, Expense, SmallGrant
from budget.selectors import budget_chart, budget_position, expenses_in, programmes_overlapping, recent_spending
from pilot.permissions import allows, read_only_page, role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404
from programmes.models import Programme
from programmes.periods import Period, period_control, period_for, programme_period

EXPENSES_PER_PAGE = 50


def _overview_url(period: Period) -> str:
    return f"{reverse('budget:overview')}?{urlencode(period.query())}"


@role_required(Capability.READ_BUDGET)
@read_only_page
def overview(request):
    period = period_for(request)
    context = {
        "period": period,
        "control": period_control(request, period),
        "can_manage": allows(request.user, Capability.MANAGE_BUDGET),
        "can_create_programme": allows(request.user, Capability.MANAGE_PROGRAMMES),
    }
    programme = period.programme
    as_of_form = AsOfForm(request.GET or None, programme=programme)
    as_of = as_of_form.cleaned_data["as_of"] if as_of_form.is_valid() else None
    if programme is None:
        # A year, a quarter or dates: the budgets of the programmes overlapping them, one link each.
        if as_of_form.errors:
            messages.error(request, f"That date cannot be used: {' '.join(as_of_form.errors['as_of'])}")
        overlapping = list(programmes_overlapping(period.start, period.end))
        today = timezone.localdate()
        context["overlapping"] = [(p, programme_period(p), p.status_on(today)) for p in overlapping]
        context["no_programme"] = not overlapping and not Programme.objects.exists()
        return render(request, "budget/overview.html", context)
    position = budget_position(programme=programme, as_of=as_of or period.as_of())
    context.update(
        programme=programme,
        position=position,
        chart=budget_chart(position),
        as_of_form=as_of_form,
        period_query=list(period.query().items()),
        **recent_spending(programme=programme),
    )
    return render(request, "budget/overview.html", context)


@role_required(Capability.READ_BUDGET)
@read_only_page
def expense_list(request):
    """The programme's expenses, or every expense dated within a year, a quarter or dates; 50 a page."""
    period = period_for(request)
    expenses = expenses_in(programme=period.programme, start=period.start, end=period.end)
    page = Paginator(expenses, EXPENSES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "period": period,
        "control": period_control(request, period),
        "query": urlencode(period.query()),
        "show_programme": period.programme is None,
        "can_manage": allows(request.user, Capability.MANAGE_BUDGET),
    }
    return render(request, "budget/expense_list.html", context)


def _page_programme(request) -> Programme | None:
    """The programme a new record goes into: the page's; None (with a message) when the period is not one."""
    programme = period_for(request).programme
    if programme is None:
        messages.info(request, "Choose a programme with the period control first: a budget belongs to a programme.")
    return programme


def _edit(request, *, form_class, instance, programme: Programme, title: str, noun: str, delete_url: str = ""):
    form = form_class(request.POST or None, instance=instance, programme=programme)
    back = _overview_url(programme_period(programme))
    if request.method == "POST" and form.is_valid():
        services.budget_object_save(actor=request.user, form=form)
        messages.success(request, f"{noun} saved.")
        return redirect(back)
    context = {
        "form": form,
        "title": title,
        "programme": programme,
        "back": back,
        "delete_url": delete_url,
    }
    return render(request, "budget/form.html", context, status=400 if request.method == "POST" else 200)


def _delete(request, *, obj, noun: str):
    back = _overview_url(programme_period(obj.head.programme))
    if request.method == "POST":
        services.budget_object_delete(actor=request.user, obj=obj)
        messages.success(request, f"{noun} deleted.")
        return redirect(back)
    return render(request, "budget/confirm_delete.html", {"object": obj, "noun": noun, "cancel_url": back})


def _expense(request, pk: int) -> Expense:
    return get_visible_or_404(Expense.objects.select_related("head__programme"), request.user, pk=pk)


def _grant(request, pk: int) -> SmallGrant:
    return get_visible_or_404(SmallGrant.objects.select_related("head__programme"), request.user, pk=pk)


@role_required(Capability.MANAGE_BUDGET)
def expense_create(request):
    programme = _page_programme(request)
    if programme is None:
        return redirect(_overview_url(period_for(request)))
    title = f"Record an expense for {programme.name}"
    return _edit(request, form_class=ExpenseForm, instance=None, programme=programme, title=title, noun="Expense")


@role_required(Capability.MANAGE_BUDGET)
def expense_edit(request, pk: int):
    expense = _expense(request, pk)
    return _edit(
        request,
        form_class=ExpenseForm,
        instance=expense,
        programme=expense.head.programme,
        title="Edit expense",
        noun="Expense",
        delete_url=reverse("budget:expense_delete", args=[expense.pk]),
    )


@role_required(Capability.MANAGE_BUDGET)
def expense_delete(request, pk: int):
    return _delete(request, obj=_expense(request, pk), noun="Expense")


@role_required(Capability.MANAGE_BUDGET)
def grant_create(request):
    programme = _page_programme(request)
    if programme is None:
        return redirect(_overview_url(period_for(request)))
    title = f"Record a small grant from {programme.name}"
    return _edit(
        request, form_class=SmallGrantForm, instance=None, programme=programme, title=title, noun="Small grant"
    )


@role_required(Capability.MANAGE_BUDGET)
def grant_edit(request, pk: int):
    grant = _grant(request, pk)
    return _edit(
        request,
        form_class=SmallGrantForm,
        instance=grant,
        programme=grant.head.programme,
        title="Edit small grant",
        noun="Small grant",
        delete_url=reverse("budget:grant_delete", args=[grant.pk]),
    )


@role_required(Capability.MANAGE_BUDGET)
def grant_delete(request, pk: int):
    return _delete(request, obj=_grant(request, pk), noun="Small grant")


@role_required(Capability.MANAGE_BUDGET)
def head_create(request):
    programme = _page_programme(request)
    if programme is None:
        return redirect(_overview_url(period_for(request)))
    title = f"Add a budget head to {programme.name}"
    return _edit(
        request, form_class=BudgetHeadForm, instance=None, programme=programme, title=title, noun="Budget head"
    )


@role_required(Capability.MANAGE_BUDGET)
def head_edit(request, pk: int):
    head = get_visible_or_404(BudgetHead.objects.select_related("programme"), request.user, pk=pk)
    return _edit(
        request,
        form_class=BudgetHeadForm,
        instance=head,
        programme=head.programme,
        title=f"Edit {head.name}",
        noun="Budget head",
    )
