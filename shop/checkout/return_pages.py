"""What the success page may show, and to whom.

A Checkout Session id travels in the success URL, and URLs get forwarded, so the id
is not a key to the order: the page shows order details only to the browser session
that started that checkout (`remember_checkout` at checkout, `started_here` on
return). Anyone else gets a neutral "check your e-mail" page.

`success_state` says what is true of the order right now, in the shopper's terms:
money that arrived after the reservation lapsed is "received", never "expired".
"""

from django.http import HttpRequest

from shop.orders.models import Order, OrderStatus
from shop.orders.status import CONFIRMABLE_STATUSES

S = OrderStatus
SESSION_KEY = "checkout_orders"
REMEMBERED = 20  # the most recent checkouts of this browser session


def remember_checkout(request: HttpRequest, order: Order) -> None:
    """Note that this browser session started checkout for `order`."""
    started = [
        ref for ref in request.session.get(SESSION_KEY, []) if ref != order.reference
    ]
    request.session[SESSION_KEY] = [*started, order.reference][-REMEMBERED:]


def started_here(request: HttpRequest, order: Order) -> bool:
    return order.reference in request.session.get(SESSION_KEY, [])


def success_state(order: Order) -> str:
    """One of: confirmed, refunded, refunding, checking, awaiting, confirming,
    unpaid (the template words each)."""
    if order.status in CONFIRMABLE_STATUSES and not order.refund_due:
        return "confirmed"
    money_arrived = order.paid_at is not None
    if order.status == S.REFUNDED:
        return "refunded"
    if money_arrived and order.refund_due:
        return "refunding"
    if order.status == S.NEEDS_ATTENTION or money_arrived:
        return "checking"
    if order.status == S.AWAITING_PAYMENT:
        return "awaiting"
    if order.status == S.PENDING_PAYMENT:
        return "confirming"
    return "unpaid"
