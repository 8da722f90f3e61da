"""The demo: the 2008-2010 English pilot, loaded app by app.

Each app owns a module `<app>/demo.py` with `load(*, out) -> None` that creates
or updates its part idempotently (natural keys, update_or_create). This module
runs them in dependency order and then creates one login per role.
"""

from __future__ import annotations

from importlib import import_module

from django.db import transaction

from pilot.accounts import user_create_with_role
from pilot.roles import PROJECT_APPS, Role

DEMO_PASSWORD = "smart-pilot-2009"

# (username, role, site slug, first name, group names at that site)
DEMO_USERS = [
    ("coordinator", Role.COORDINATOR, None, "Nicola", []),
    ("sitecontact", Role.SITE_CONTACT, "sheffield", "Sam", []),
    ("facilitator", Role.FACILITATOR, "sheffield", "Chris", ["Sheffield"]),
    ("evaluator", Role.EVALUATOR, None, "Rachel", []),
    ("observer", Role.OBSERVER, None, "Nick", []),
]


def load_demo(*, out) -> list[tuple[str, Role]]:
    """Load every app's part of the demo, then the demo logins; returns (username, role) pairs."""
    with transaction.atomic():
        for app in PROJECT_APPS:
            if app == "pilot":
                continue
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            module.load(out=out)
        return load_demo_users()


def load_demo_users() -> list[tuple[str, Role]]:
    from groups.models import Group

    created = []
    for username, role, site_slug, first_name, group_names in DEMO_USERS:
        group_ids = list(Group.objects.filter(site__slug=site_slug, name__in=group_names).values_list("pk", flat=True))
        user_create_with_role(
            username=username,
            role=role,
            password=DEMO_PASSWORD,
            site_slug=site_slug,
            group_ids=group_ids,
            first_name=first_name,
            update_existing=True,
        )
        created.append((username, role))
    return created
