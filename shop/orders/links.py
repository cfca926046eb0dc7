"""Links that open an order for its shopper: signed so only links we sent work, and
dated so a forwarded or leaked link stops working after SHOP_ORDER_LINK_DAYS.

An expired link is still recognisably ours, so its page offers to send a fresh one
(`link_requests.py`); a link we never made is simply not found.
"""

from datetime import timedelta
from enum import Enum
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Order

_ORDER_LINK_SALT = "shop.orders.order-page"


class LinkState(Enum):
    VALID = "valid"
    EXPIRED = "expired"
    INVALID = "invalid"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_ORDER_LINK_SALT)


def link_lifetime() -> timedelta:
    return timedelta(days=settings.SHOP_ORDER_LINK_DAYS)


def order_token(order: Order) -> str:
    """The dated signature that opens an order's page (`<time>:<signature>`)."""
    return _signer().sign(order.reference)[len(order.reference) + 1 :]


def order_link_state(order: Order, token: str) -> LinkState:
    """Whether `token` opens `order` now, did once (expired), or never did."""
    if not token:
        return LinkState.INVALID
    try:
        _signer().unsign(f"{order.reference}:{token}", max_age=link_lifetime())
    except signing.SignatureExpired:
        return LinkState.EXPIRED
    except signing.BadSignature:
        return LinkState.INVALID
    return LinkState.VALID


def order_path(order: Order) -> str:
    query = urlencode({"token": order_token(order)})
    return f"{reverse('orders:detail', args=[order.reference])}?{query}"


def absolute_url(path: str) -> str:
    """An absolute link for emails (no request at hand in webhooks and jobs).

    WAGTAILADMIN_BASE_URL is the site's public base URL, set per environment.
    """
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
