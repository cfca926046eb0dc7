"""Order status: the one way an order's status changes.

`TRANSITIONS` is the whole state machine. Every status change anywhere (checkout,
webhook, success page, scheduled jobs, staff screens) goes through `transition`, which
refuses anything not in the table and writes the history row. States only move
forward: an `expired` event arriving after `paid` is refused, never applied.

The few backward-looking edges are deliberate: an order whose reservation expired or
whose payment attempt failed can still become `paid` (or `needs_attention`) when money
turns out to have arrived after all, because money is never ignored.
"""

from django.db import transaction

from .exceptions import IllegalTransition, OrderActionError
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
# Paid and on its way to the shopper: the only states an order confirmation may be
# sent in. Not refunded, cancelled or needing attention, whoever asks (job, retry,
# webhook); `emails.send_order_confirmation` claims only orders in these.
CONFIRMABLE_STATUSES = frozenset(
    {S.PAID, S.PACKED, S.SHIPPED, S.DELIVERED, S.PARTIALLY_REFUNDED}
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


def staff_transition(
    order: Order, to_status: str, *, actor, note: str = ""
) -> OrderStatusChange:
    """A status change staff asked for, refused with a message they can act on."""
    try:
        return transition(order, to_status, actor=actor, note=note)
    except IllegalTransition as error:
        raise OrderActionError(
            f"Order {order.reference} is {order.get_status_display().lower()}; it "
            f"cannot be marked {OrderStatus(to_status).label.lower()}."
        ) from error
