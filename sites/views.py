"""Views of the sites app: thin; reads in selectors, writes in services."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from pilot.permissions import require, role_required
from pilot.roles import Capability
from pilot.scoping import get_visible_or_404
from sites import selectors, services
from sites.models import HostSite, ProgressEntry


def get_site_for_user(request, slug: str) -> HostSite:
    """The site with this slug if the user may see it, else 404."""
    return get_visible_or_404(selectors.sites_for(request.user), request.user, slug=slug)


def get_entry_for_user(request, pk: int) -> ProgressEntry:
    """A log entry the user may see, else 404."""
    return get_visible_or_404(
        ProgressEntry.objects.visible_to(request.user).select_related("site"), request.user, pk=pk
    )


@role_required(Capability.MANAGE_SITE)
@require_POST
def follow_up_done(request, pk: int):
    entry = get_entry_for_user(request, pk)
    require(request, "sites.add_progressentry", allowed=selectors.can_manage_entry(request.user, entry))
    services.progress_follow_up_done(entry=entry, actor=request.user)
    messages.success(request, "Follow-up marked as done.")
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/sites/") else reverse("sites:log"))


def paginate(request, queryset, per_page: int):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except Exception as exc:  # a page number someone typed
        raise Http404("No such page.") from exc
