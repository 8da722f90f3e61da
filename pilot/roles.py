"""Roles: who may do what, declared once.

A role is a Django auth group of the same name. Its model permissions are
declared in ROLE_PERMISSIONS below and synced after every migration. What a
user may *see* is decided by each model's `visible_to(user)` queryset method;
what they may *change* by these permissions plus that scope.
"""

from __future__ import annotations

import fnmatch
from enum import StrEnum
from functools import wraps

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied


class Role(StrEnum):
    COORDINATOR = "coordinator"
    SITE_CONTACT = "site_contact"
    FACILITATOR = "facilitator"
    EVALUATOR = "evaluator"
    OBSERVER = "observer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.COORDINATOR: "Coordinator",
    Role.SITE_CONTACT: "Site contact",
    Role.FACILITATOR: "Facilitator",
    Role.EVALUATOR: "Evaluator",
    Role.OBSERVER: "Steering committee (read-only)",
}

# Roles whose scope is one host site (set with `create_user --site`).
SITE_SCOPED_ROLES = {Role.SITE_CONTACT, Role.FACILITATOR}

# Our apps as module paths, in dependency order, and their Django app labels.
PROJECT_APPS = ("pilot", "sites", "programmes", "groups", "training", "budget", "evaluation", "network", "reports")
PROJECT_APP_LABELS = tuple(path.rsplit(".", 1)[-1] for path in PROJECT_APPS)

# Permission patterns per role: "app_label.codename", shell-style wildcards allowed.
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.COORDINATOR: ["*.*"],
    Role.SITE_CONTACT: [
        "*.view_*",
        "sites.change_hostsite",
        "sites.add_progressentry",
        "sites.add_siteperson",
        "sites.change_siteperson",
        "groups.add_group",
        "groups.change_group",
        "groups.add_facilitator",
        "groups.change_facilitator",
        "groups.add_meeting",
        "groups.change_meeting",
        "training.add_event",
        "evaluation.add_response",
        "reports.add_reportrequest",
    ],
    Role.FACILITATOR: [
        "sites.view_hostsite",
        "groups.view_group",
        "groups.view_meeting",
        "groups.add_meeting",
        "groups.change_meeting",
        "training.view_event",
        "evaluation.add_response",
        "reports.add_reportrequest",
    ],
    Role.EVALUATOR: [
        "*.view_*",
        "evaluation.*",
        "reports.*",
    ],
    Role.OBSERVER: [
        "*.view_*",
        "reports.add_reportrequest",
    ],
}

# Permissions no role below coordinator gets, whatever the patterns say.
NEVER_DELEGATED = {"pilot.view_workerheartbeat", "pilot.view_auditentry"}


def role_of(user) -> Role | None:
    """The user's role (superusers count as coordinators); None for anonymous or role-less users."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return None
    cached = getattr(user, "_pilot_role", False)
    if cached is not False:
        return cached
    if user.is_superuser:
        role = Role.COORDINATOR
    else:
        names = {g.name for g in user.groups.all()}
        role = next((r for r in Role if r.value in names), None)
    user._pilot_role = role
    return role


def is_read_only(user) -> bool:
    """Observers read; they never write."""
    return role_of(user) == Role.OBSERVER


def role_required(*roles: Role):
    """View decorator: the user must be logged in (else login redirect) and hold one of the roles (else 403)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            from django.contrib.auth.views import redirect_to_login

            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


def permissions_for(role: Role) -> list[Permission]:
    patterns = ROLE_PERMISSIONS[role]
    perms = Permission.objects.filter(content_type__app_label__in=PROJECT_APP_LABELS).select_related("content_type")
    chosen = []
    for perm in perms:
        key = f"{perm.content_type.app_label}.{perm.codename}"
        if role != Role.COORDINATOR and key in NEVER_DELEGATED:
            continue
        if any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns):
            chosen.append(perm)
    return chosen


def sync_role_groups() -> None:
    """Create one auth group per role and give it exactly the declared permissions."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(permissions_for(role))


def sync_role_groups_after_migrate(*, app_config, **kwargs) -> None:
    if app_config.label == PROJECT_APP_LABELS[-1]:
        sync_role_groups()


def assign_role(user, role: Role) -> None:
    """Give the user exactly one role."""
    sync_role_groups()
    user.groups.remove(*Group.objects.filter(name__in=[r.value for r in Role]))
    user.groups.add(Group.objects.get(name=role.value))
    if hasattr(user, "_pilot_role"):
        del user._pilot_role
    for cache in ("_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        if hasattr(user, cache):
            delattr(user, cache)
