"""Editing a host site's details and the people at a site."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from pilot.forms import form_add_service_errors
from pilot.permissions import allows, require, role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404
from sites import services
from sites.forms import HostSiteForm, ReadinessForm, SitePersonForm, SustainabilityPlanForm
from sites.models import SitePerson, SiteReadiness, SustainabilityPlan
from sites.selectors import can_manage_site, readiness_for
from sites.views import get_site_for_user


@role_required(Capability.MANAGE_SITE)
def site_edit(request, slug: str):
    site = get_site_for_user(request, slug)
    require(request, "sites.change_hostsite", allowed=can_manage_site(request.user, site))
    can_rename = allows(request.user, Capability.RENAME_SITES)
    form = HostSiteForm(request.POST or None, instance=site, can_rename=can_rename)
    if request.method == "POST" and form.is_valid():
        try:
            services.host_site_save(
                site=form.save(commit=False),
                actor=request.user,
                changed_fields=form.changed_data,
                expected_version=form.expected_version,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Site details saved.")
            return redirect(site.get_absolute_url())
    status = 400 if form.is_bound else 200
    return render(request, "sites/site_form.html", {"site": site, "form": form}, status=status)


@role_required(Capability.MANAGE_SITE)
def person_edit(request, slug: str, pk: int | None = None):
    site = get_site_for_user(request, slug)
    if pk is None:
        require(request, "sites.add_siteperson", allowed=can_manage_site(request.user, site))
        person = SitePerson(site=site)
    else:
        person = get_visible_or_404(SitePerson, request.user, pk=pk, site=site)
        require(request, "sites.change_siteperson", allowed=can_manage_site(request.user, site))
    form = SitePersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.site_person_save(person=form.save(commit=False), actor=request.user, changed_fields=form.changed_data)
        messages.success(request, f"{person.name} saved.")
        return redirect(site.get_absolute_url() + "#people")
    status = 400 if form.is_bound else 200
    return render(request, "sites/person_form.html", {"site": site, "person": person, "form": form}, status=status)


@role_required(Capability.MANAGE_SITE)
def readiness_edit(request, slug: str):
    site = get_site_for_user(request, slug)
    require(request, "sites.change_sitereadiness", allowed=can_manage_site(request.user, site))
    readiness = SiteReadiness.objects.filter(site=site).first()
    checklist = readiness_for([site])[site.pk]  # today's checklist: the site's programme's items, or the default
    form = ReadinessForm(request.POST or None, readiness=readiness, items=checklist.items)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_save(
                site=site,
                ticks=form.cleaned_data["ticks"],
                items=checklist.items,
                actor=request.user,
                expected_version=form.expected_version,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Readiness checklist saved.")
            return redirect(site.get_absolute_url() + "#readiness")
    status = 400 if form.is_bound else 200
    context = {"site": site, "form": form, "checklist": checklist}
    return render(request, "sites/readiness_form.html", context, status=status)


@role_required(Capability.MANAGE_SITE)
def sustainability_edit(request, slug: str):
    site = get_site_for_user(request, slug)
    plan = SustainabilityPlan.objects.filter(site=site).first()
    if plan is None:
        require(request, "sites.add_sustainabilityplan", allowed=can_manage_site(request.user, site))
        plan = SustainabilityPlan(site=site)
    else:
        require(request, "sites.change_sustainabilityplan", allowed=can_manage_site(request.user, site))
    form = SustainabilityPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.sustainability_save(
                plan=form.save(commit=False),
                actor=request.user,
                changed_fields=form.changed_data,
                expected_version=form.expected_version,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Sustainability plan saved.")
            return redirect(site.get_absolute_url() + "#sustainability")
    status = 400 if form.is_bound else 200
    return render(request, "sites/sustainability_form.html", {"site": site, "form": form}, status=status)
