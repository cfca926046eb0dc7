"""E-mails that tell shoppers their money or their order changed: a refund (in part
or in full) and a cancellation, with what happens to the money.

They are scheduled with `transaction.on_commit` by the services that make the
change (refunds, cancellation), so nothing is sent for a change that rolled back.
Each e-mail is one event (`refund:<pk>` or `cancelled`), claimed in the order's audit
log under the order's lock before it is sent: a retried request, a repeated webhook
or a second worker finds the claim and sends nothing. A failed send gives the claim
back, so a later retry may try again.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from .emails import _send
from .models import Order, OrderStatus, Refund

logger = logging.getLogger(__name__)

EMAILED = "orders.shopper_emailed"


def _claim(order_id: int, event: str) -> Order | None:
    """Record that `event` is being e-mailed; None when it was already."""
    with transaction.atomic():
        order = Order.objects.locked(pk=order_id)
        done = ModelLogEntry.objects.for_instance(order).filter(
            action=EMAILED, data__event=event
        )
        if done.exists():
            return None
        log(instance=order, action=EMAILED, data={"event": event})
    return order


def _give_back(order: Order, event: str) -> None:
    ModelLogEntry.objects.for_instance(order).filter(
        action=EMAILED, data__event=event
    ).delete()


def _deliver(order_id: int, event: str, *, subject, template, extra) -> bool:
    order = _claim(order_id, event)
    if order is None:
        return False
    try:
        _send(order, subject=subject(order), template=template, extra=extra(order))
    except Exception:
        _give_back(order, event)
        logger.exception("Could not e-mail %s about %s", order.reference, event)
        return False
    return True


def refund_event(refund: Refund) -> str:
    return f"refund:{refund.pk}"


def send_refund_email(refund_id: int) -> bool:
    """Tell the shopper how much went back and whether anything is still paid.

    Full or partial follows from the order as it stands once the refund is
    committed: nothing captured left means a full refund.
    """
    refund = Refund.objects.get(pk=refund_id)

    def facts(order: Order) -> dict:
        refunded = order.amount_refunded()
        return {
            "refund": refund,
            "refunded_total": refunded,
            "still_paid": max(order.total - refunded, Decimal("0.00")),
            "full": order.status == OrderStatus.REFUNDED,
            "restocked": refund.restocked_lines,
        }

    def subject(order: Order) -> str:
        if order.status == OrderStatus.REFUNDED:
            return f"Your Unknot order {order.reference} is refunded in full"
        return f"A refund on your Unknot order {order.reference}"

    return _deliver(
        refund.order_id,
        refund_event(refund),
        subject=subject,
        template="order_refunded",
        extra=facts,
    )


def send_cancellation_email(order_id: int, *, refund_id: int | None) -> bool:
    """Tell the shopper the order is cancelled and what happens to the money:
    refunded (how much), or nothing was charged."""
    refund = Refund.objects.filter(pk=refund_id).first() if refund_id else None
    return _deliver(
        order_id,
        "cancelled",
        subject=lambda order: f"Your Unknot order {order.reference} is cancelled",
        template="order_cancelled",
        extra=lambda order: {"refund": refund},
    )
