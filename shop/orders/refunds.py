"""Money going back: staff refunds, automatic refunds, refunds reported by Stripe.

All three end in `apply_refund`, the one piece of refund bookkeeping: record the
refund rows, set the payment's status, clear an owed refund, let go of stock once
everything went back on the shelf, and move the order to `refunded` or
`partially_refunded`.

Staff refunds hold the order's lock across the call to the payment service on
purpose: the amount still refundable is checked and spent under the same lock, so two
refunds started at once can never together exceed what was captured. The idempotency
key comes from the form the refund was submitted with: a double click or a retried
request sends the same key, the payment service answers with the same refund, and it
is recorded once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from shop.payments import gateway
from shop.payments.types import ChargeRefunds, PaymentError, from_minor_units

from . import payment_records, shopper_notices, stock, tasks
from .exceptions import OrderActionError
from .models import Order, OrderStatus, Payment, PaymentStatus, Refund, RefundStatus
from .outcomes import Outcome
from .refund_amounts import captured, check_lines, refundable
from .status import can_transition, transition

logger = logging.getLogger(__name__)

S = OrderStatus

# Refund states that gave nothing back (as `Order.amount_refunded` counts).
NOT_REFUNDED = {RefundStatus.FAILED, RefundStatus.CANCELED}


# --- the bookkeeping every refund shares --------------------------------------------


@dataclass(frozen=True)
class RefundEntry:
    """One refund to record: its id at the payment service (None: a difference
    Stripe reported without an id of its own), amount, reason and status."""

    refund_id: str | None
    amount: Decimal
    reason: str
    status: str
    actor: Any = None
    restocked: list = field(default_factory=list)


def apply_refund(
    order: Order,
    payment: Payment,
    entries: list[RefundEntry],
    *,
    fully: bool | None,
    note: str,
    actor=None,
) -> list[Refund]:
    """Record refunds against a locked order and settle what follows from them.

    Refunds already recorded (same refund id, e.g. the webhook came first) are
    completed with who did it, why and what went back on the shelf, never doubled.
    `fully=None` means: fully refunded when nothing captured is left afterwards.
    """
    refunds = []
    for entry in entries:
        values = {
            "order": order,
            "payment": payment,
            "amount": entry.amount,
            "currency": order.currency,
            "reason": entry.reason,
            "status": entry.status,
            "actor": entry.actor,
            "restocked_lines": entry.restocked,
        }
        if entry.refund_id is None:
            refunds.append(Refund.objects.create(**values))
            continue
        refund, created = Refund.objects.get_or_create(
            stripe_refund_id=entry.refund_id, defaults=values
        )
        if not created and entry.actor is not None:
            refund.actor = entry.actor
            refund.reason = entry.reason
            refund.restocked_lines = entry.restocked
            refund.save(update_fields=["actor", "reason", "restocked_lines"])
        refunds.append(refund)

    if fully is None:
        fully = refundable(order) <= 0
    payment_records.mark_refunded(payment, fully=fully)
    if fully and order.refund_due:
        order.refund_due = False
        order.save(update_fields=["refund_due", "updated_at"])
    stock.release_if_all_restocked(order)
    target = S.REFUNDED if fully else S.PARTIALLY_REFUNDED
    if order.status != target and can_transition(order.status, target):
        transition(order, target, actor=actor, note=note)
    return refunds


# --- staff refunds ------------------------------------------------------------------


def refund_order(
    *,
    order_id: int,
    amount: Decimal,
    reason: str,
    key: str,
    actor,
    restock: dict[int, int] | None = None,
    lines: dict[int, int] | None = None,
    shipping: bool = False,
    notify: bool = True,
) -> Refund:
    """Refund part or all of what was captured, optionally restocking lines.

    `key` identifies this refund request (from the form): retrying with the same key
    never refunds twice. The order becomes `refunded` when nothing captured is left,
    otherwise `partially_refunded` (where the transition table allows). `lines`
    (units per line) and `shipping` say what the amount is for, when staff chose
    lines; they are kept so the same units are not refunded twice. The shopper
    is e-mailed once the refund is committed, unless the caller tells them itself
    (`notify=False`, as cancellation does).
    """
    restock = {int(k): int(v) for k, v in (restock or {}).items() if int(v) > 0}
    lines = {int(k): int(v) for k, v in (lines or {}).items() if int(v) > 0}
    reason = _required(reason, "Give a reason for the refund.")
    if not key:
        raise OrderActionError("This refund form has expired; open it again.")
    with transaction.atomic():
        order = Order.objects.locked(pk=order_id)
        payment = _refundable_payment(order)
        retried = _refund_for_key(order, key)
        if retried is not None:
            return retried
        _check_amount(order, amount)
        check_lines(order, lines, shipping)
        result = _send_refund(order, payment, amount, reason, key)
        restocked = stock.restock(order, restock, actor=actor, reason=reason)
        entry = RefundEntry(
            refund_id=result.id,
            amount=from_minor_units(result.amount, order.currency),
            reason=reason,
            status=result.status or RefundStatus.PENDING,
            actor=actor,
            restocked=restocked,
        )
        (refund,) = apply_refund(
            order,
            payment,
            [entry],
            fully=None,
            note=f"Refunded {entry.amount} {order.currency}: {reason}",
            actor=actor,
        )
        _log_staff_refund(
            order,
            refund,
            actor=actor,
            key=key,
            reason=reason,
            chosen={"lines": lines, "shipping": shipping},
        )
        if notify:
            _notify_on_commit(refund)
    return refund


def _required(text: str, message: str) -> str:
    text = text.strip()
    if not text:
        raise OrderActionError(message)
    return text


def _refundable_payment(order: Order) -> Payment:
    payment = payment_records.captured_payment(order)
    if payment is None:
        raise OrderActionError("This order has no captured payment to refund.")
    return payment


def _check_amount(order: Order, amount: Decimal) -> None:
    left = refundable(order)
    if amount <= 0:
        raise OrderActionError("The refund amount must be more than zero.")
    if amount > left:
        raise OrderActionError(
            f"At most {left} {order.currency} can still be refunded "
            f"(captured {captured(order)}, refunded {order.amount_refunded()})."
        )
    target = S.REFUNDED if amount == left else S.PARTIALLY_REFUNDED
    if order.status != target and not can_transition(order.status, target):
        raise OrderActionError(
            f"Order {order.reference} is {order.get_status_display().lower()}; "
            "it cannot be refunded from here."
        )


def _send_refund(order: Order, payment: Payment, amount, reason: str, key: str):
    try:
        return gateway.refund_payment(
            payment_intent_id=payment.stripe_payment_intent_id,
            amount=amount,
            currency=order.currency,
            idempotency_key=f"unknot-staff-refund-{order.reference}-{key}"[:255],
            reason=reason[:200],
            metadata={"order_reference": order.reference},
        )
    except PaymentError as error:
        raise OrderActionError(
            f"The payment service refused the refund: "
            f"{getattr(error, 'detail', '') or error}. Nothing was refunded."
        ) from error


def _refund_for_key(order: Order, key: str) -> Refund | None:
    """The refund an earlier submit of the same form recorded, if any (the form's
    key is kept in the audit-log entry written with each staff refund)."""
    entry = (
        ModelLogEntry.objects.for_instance(order)
        .filter(action="orders.refund", data__key=key)
        .first()
    )
    if entry is None:
        return None
    return order.refunds.filter(stripe_refund_id=entry.data.get("refund_id")).first()


def _log_staff_refund(
    order: Order, refund: Refund, *, actor, key, reason, chosen: dict
) -> None:
    log(
        instance=order,
        action="orders.refund",
        user=actor,
        data={
            "key": key,
            "amount": str(refund.amount),
            "refund_id": refund.stripe_refund_id,
            "restocked": refund.restocked_lines,
            "reason": reason,
            # JSON keys are strings; refunded_per_line reads them back as ints.
            "lines": {str(pk): quantity for pk, quantity in chosen["lines"].items()},
            "shipping": chosen["shipping"],
        },
    )


# --- automatic refunds --------------------------------------------------------------


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
        result = gateway.refund_payment(
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
        order = Order.objects.locked(pk=order_id)
        if not order.refund_due:
            return False
        entry = RefundEntry(
            refund_id=result.id,
            amount=from_minor_units(result.amount, order.currency),
            reason="Automatic: paid, but the stock was gone",
            status=result.status or RefundStatus.PENDING,
        )
        apply_refund(
            order,
            payment,
            [entry],
            fully=True,
            note=f"Refunded in full automatically (refund {result.id}).",
        )
        tasks.enqueue_on_commit(tasks.send_refund_apology, order_id)
    return True


# --- refunds Stripe reports ---------------------------------------------------------


def record_charge_refunds(charge: ChargeRefunds, *, via: str) -> Outcome:
    """A `charge.refunded` event: record the refunds we do not know yet, set status.

    Refunds we made ourselves are already recorded (same refund id); refunds made in
    the Stripe dashboard are added, and any amount Stripe counts beyond the refunds we
    know is recorded as a difference. The order becomes `refunded` when everything
    was given back, else `partially_refunded`.
    """
    with transaction.atomic():
        payment = (
            Payment.objects.filter(stripe_payment_intent_id=charge.payment_intent_id)
            .exclude(stripe_payment_intent_id="")
            .first()
        )
        if payment is None:
            logger.warning("Refund for unknown payment %s.", charge.payment_intent_id)
            return Outcome.UNKNOWN_ORDER
        order = Order.objects.locked(pk=payment.order_id)
        currency = order.currency
        entries = [
            RefundEntry(
                refund_id=item.id,
                amount=from_minor_units(item.amount, currency),
                reason=f"Recorded from Stripe ({via})",
                status=item.status or RefundStatus.SUCCEEDED,
            )
            for item in charge.refunds
            if not Refund.objects.filter(stripe_refund_id=item.id).exists()
        ]
        refunded = from_minor_units(charge.amount_refunded, currency)
        known = order.amount_refunded() + sum(
            (entry.amount for entry in entries if entry.status not in NOT_REFUNDED),
            Decimal("0"),
        )
        if refunded > known:
            entries.append(
                RefundEntry(
                    refund_id=None,
                    amount=refunded - known,
                    reason="Refunded in Stripe, recorded from charge "
                    f"{charge.charge_id}",
                    status=RefundStatus.SUCCEEDED,
                )
            )
        # An automatic refund in flight gets its apology e-mail instead.
        automatic = order.refund_due
        recorded = apply_refund(
            order,
            payment,
            entries,
            fully=charge.fully_refunded,
            note=f"Stripe reports {refunded} {currency} refunded ({via}).",
        )
        if not automatic:
            for refund in recorded:
                if refund.status not in NOT_REFUNDED:
                    _notify_on_commit(refund)
        return Outcome.RECORDED


def _notify_on_commit(refund: Refund) -> None:
    transaction.on_commit(lambda: shopper_notices.send_refund_email(refund.pk))
