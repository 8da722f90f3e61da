"""Applications to host a site, their scores, and the selection."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from pilot.forms import form_add_service_errors
from pilot.permissions import allows, read_only_page, role_required
from pilot.roles import Capability
from sites import selectors, services
from sites.forms import ApplicationForm, DecisionForm
from sites.models import Application


@role_required(Capability.READ_APPLICATIONS)
@read_only_page
def application_list(request):
    context = selectors.selection_summary()
    context["can_edit"] = allows(request.user, Capability.DECIDE_APPLICATIONS)
    return render(request, "sites/applications.html", context)


@role_required(Capability.DECIDE_APPLICATIONS)
def application_edit(request, pk: int | None = None):
    application = Application() if pk is None else get_object_or_404(Application, pk=pk)
    form = ApplicationForm(request.POST or None, instance=application)
    decision_form = None
    if application.pk:
        decision_form = DecisionForm(action=reverse("sites:application_decide", args=[application.pk]))
    if request.method == "POST" and form.is_valid():
        services.application_save(
            application=form.save(commit=False), actor=request.user, changed_fields=form.changed_data
        )
        messages.success(request, f"Application from {application.agency_name} saved.")
        return redirect("sites:applications")
    status = 400 if form.is_bound else 200
    context = {"application": application, "form": form, "decision_form": decision_form}
    return render(request, "sites/application_form.html", context, status=status)


@role_required(Capability.DECIDE_APPLICATIONS)
def application_decide(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("site"), pk=pk)
    if request.method != "POST":
        return redirect("sites:application_edit", pk=pk)
    action = reverse("sites:application_decide", args=[pk])
    decision_form = DecisionForm(request.POST, action=action)
    if decision_form.is_valid():
        try:
            services.application_decide(application=application, actor=request.user, **decision_form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(decision_form, exc)
        else:
            messages.success(request, f"Decision recorded for {application.agency_name}.")
            return redirect("sites:applications")
    context = {
        "application": application,
        "form": ApplicationForm(instance=application),
        "decision_form": decision_form,
    }
    return render(request, "sites/application_form.html", context, status=400)
