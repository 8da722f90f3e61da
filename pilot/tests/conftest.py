"""Fixtures of the pilot tests."""

import pytest

from pilot.tests.access_world import build_world


@pytest.fixture
def world(personas, site_a, site_b, group_a, group_b):
    """One of each scoped object at site A and a twin at B (pilot/tests/access_world.py)."""
    return build_world(personas, site_a, site_b, group_a, group_b)
