"""Strict readers for settings taken from the environment.

A value that cannot be understood is an error at start-up, never a silent default.
"""

from __future__ import annotations

import math
import os
import re
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off, not {value!r}")


def env_int(name: str, default: int | None) -> int | None:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ImproperlyConfigured(f"{name} must be a number such as 1.5, not {value!r}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = (os.environ.get(name) or default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


_RATE = re.compile(r"^\d+/\d*[smhd]$")


def env_rate(name: str, default: str) -> str:
    """A rate limit such as "20/h" (N per s, m, h or d; "5/15m" is five per fifteen minutes)."""
    value = (os.environ.get(name) or default).strip()
    if not _RATE.match(value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 20/h or 5/15m, not {value!r}")
    return value


def cache_settings(cache_url: str, broker_url: str, cache_dir) -> dict:
    """Django's default cache: CACHE_URL (Redis), else a Redis broker's server, else files under cache_dir.

    Beside a Redis broker the cache takes the next database number (15 -> 14) and a key prefix, so
    that clearing the cache can never delete queued tasks.
    """
    if cache_url:
        if not cache_url.startswith(("redis://", "rediss://")):
            raise ImproperlyConfigured(f"CACHE_URL must be a redis:// or rediss:// address, not {cache_url!r}")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url, "KEY_PREFIX": "pilot"}
    if broker_url.startswith(("redis://", "rediss://")):
        parts = urlsplit(broker_url)
        db_text = parts.path.strip("/") or "0"
        if not db_text.isdigit():
            raise ImproperlyConfigured(f"CELERY_BROKER_URL has a database number that is not a number: {db_text!r}")
        db = int(db_text)
        cache_db = db + 1 if db < 15 else db - 1
        location = urlunsplit((parts.scheme, parts.netloc, f"/{cache_db}", parts.query, ""))
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location, "KEY_PREFIX": "pilot"}
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(cache_dir),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
