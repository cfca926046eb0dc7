"""Orders that will not go ahead: abandoned by the shopper or cancelled by staff.

An unpaid order is let go: its open payment sessions are expired first (so they can
no longer be paid) and its reservation released. A paid order that has not shipped is
cancelled with its stock put back and the rest of its money refunded, all under the
order's lock and in one transaction.
"""

from __future__ import annotations

import logging

from django.db import transaction

from shop.payments import gateway
from shop.payments.types import PaymentError

from . import payment_records, stock
from .exceptions import OrderActionError
from .models import Order, OrderStatus
from .outcomes import Outcome
from .payment_events import fulfil_checkout_session, release_unpaid
from .refunds import refund_order, refundable
from .shopper_notices import send_cancellation_email
from .status import UNPAID_STATUSES, can_transition, staff_transition

logger = logging.getLogger(__name__)

S = OrderStatus


def abandon_order(order: Order, *, note: str, actor=None) -> Outcome:
    """The shopper gave up on paying (cancel page, or a newer checkout replaced it).

    Open sessions are expired first so they can no longer be paid; a session that
    turns out to be paid already is fulfilled instead.
    """
    for session_id in payment_records.unsettled_session_ids(order):
        try:
            session = gateway.expire_checkout_session(session_id)
        except PaymentError as error:
            # The session lapses by itself at the reservation's end; if it gets paid
            # meanwhile, fulfilment re-reserves or refunds.
            logger.warning("Could not expire %s: %s", session_id, error)
            continue
        if session.status == "complete":
            return fulfil_checkout_session(session, via="cancel page")
    with transaction.atomic():
        locked = Order.objects.locked(pk=order.pk)
        payment_records.expire_unsettled(locked)
        return release_unpaid(locked, S.CANCELLED, note, actor=actor)


def cancel_order(*, order_id: int, actor, reason: str, key: str = "") -> Order:
    """Cancel an order that has not shipped.

    Unpaid: the reservation is released (the open payment session is expired
    first). Paid: everything not yet restocked goes back on the shelf and what is
    left of the payment is refunded, all under the order's lock.
    """
    reason = reason.strip()
    if not reason:
        raise OrderActionError("Give a reason for the cancellation.")
    order = Order.objects.get(pk=order_id)
    if order.status in UNPAID_STATUSES:
        return _cancel_unpaid(order, actor=actor, reason=reason)
    with transaction.atomic():
        order = Order.objects.locked(pk=order_id)
        if not can_transition(order.status, S.CANCELLED):
            raise OrderActionError(
                f"Order {order.reference} is {order.get_status_display().lower()}; "
                "it cannot be cancelled (refund it instead)."
            )
        money_left = refundable(order)
        restock = stock.restockable_per_line(order)
        staff_transition(order, S.CANCELLED, actor=actor, note=f"Cancelled: {reason}")
        refund = None
        if money_left > 0:
            # Same transaction: if the payment service refuses the refund, the
            # cancellation above is rolled back too and nothing has changed.
            refund = refund_order(
                order_id=order.pk,
                amount=money_left,
                reason=f"Cancelled: {reason}",
                key=key or f"cancel-{order.reference}",
                actor=actor,
                restock=restock,
                notify=False,
            )
            order.refresh_from_db()
        else:
            stock.give_back_everything(
                order, actor=actor, reason=f"Cancelled: {reason}"
            )
        _tell_shopper(order, refund)
    return order


def _tell_shopper(order: Order, refund) -> None:
    """One e-mail saying the order is cancelled and what happens to the money."""
    refund_id = refund.pk if refund is not None else None
    transaction.on_commit(
        lambda: send_cancellation_email(order.pk, refund_id=refund_id)
    )


def _cancel_unpaid(order: Order, *, actor, reason: str) -> Order:
    abandon_order(order, note=f"Cancelled by staff: {reason}", actor=actor)
    order.refresh_from_db()
    if order.status != S.CANCELLED:
        raise OrderActionError(
            f"Order {order.reference} turned out to be paid meanwhile and is now "
            f"{order.get_status_display().lower()}; look at it again."
        )
    _tell_shopper(order, None)
    return order
