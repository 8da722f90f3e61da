"""Views of the sites app: thin; reads in selectors, writes in services."""

from __future__ import annotations

import dataclasses
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from pilot.audit import audit
from pilot.forms import date_from_query, form_add_service_errors
from pilot.navigation import may_open
from pilot.roles import Role, is_read_only, role_of, role_required
from pilot.scoping import get_visible_or_404
from sites import conf, selectors, services, timeline
from sites.forms import ProgressEntryForm, StatusChangeForm
from sites.models import HostSite, ProgressEntry

SITE_READERS = (Role.COORDINATOR, Role.SITE_CONTACT, Role.OBSERVER)
# The programme timeline is also the evaluators' record of what happened when.
TIMELINE_READERS = (*SITE_READERS, Role.EVALUATOR)
SITE_WRITERS = (Role.COORDINATOR, Role.SITE_CONTACT)
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


def get_site_for_user(request, slug: str) -> HostSite:
    """The site with this slug if the user may see it, else 404."""
    return get_visible_or_404(selectors.sites_for(request.user), request.user, slug=slug)


def get_entry_for_user(request, pk: int) -> ProgressEntry:
    """A log entry the user may see, else 404."""
    return get_visible_or_404(
        ProgressEntry.objects.visible_to(request.user).select_related("site"), request.user, pk=pk
    )


def require_site_writer(request, site: HostSite | None, perm: str) -> None:
    """Observers and anyone without the permission or outside the site get 403."""
    if is_read_only(request.user) or not request.user.has_perm(perm):
        raise PermissionDenied
    if site is None:
        if role_of(request.user) != Role.COORDINATOR:
            raise PermissionDenied
    elif not selectors.can_manage_site(request.user, site):
        raise PermissionDenied


def as_of(request) -> date:
    """The day flags are judged on: ?as_of=YYYY-MM-DD, else the configured default.

    A date that cannot be read, or an implausible year, is refused with a message on the page
    and the default is used.
    """
    day, error = date_from_query(request.GET.get("as_of", ""))
    if error and not getattr(request, "_as_of_refused", False):
        request._as_of_refused = True  # one message, however often the page asks
        messages.error(request, f"“{request.GET['as_of'][:40]}” cannot be used as the date: {error}")
    return day or conf.as_of()


@role_required(*SITE_READERS)
@require_safe
def site_list(request):
    today = as_of(request)
    sites, rows, sort = selectors.network_overview(
        user=request.user, today=today, sort=request.GET.get("sort", "name")
    )
    context = {
        "sites": sites,
        "rows": rows,
        "sort": sort,
        "as_of": today,
        "real_today": timezone.localdate(),
        "columns": OVERVIEW_COLUMNS,
        "sort_options": SORT_OPTIONS,
    }
    return render(request, "sites/site_list.html", context)


def _detail_context(request, site: HostSite, **forms) -> dict:
    today = as_of(request)
    user = request.user
    manage = selectors.can_manage_site(user, site) and not is_read_only(user)
    context = {
        "site": site,
        "as_of": today,
        "real_today": timezone.localdate(),
        "flags": selectors.flags_for([site], today)[site.pk],
        "stats": selectors.stats_for([site], today, disclosure=selectors.site_disclosure(user))[site.pk],
        "history": list(site.status_changes.select_related("actor")),
        "people": list(site.people.all()),
        "show_contacts": selectors.can_see_contact_details(user, site),
        "show_notes": selectors.sees_contact_notes(user),
        "log": selectors.site_log(site=site, limit=conf.SITE_PAGE_LOG_ENTRIES),
        "panels": selectors.site_panels(site, user),
        "can_manage": manage,
        "can_change_status": role_of(user) == Role.COORDINATOR,
        "log_saved": forms.get("log_saved", False),
    }
    if manage and user.has_perm("sites.add_progressentry"):
        context["log_form"] = forms.get("log_form") or ProgressEntryForm(
            action=reverse("sites:log_add", args=[site.slug])
        )
    if context["can_change_status"]:
        context["status_form"] = forms.get("status_form") or StatusChangeForm(
            current=site.status, action=reverse("sites:status", args=[site.slug])
        )
    return context


@role_required(*SITE_READERS)
@require_safe
def site_detail(request, slug: str):
    site = get_site_for_user(request, slug)
    return render(request, "sites/site_detail.html", _detail_context(request, site))


@role_required(*SITE_WRITERS)
@require_POST
def log_add(request, slug: str):
    site = get_site_for_user(request, slug)
    require_site_writer(request, site, "sites.add_progressentry")
    form = ProgressEntryForm(request.POST, action=reverse("sites:log_add", args=[site.slug]))
    htmx = getattr(request, "htmx", False)
    if form.is_valid():
        try:
            services.progress_entry_create(site=site, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            if htmx:
                # htmx swaps the log section in place: a fresh form, the new entry and a status line.
                context = _detail_context(request, site, log_saved=True)
                return render(request, "sites/site_detail.html", context)
            messages.success(request, "Added to the progress log.")
            return redirect(site.get_absolute_url() + "#log")
    response = render(request, "sites/site_detail.html", _detail_context(request, site, log_form=form))
    # Without JavaScript a refused form is a 400; htmx swaps only successful responses, so it gets 200.
    response.status_code = 200 if htmx else 400
    return response


@role_required(Role.COORDINATOR)
@require_POST
def status_change(request, slug: str):
    site = get_site_for_user(request, slug)
    form = StatusChangeForm(request.POST, current=site.status, action=reverse("sites:status", args=[site.slug]))
    if form.is_valid():
        try:
            services.site_status_change(
                site=site,
                to_status=form.cleaned_data["to_status"],
                actor=request.user,
                note=form.cleaned_data["note"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"{site.name} is now “{site.status_label}”.")
            return redirect(site.get_absolute_url() + "#status")
    response = render(request, "sites/site_detail.html", _detail_context(request, site, status_form=form))
    response.status_code = 400
    return response


@role_required(*SITE_WRITERS)
@require_POST
def follow_up_done(request, pk: int):
    entry = get_entry_for_user(request, pk)
    require_site_writer(request, entry.site, "sites.add_progressentry")
    services.progress_follow_up_done(entry=entry, actor=request.user)
    messages.success(request, "Follow-up marked as done.")
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/sites/") else reverse("sites:log"))


@role_required(*SITE_READERS)
@require_safe
def site_timeline(request, slug: str):
    site = get_site_for_user(request, slug)
    entries = _linked_for(request.user, timeline.collect([site.pk], network_entries=False))
    return render(
        request,
        "sites/timeline.html",
        {
            "site": site,
            "months": timeline.by_month(entries),
            "csv_url": reverse("sites:site_timeline_csv", args=[slug]),
        },
    )


def _timeline_scope(request) -> tuple[list[int] | None, dict[int, str]]:
    sites = list(HostSite.objects.visible_to(request.user).values_list("pk", "name"))
    names = dict(sites)
    if role_of(request.user) == Role.SITE_CONTACT:
        return list(names), names
    return None, names


def _linked_for(user, entries):
    """The entries with links only to pages the user's role may open (evaluators read no site or group page)."""
    allowed: dict[str, bool] = {}

    def keep(url: str) -> bool:
        if url not in allowed:
            allowed[url] = may_open(user, url)
        return allowed[url]

    return [e if not e.url or keep(e.url) else dataclasses.replace(e, url="") for e in entries]


@role_required(*TIMELINE_READERS)
@require_safe
def network_timeline(request):
    site_ids, names = _timeline_scope(request)
    entries = _linked_for(request.user, timeline.collect(site_ids))
    return render(
        request,
        "sites/timeline.html",
        {"months": timeline.by_month(entries), "site_names": names, "csv_url": reverse("sites:timeline_csv")},
    )


def _csv_response(request, entries, names, filename: str, target_type: str) -> HttpResponse:
    response = HttpResponse(timeline.to_csv(entries, names), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit(actor=request.user, action="export", target_type=target_type, detail=filename)
    return response


@role_required(*TIMELINE_READERS)
@require_safe
def network_timeline_csv(request):
    site_ids, names = _timeline_scope(request)
    return _csv_response(request, timeline.collect(site_ids), names, "programme-timeline.csv", "sites.timeline")


@role_required(*SITE_READERS)
@require_safe
def site_timeline_csv(request, slug: str):
    site = get_site_for_user(request, slug)
    entries = timeline.collect([site.pk], network_entries=False)
    return _csv_response(request, entries, {site.pk: site.name}, f"{site.slug}-timeline.csv", "sites.timeline")


def paginate(request, queryset, per_page: int):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except Exception as exc:  # a page number someone typed
        raise Http404("No such page.") from exc
