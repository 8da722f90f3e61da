"""Pages that combine the apps: the network overview, a site's page, the programme timeline, the pipeline."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from network import pipeline, timeline
from network.health import flags_for
from network.panels import site_panels
from network.selectors import network_overview, overdue_action_count, site_disclosure, stats_for
from pilot.audit import audit
from pilot.disclosure import policy_for
from pilot.forms import form_add_service_errors
from pilot.navigation import may_open
from pilot.permissions import allows, may, read_only_page, require, role_required
from pilot.roles import Capability
from programmes.periods import period_control, period_for
from programmes.selectors import programmes_of_site, sites_taking_part
from sites import conf, services
from sites import selectors as site_selectors
from sites.forms import ProgressEntryForm, StatusChangeForm
from sites.models import HostSite
from sites.timeline import by_month, to_csv
from sites.views import get_site_for_user
from training import conf as training_conf

SORT_OPTIONS = [
    ("name", "Name"),
    ("status", "Status"),
    ("-flags", "Most flags first"),
    ("contact", "Longest since contact first"),
    ("-meetings", "Most meetings first"),
    ("-attendance", "Highest attendance first"),
]
OVERVIEW_COLUMNS = [
    ("name", "Site"),
    ("status", "Status"),
    ("groups", "Groups meeting"),
    ("meetings", "Meetings (4 weeks)"),
    ("attendance", "Average attendance"),
    ("flags", "Flags"),
    ("contact", "Last contact"),
]
# Sites to a page of the overview: every site is judged (the sorts need every row), a page of them is shown.
SITES_PER_PAGE = 25
TIMELINE_ENTRIES_PER_PAGE = 100


@role_required(Capability.READ_SITES)
@read_only_page
def overview(request):
    period = period_for(request)
    today = period.as_of()
    sites, rows, sort = network_overview(
        user=request.user, today=today, sort=request.GET.get("sort", "name"), programme=period.programme
    )
    page = Paginator(rows, SITES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "sites": sites,
        "rows": page.object_list,
        "page": page,
        "query": query.urlencode(),
        "site_prefix": reverse("network:overview"),  # reversed once; a site's page is <prefix><slug>/
        "overdue_actions": overdue_action_count(request.user, period.programme, today),
        "sort": sort,
        "as_of": today,
        "period": period,
        "control": period_control(request, period),
        "columns": OVERVIEW_COLUMNS,
        "sort_options": SORT_OPTIONS,
    }
    return render(request, "network/overview.html", context)


def _site_context(request, site: HostSite, **forms) -> dict:
    period = period_for(request)
    today = period.as_of()
    user = request.user
    site = site_selectors.sites_for(user, as_of=today).get(pk=site.pk)  # its status and contact as of that day
    manage = may(user, allowed=site_selectors.can_manage_site(user, site))
    context = {
        "site": site,
        "as_of": today,
        "period": period,
        "control": period_control(request, period),
        "programmes": programmes_of_site(site),
        "flags": flags_for([site], today)[site.pk],
        "stats": stats_for([site], today, disclosure=site_disclosure(user))[site.pk],
        "history": list(site.status_changes.select_related("actor")),
        "people": list(site.people.all()),
        "show_contacts": site_selectors.can_see_contact_details(user, site),
        "show_notes": site_selectors.sees_contact_notes(user),
        "log": site_selectors.site_log(site=site, limit=conf.site_page_log_entries()),
        "panels": site_panels(site, user, today, start=period.start),
        "can_manage": manage,
        "can_change_status": allows(user, Capability.CHANGE_SITE_STATUS),
        "log_saved": forms.get("log_saved", False),
    }
    if may(user, "sites.add_progressentry", allowed=manage):
        context["log_form"] = forms.get("log_form") or ProgressEntryForm(
            action=reverse("network:site_log_add", args=[site.slug])
        )
    if context["can_change_status"]:
        context["status_form"] = forms.get("status_form") or StatusChangeForm(
            current=site.status, action=reverse("network:site_status", args=[site.slug])
        )
    return context


@role_required(Capability.READ_SITES)
@read_only_page
def site(request, slug: str):
    found = get_site_for_user(request, slug)
    return render(request, "network/site.html", _site_context(request, found))


@role_required(Capability.MANAGE_SITE)
@require_POST
def site_log_add(request, slug: str):
    found = get_site_for_user(request, slug)
    require(request, "sites.add_progressentry", allowed=site_selectors.can_manage_site(request.user, found))
    form = ProgressEntryForm(request.POST, action=reverse("network:site_log_add", args=[found.slug]))
    htmx = getattr(request, "htmx", False)
    if form.is_valid():
        try:
            services.progress_entry_create(site=found, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            if htmx:
                # htmx swaps the log section in place: a fresh form, the new entry and a status line.
                return render(request, "network/site.html", _site_context(request, found, log_saved=True))
            messages.success(request, "Added to the progress log.")
            return redirect(found.get_absolute_url() + "#log")
    response = render(request, "network/site.html", _site_context(request, found, log_form=form))
    # Without JavaScript a refused form is a 400; htmx swaps only successful responses, so it gets 200.
    response.status_code = 200 if htmx else 400
    return response


@role_required(Capability.CHANGE_SITE_STATUS)
@require_POST
def site_status(request, slug: str):
    found = get_site_for_user(request, slug)
    form = StatusChangeForm(
        request.POST, current=found.status, action=reverse("network:site_status", args=[found.slug])
    )
    if form.is_valid():
        try:
            services.site_status_change(
                site=found,
                to_status=form.cleaned_data["to_status"],
                actor=request.user,
                note=form.cleaned_data["note"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"{found.name} is now “{found.status_label}”.")
            return redirect(found.get_absolute_url() + "#status")
    response = render(request, "network/site.html", _site_context(request, found, status_form=form))
    response.status_code = 400
    return response


# --- the programme timeline ----------------------------------------------------------------------
def _timeline_scope(request) -> tuple[list[int] | None, dict[int, str]]:
    sites = list(HostSite.objects.visible_to(request.user).values_list("pk", "name"))
    names = dict(sites)
    if allows(request.user, Capability.SEE_WHOLE_NETWORK):
        return None, names
    return list(names), names


def _linked_for(user, entries):
    """The entries with links only to pages the user's role may open (evaluators read no site or group page)."""
    allowed: dict[str, bool] = {}

    def keep(url: str) -> bool:
        if url not in allowed:
            allowed[url] = may_open(user, url)
        return allowed[url]

    return [e if not e.url or keep(e.url) else dataclasses.replace(e, url="") for e in entries]


def _csv_response(request, entries, names, filename: str) -> HttpResponse:
    response = HttpResponse(to_csv(entries, names), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit(actor=request.user, action="export", target_type="sites.timeline", detail=filename)
    return response


def _timeline_page(request, entries) -> dict:
    """The latest entries first, TIMELINE_ENTRIES_PER_PAGE to a page, laid out month by month; links are checked
    for the page's entries only (the CSV lists them all, oldest first)."""
    page = Paginator(entries[::-1], TIMELINE_ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    shown = _linked_for(request.user, page.object_list[::-1])
    return {"months": by_month(shown, newest_first=True), "page": page, "entry_count": len(entries)}


@role_required(Capability.READ_SITES)
@read_only_page
def site_timeline(request, slug: str):
    found = get_site_for_user(request, slug)
    entries = timeline.collect([found.pk], network_entries=False)
    context = {
        "site": found,
        "csv_url": reverse("network:site_timeline_csv", args=[slug]),
        **_timeline_page(request, entries),
    }
    return render(request, "network/timeline.html", context)


@role_required(Capability.READ_SITES)
@read_only_page
def site_timeline_csv(request, slug: str):
    found = get_site_for_user(request, slug)
    entries = timeline.collect([found.pk], network_entries=False)
    return _csv_response(request, entries, {found.pk: found.name}, f"{found.slug}-timeline.csv")


@role_required(Capability.READ_TIMELINE)
@read_only_page
def network_timeline(request):
    site_ids, names = _timeline_scope(request)
    entries = timeline.collect(site_ids)
    context = {"site_names": names, "csv_url": reverse("network:timeline_csv"), **_timeline_page(request, entries)}
    return render(request, "network/timeline.html", context)


@role_required(Capability.READ_TIMELINE)
@read_only_page
def network_timeline_csv(request):
    site_ids, names = _timeline_scope(request)
    return _csv_response(request, timeline.collect(site_ids), names, "programme-timeline.csv")


# --- the training pipeline -----------------------------------------------------------------------
@role_required(Capability.READ_PIPELINE)
@read_only_page
def training_pipeline(request):
    period = period_for(request)
    today = period.as_of()
    sites = sites_taking_part(HostSite.objects.visible_to(request.user).order_by("name"), period.programme)
    rows, network = pipeline.training_pipeline(sites=sites, today=today, start=period.start)
    # A site contact sees their own site, whose training records they keep.
    disclosure = policy_for(request.user, keeper=True)
    figures = [row.figures(disclosure) for row in rows]
    network = network if allows(request.user, Capability.SEE_WHOLE_NETWORK) else None
    context = {
        "rows": list(zip(rows, figures, strict=True)),
        "network": (network, network.total_figures(disclosure, figures)) if network else None,
        "disclosure": disclosure,
        "active_weeks": training_conf.active_weeks(),
        "as_of": today,
        "period": period,
        "control": period_control(request, period),
    }
    return render(request, "network/pipeline.html", context)
