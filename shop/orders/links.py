"""Links that open an order for its shopper, signed so only links we sent work."""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from .models import Order

_ORDER_LINK_SALT = "shop.orders.order-page"


def order_token(order: Order) -> str:
    """The signature that opens an order's page; only links we sent carry it."""
    return signing.Signer(salt=_ORDER_LINK_SALT).signature(order.reference)


def order_token_is_valid(order: Order, token: str) -> bool:
    return bool(token) and constant_time_compare(order_token(order), token)


def order_path(order: Order) -> str:
    query = urlencode({"token": order_token(order)})
    return f"{reverse('orders:detail', args=[order.reference])}?{query}"


def absolute_url(path: str) -> str:
    """An absolute link for emails (no request at hand in webhooks and jobs).

    WAGTAILADMIN_BASE_URL is the site's public base URL, set per environment.
    """
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
