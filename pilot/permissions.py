"""The one permission vocabulary every view uses; who may do what is declared in pilot/roles.py.

- `@role_required(Capability.X)` on every view: sign-in (else a redirect to it), a role holding
  the capability (else 403), and no write from a read-only role unless the capability is one of
  READ_ONLY_WRITES (else 403).
- `@read_only_page` on pages that only read: a POST (or any other write) from a read-only role
  is a refused write (403), from anyone else the wrong method (405).
- `get_visible_or_404(...)` (pilot.scoping) for every lookup: out of scope is 404.
- `require(request, "app.codename", allowed=...)` after the lookup, before a write: 403 unless
  the role holds the model permission and the app's own object-level predicate (`allowed=`, e.g.
  `sites.selectors.can_manage_site(user, site)`) holds. `require(request, Capability.X)` where
  a page looks its object up before it checks the role (so that out of scope is 404 for all).
- `allows(user, capability)` and `may(user, need, allowed=...)`: the same answers as booleans,
  for the links and buttons a page shows.

Views never raise PermissionDenied, test a role or call `has_perm` themselves
(pilot/tests/test_views_declare_access.py checks).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed

from pilot.roles import CAPABILITIES, READ_ONLY_WRITES, Capability, is_read_only, role_of

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def allows(user, capability: Capability) -> bool:
    """Whether the user's role holds the capability (anonymous and role-less users hold none)."""
    return role_of(user) in CAPABILITIES[capability]


def role_required(capability: Capability):
    """View decorator: signed in (else the sign-in page), a role holding `capability` (else 403), and
    no write from a read-only role unless the capability is one it may use (else 403)."""
    roles = CAPABILITIES[capability]  # an unknown capability fails at import, not at the first request

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in roles:
                raise PermissionDenied
            writes = request.method not in READ_METHODS
            if writes and is_read_only(request.user) and capability not in READ_ONLY_WRITES:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorator


def read_only_page(view):
    """A page that only reads: GET and HEAD. Any other method from a read-only role is a refused write (403);
    from anyone else it is the wrong method (405)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            if request.method not in READ_METHODS and is_read_only(request.user):
                raise PermissionDenied
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request, *args, **kwargs)

    wrapped.read_only_page = True
    return wrapped


def may(user, need: Capability | str | None = None, *, allowed: bool = True) -> bool:
    """Whether the user may go on: their role holds `need`, a capability (CAPABILITIES) or a model permission
    ("app.codename", ROLE_PERMISSIONS: a read-only role holds none that writes but asking for a report); with no
    `need`, any role but a read-only one; and the app's object-level predicate `allowed` holds."""
    if role_of(user) is None or not allowed:
        return False
    if isinstance(need, Capability):
        return allows(user, need)
    return user.has_perm(need) if need else not is_read_only(user)


def require(request, need: Capability | str | None = None, *, allowed: bool = True) -> None:
    """403 unless `may(request.user, need, allowed=allowed)`.

    Called after the object is looked up, so that an object out of the user's scope answers 404 first.
    """
    if not may(request.user, need, allowed=allowed):
        raise PermissionDenied
