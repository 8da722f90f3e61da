"""Every view declares its access through the one vocabulary in pilot/permissions.py.

- Each URL's view names a capability with `role_required`, or is listed in PUBLIC_PAGES with a reason.
- No views module decides access itself: no PermissionDenied, no role tests, no `has_perm`, no helper
  of its own such as `_require`, `_check_write` or `get_only` (they were five, with clashing names).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.urls import URLResolver, get_resolver

from pilot.access_matrix import OBSERVER_POSTS, PUBLIC_PAGES
from pilot.roles import CAPABILITIES, PROJECT_APPS, READ_ONLY_WRITES, Capability

ROOT = Path(__file__).resolve().parents[2]
VIEW_MODULE = re.compile(r"^(views.*|.*_views)\.py$")

# Names that decide access; in a views module they mean a permission rule kept outside pilot/roles.py.
FORBIDDEN_NAMES = {
    "PermissionDenied": "raise nothing yourself: role_required, read_only_page or require refuse",
    "HttpResponseForbidden": "a 403 comes from role_required, read_only_page or require",
    "HttpResponseNotAllowed": "a read-only page is @read_only_page; a form is @require_http_methods",
    "Role": "name a Capability (pilot.roles.CAPABILITIES) instead of a set of roles",
    "role_of": "ask allows(user, Capability.X) instead of testing the role",
    "is_read_only": "require(...) and role_required already refuse read-only roles",
    "login_required": "role_required signs the visitor in first (or list the page in PUBLIC_PAGES)",
    "permission_required": "require(request, 'app.codename') after the lookup",
    "user_passes_test": "role_required(Capability.X)",
}
FORBIDDEN_ATTRIBUTES = {
    "has_perm": "require(request, perm) or may(user, perm)",
    "has_perms": "require(request, perm) or may(user, perm)",
    "is_superuser": "a superuser is a coordinator (pilot.roles.role_of); name a Capability",
    "is_staff": "name a Capability",
}
# A helper of the kind the vocabulary replaced: _require, require_site_writer, _check_write, get_only, _writes_allowed.
HELPER_NAME = re.compile(r"^_?(require|check|permit|allow|may|can)(_|$)|_allowed$|_only$")
# The start page serves signed-in users without a role too (it tells them so): Django's login_required.
LOGIN_REQUIRED_ALLOWED = {ROOT / "pilot" / "views.py"}


def _view_modules() -> list[Path]:
    paths = []
    for app in PROJECT_APPS:
        paths += [p for p in sorted((ROOT / app).glob("*.py")) if VIEW_MODULE.match(p.name)]
    return paths


def _problems(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(root)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Name | ast.alias):
            name = node.id if isinstance(node, ast.Name) else (node.asname or node.name).rsplit(".", 1)[-1]
            if name in FORBIDDEN_NAMES and not (name == "login_required" and path in LOGIN_REQUIRED_ALLOWED):
                found.append(f"{where} uses {name}: {FORBIDDEN_NAMES[name]}")
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f"{where} uses .{node.attr}: {FORBIDDEN_ATTRIBUTES[node.attr]}")
        elif isinstance(node, ast.FunctionDef) and HELPER_NAME.search(node.name):
            found.append(f"{where} defines {node.name}(): use pilot.permissions (require, allows, read_only_page)")
    return found


def test_the_view_modules_are_found():
    names = {str(p.relative_to(ROOT)) for p in _view_modules()}
    assert {"sites/views.py", "groups/meeting_views.py", "budget/views.py", "pilot/views.py"} <= names
    assert {"evaluation/public_views.py", "network/views_privacy.py", "reports/views.py"} <= names


def test_no_views_module_decides_access_itself():
    problems = [problem for path in _view_modules() for problem in _problems(path)]
    assert not problems, "\n".join(problems)


def test_the_check_finds_the_helpers_it_replaced(tmp_path):
    """The check above would have failed on the old per-app helpers."""
    old = tmp_path / "views.py"
    old.write_text(
        "from django.core.exceptions import PermissionDenied\n"
        "from pilot.roles import Role, role_of\n"
        "WRITERS = (Role.COORDINATOR,)\n"
        "def _check_write(request):\n"
        "    if not request.user.has_perm('groups.add_meeting'):\n"
        "        raise PermissionDenied\n"
        "def get_only(view):\n"
        "    return view\n"
        "def _writes_allowed(request):\n"
        "    return role_of(request.user) != Role.OBSERVER\n"
    )
    problems = "\n".join(_problems(old, root=tmp_path))
    expected = ["uses PermissionDenied:", "uses Role:", "uses role_of:", "uses .has_perm:", "_check_write()"]
    expected += ["get_only()", "_writes_allowed()"]
    for text in expected:
        assert text in problems, text


def _views_by_url_name(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _views_by_url_name(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def test_every_view_names_a_capability_or_is_listed_as_public():
    views = dict(_views_by_url_name())
    undeclared = sorted(n for n, view in views.items() if not hasattr(view, "capability") and n not in PUBLIC_PAGES)
    assert not undeclared, f"views with neither @role_required(Capability.X) nor a PUBLIC_PAGES entry: {undeclared}"
    declared_public = sorted(n for n in PUBLIC_PAGES if hasattr(views.get(n), "capability"))
    assert not declared_public, f"listed as public but role_required: {declared_public}"
    assert not set(PUBLIC_PAGES) - set(views), "PUBLIC_PAGES names a URL that no longer exists"
    assert all(isinstance(views[n].capability, Capability) for n in views if n not in PUBLIC_PAGES)


def test_observers_write_only_where_the_roles_module_says():
    """The matrix's list of observer POSTs and pilot.roles.READ_ONLY_WRITES describe the same views."""
    views = dict(_views_by_url_name())
    by_capability = {n for n, view in views.items() if getattr(view, "capability", None) in READ_ONLY_WRITES}
    assert by_capability == {n for n in OBSERVER_POSTS if n not in PUBLIC_PAGES}


def test_every_capability_names_its_roles():
    assert set(CAPABILITIES) == set(Capability)
    assert all(CAPABILITIES[c] for c in Capability), "a capability nobody holds"
