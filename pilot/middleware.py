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
