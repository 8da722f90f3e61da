"""The role-aware menu. Hiding a link is a courtesy: every view checks access itself."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import Resolver404, resolve

from pilot.permissions import allows
from pilot.roles import Role, role_of

ALL = tuple(Role)


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str
    roles: tuple[Role, ...]
    # "main": the bar; "account": the user's menu, for tools used now and then (keeps the bar on one line).
    menu: str = "main"


MENU: list[NavItem] = [
    NavItem("Home", "/", ALL),
    NavItem("Sites", "/sites/", (Role.COORDINATOR, Role.SITE_CONTACT, Role.OBSERVER)),
    # Evaluators study how sites were chosen and what happened when, not the sites' management.
    NavItem("Site selection", "/sites/applications/", (Role.EVALUATOR,)),
    NavItem("Timeline", "/sites/timeline/", (Role.EVALUATOR,)),
    NavItem("Groups", "/groups/", (Role.COORDINATOR, Role.SITE_CONTACT, Role.FACILITATOR, Role.OBSERVER)),
    # Site contacts sign off their months from here; the committee and the evaluators judge the returns. The
    # coordinator's bar is full: theirs is in the account menu (and linked from every site page).
    NavItem("Data quality", "/groups/quality/", (Role.SITE_CONTACT, Role.OBSERVER, Role.EVALUATOR)),
    NavItem("Register a meeting", "/groups/meetings/new/", (Role.COORDINATOR, Role.SITE_CONTACT, Role.FACILITATOR)),
    NavItem("Training", "/training/", (Role.COORDINATOR, Role.SITE_CONTACT, Role.FACILITATOR, Role.OBSERVER)),
    NavItem("Programmes", "/programmes/", (Role.COORDINATOR, Role.OBSERVER, Role.EVALUATOR)),
    NavItem("Budget", "/budget/", (Role.COORDINATOR, Role.OBSERVER)),
    NavItem("Questionnaires", "/evaluation/", ALL),
    NavItem("Reports", "/reports/", ALL),
    NavItem("Data quality", "/groups/quality/", (Role.COORDINATOR,), menu="account"),
    NavItem("Audit log", "/audit/", (Role.COORDINATOR,), menu="account"),
    NavItem("Reminders sent", "/reminders/sent/", (Role.COORDINATOR,), menu="account"),
    NavItem("Email reminders", "/reminders/", ALL, menu="account"),
]


def navigation_for(user, current_path: str = "", *, menu: str = "main") -> list[dict]:
    role = role_of(user)
    if role is None:
        return []
    mine = [item for item in MENU if role in item.roles and item.menu == menu]
    # The current page is the item whose path is the longest start of it (/groups/quality/ is not "Groups").
    matches = [i.path for i in mine if (current_path == i.path if i.path == "/" else current_path.startswith(i.path))]
    current = max(matches, key=len, default=None)
    return [{"label": i.label, "path": i.path, "active": i.path == current} for i in mine]


def may_open(user, path: str) -> bool:
    """Whether the user's role may open the page at `path` (the view's role_required), so a link to it is shown.

    Only the role is checked, not the record's scope: links are built from records the user can see.
    """
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return False
    capability = getattr(match.func, "capability", None)
    return capability is None or allows(user, capability)
