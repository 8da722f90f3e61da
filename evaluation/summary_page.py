"""The summary page's figures, cached under the newest change to the tallies (so never stale, rarely recounted)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from evaluation import tallies
from evaluation.summary import resolve_version, summary_and_numbers

# Entries are keyed by the tallies' stamp, so an old one is never read again; this only bounds their stay.
CACHE_SECONDS = 3600


def summary_figures(*, questionnaire, filters: dict, texts: bool) -> tuple[dict, dict]:
    """The raw summary (before the disclosure policy) and each number question's (value, count) pairs."""
    version = resolve_version(questionnaire, filters.get("version"))
    shown = version or questionnaire.current_version
    scope = {**filters, "version": version}
    parts = [questionnaire.pk, getattr(shown, "pk", None), texts, tallies.stamp()]
    parts += [f"{name}={getattr(value, 'pk', value)}" for name, value in sorted(scope.items())]
    key = "evaluation:summary:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = summary_and_numbers(questionnaire=questionnaire, texts=texts, **scope)
        cache.set(key, found, CACHE_SECONDS)
    return found
