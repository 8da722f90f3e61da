"""The demo: the 2008-2010 English pilot, loaded app by app.

Each app owns a module `<app>/demo.py` with `load(*, out) -> None` that creates
or updates its part idempotently (natural keys, update_or_create). This module
runs them in the order their models depend on each other, then creates one login per role.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from budget import demo as budget_demo
from committee import demo as committee_demo
from evaluation import demo as evaluation_demo
from evaluation.models import CollectionRound
from groups import demo as groups_demo
from groups.models import Facilitator, Group
from network.accounts import user_create_with_role
from pilot.roles import Role
from programmes import demo as programmes_demo
from programmes.models import Programme
from referrals import demo as referrals_demo
from sites import demo as sites_demo
from training import demo as training_demo
from training.models import Event, Participant

# Each app's part, in the order its models depend on each other.
PARTS = (
    sites_demo,
    programmes_demo,
    committee_demo,
    referrals_demo,
    groups_demo,
    training_demo,
    budget_demo,
    evaluation_demo,
)

DEMO_PASSWORD = "smart-pilot-2009"

# (username, role, site slug, display name, group names at that site)
# Display names are the roles as the report names them, never invented (or real) people's names.
DEMO_USERS = [
    ("coordinator", Role.COORDINATOR, None, "Project coordinator", []),
    ("sitecontact", Role.SITE_CONTACT, "sheffield", "Host agency contact (SAAS)", []),
    ("facilitator", Role.FACILITATOR, "sheffield", "Sheffield facilitator", ["Sheffield"]),
    ("evaluator", Role.EVALUATOR, None, "Independent evaluator", []),
    ("observer", Role.OBSERVER, None, "Steering committee member", []),
]

# Rows earlier versions of the demo held that contradict the report; a reload removes them.
# Aquarius staff counted as a Birmingham facilitator: she is a person at the site now (sites/demo_data.py).
RETIRED_FACILITATORS = [("birmingham", "Maggie (Aquarius staff)")]


def load_demo(*, out) -> list[tuple[str, Role]]:
    """Load every app's part of the demo, then the demo logins; returns (username, role) pairs."""
    with transaction.atomic():
        _remove_retired()
        for part in PARTS:
            part.load(out=out)
        link_events_and_rounds()
        created = load_demo_users()
        load_demo_signoffs()
        return created


def load_demo_signoffs() -> None:
    """The months the demo's sites have signed off, approved by their site contact login where there is one."""
    users = {username: User.objects.get(username=username) for username, *_ in DEMO_USERS}
    contacts = {site: users[name] for name, role, site, *_ in DEMO_USERS if role == Role.SITE_CONTACT}
    groups_demo.load_signoffs(site_contacts=contacts, coordinator=users["coordinator"])


def link_events_and_rounds() -> None:
    """Put each demo event and questionnaire round in the programme whose dates hold it."""
    for programme in Programme.objects.all():
        dates = (programme.starts_on, programme.ends_on)
        Event.objects.filter(starts_on__range=dates).update(programme=programme)
        CollectionRound.objects.filter(opens_on__range=dates).update(programme=programme)


def _remove_retired() -> None:
    for slug, alias in RETIRED_FACILITATORS:
        retired = Facilitator.objects.filter(site__slug=slug, display_name=alias, user=None)
        Participant.objects.filter(facilitator__in=retired).delete()  # a participant needs a name or a facilitator
        retired.delete()


def load_demo_users() -> list[tuple[str, Role]]:
    created = []
    for username, role, site_slug, display_name, group_names in DEMO_USERS:
        group_ids = list(Group.objects.filter(site__slug=site_slug, name__in=group_names).values_list("pk", flat=True))
        user = user_create_with_role(
            username=username,
            role=role,
            password=DEMO_PASSWORD,
            site_slug=site_slug,
            group_ids=group_ids,
            first_name=display_name,
            # An address on a reserved domain: the demo prints reminder emails to the console (docs/configuration.md).
            email=f"{username}@pilot-demo.invalid",
            update_existing=True,
        )
        # A login's facilitator record keeps the name it was created with; keep it the role's.
        Facilitator.objects.filter(user=user).exclude(display_name=display_name).update(display_name=display_name)
        created.append((username, role))
    return created
