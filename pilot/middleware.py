"""Session time-outs: idle (SESSION_IDLE_TIMEOUT) and absolute (SESSION_ABSOLUTE_TIMEOUT)."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import logout

from pilot import conf

_STARTED = "pilot_session_started"
_SEEN = "pilot_session_seen"


class SessionTimeoutMiddleware:
    """Sign out a session idle for more than SESSION_IDLE_TIMEOUT seconds or older than SESSION_ABSOLUTE_TIMEOUT."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(_STARTED, now)
            seen = request.session.get(_SEEN, now)
            if now - seen > conf.session_idle_timeout() or now - started > conf.session_absolute_timeout():
                logout(request)
                messages.info(request, "Your session timed out. Please sign in again.")
            else:
                request.session[_STARTED] = started
                # Every request moves the idle clock, so the time-out comes exactly SESSION_IDLE_TIMEOUT
                # after the last one (saving the session only when the second has changed).
                if request.session.get(_SEEN) != now:
                    request.session[_SEEN] = now
        return self.get_response(request)


class ReadOnlyRoleMiddleware:
    """Observers read; every write they attempt is refused with 403, whatever the view.

    Views check permissions themselves too; this is the second lock on the door. The only
    writes an observer may make are about their own session and the reports they may ask for
    (the report views check which kinds).
    """

    ALLOWED_URL_NAMES = {
        "login",
        "logout",
        "password_change",
        "reports:new",
        "reports:retry",
        "questionnaire_public:form",  # public and anonymous: the same for anyone, signed in or not
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.core.exceptions import PermissionDenied

        from pilot.roles import is_read_only

        if request.method in ("GET", "HEAD", "OPTIONS") or not is_read_only(request.user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.ALLOWED_URL_NAMES:
            return None
        raise PermissionDenied
