from django.shortcuts import get_object_or_404, render

from groups.models import Group
from pilot.roles import Role, role_required

GROUP_READERS = (Role.COORDINATOR, Role.SITE_CONTACT, Role.FACILITATOR, Role.OBSERVER)


def get_group_for_user(request, pk: int) -> Group:
    """The group if the user may see it, else 404."""
    return get_object_or_404(Group.objects.visible_to(request.user).select_related("site"), pk=pk)


@role_required(*GROUP_READERS)
def group_list(request):
    groups = Group.objects.visible_to(request.user).select_related("site")
    return render(request, "groups/group_list.html", {"groups": groups})


@role_required(*GROUP_READERS)
def group_detail(request, pk: int):
    group = get_group_for_user(request, pk)
    return render(request, "groups/group_detail.html", {"group": group})
