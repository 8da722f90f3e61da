"""The demo: the 2008-2010 English pilot, loaded app by app.

Each app owns a module `<app>/demo.py` with `load(*, out) -> None` that creates
or updates its part idempotently (natural keys, update_or_create). This module
runs them in the order their models depend on each other, then creates one login per role.
"""

from __future__ import annotations

from django.db import transaction

from budget import demo as budget_demo
from evaluation import demo as evaluation_demo
from groups import demo as groups_demo
from groups.models import Group
from network.accounts import user_create_with_role
from pilot.roles import Role
from programmes import demo as programmes_demo
from sites import demo as sites_demo
from training import demo as training_demo

# Each app's part, in the order its models depend on each other.
PARTS = (sites_demo, programmes_demo, groups_demo, training_demo, budget_demo, evaluation_demo)

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
        for part in PARTS:
            part.load(out=out)
        return load_demo_users()


def load_demo_users() -> list[tuple[str, Role]]:
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
