"""Rate limits on what strangers can send: the public questionnaire, the meeting finder, the sign-in page.

Counting is django-ratelimit's, on Django's cache (pilot/settings.py: Redis when configured, else
a file cache shared by the processes of one machine). The client's address is reduced to a keyed
hash before it reaches the library, so neither the cache nor any log or table ever holds it; the
count lives in the cache for the length of the window and then expires.

    @limit("finder")                                       # per address, every method
    @limit("public_form", key=round_client_key, method="POST")   # per round and address
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from pilot import conf

logger = logging.getLogger("pilot.ratelimits")


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind PILOT_TRUSTED_PROXIES proxies, the one they saw."""
    proxies = conf.trusted_proxies()
    address = request.META.get("REMOTE_ADDR", "")
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            # Each trusted proxy appends the address it received from; the client's is `proxies` from the right.
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if ip.version == 6:
        # One household or phone holds a whole /64: count it as one client.
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def client_key(group: str, request) -> str:
    """A keyed hash of the client's address: the same client gets the same key, nobody can reverse it."""
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, client_address(request).encode(), hashlib.sha256).hexdigest()


def round_client_key(group: str, request) -> str:
    """Per collection round (the token in the URL) and per client."""
    match = getattr(request, "resolver_match", None)
    token = match.kwargs.get("token", "") if match is not None else ""
    return f"{token[:64]}:{client_key(group, request)}"


def rate_for(name: str) -> str:
    """The configured rate of one limit, e.g. "20/h" (read at call time, so tests can change it)."""
    rates = conf.rate_limits()
    if name not in rates:
        raise ImproperlyConfigured(f"PILOT_RATE_LIMITS has no rate called {name!r}")
    return rates[name]


def limit(name: str, *, key=client_key, method=ALL):
    """Decorate a view: past the rate called `name`, it answers 429 with a friendly page instead of running."""
    group = f"pilot.{name}"

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            usage = _usage(request, group=group, name=name, key=key, method=method)
            if usage is not None and usage["should_limit"]:
                logger.warning("rate limit %s (%s) reached", name, rate_for(name))
                return too_many_requests(request, retry_after=usage["time_left"])
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _usage(request, *, group: str, name: str, key, method) -> dict | None:
    try:
        rate = lambda _group, _request: rate_for(name)  # noqa: E731 - read at call time
        return get_usage(request, group=group, key=key, rate=rate, method=method, increment=True)
    except ImproperlyConfigured:
        raise
    except Exception:
        # The cache is down: let people in (sign-in still has django-axes) rather than lock everyone out.
        logger.exception("rate limit %s not checked: the cache is unavailable", name)
        return None


def too_many_requests(request, *, retry_after: int):
    """The 429 page: what happened, and how long to wait."""
    seconds = max(int(retry_after), 1)
    minutes = max((seconds + 59) // 60, 1)
    response = render(request, "429.html", {"retry_minutes": minutes}, status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response
