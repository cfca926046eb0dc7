"""What happens to an order when money arrives, fails, lapses or goes back.

One function per fact, shared by everything that can learn it: the Stripe webhook,
the success page (which may ask Stripe directly), `reconcile_payments`, the local test
provider, and the expiry job. Each function takes a row lock on the order
(`select_for_update`) before looking at it, and only moves it forward through
`services.transition`, so the same fact arriving twice, late, or from two places at
once is applied exactly once: one sale committed, one email sent.

Network calls (refunds) and emails run after the transaction commits.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from shop.cart.services import remove_ordered_lines
from shop.checkout import payments
from shop.checkout.payments import ChargeRefunds, CheckoutSession, PaymentError
from shop.inventory import services as stock
from shop.inventory.exceptions import InsufficientStock

from . import emails
from .models import (
    Order,
    OrderStatus,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
    StockState,
)
from .services import PAID_STATUSES, UNPAID_STATUSES, can_transition, transition

logger = logging.getLogger(__name__)

S = OrderStatus

# Outcomes, for logs, the reconcile report and tests.
FULFILLED = "fulfilled"
ALREADY_DONE = "already-done"
AWAITING = "awaiting-payment"
UNFULFILLABLE = "unfulfillable"
AMOUNT_MISMATCH = "amount-mismatch"
RELEASED = "released"
UNCHANGED = "unchanged"
UNKNOWN_ORDER = "unknown-order"
RECORDED = "recorded"

# Stripe's own expiry event normally arrives first; the job waits this long after
# the reservation ends before releasing on its own.
EXPIRY_GRACE = timedelta(minutes=5)


def _locked(reference: str) -> Order | None:
    return Order.objects.select_for_update().filter(reference=reference).first()


def _payment_for(order: Order, session: CheckoutSession) -> Payment:
    payment = Payment.objects.filter(stripe_session_id=session.id).first()
    if payment is None:
        payment = Payment.objects.create(
            order=order,
            provider=payments.provider_name_for(session.id),
            stripe_session_id=session.id,
            amount=order.total,
            currency=order.currency,
            status=PaymentStatus.OPEN,
        )
    if session.payment_intent_id and not payment.stripe_payment_intent_id:
        payment.stripe_payment_intent_id = session.payment_intent_id
    return payment


def _release_stock(order: Order, note_reference: str = "") -> None:
    """Give back what the order holds (caller holds the order's row lock)."""
    if order.stock_state == StockState.RESERVED:
        lines = order.stock_lines
        if lines:
            stock.release(lines=lines, reference=note_reference or order.reference)
        order.stock_state = StockState.RELEASED
        order.save(update_fields=["stock_state", "updated_at"])


def _describe(session: CheckoutSession, via: str) -> str:
    return f"Checkout session {session.id} ({via})."


def fulfil_checkout_session(session: CheckoutSession, *, via: str) -> str:
    """A session completed: commit the sale and confirm, or wait, or make it right.

    - paid, stock still reserved: reserved units become sold, order `paid`, the cart
      is emptied, one confirmation email after commit;
    - paid after the reservation lapsed: reserve and sell again if the stock is still
      there; if not, the order goes to `needs_attention`, is refunded in full
      automatically and the shopper gets an apology;
    - complete but unpaid (bank transfers, other delayed methods): awaiting_payment.
    """
    with transaction.atomic():
        order = _locked(session.order_reference)
        if order is None:
            logger.warning("Session %s names no known order.", session.id)
            return UNKNOWN_ORDER
        payment = _payment_for(order, session)

        if not session.is_paid:
            if session.status == "complete":
                payment.status = PaymentStatus.PROCESSING
                payment.save()
                if order.status == S.PENDING_PAYMENT:
                    transition(
                        order,
                        S.AWAITING_PAYMENT,
                        note="Delayed payment method: waiting for the money. "
                        + _describe(session, via),
                    )
                    return AWAITING
            return UNCHANGED

        payment.status = PaymentStatus.PAID
        payment.save()
        if order.paid_at is not None or order.status in PAID_STATUSES:
            return ALREADY_DONE
        order.paid_at = timezone.now()
        order.save(update_fields=["paid_at", "updated_at"])

        expected = payments.to_minor_units(order.total, order.currency)
        if session.amount_total != expected or session.currency != order.currency:
            _flag(
                order,
                f"Stripe collected {session.amount_total} {session.currency} "
                f"(minor units) but the order total is {expected} {order.currency}. "
                "Check the payment by hand. " + _describe(session, via),
            )
            return AMOUNT_MISMATCH
        if not can_transition(order.status, S.PAID):
            # Money for an order we no longer hold (cancelled): never keep it.
            return _unfulfillable(
                order,
                f"Paid while the order was {order.get_status_display().lower()}; "
                "refunding in full automatically. " + _describe(session, via),
            )

        lines = order.stock_lines
        note = "Payment received. " + _describe(session, via)
        if order.stock_state == StockState.RESERVED:
            if lines:
                stock.commit_sale(lines=lines, reference=order.reference)
        elif lines:
            try:
                with transaction.atomic():
                    stock.reserve(lines=lines, reference=order.reference)
                    stock.commit_sale(lines=lines, reference=order.reference)
            except InsufficientStock as short:
                return _unfulfillable(
                    order,
                    "Paid after the reservation had lapsed, and the stock is "
                    f"gone ({short}). Refunding in full automatically. "
                    + _describe(session, via),
                )
            note = (
                "Payment received after the reservation had lapsed; the stock was "
                "still there and has been sold. " + _describe(session, via)
            )
        order.stock_state = StockState.SOLD
        order.save(update_fields=["stock_state", "updated_at"])
        transition(order, S.PAID, note=note)
        remove_ordered_lines(cart_id=order.cart_id, variant_ids=list(lines))
        order_id = order.pk
        transaction.on_commit(lambda: emails.send_order_confirmation(order_id))
        return FULFILLED


def _flag(order: Order, note: str) -> None:
    """Put a locked order in front of a person (`needs_attention`), with why."""
    if can_transition(order.status, S.NEEDS_ATTENTION):
        transition(order, S.NEEDS_ATTENTION, note=note)
    else:
        logger.error("Order %s needs attention: %s", order.reference, note)


def _unfulfillable(order: Order, note: str) -> str:
    """Paid but impossible to honour: flag it and refund after commit."""
    order.refund_due = True
    order.save(update_fields=["refund_due", "updated_at"])
    _flag(order, note)
    order_id = order.pk
    transaction.on_commit(lambda: refund_unfulfillable(order_id))
    return UNFULFILLABLE


def _release_unpaid(order: Order, to_status: str, note: str, actor=None) -> str:
    """Release what an unpaid order holds and move it to `to_status` (locked)."""
    if order.status not in UNPAID_STATUSES or not can_transition(
        order.status, to_status
    ):
        return UNCHANGED
    _release_stock(order)
    transition(order, to_status, note=note, actor=actor)
    return RELEASED


def fail_checkout_session(session: CheckoutSession, *, via: str) -> str:
    """A delayed payment failed: release the stock, order `payment_failed`."""
    with transaction.atomic():
        order = _locked(session.order_reference)
        if order is None:
            return UNKNOWN_ORDER
        payment = _payment_for(order, session)
        if payment.status != PaymentStatus.PAID:
            payment.status = PaymentStatus.FAILED
            payment.save()
        return _release_unpaid(
            order,
            S.PAYMENT_FAILED,
            "The delayed payment failed. " + _describe(session, via),
        )


def expire_checkout_session(session: CheckoutSession, *, via: str) -> str:
    """A session expired unpaid: release the stock, order `expired`.

    Arriving after the order was paid (out of order, or duplicated) it changes
    nothing: states only move forward.
    """
    with transaction.atomic():
        order = _locked(session.order_reference)
        if order is None:
            return UNKNOWN_ORDER
        payment = _payment_for(order, session)
        if payment.status in {PaymentStatus.CREATED, PaymentStatus.OPEN}:
            payment.status = PaymentStatus.EXPIRED
            payment.save()
        return _release_unpaid(
            order,
            S.EXPIRED,
            "The payment session expired unpaid. " + _describe(session, via),
        )


def fail_payment_start(order: Order, *, error: PaymentError) -> str:
    """Stripe could not open a session: release, keep the order as `payment_failed`."""
    with transaction.atomic():
        locked = _locked(order.reference)
        Payment.objects.create(
            order=locked,
            provider=payments.provider_name(),
            amount=locked.total,
            currency=locked.currency,
            status=PaymentStatus.FAILED,
        )
        return _release_unpaid(
            locked,
            S.PAYMENT_FAILED,
            f"Could not open a payment session: {error.detail or error.message}",
        )


def abandon_order(order: Order, *, note: str, actor=None) -> str:
    """The shopper gave up on paying (cancel page, or a newer checkout replaced it).

    Open sessions are expired first so they can no longer be paid; a session that
    turns out to be paid already is fulfilled instead.
    """
    for payment in order.payments.exclude(stripe_session_id=None).filter(
        status__in=[PaymentStatus.CREATED, PaymentStatus.OPEN]
    ):
        try:
            session = payments.expire_checkout_session(payment.stripe_session_id)
        except PaymentError as error:
            # The session lapses by itself at the reservation's end; if it gets paid
            # meanwhile, fulfilment re-reserves or refunds.
            logger.warning("Could not expire %s: %s", payment.stripe_session_id, error)
            continue
        if session.status == "complete":
            return fulfil_checkout_session(session, via="cancel page")
    with transaction.atomic():
        locked = _locked(order.reference)
        for payment in locked.payments.filter(
            status__in=[PaymentStatus.CREATED, PaymentStatus.OPEN]
        ):
            payment.status = PaymentStatus.EXPIRED
            payment.save()
        return _release_unpaid(locked, S.CANCELLED, note, actor=actor)


def refund_unfulfillable(order_id: int) -> bool:
    """Refund in full an order that was paid but cannot be fulfilled; then apologise.

    Idempotent: the refund's idempotency key is derived from the order, and
    `refund_due` is cleared once the refund is recorded. A failure leaves
    `refund_due` set for `reconcile_payments` to retry.
    """
    order = Order.objects.get(pk=order_id)
    payment = (
        order.payments.filter(status=PaymentStatus.PAID)
        .exclude(stripe_payment_intent_id="")
        .first()
    )
    if not order.refund_due or payment is None:
        return False
    try:
        result = payments.refund_payment(
            payment_intent_id=payment.stripe_payment_intent_id,
            amount=None,
            currency=order.currency,
            idempotency_key=f"unknot-refund-unfulfillable-{order.reference}",
            reason="Sold out before the payment arrived",
            metadata={"order_reference": order.reference},
        )
    except PaymentError as error:
        logger.error("Automatic refund of %s failed: %s", order.reference, error)
        return False
    with transaction.atomic():
        order = _locked(order.reference)
        if not order.refund_due:
            return False
        Refund.objects.get_or_create(
            stripe_refund_id=result.id,
            defaults={
                "order": order,
                "payment": payment,
                "amount": payments.from_minor_units(result.amount, order.currency),
                "currency": order.currency,
                "reason": "Automatic: paid, but the stock was gone",
                "status": result.status or RefundStatus.PENDING,
            },
        )
        payment.status = PaymentStatus.REFUNDED
        payment.save()
        order.refund_due = False
        order.save(update_fields=["refund_due", "updated_at"])
        if can_transition(order.status, S.REFUNDED):
            transition(
                order,
                S.REFUNDED,
                note=f"Refunded in full automatically (refund {result.id}).",
            )
        transaction.on_commit(lambda: emails.send_refund_apology(order_id))
    return True


def record_charge_refunds(charge: ChargeRefunds, *, via: str) -> str:
    """A `charge.refunded` event: record the refunds we do not know yet, set status.

    Refunds we made ourselves are already recorded (same Stripe refund id); refunds
    made in the Stripe dashboard are added. The order becomes `refunded` when
    everything was given back, else `partially_refunded`.
    """
    with transaction.atomic():
        payment = (
            Payment.objects.filter(stripe_payment_intent_id=charge.payment_intent_id)
            .exclude(stripe_payment_intent_id="")
            .first()
        )
        if payment is None:
            logger.warning("Refund for unknown payment %s.", charge.payment_intent_id)
            return UNKNOWN_ORDER
        order = _locked(payment.order.reference)
        currency = order.currency
        for item in charge.refunds:
            Refund.objects.get_or_create(
                stripe_refund_id=item.id,
                defaults={
                    "order": order,
                    "payment": payment,
                    "amount": payments.from_minor_units(item.amount, currency),
                    "currency": currency,
                    "reason": f"Recorded from Stripe ({via})",
                    "status": item.status or RefundStatus.SUCCEEDED,
                },
            )
        refunded = payments.from_minor_units(charge.amount_refunded, currency)
        known = order.amount_refunded()
        if refunded > known:
            Refund.objects.create(
                order=order,
                payment=payment,
                amount=refunded - known,
                currency=currency,
                reason=f"Refunded in Stripe, recorded from charge {charge.charge_id}",
                status=RefundStatus.SUCCEEDED,
            )
        fully = charge.amount_refunded >= charge.amount
        payment.status = (
            PaymentStatus.REFUNDED if fully else PaymentStatus.PARTIALLY_REFUNDED
        )
        payment.save()
        if fully and order.refund_due:
            order.refund_due = False
            order.save(update_fields=["refund_due", "updated_at"])
        target = S.REFUNDED if fully else S.PARTIALLY_REFUNDED
        if order.status != target and can_transition(order.status, target):
            transition(
                order,
                target,
                note=f"Stripe reports {refunded} {currency} refunded ({via}).",
            )
        return RECORDED


def release_expired_reservations(*, now=None) -> list[str]:
    """Release stock held by unpaid orders whose reservation ran out; mark `expired`.

    For when Stripe's `checkout.session.expired` event never arrives. Returns the
    references it released.
    """
    now = now or timezone.now()
    released = []
    candidates = Order.objects.awaiting_stock_release(now - EXPIRY_GRACE)
    for reference in candidates.values_list("reference", flat=True):
        with transaction.atomic():
            order = _locked(reference)
            if (
                order.stock_state != StockState.RESERVED
                or order.reservation_expires_at >= now - EXPIRY_GRACE
            ):
                continue
            outcome = _release_unpaid(
                order,
                S.EXPIRED,
                "The reservation ran out without a payment (expiry job).",
            )
            for payment in order.payments.filter(
                status__in=[PaymentStatus.CREATED, PaymentStatus.OPEN]
            ):
                payment.status = PaymentStatus.EXPIRED
                payment.save()
        if outcome == RELEASED:
            released.append(reference)
    return released


def reconcile(*, since) -> dict[str, list[str]]:
    """Catch up with Stripe: apply every recent session's state, as webhooks would.

    For missed or delayed webhooks. Every step is idempotent, so it is safe to run
    from cron every few minutes. Returns order references by outcome.
    """
    report: dict[str, list[str]] = {}

    def note(outcome: str, reference: str) -> None:
        report.setdefault(outcome, []).append(reference)

    for session in payments.list_checkout_sessions(created_since=since):
        note("checked", session.id)
        reference = session.order_reference
        if not reference or not Order.objects.filter(reference=reference).exists():
            note(UNKNOWN_ORDER, session.id)
            continue
        if session.status == "complete":
            note(fulfil_checkout_session(session, via="reconcile_payments"), reference)
        elif session.status == "expired":
            note(expire_checkout_session(session, via="reconcile_payments"), reference)
    for reference in release_expired_reservations():
        note("stale-reservation-released", reference)
    for order_id, reference in Order.objects.filter(refund_due=True).values_list(
        "pk", "reference"
    ):
        if refund_unfulfillable(order_id):
            note("refund-retried", reference)
    unsent = Order.objects.filter(
        status__in=PAID_STATUSES, confirmation_sent_at__isnull=True, paid_at__gte=since
    )
    for order_id, reference in unsent.values_list("pk", "reference"):
        if emails.send_order_confirmation(order_id):
            note("confirmation-resent", reference)
    return report
