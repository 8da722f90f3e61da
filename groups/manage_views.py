"""Coordinators and site contacts keep groups and facilitator records up to date."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from groups.forms import FacilitatorForm, GroupForm
from groups.models import Facilitator, Group
from groups.services import facilitator_save, group_save
from groups.views import get_group_for_user
from pilot.forms import form_add_service_errors
from pilot.permissions import require, role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404
from sites.models import HostSite


def _sites(user):
    return HostSite.objects.visible_to(user)


@role_required(Capability.MANAGE_GROUPS)
def group_edit(request, pk: int | None = None):
    group = get_group_for_user(request, pk) if pk else Group()
    require(request, "groups.change_group" if pk else "groups.add_group")
    form = GroupForm(request.POST or None, instance=group, sites=_sites(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            group = group_save(
                group=form.save(commit=False),
                actor=request.user,
                changed_fields=form.changed_data,
                expected_version=form.expected_version,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"{group.name} is saved.")
            return redirect(group)
    status = 400 if request.method == "POST" else 200
    return render(request, "groups/group_form.html", {"form": form, "group": group if pk else None}, status=status)


def get_facilitator_for_user(request, pk: int) -> Facilitator:
    """The facilitator record if the user may see it, else 404 (audited when it exists outside the user's scope)."""
    return get_visible_or_404(Facilitator, request.user, pk=pk)


@role_required(Capability.MANAGE_GROUPS)
def facilitator_edit(request, pk: int | None = None):
    facilitator = get_facilitator_for_user(request, pk) if pk else Facilitator()
    require(request, "groups.change_facilitator" if pk else "groups.add_facilitator")
    sites = _sites(request.user)
    groups = Group.objects.visible_to(request.user).select_related("site")
    initial = {}
    if not pk:
        chosen = (
            groups.filter(pk=request.GET.get("group") or 0).first() if request.GET.get("group", "").isdigit() else None
        )
        if chosen is not None:
            initial = {"site": chosen.site_id, "groups": [chosen.pk]}
        elif sites.count() == 1:
            initial = {"site": sites.first().pk}
    form = FacilitatorForm(request.POST or None, instance=facilitator, sites=sites, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            facilitator = facilitator_save(
                facilitator=form.save(commit=False),
                groups=form.cleaned_data["groups"],
                actor=request.user,
                changed_fields=form.changed_data,
                expected_version=form.expected_version,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc, default_field="groups")
        else:
            messages.success(request, f"{facilitator.display_name} is saved.")
            first = facilitator.groups.first()
            return redirect(first or "groups:list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "facilitator": facilitator if pk else None}
    return render(request, "groups/facilitator_form.html", context, status=status)
