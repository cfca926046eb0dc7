"""Getting a paid order to the shopper: packed, then shipped, then delivered.

Each step locks the order and moves it through `status.staff_transition`, so two
members of staff acting on the same order are applied one after the other. Shipping
keeps the carrier and tracking number in the audit log and e-mails the shopper the
tracking link once the change is committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from . import tasks
from .exceptions import OrderActionError
from .models import Order, OrderStatus
from .status import can_transition, staff_transition

S = OrderStatus

CARRIERS = {
    # code: (name, tracking URL with {number})
    "dhl": ("DHL", "https://www.dhl.com/de-en/home/tracking.html?tracking-id={number}"),
    "dpd": ("DPD", "https://tracking.dpd.de/status/en_US/parcel/{number}"),
    "ups": ("UPS", "https://www.ups.com/track?tracknum={number}"),
    "gls": ("GLS", "https://gls-group.com/track/{number}"),
    "post": ("Deutsche Post", "https://www.deutschepost.de/sendung?piececode={number}"),
}

FULFILMENT_STEPS: list[str] = [S.PACKED, S.SHIPPED, S.DELIVERED]


@dataclass(frozen=True)
class Shipment:
    carrier: str
    carrier_name: str
    tracking_number: str
    tracking_url: str


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
    return staff_transition(order, step, actor=actor, note=note)


def mark_packed(*, order_id: int, actor) -> Order:
    with transaction.atomic():
        order = Order.objects.locked(pk=order_id)
        _fulfil(order, S.PACKED, actor=actor, note="Packed.")
    return order


def shipment_for(carrier: str, tracking_number: str) -> Shipment:
    """The shipment staff entered, checked: a known carrier and a tracking number."""
    if carrier not in CARRIERS:
        raise OrderActionError("Choose a carrier from the list.")
    number = tracking_number.strip()
    if not number:
        raise OrderActionError("Enter the tracking number.")
    name, url = CARRIERS[carrier]
    # Encoded: a number typed with spaces ("JJD 0001 2345") must not end the link
    # in a plain-text e-mail, where a space is where a mail client stops the URL.
    return Shipment(carrier, name, number, url.format(number=quote(number, safe="")))


def mark_shipped(
    *, order_id: int, actor, carrier: str, tracking_number: str
) -> tuple[Order, Shipment]:
    """Mark shipped, keep carrier and tracking in the audit log, and e-mail the
    shopper the tracking link once the change is committed."""
    shipment = shipment_for(carrier, tracking_number)
    with transaction.atomic():
        order = Order.objects.locked(pk=order_id)
        _fulfil(
            order,
            S.SHIPPED,
            actor=actor,
            note=f"Shipped with {shipment.carrier_name}: {shipment.tracking_number}.",
        )
        log(
            instance=order,
            action="orders.shipped",
            user=actor,
            data={
                "carrier": shipment.carrier,
                "carrier_name": shipment.carrier_name,
                "tracking_number": shipment.tracking_number,
                "tracking_url": shipment.tracking_url,
            },
        )
        tasks.enqueue_on_commit(
            tasks.send_shipped_email,
            order.pk,
            shipment.carrier,
            shipment.tracking_number,
        )
    return order, shipment


def latest_shipment(order: Order) -> Shipment | None:
    """The carrier and tracking number of the last "shipped" action, if any."""
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
        order = Order.objects.locked(pk=order_id)
        _fulfil(order, S.DELIVERED, actor=actor, note="Delivered.")
    return order
