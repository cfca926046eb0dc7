"""Template helpers for cart, checkout, order pages and emails."""

from decimal import Decimal

from django import template
from django.conf import settings

from shop.cart import shipping

register = template.Library()

CURRENCY_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "CHF": "CHF "}


@register.filter
def money(amount, currency: str = "") -> str:
    """`24.9` → `€24.90` (the shop currency unless one is given)."""
    if amount is None or amount == "":
        return ""
    code = (currency or settings.SHOP_CURRENCY).upper()
    value = Decimal(amount).quantize(Decimal("0.01"))
    sign = "−" if value < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(code, f"{code} ")
    return f"{sign}{symbol}{abs(value):,.2f}"


@register.filter
def country_name(code: str) -> str:
    """`DE` → `Germany` (the code itself for countries we do not name)."""
    return shipping.country_name(code)
