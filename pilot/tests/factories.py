from __future__ import annotations

from django.contrib.auth import get_user_model

from pilot.roles import Role, assign_role

PASSWORD = "correct-horse-battery-staple"


def make_user(username: str, role: Role | None, *, site=None, groups=(), **fields):
    """A login with a role; site-scoped roles get a membership, facilitators a facilitator record."""
    from groups.models import Facilitator
    from sites.models import SiteMembership

    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)
    if role is not None:
        assign_role(user, role)
    if site is not None:
        SiteMembership.objects.create(user=user, site=site)
    if role == Role.FACILITATOR:
        facilitator = Facilitator.objects.create(user=user, site=site, display_name=username.title())
        facilitator.groups.set(groups)
    return user
