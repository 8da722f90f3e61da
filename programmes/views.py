"""Programme pages: the list, a programme with its sites and duties, and the coordinator's edit forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pilot.forms import form_add_service_errors
from pilot.permissions import allows, read_only_page, role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404
from programmes import selectors, services
from programmes.forms import (
    ProgrammeForm,
    ProgrammeSiteForm,
    ReadinessItemEditForm,
    ReadinessItemForm,
    ReportingDutyForm,
)
from programmes.models import Programme, ProgrammeSite, ReadinessItem, ReportingDuty
from programmes.readiness import DEFAULT_ITEMS
from sites.models import HostSite

# Programmes to a page of the list, newest first.
PROGRAMMES_PER_PAGE = 25


def _programme(request, pk: int) -> Programme:
    return get_visible_or_404(Programme, request.user, pk=pk)


@role_required(Capability.READ_PROGRAMMES)
@read_only_page
def programme_list(request):
    page = Paginator(selectors.programme_list(user=request.user), PROGRAMMES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    rows = [(p, p.status_on(today)) for p in page.object_list]
    context = {
        "rows": rows,
        "page": page,
        "programme_prefix": reverse("programmes:list"),  # reversed once; a programme's page is <prefix><id>/
        "can_manage": allows(request.user, Capability.MANAGE_PROGRAMMES),
    }
    return render(request, "programmes/programme_list.html", context)


@role_required(Capability.READ_PROGRAMMES)
@read_only_page
def programme_detail(request, pk: int):
    programme = _programme(request, pk)
    readable = set(HostSite.objects.visible_to(request.user).values_list("pk", flat=True))
    if not allows(request.user, Capability.READ_SITES):
        readable = set()
    memberships = list(programme.memberships.select_related("site"))
    context = {
        "programme": programme,
        "status": programme.status_on(timezone.localdate()),
        "memberships": [(m, m.site_id in readable) for m in memberships],
        "may_read_sites": allows(request.user, Capability.READ_SITES),
        "may_read_committee": allows(request.user, Capability.READ_COMMITTEE),
        "duties": list(programme.reporting_duties.all()),
        "can_manage": allows(request.user, Capability.MANAGE_PROGRAMMES),
        "readiness_items": list(programme.readiness_items.all()),
        "default_items": DEFAULT_ITEMS,
    }
    if context["can_manage"]:
        context["site_form"] = ProgrammeSiteForm(programme=programme)
        context["duty_form"] = ReportingDutyForm()
        context["readiness_form"] = ReadinessItemForm()
    return render(request, "programmes/programme_detail.html", context)


@role_required(Capability.MANAGE_PROGRAMMES)
def programme_edit(request, pk: int | None = None):
    programme = _programme(request, pk) if pk else None
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            saved = services.programme_save(
                programme=programme, actor=request.user, expected_version=form.expected_version, **values
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"{saved.name} is saved.")
            return redirect(saved)
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/programme_form.html", {"form": form, "programme": programme}, status=status)


@role_required(Capability.MANAGE_PROGRAMMES)
@require_POST
def site_join(request, pk: int):
    programme = _programme(request, pk)
    form = ProgrammeSiteForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            services.programme_site_join(programme=programme, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['site'].name} takes part in {programme.name}.")
            return redirect(programme)
    context = {"programme": programme, "form": form, "title": f"Add a site to {programme.name}"}
    return render(request, "programmes/small_form.html", context, status=400)


@role_required(Capability.MANAGE_PROGRAMMES)
@require_POST
def site_remove(request, pk: int):
    membership = get_visible_or_404(ProgrammeSite.objects.select_related("programme", "site"), request.user, pk=pk)
    services.programme_site_remove(membership=membership, actor=request.user)
    messages.success(request, f"{membership.site.name} no longer listed in {membership.programme.name}.")
    return redirect(membership.programme)


@role_required(Capability.MANAGE_PROGRAMMES)
@require_POST
def duty_add(request, pk: int):
    programme = _programme(request, pk)
    form = ReportingDutyForm(request.POST)
    if form.is_valid():
        try:
            services.reporting_duty_add(programme=programme, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "The reporting duty is added.")
            return redirect(programme)
    context = {"programme": programme, "form": form, "title": f"Add a reporting duty to {programme.name}"}
    return render(request, "programmes/small_form.html", context, status=400)


@role_required(Capability.MANAGE_PROGRAMMES)
@require_POST
def duty_delete(request, pk: int):
    duty = get_visible_or_404(ReportingDuty.objects.select_related("programme"), request.user, pk=pk)
    services.reporting_duty_delete(duty=duty, actor=request.user)
    messages.success(request, "The reporting duty is removed.")
    return redirect(duty.programme)


@role_required(Capability.MANAGE_PROGRAMMES)
@require_POST
def readiness_item_add(request, pk: int):
    programme = _programme(request, pk)
    form = ReadinessItemForm(request.POST)
    if form.is_valid():
        try:
            services.readiness_item_add(programme=programme, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "The item is added to the readiness checklist.")
            return redirect(programme.get_absolute_url() + "#readiness-h")
    context = {"programme": programme, "form": form, "title": f"Add a readiness item to {programme.name}"}
    return render(request, "programmes/small_form.html", context, status=400)


@role_required(Capability.MANAGE_PROGRAMMES)
@require_POST
def readiness_defaults(request, pk: int):
    programme = _programme(request, pk)
    try:
        services.readiness_defaults_copy(programme=programme, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{programme.name} has its own checklist, starting from the default items.")
    return redirect(programme.get_absolute_url() + "#readiness-h")


@role_required(Capability.MANAGE_PROGRAMMES)
def readiness_item_edit(request, pk: int):
    item = get_visible_or_404(ReadinessItem.objects.select_related("programme"), request.user, pk=pk)
    form = ReadinessItemEditForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_item_update(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "The item is saved.")
            return redirect(item.programme.get_absolute_url() + "#readiness-h")
    context = {"programme": item.programme, "form": form, "title": f"Edit the readiness item “{item.label}”"}
    return render(request, "programmes/small_form.html", context, status=400 if form.is_bound else 200)


@role_required(Capability.MANAGE_PROGRAMMES)
@require_POST
def readiness_item_remove(request, pk: int):
    item = get_visible_or_404(ReadinessItem.objects.select_related("programme"), request.user, pk=pk)
    if services.readiness_item_remove(item=item, actor=request.user):
        messages.success(request, f"“{item.label}” is removed from the checklist.")
    else:
        messages.success(request, f"“{item.label}” is deactivated: sites have ticked it, so it is kept.")
    return redirect(item.programme.get_absolute_url() + "#readiness-h")
