"""Views for the programme budget: the overview, expenses, small grants and budget heads."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from pilot.permissions import allows, read_only_page, role_required
from pilot.roles import Capability
from training import services
from training.budget import budget_chart, budget_position, recent_spending
from training.forms import AsOfForm, BudgetHeadForm, ExpenseForm, SmallGrantForm
from training.models import BudgetHead, Expense, SmallGrant


@role_required(Capability.READ_BUDGET)
@read_only_page
def overview(request):
    as_of_form = AsOfForm(request.GET or None)
    as_of = as_of_form.cleaned_data["as_of"] if as_of_form.is_valid() else None
    position = budget_position(as_of=as_of or timezone.localdate())
    return render(
        request,
        "training/budget/overview.html",
        {
            "position": position,
            "chart": budget_chart(position),
            "as_of_form": as_of_form,
            "can_manage": allows(request.user, Capability.MANAGE_BUDGET),
            **recent_spending(),
        },
    )


@role_required(Capability.READ_BUDGET)
@read_only_page
def expense_list(request):
    expenses = Expense.objects.select_related("head", "site", "event")
    page = Paginator(expenses, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "training/budget/expense_list.html",
        {"page": page, "can_manage": allows(request.user, Capability.MANAGE_BUDGET)},
    )


def _edit(request, *, form_class, instance, template_title: str, noun: str):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.budget_object_save(actor=request.user, form=form)
        messages.success(request, f"{noun} saved.")
        return redirect("budget:overview")
    return render(request, "training/budget/form.html", {"form": form, "title": template_title, "object": instance})


def _delete(request, *, obj, noun: str):
    if request.method == "POST":
        services.budget_object_delete(actor=request.user, obj=obj)
        messages.success(request, f"{noun} deleted.")
        return redirect("budget:overview")
    return render(request, "training/confirm_delete.html", {"object": obj, "cancel_url": "/budget/"})


@role_required(Capability.MANAGE_BUDGET)
def expense_create(request):
    return _edit(request, form_class=ExpenseForm, instance=None, template_title="Record an expense", noun="Expense")


@role_required(Capability.MANAGE_BUDGET)
def expense_edit(request, pk: int):
    expense = get_object_or_404(Expense, pk=pk)
    return _edit(request, form_class=ExpenseForm, instance=expense, template_title="Edit expense", noun="Expense")


@role_required(Capability.MANAGE_BUDGET)
def expense_delete(request, pk: int):
    return _delete(request, obj=get_object_or_404(Expense, pk=pk), noun="Expense")


@role_required(Capability.MANAGE_BUDGET)
def grant_create(request):
    return _edit(
        request, form_class=SmallGrantForm, instance=None, template_title="Record a small grant", noun="Small grant"
    )


@role_required(Capability.MANAGE_BUDGET)
def grant_edit(request, pk: int):
    grant = get_object_or_404(SmallGrant, pk=pk)
    return _edit(
        request, form_class=SmallGrantForm, instance=grant, template_title="Edit small grant", noun="Small grant"
    )


@role_required(Capability.MANAGE_BUDGET)
def grant_delete(request, pk: int):
    return _delete(request, obj=get_object_or_404(SmallGrant, pk=pk), noun="Small grant")


@role_required(Capability.MANAGE_BUDGET)
def head_create(request):
    return _edit(
        request, form_class=BudgetHeadForm, instance=None, template_title="Add a budget head", noun="Budget head"
    )


@role_required(Capability.MANAGE_BUDGET)
def head_edit(request, pk: int):
    head = get_object_or_404(BudgetHead, pk=pk)
    return _edit(
        request, form_class=BudgetHeadForm, instance=head, template_title=f"Edit {head.name}", noun="Budget head"
    )
