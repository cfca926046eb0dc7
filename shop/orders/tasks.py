"""Work that happens after an order changes, off the request: e-mails and the
automatic refund.

Each task is enqueued once the change commits (`enqueue_on_commit`) and is
idempotent, so a retry or a second worker never sends twice or refunds twice
(the services it calls claim their work first). A failed attempt is tried again
later with a growing delay where the task backend can defer (the database backend
of production settings); after the last attempt the task fails, which leaves it
in Settings → Background tasks for staff, and the work itself is never lost:
`reconcile_payments` still finds an unsent confirmation or an owed refund
(`refund_due`), and the order stays flagged `needs_attention`.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from . import emails
from .admin_emails import send_shipping_email
from .models import Order
from .status import CONFIRMABLE_STATUSES

logger = logging.getLogger(__name__)

# Seconds before attempt 2, 3, 4 and 5.
RETRY_DELAYS = (30, 120, 600, 3600)


class GaveUp(Exception):
    """The last attempt failed; the task shows as failed to staff."""


def enqueue_on_commit(work: Task, *args) -> None:
    """Enqueue `work` once the current transaction commits (never for a rollback)."""
    transaction.on_commit(lambda: work.enqueue(*args))


def try_again_later(work: Task, attempt: int, *args, what: str) -> None:
    """Schedule the next attempt, or give up loudly after the last one."""
    backend = work.get_backend()
    if backend.supports_defer and attempt < len(RETRY_DELAYS):
        run_after = timezone.now() + timedelta(seconds=RETRY_DELAYS[attempt])
        work.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
        logger.warning("%s failed (attempt %d); trying again", what, attempt + 1)
        return
    raise GaveUp(f"{what} failed after {attempt + 1} attempt(s)")


@task()
def send_order_confirmation(order_id: int, attempt: int = 0) -> bool:
    if emails.send_order_confirmation(order_id):
        return True
    # Retry only what is still owed: not already sent, and an order we still confirm
    # (one refunded or flagged meanwhile gets no confirmation at all).
    unsent = Order.objects.filter(
        pk=order_id,
        confirmation_sent_at__isnull=True,
        status__in=CONFIRMABLE_STATUSES,
        refund_due=False,
    )
    if unsent.exists():  # the mail server refused it
        try_again_later(
            send_order_confirmation,
            attempt,
            order_id,
            what=f"Order confirmation for order {order_id}",
        )
    return False


@task()
def send_refund_apology(order_id: int, attempt: int = 0) -> None:
    if not emails.send_refund_apology(order_id):
        try_again_later(
            send_refund_apology,
            attempt,
            order_id,
            what=f"Refund apology for order {order_id}",
        )


@task()
def send_shipped_email(
    order_id: int, carrier: str, tracking_number: str, attempt: int = 0
) -> None:
    from .fulfilment import shipment_for

    try:
        send_shipping_email(order_id, shipment_for(carrier, tracking_number))
    except Exception:
        logger.exception("Could not send the shipping e-mail for order %s", order_id)
        try_again_later(
            send_shipped_email,
            attempt,
            order_id,
            carrier,
            tracking_number,
            what=f"Shipping e-mail for order {order_id}",
        )


@task()
def refund_unfulfillable(order_id: int, attempt: int = 0) -> bool:
    from .refunds import refund_unfulfillable as refund

    if refund(order_id):
        return True
    if Order.objects.filter(pk=order_id, refund_due=True).exists():
        try_again_later(
            refund_unfulfillable,
            attempt,
            order_id,
            what=f"Automatic refund of order {order_id}",
        )
    return False


@task()
def send_order_links(email: str, attempt: int = 0) -> None:
    try:
        emails.send_order_links(email)
    except Exception:
        logger.exception("Could not send fresh order links")
        try_again_later(
            send_order_links, attempt, email, what="Fresh order links e-mail"
        )
