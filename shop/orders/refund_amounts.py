"""How much of an order can be refunded, and what chosen lines come to.

Read-only figures for the refund service (refunds.py) and the staff refund form:
captured and refundable money, the units and shipping earlier staff refunds chose
(from their audit-log entries), and the amount a choice of lines adds up to.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from wagtail.models import ModelLogEntry

from shop.discounts.pricing import paid_for_units
from shop.discounts.services import cents, from_cents

from . import payment_records
from .exceptions import OrderActionError
from .models import Order, OrderLine

CENT = Decimal("0.01")


# --- money figures ------------------------------------------------------------------


def captured(order: Order) -> Decimal:
    """What the shopper paid: the amounts of payments that were captured."""
    total = order.payments.filter(status__in=payment_records.CAPTURED).aggregate(
        total=Sum("amount")
    )["total"]
    return Decimal(total or 0).quantize(CENT)


def refundable(order: Order) -> Decimal:
    """Captured minus what has been (or is being) refunded; never negative."""
    left = captured(order) - Decimal(order.amount_refunded()).quantize(CENT)
    return max(left, Decimal("0.00"))


def refunded_per_line(order: Order) -> tuple[dict[int, int], bool]:
    """Units of each line, and whether shipping, that earlier staff refunds chose
    (kept in the audit-log entry written with each staff refund)."""
    units: dict[int, int] = {}
    shipping = False
    entries = ModelLogEntry.objects.for_instance(order).filter(action="orders.refund")
    for data in entries.values_list("data", flat=True):
        for pk, quantity in (data.get("lines") or {}).items():
            units[int(pk)] = units.get(int(pk), 0) + int(quantity)
        shipping = shipping or bool(data.get("shipping"))
    return units, shipping


def amount_for_lines(order: Order, lines: dict[int, int], *, shipping: bool) -> Decimal:
    """What the chosen units (at the price paid: after the line's share of a
    discount code) and shipping come to, capped at what is still refundable."""
    done, _shipping_done = refunded_per_line(order)
    total = sum(
        (
            paid_for(line, units=lines[line.pk], already=done.get(line.pk, 0))
            for line in order.lines.all()
            if line.pk in lines
        ),
        Decimal("0"),
    )
    if shipping:
        total += order.shipping_total
    return min(total.quantize(CENT), refundable(order))


def paid_for(line: OrderLine, *, units: int, already: int = 0) -> Decimal:
    """What `units` units of the line were paid, after `already` refunded ones
    (a discounted line's units may differ by a cent: `pricing.paid_for_units`)."""
    paid = paid_for_units(
        cents(line.paid_total), line.quantity, already=already, units=units
    )
    return from_cents(paid)


def check_lines(order: Order, lines: dict[int, int], shipping: bool) -> None:
    """Units chosen must have been sold and not refunded yet; shipping only once."""
    done, shipping_done = refunded_per_line(order)
    sold = {line.pk: line for line in order.lines.all()}
    for pk, quantity in lines.items():
        line = sold.get(pk)
        if line is None:
            raise OrderActionError("That line is not part of this order.")
        if quantity > line.quantity - done.get(pk, 0):
            raise OrderActionError(
                f"{line.sku}: at most {line.quantity - done.get(pk, 0)} of "
                f"{line.quantity} can still be refunded."
            )
    if shipping and shipping_done:
        raise OrderActionError("Shipping has been refunded already.")
