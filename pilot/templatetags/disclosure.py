"""Template filters that show figures about people through the disclosure policy (pilot.disclosure).

    {% load disclosure %}{{ meeting.attendance|people:disclosure }}

A page that forgets to pass its `disclosure` gets published figures: the filter fails closed.
"""

from __future__ import annotations

from django import template

from pilot.disclosure import PUBLISHED, Disclosure

register = template.Library()


def _policy(disclosure) -> Disclosure:
    return disclosure if isinstance(disclosure, Disclosure) else PUBLISHED


@register.filter
def people(value, disclosure=None):
    """A count of people as this reader may see it: exact, or published (0, '*', or rounded to 5)."""
    return _policy(disclosure).count(value)
