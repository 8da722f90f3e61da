from django.shortcuts import get_object_or_404, render

from pilot.roles import Role, role_required
from sites.models import HostSite

SITE_READERS = (Role.COORDINATOR, Role.SITE_CONTACT, Role.OBSERVER)


def get_site_for_user(request, slug: str) -> HostSite:
    """The site with this slug if the user may see it, else 404."""
    return get_object_or_404(HostSite.objects.visible_to(request.user), slug=slug)


@role_required(*SITE_READERS)
def site_list(request):
    sites = HostSite.objects.visible_to(request.user)
    return render(request, "sites/site_list.html", {"sites": sites})


@role_required(*SITE_READERS)
def site_detail(request, slug: str):
    site = get_site_for_user(request, slug)
    return render(request, "sites/site_detail.html", {"site": site})
