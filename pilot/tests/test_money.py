"""The money filters every page loads ({% load money %}): pounds, thousands and pence; a variance in words."""

from decimal import Decimal

from pilot.templatetags.money import money, variance


def test_money_is_shown_with_pound_sign_thousands_and_pence():
    assert money(Decimal("1234.5")) == "£1,234.50"
    assert money(Decimal("-12")) == "−£12.00"
    assert money(None) == ""
    assert money("not a number") == ""


def test_a_variance_says_under_or_over():
    assert variance(Decimal("-2066.75")) == "£2,066.75 over"
    assert variance(Decimal("0.01")) == "£0.01 under"
    assert variance(Decimal("0")) == "on budget"
