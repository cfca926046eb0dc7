"""Order services: the one way an order's status changes.

`TRANSITIONS` is the whole state machine. Every status change anywhere (checkout,
webhook, success page, scheduled jobs, staff screens) goes through `transition`, which
refuses anything not in the table and writes the history row. States only move
forward: an `expired` event arriving after `paid` is refused, never applied.

The few backward-looking edges are deliberate: an order whose reservation expired or
whose payment attempt failed can still become `paid` (or `needs_attention`) when money
turns out to have arrived after all, because money is never ignored.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from .exceptions import IllegalTransition
from .models import Order, OrderStatus, OrderStatusChange

S = OrderStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset(
        {
            S.AWAITING_PAYMENT,
            S.PAID,
            S.PAYMENT_FAILED,
            S.EXPIRED,
            S.CANCELLED,
            S.NEEDS_ATTENTION,
        }
    ),
    S.AWAITING_PAYMENT: frozenset(
        {S.PAID, S.PAYMENT_FAILED, S.EXPIRED, S.CANCELLED, S.NEEDS_ATTENTION}
    ),
    # A payment that completes after we gave up on it: honour it or flag it.
    S.PAYMENT_FAILED: frozenset({S.PAID, S.NEEDS_ATTENTION}),
    S.EXPIRED: frozenset({S.PAID, S.NEEDS_ATTENTION}),
    S.PAID: frozenset(
        {S.PACKED, S.CANCELLED, S.NEEDS_ATTENTION, S.REFUNDED, S.PARTIALLY_REFUNDED}
    ),
    S.NEEDS_ATTENTION: frozenset(
        {S.PAID, S.PACKED, S.CANCELLED, S.REFUNDED, S.PARTIALLY_REFUNDED}
    ),
    S.PACKED: frozenset(
        {S.SHIPPED, S.CANCELLED, S.NEEDS_ATTENTION, S.REFUNDED, S.PARTIALLY_REFUNDED}
    ),
    S.SHIPPED: frozenset(
        {S.DELIVERED, S.NEEDS_ATTENTION, S.REFUNDED, S.PARTIALLY_REFUNDED}
    ),
    S.DELIVERED: frozenset({S.NEEDS_ATTENTION, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset(
        {S.PACKED, S.SHIPPED, S.DELIVERED, S.NEEDS_ATTENTION, S.REFUNDED}
    ),
    S.CANCELLED: frozenset({S.NEEDS_ATTENTION, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.REFUNDED: frozenset(),
}

# Orders in these states have been paid for (money arrived at some point).
PAID_STATUSES = frozenset(
    {
        S.PAID,
        S.PACKED,
        S.SHIPPED,
        S.DELIVERED,
        S.PARTIALLY_REFUNDED,
        S.REFUNDED,
    }
)
# The shopper has not paid yet and may still do so.
UNPAID_STATUSES = frozenset({S.PENDING_PAYMENT, S.AWAITING_PAYMENT})


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def allowed_transitions(order: Order) -> list[str]:
    """The statuses this order may move to next, in the order of OrderStatus."""
    allowed = TRANSITIONS.get(order.status, frozenset())
    return [value for value in OrderStatus.values if value in allowed]


def transition(
    order: Order, to_status: str, *, actor=None, note: str = ""
) -> OrderStatusChange:
    """Move `order` to `to_status` and record who did it and why.

    Raises IllegalTransition (and changes nothing) for any move not in TRANSITIONS,
    including "moving" to the status it already has. Callers that race with other
    processes should hold a row lock on the order (`select_for_update`) and pass the
    locked instance.
    """
    if to_status not in OrderStatus.values:
        raise IllegalTransition(order.status, to_status)
    from_status = order.status
    if not can_transition(from_status, to_status):
        raise IllegalTransition(from_status, to_status)
    with transaction.atomic():
        order.status = to_status
        order.save(update_fields=["status", "updated_at"])
        return OrderStatusChange.objects.create(
            order=order,
            from_status=from_status,
            to_status=to_status,
            note=note,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )


# --- links for shoppers --------------------------------------------------------------

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
