"""What happens to an order when money arrives, fails or lapses.

One function per fact, shared by everything that can learn it: the Stripe webhook,
the success page (which may ask Stripe directly), `reconcile_payments`, the local test
provider, and the expiry job. Each function locks the order (`Order.objects.locked`)
before looking at it and only moves it forward through `services.transition`, so the
same fact arriving twice, late, or from two places at once is applied exactly once:
one sale committed, one e-mail sent. Network calls (refunds) and e-mails run after the
transaction commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from shop.cart.services import remove_ordered_lines
from shop.discounts import services as discounts
from shop.payments.types import CheckoutSession, PaymentError, to_minor_units

from . import payment_records, stock, tasks
from .models import Order, OrderStatus, Payment
from .outcomes import Outcome
from .status import PAID_STATUSES, UNPAID_STATUSES, can_transition, transition

logger = logging.getLogger(__name__)

S = OrderStatus


def _describe(session: CheckoutSession, via: str) -> str:
    return f"Checkout session {session.id} ({via})."


def fulfil_checkout_session(session: CheckoutSession, *, via: str) -> Outcome:
    """A session completed: commit the sale and confirm, or wait, or make it right.

    - paid, stock still reserved: reserved units become sold, order `paid`, the cart
      is emptied, one confirmation e-mail after commit;
    - paid after the reservation lapsed: reserve and sell again if the stock is still
      there; if not, the order goes to `needs_attention`, is refunded in full
      automatically and the shopper gets an apology;
    - complete but unpaid (bank transfers, other delayed methods): awaiting_payment.
    """
    with transaction.atomic():
        order = Order.objects.locked(reference=session.order_reference, missing_ok=True)
        if order is None:
            logger.warning("Session %s names no known order.", session.id)
            return Outcome.UNKNOWN_ORDER
        payment = payment_records.for_session(order, session)
        if not session.is_paid:
            return _await_delayed_payment(order, payment, session, via)
        payment_records.mark_paid(payment)
        if order.paid_at is not None or order.status in PAID_STATUSES:
            return Outcome.ALREADY_DONE
        _note_money_arrived(order)
        problem = _reason_not_to_sell(order, session, via)
        if problem is not None:
            return problem
        return _sell_and_confirm(order, session, via)


def _await_delayed_payment(
    order: Order, payment: Payment, session: CheckoutSession, via: str
) -> Outcome:
    """A complete but unpaid session: a delayed method, money still to come."""
    if session.status != "complete":
        return Outcome.UNCHANGED
    payment_records.mark_processing(payment)
    if order.status != S.PENDING_PAYMENT:
        return Outcome.UNCHANGED
    transition(
        order,
        S.AWAITING_PAYMENT,
        note="Delayed payment method: waiting for the money. "
        + _describe(session, via),
    )
    return Outcome.AWAITING


def _note_money_arrived(order: Order) -> None:
    order.paid_at = timezone.now()
    order.save(update_fields=["paid_at", "updated_at"])


def _reason_not_to_sell(
    order: Order, session: CheckoutSession, via: str
) -> Outcome | None:
    """Money that does not match the order, or money for an order we let go."""
    expected = to_minor_units(order.total, order.currency)
    if session.amount_total != expected or session.currency != order.currency:
        flag(
            order,
            f"Stripe collected {session.amount_total} {session.currency} "
            f"(minor units) but the order total is {expected} {order.currency}. "
            "Check the payment by hand. " + _describe(session, via),
        )
        return Outcome.AMOUNT_MISMATCH
    if not can_transition(order.status, S.PAID):
        # Money for an order we no longer hold (cancelled): never keep it.
        return _unfulfillable(
            order,
            f"Paid while the order was {order.get_status_display().lower()}; "
            "refunding in full automatically. " + _describe(session, via),
        )
    return None


def _sell_and_confirm(order: Order, session: CheckoutSession, via: str) -> Outcome:
    """Sell the units, mark the order paid, empty the cart, confirm after commit."""
    try:
        with transaction.atomic():
            resold = stock.sell(order)
    except stock.InsufficientStock as short:
        return _unfulfillable(
            order,
            "Paid after the reservation had lapsed, and the stock is "
            f"gone ({short}). Refunding in full automatically. "
            + _describe(session, via),
        )
    note = (
        "Payment received after the reservation had lapsed; the stock was still "
        "there and has been sold. "
        if resold
        else "Payment received. "
    )
    transition(order, S.PAID, note=note + _describe(session, via))
    discounts.confirm(order_reference=order.reference)
    remove_ordered_lines(cart_id=order.cart_id, variant_ids=list(order.stock_lines))
    order_id = order.pk
    tasks.enqueue_on_commit(tasks.send_order_confirmation, order_id)
    return Outcome.FULFILLED


def flag(order: Order, note: str) -> None:
    """Put a locked order in front of a person (`needs_attention`), with why."""
    if can_transition(order.status, S.NEEDS_ATTENTION):
        transition(order, S.NEEDS_ATTENTION, note=note)
    else:
        logger.error("Order %s needs attention: %s", order.reference, note)


def _unfulfillable(order: Order, note: str) -> Outcome:
    """Paid but impossible to honour: flag it and refund after commit."""
    order.refund_due = True
    order.save(update_fields=["refund_due", "updated_at"])
    flag(order, note)
    order_id = order.pk
    tasks.enqueue_on_commit(tasks.refund_unfulfillable, order_id)
    return Outcome.UNFULFILLABLE


def release_unpaid(order: Order, to_status: str, note: str, actor=None) -> Outcome:
    """Release what a locked unpaid order holds (its stock, and the use of its
    discount code) and move it to `to_status`."""
    if order.status not in UNPAID_STATUSES or not can_transition(
        order.status, to_status
    ):
        return Outcome.UNCHANGED
    stock.release(order)
    discounts.release(
        order_reference=order.reference,
        note=f"Order {OrderStatus(to_status).label.lower()}: {note}",
    )
    transition(order, to_status, note=note, actor=actor)
    return Outcome.RELEASED


def fail_checkout_session(session: CheckoutSession, *, via: str) -> Outcome:
    """A delayed payment failed: release the stock, order `payment_failed`."""
    return _unpaid_session_ended(
        session,
        mark_payment=payment_records.mark_failed,
        to_status=S.PAYMENT_FAILED,
        note="The delayed payment failed. " + _describe(session, via),
    )


def expire_checkout_session(session: CheckoutSession, *, via: str) -> Outcome:
    """A session expired unpaid: release the stock, order `expired`.

    Arriving after the order was paid (out of order, or duplicated) it changes
    nothing: states only move forward.
    """
    return _unpaid_session_ended(
        session,
        mark_payment=payment_records.mark_expired,
        to_status=S.EXPIRED,
        note="The payment session expired unpaid. " + _describe(session, via),
    )


def _unpaid_session_ended(
    session: CheckoutSession,
    *,
    mark_payment: Callable[[Payment], None],
    to_status: str,
    note: str,
) -> Outcome:
    with transaction.atomic():
        order = Order.objects.locked(reference=session.order_reference, missing_ok=True)
        if order is None:
            return Outcome.UNKNOWN_ORDER
        mark_payment(payment_records.for_session(order, session))
        return release_unpaid(order, to_status, note)


def fail_payment_start(order: Order, *, error: PaymentError) -> Outcome:
    """Stripe could not open a session: release, keep the order as `payment_failed`."""
    with transaction.atomic():
        locked = Order.objects.locked(pk=order.pk)
        payment_records.record_failed_start(locked)
        return release_unpaid(
            locked,
            S.PAYMENT_FAILED,
            f"Could not open a payment session: {error.detail or error.message}",
        )
