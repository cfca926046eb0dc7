"""The shop's record of each payment attempt: the one owner of `Payment.status`.

A Payment row mirrors one Checkout Session. Its status follows what the payment
service reports, and only forward: a paid payment is never marked failed or expired by
a late event. Callers hold the order's row lock.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from shop.payments import gateway
from shop.payments.types import CheckoutSession

from .models import Order, Payment, PaymentStatus

UNSETTLED = [PaymentStatus.CREATED, PaymentStatus.OPEN]
CAPTURED = [
    PaymentStatus.PAID,
    PaymentStatus.PARTIALLY_REFUNDED,
    PaymentStatus.REFUNDED,
]


def _set(payment: Payment, status: str) -> None:
    payment.status = status
    payment.save()


def record_opened_session(order: Order, session: CheckoutSession) -> None:
    """Checkout opened a session for the order: keep it with its payment URL.

    A concurrent double click may have recorded the same session first; that row
    stands.
    """
    try:
        with transaction.atomic():
            Payment.objects.get_or_create(
                stripe_session_id=session.id,
                defaults={
                    "order": order,
                    "provider": gateway.provider_name_for(session.id),
                    "checkout_url": session.url,
                    "amount": order.total,
                    "currency": order.currency,
                    "status": PaymentStatus.OPEN,
                },
            )
    except IntegrityError:
        pass


def open_checkout_url(order: Order) -> str:
    """The payment page of the order's open session, or "" when there is none."""
    payment = (
        order.payments.filter(status=PaymentStatus.OPEN)
        .exclude(checkout_url="")
        .first()
    )
    return payment.checkout_url if payment else ""


def record_failed_start(order: Order) -> None:
    """The payment service could not open a session for the order."""
    Payment.objects.create(
        order=order,
        provider=gateway.provider_name(),
        amount=order.total,
        currency=order.currency,
        status=PaymentStatus.FAILED,
    )


def for_session(order: Order, session: CheckoutSession) -> Payment:
    """The order's payment row for this session (created if we never saw it), with
    the payment intent filled in once the session has one."""
    payment = Payment.objects.filter(stripe_session_id=session.id).first()
    if payment is None:
        payment = Payment.objects.create(
            order=order,
            provider=gateway.provider_name_for(session.id),
            stripe_session_id=session.id,
            amount=order.total,
            currency=order.currency,
            status=PaymentStatus.OPEN,
        )
    if session.payment_intent_id and not payment.stripe_payment_intent_id:
        payment.stripe_payment_intent_id = session.payment_intent_id
    return payment


def mark_paid(payment: Payment) -> None:
    _set(payment, PaymentStatus.PAID)


def mark_processing(payment: Payment) -> None:
    """A delayed method (bank transfer): the session completed, money to follow."""
    _set(payment, PaymentStatus.PROCESSING)


def mark_failed(payment: Payment) -> None:
    """The payment failed, unless money had already arrived through it."""
    if payment.status != PaymentStatus.PAID:
        _set(payment, PaymentStatus.FAILED)


def mark_expired(payment: Payment) -> None:
    """The session lapsed unpaid; only a payment still waiting can lapse."""
    if payment.status in UNSETTLED:
        _set(payment, PaymentStatus.EXPIRED)


def expire_unsettled(order: Order) -> None:
    """Every payment of the order still waiting for the shopper has lapsed."""
    for payment in order.payments.filter(status__in=UNSETTLED):
        _set(payment, PaymentStatus.EXPIRED)


def mark_refunded(payment: Payment, *, fully: bool) -> None:
    _set(
        payment,
        PaymentStatus.REFUNDED if fully else PaymentStatus.PARTIALLY_REFUNDED,
    )


def captured_payment(order: Order) -> Payment | None:
    """The latest payment whose money was captured (what a refund goes against)."""
    return (
        order.payments.filter(status__in=CAPTURED)
        .exclude(stripe_payment_intent_id="")
        .order_by("-created_at", "-pk")
        .first()
    )


def unsettled_session_ids(order: Order) -> list[str]:
    """Sessions of the order a shopper could still pay."""
    ids = order.payments.filter(status__in=UNSETTLED).values_list(
        "stripe_session_id", flat=True
    )
    return [session_id for session_id in ids if session_id]
