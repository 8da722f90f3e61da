"""Ending a user's sessions everywhere: on sign-out, deactivation and password change."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings

from pilot.models import UserSession


def session_remember(*, user, session_key: str) -> None:
    """Note that this session belongs to this user."""
    if session_key:
        UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})


def sessions_end_all(*, user, keep: str | None = None) -> int:
    """End every session of this user except `keep`; returns how many were ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for row in UserSession.objects.filter(user=user).exclude(session_key=keep or ""):
        store(session_key=row.session_key).delete()
        row.delete()
        ended += 1
    return ended
