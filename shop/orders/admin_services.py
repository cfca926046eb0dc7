"""What staff do to an order: pack, ship, deliver, cancel, refund.

Built on the checkout side's pieces, never around them: every status change goes
through `services.transition` (the transition table), stock through the stock
service, money through `shop.checkout.payments.refund_payment`. Each action locks the
order row first, so two members of staff (or staff and a Stripe webhook) acting on
the same order are applied one after the other.

Refunds hold that lock across the call to Stripe on purpose: the amount still
refundable is checked and spent under the same lock, so two refunds started at once
can never together exceed what was captured. The idempotency key comes from the form
the refund was submitted with: a double click or a retried request sends the same key,
Stripe answers with the same refund, and it is recorded once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from wagtail.log_actions import log

from shop.checkout import payments
from shop.checkout.payments import PaymentError
from shop.inventory import services as stock

from .exceptions import IllegalTransition, OrderError
from .models import (
    Order,
    OrderStatus,
    PaymentStatus,
    Refund,
    RefundStatus,
    StockState,
)
from .services import UNPAID_STATUSES, can_transition, transition

logger = logging.getLogger(__name__)

S = OrderStatus
CAPTURED_PAYMENT_STATUSES = [
    PaymentStatus.PAID,
    PaymentStatus.PARTIALLY_REFUNDED,
    PaymentStatus.REFUNDED,
]

CENT = Decimal("0.01")

CARRIERS = {
    # code: (name, tracking URL with {number})
    "dhl": ("DHL", "https://www.dhl.com/de-en/home/tracking.html?tracking-id={number}"),
    "dpd": ("DPD", "https://tracking.dpd.de/status/en_US/parcel/{number}"),
    "ups": ("UPS", "https://www.ups.com/track?tracknum={number}"),
    "gls": ("GLS", "https://gls-group.com/track/{number}"),
    "post": ("Deutsche Post", "https://www.deutschepost.de/sendung?piececode={number}"),
}


class OrderActionError(OrderError):
    """A staff action refused with a message meant for the person who tried it."""


@dataclass(frozen=True)
class Shipment:
    carrier: str
    carrier_name: str
    tracking_number: str
    tracking_url: str


def _locked(order_id: int) -> Order:
    return Order.objects.select_for_update().get(pk=order_id)


def _move(order: Order, to_status: str, *, actor, note: str = ""):
    try:
        return transition(order, to_status, actor=actor, note=note)
    except IllegalTransition as error:
        raise OrderActionError(
            f"Order {order.reference} is {order.get_status_display().lower()}; it "
            f"cannot be marked {OrderStatus(to_status).label.lower()}."
        ) from error


# --- money figures ------------------------------------------------------------------


def captured(order: Order) -> Decimal:
    """What the shopper paid: the amounts of payments that were captured."""
    total = order.payments.filter(status__in=CAPTURED_PAYMENT_STATUSES).aggregate(
        total=Sum("amount")
    )["total"]
    return Decimal(total or 0).quantize(CENT)


def refundable(order: Order) -> Decimal:
    """Captured minus what has been (or is being) refunded; never negative."""
    left = captured(order) - Decimal(order.amount_refunded()).quantize(CENT)
    return max(left, Decimal("0.00"))


def restocked_per_line(order: Order) -> dict[int, int]:
    """Units already put back on the shelf per order line, over all refunds."""
    done: dict[int, int] = {}
    for refund in order.refunds.all():
        for entry in refund.restocked_lines or []:
            line_id = entry.get("line_id")
            if line_id is not None:
                done[line_id] = done.get(line_id, 0) + int(entry.get("quantity", 0))
    return done


def restockable_per_line(order: Order) -> dict[int, int]:
    """Units per line that could still go back on the shelf (sold, not restocked)."""
    if order.stock_state != StockState.SOLD:
        return {}
    done = restocked_per_line(order)
    return {
        line.pk: line.quantity - done.get(line.pk, 0)
        for line in order.lines.all()
        if line.variant_id is not None and line.quantity - done.get(line.pk, 0) > 0
    }


# --- fulfilment --------------------------------------------------------------------

FULFILMENT_STEPS = [S.PACKED, S.SHIPPED, S.DELIVERED]


def next_fulfilment_step(order: Order) -> str | None:
    """Packed, then shipped, then delivered. The status alone cannot say where a
    partially refunded order stands, so the history does."""
    done = (
        order.status_changes.filter(to_status__in=FULFILMENT_STEPS)
        .order_by("-created_at", "-pk")
        .values_list("to_status", flat=True)
        .first()
    )
    index = FULFILMENT_STEPS.index(done) + 1 if done else 0
    return FULFILMENT_STEPS[index] if index < len(FULFILMENT_STEPS) else None


def can_fulfil(order: Order, step: str) -> bool:
    return next_fulfilment_step(order) == step and can_transition(order.status, step)


def _fulfil(order: Order, step: str, *, actor, note: str):
    expected = next_fulfilment_step(order)
    if expected != step and can_transition(order.status, step):
        raise OrderActionError(
            f"Order {order.reference} must be "
            f"{OrderStatus(expected).label.lower() if expected else 'left as it is'}"
            f" before it can be marked {OrderStatus(step).label.lower()}."
        )
    return _move(order, step, actor=actor, note=note)


def mark_packed(*, order_id: int, actor) -> Order:
    with transaction.atomic():
        order = _locked(order_id)
        _fulfil(order, S.PACKED, actor=actor, note="Packed.")
    return order


def mark_shipped(
    *, order_id: int, actor, carrier: str, tracking_number: str
) -> tuple[Order, Shipment]:
    """Mark shipped, keep carrier and tracking in the audit log, and e-mail the
    shopper the tracking link once the change is committed."""
    from .admin_emails import send_shipping_email

    if carrier not in CARRIERS:
        raise OrderActionError("Choose a carrier from the list.")
    number = tracking_number.strip()
    if not number:
        raise OrderActionError("Enter the tracking number.")
    name, url = CARRIERS[carrier]
    shipment = Shipment(carrier, name, number, url.format(number=number))
    with transaction.atomic():
        order = _locked(order_id)
        _fulfil(order, S.SHIPPED, actor=actor, note=f"Shipped with {name}: {number}.")
        log(
            instance=order,
            action="orders.shipped",
            user=actor,
            data={
                "carrier": carrier,
                "carrier_name": name,
                "tracking_number": number,
                "tracking_url": shipment.tracking_url,
            },
        )
        transaction.on_commit(lambda: send_shipping_email(order.pk, shipment))
    return order, shipment


def latest_shipment(order: Order) -> Shipment | None:
    """The carrier and tracking number of the last "shipped" action, if any."""
    from wagtail.models import ModelLogEntry

    entry = (
        ModelLogEntry.objects.for_instance(order)
        .filter(action="orders.shipped")
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None:
        return None
    data = entry.data or {}
    return Shipment(
        data.get("carrier", ""),
        data.get("carrier_name", ""),
        data.get("tracking_number", ""),
        data.get("tracking_url", ""),
    )


def mark_delivered(*, order_id: int, actor) -> Order:
    with transaction.atomic():
        order = _locked(order_id)
        _fulfil(order, S.DELIVERED, actor=actor, note="Delivered.")
    return order


# --- refunds and cancellation --------------------------------------------------------


def _refund_payment(order: Order):
    payment = (
        order.payments.filter(status__in=CAPTURED_PAYMENT_STATUSES)
        .exclude(stripe_payment_intent_id="")
        .order_by("-created_at", "-pk")
        .first()
    )
    if payment is None:
        raise OrderActionError("This order has no captured payment to refund.")
    return payment


def _restock(order: Order, restock: dict[int, int], *, actor, reason: str) -> list:
    """Put units of these lines back on the shelf; returns the refund's record."""
    if not restock:
        return []
    allowed = restockable_per_line(order)
    lines = {line.pk: line for line in order.lines.all()}
    record, stock_lines = [], {}
    for line_id, quantity in restock.items():
        if quantity <= 0:
            continue
        if quantity > allowed.get(line_id, 0):
            line = lines.get(line_id)
            raise OrderActionError(
                f"{line.sku if line else 'That line'}: only "
                f"{allowed.get(line_id, 0)} unit(s) can go back on the shelf."
            )
        line = lines[line_id]
        stock_lines[line.variant_id] = stock_lines.get(line.variant_id, 0) + quantity
        record.append(
            {
                "line_id": line_id,
                "variant_id": line.variant_id,
                "sku": line.sku,
                "quantity": quantity,
            }
        )
    if stock_lines:
        stock.restock(
            lines=stock_lines,
            reference=order.reference,
            user=actor,
            note=f"Refund: {reason}"[:255],
        )
    return record


def refund_order(
    *,
    order_id: int,
    amount: Decimal,
    reason: str,
    key: str,
    actor,
    restock: dict[int, int] | None = None,
) -> Refund:
    """Refund part or all of what was captured, optionally restocking lines.

    `key` identifies this refund request (from the form): retrying with the same key
    never refunds twice. The order becomes `refunded` when nothing captured is left,
    otherwise `partially_refunded` (where the transition table allows).
    """
    restock = {int(k): int(v) for k, v in (restock or {}).items() if int(v) > 0}
    reason = reason.strip()
    if not reason:
        raise OrderActionError("Give a reason for the refund.")
    if not key:
        raise OrderActionError("This refund form has expired; open it again.")
    with transaction.atomic():
        order = _locked(order_id)
        payment = _refund_payment(order)
        idempotency_key = f"unknot-staff-refund-{order.reference}-{key}"[:255]
        # A retry of a refund that was already recorded: answer with it, do nothing.
        retried = _refund_for_key(order, key)
        if retried is not None:
            return retried
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
        try:
            result = payments.refund_payment(
                payment_intent_id=payment.stripe_payment_intent_id,
                amount=amount,
                currency=order.currency,
                idempotency_key=idempotency_key,
                reason=reason[:200],
                metadata={"order_reference": order.reference},
            )
        except PaymentError as error:
            raise OrderActionError(
                f"The payment service refused the refund: "
                f"{getattr(error, 'detail', '') or error}. Nothing was refunded."
            ) from error
        restocked = _restock(order, restock, actor=actor, reason=reason)
        refund, created = Refund.objects.get_or_create(
            stripe_refund_id=result.id,
            defaults={
                "order": order,
                "payment": payment,
                "amount": payments.from_minor_units(result.amount, order.currency),
                "currency": order.currency,
                "reason": reason,
                "status": result.status or RefundStatus.PENDING,
                "actor": actor,
                "restocked_lines": restocked,
            },
        )
        if not created:
            # The Stripe webhook recorded this refund first: complete its record.
            refund.actor = actor
            refund.reason = reason
            refund.restocked_lines = restocked
            refund.save(update_fields=["actor", "reason", "restocked_lines"])
        fully = refundable(order) <= 0
        payment.status = (
            PaymentStatus.REFUNDED if fully else PaymentStatus.PARTIALLY_REFUNDED
        )
        payment.save(update_fields=["status", "updated_at"])
        if fully and order.refund_due:
            order.refund_due = False
            order.save(update_fields=["refund_due", "updated_at"])
        if _all_restocked(order):
            order.stock_state = StockState.RELEASED
            order.save(update_fields=["stock_state", "updated_at"])
        target = S.REFUNDED if fully else S.PARTIALLY_REFUNDED
        if order.status != target and can_transition(order.status, target):
            transition(
                order,
                target,
                actor=actor,
                note=f"Refunded {refund.amount} {order.currency}: {reason}",
            )
        log(
            instance=order,
            action="orders.refund",
            user=actor,
            data={
                "key": key,
                "amount": str(refund.amount),
                "refund_id": refund.stripe_refund_id,
                "restocked": restocked,
                "reason": reason,
            },
        )
    return refund


def _refund_for_key(order: Order, key: str) -> Refund | None:
    """The refund an earlier submit of the same form recorded, if any (the form's
    key is kept in the audit-log entry written with each staff refund)."""
    from wagtail.models import ModelLogEntry

    entry = (
        ModelLogEntry.objects.for_instance(order)
        .filter(action="orders.refund", data__key=key)
        .first()
    )
    if entry is None:
        return None
    return order.refunds.filter(stripe_refund_id=entry.data.get("refund_id")).first()


def _all_restocked(order: Order) -> bool:
    return order.stock_state == StockState.SOLD and not restockable_per_line(order)


def cancel_order(*, order_id: int, actor, reason: str, key: str = "") -> Order:
    """Cancel an order that has not shipped.

    Unpaid: the reservation is released (the open payment session is expired
    first). Paid: everything not yet restocked goes back on the shelf and what is
    left of the payment is refunded, all under the order's lock.
    """
    from .fulfilment import abandon_order

    reason = reason.strip()
    if not reason:
        raise OrderActionError("Give a reason for the cancellation.")
    order = Order.objects.get(pk=order_id)
    if order.status in UNPAID_STATUSES:
        abandon_order(order, note=f"Cancelled by staff: {reason}", actor=actor)
        order.refresh_from_db()
        if order.status != S.CANCELLED:
            raise OrderActionError(
                f"Order {order.reference} turned out to be paid meanwhile and is now "
                f"{order.get_status_display().lower()}; look at it again."
            )
        return order

    with transaction.atomic():
        order = _locked(order_id)
        if not can_transition(order.status, S.CANCELLED):
            raise OrderActionError(
                f"Order {order.reference} is {order.get_status_display().lower()}; "
                "it cannot be cancelled (refund it instead)."
            )
        money_left = refundable(order)
        restock = restockable_per_line(order)
        _move(order, S.CANCELLED, actor=actor, note=f"Cancelled: {reason}")
        if money_left > 0:
            # Same transaction: if the payment service refuses the refund, the
            # cancellation above is rolled back too and nothing has changed.
            refund_order(
                order_id=order.pk,
                amount=money_left,
                reason=f"Cancelled: {reason}",
                key=key or f"cancel-{order.reference}",
                actor=actor,
                restock=restock,
            )
            order.refresh_from_db()
        elif restock:
            _restock(order, restock, actor=actor, reason=f"Cancelled: {reason}")
            order.stock_state = StockState.RELEASED
            order.save(update_fields=["stock_state", "updated_at"])
        elif order.stock_state == StockState.RESERVED:
            stock.release(
                lines=order.stock_lines, reference=order.reference, user=actor
            )
            order.stock_state = StockState.RELEASED
            order.save(update_fields=["stock_state", "updated_at"])
    return order
