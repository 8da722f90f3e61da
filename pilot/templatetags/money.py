"""Money as the pages show it: £1,234.56, and a variance in words. For budget and event pages alike."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def money(value) -> str:
    """£1,234.56 (and −£12.00 for negatives); empty for no value."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    text = f"£{abs(amount):,.2f}"
    return f"−{text}" if amount < 0 else text


@register.filter
def variance(value) -> str:
    """A projected variance in words: "£1.00 under" or "£1.00 over"."""
    if value is None:
        return ""
    amount = Decimal(value)
    if amount == 0:
        return "on budget"
    return f"{money(abs(amount))} {'under' if amount > 0 else 'over'}"
