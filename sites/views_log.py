"""The network-wide progress log: filters, overdue follow-ups and the coordinator's add form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from pilot.forms import form_add_service_errors
from pilot.permissions import allows, may, read_only_page, role_required
from pilot.roles import Capability
from sites import conf, selectors, services
from sites.forms import LogFilterForm, NetworkEntryForm
from sites.models import HostSite
from sites.views import paginate


@role_required(Capability.READ_SITES)
@read_only_page
def network_log(request):
    user = request.user
    sites = HostSite.objects.visible_to(user)
    filters = LogFilterForm(request.GET or None, sites=sites)
    criteria = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    entries = selectors.network_log(
        user=user,
        site=criteria.get("site"),
        kind=criteria.get("kind", ""),
        date_from=criteria.get("date_from"),
        date_to=criteria.get("date_to"),
    )
    page = paginate(request, entries, conf.log_page_size())
    query = request.GET.copy()
    query.pop("page", None)
    today = timezone.localdate()
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "overdue": list(selectors.overdue_follow_ups(user=user, today=today)[:50]),
        "as_of": today,
        "can_write": may(user, "sites.add_progressentry"),
        "show_notes": selectors.sees_contact_notes(user),
    }
    if allows(user, Capability.LOG_FOR_NETWORK):
        context["add_form"] = NetworkEntryForm(sites=sites, action=reverse("sites:log_add_network"))
    return render(request, "sites/log.html", context)


@role_required(Capability.LOG_FOR_NETWORK)
def network_log_add(request):
    """The coordinator adds an entry for any site, or a network-wide milestone."""
    if request.method != "POST":
        return redirect("sites:log")
    sites = HostSite.objects.all()
    form = NetworkEntryForm(request.POST, sites=sites, action=reverse("sites:log_add_network"))
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.progress_entry_create(actor=request.user, **data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Added to the progress log.")
            return redirect("sites:log")
    return render(request, "sites/log_add.html", {"form": form}, status=400)
