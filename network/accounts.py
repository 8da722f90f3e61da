"""Creating logins with a role and a scope (used by `create_user` and the demo)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from groups.models import Facilitator, Group
from pilot.roles import SITE_SCOPED_ROLES, Role, assign_role
from sites.models import HostSite, SiteMembership


@transaction.atomic
def user_create_with_role(
    *,
    username: str,
    role: Role,
    password: str,
    site_slug: str | None = None,
    group_ids: Sequence[int] = (),
    first_name: str = "",
    email: str = "",
    update_existing: bool = False,
):
    """Create (or with update_existing, update) a login with one role, scoped to a site and groups."""
    User = get_user_model()
    errors: dict[str, str] = {}
    site = None
    if role in SITE_SCOPED_ROLES:
        if not site_slug:
            errors["site"] = f"A {role.label.lower()} needs --site: the host site that scopes what they see."
        else:
            site = HostSite.objects.filter(slug=site_slug).first()
            if site is None:
                errors["site"] = f"No host site has the slug {site_slug!r}."
    elif site_slug:
        errors["site"] = (
            f"A {role.label.lower()} sees the whole network; --site applies to site contacts and facilitators."
        )
    groups = []
    if group_ids:
        if role != Role.FACILITATOR:
            errors["group"] = "--group applies only to facilitators."
        elif site is not None:
            groups = list(Group.objects.filter(pk__in=group_ids))
            missing = sorted(set(group_ids) - {g.pk for g in groups})
            if missing:
                errors["group"] = f"No group with id {', '.join(map(str, missing))}."
            elsewhere = [g.name for g in groups if g.site_id != site.pk]
            if elsewhere:
                errors["group"] = f"Not a group of {site.name}: {', '.join(elsewhere)}."
    existing = User.objects.filter(username=username).first()
    if existing is not None and not update_existing:
        errors["username"] = f"A user called {username!r} already exists."
    if errors:
        raise ValidationError(errors)

    user = existing or User(username=username)
    user.first_name = first_name or user.first_name
    user.email = email or user.email
    user.is_active = True
    user.set_password(password)
    user.save()
    assign_role(user, role)
    SiteMembership.objects.filter(user=user).exclude(site=site).delete()
    if site is not None:
        SiteMembership.objects.get_or_create(user=user, site=site)
    if role == Role.FACILITATOR:
        facilitator, _ = Facilitator.objects.get_or_create(
            user=user, defaults={"site": site, "display_name": first_name or username}
        )
        if facilitator.site_id != site.pk:
            facilitator.site = site
            facilitator.save(update_fields=["site"])
        if groups:
            facilitator.groups.add(*groups)
    return user
