"""Template helpers for the shop: money, product cards, the add-to-cart address."""

from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from shop.catalogue.models import low_stock_threshold_for

register = template.Library()

CURRENCY_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "CHF": "CHF "}
CART_ADD_FALLBACK_URL = "/cart/add/"


def format_money(amount, currency: str | None = None) -> str:
    """`€24.90`: the shop's currency symbol and two decimals."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return ""
    currency = currency or settings.SHOP_CURRENCY
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    return f"{symbol}{value:,.2f}"


@register.filter
def money(amount) -> str:
    return format_money(amount)


@register.simple_tag(takes_context=True)
def product_card_info(context, product, card=None):
    """The ProductCardInfo of `product`, using the site's low-stock threshold.

    `card` may be any object whose `variants` are the product's active variants
    with stock loaded (guides pass theirs), which saves a query per card.
    """
    request = context.get("request")
    threshold = context.get("low_stock_threshold")
    if threshold is None:
        threshold = low_stock_threshold_for(request)
    variants = getattr(card, "variants", None) if card is not None else None
    if not isinstance(variants, list):
        variants = None
    return product.specific.card_info(threshold, variants=variants)


@register.simple_tag(takes_context=True)
def search_hit_info(context, result):
    """Card info for a product hit in site search; None for a category page."""
    from shop.catalogue.models import ProductPage

    if not isinstance(result, ProductPage):
        return None
    return product_card_info(context, result)


@register.simple_tag
def cart_add_url() -> str:
    """Where add-to-cart forms post: the cart app's view once it exists."""
    try:
        return reverse("cart:add")
    except NoReverseMatch:
        return CART_ADD_FALLBACK_URL


@register.simple_tag
def max_quantity_per_line() -> int:
    return settings.SHOP_MAX_QUANTITY_PER_LINE
