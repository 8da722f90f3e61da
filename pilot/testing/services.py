"""Test helpers for tests that need a real service (a worker, a broker, a browser).

Locally a missing service skips the test with a reason. In CI (PILOT_STRICT_SERVICES=1)
the same condition fails the test, so nothing that CI must run is silently skipped.
"""

from __future__ import annotations

import os

import pytest


def strict() -> bool:
    return os.environ.get("PILOT_STRICT_SERVICES", "") in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI) unless the condition holds."""
    if condition:
        return
    if strict():
        pytest.fail(f"required service missing in strict mode: {reason}", pytrace=False)
    pytest.skip(reason)
