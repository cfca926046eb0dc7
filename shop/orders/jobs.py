"""Scheduled work that keeps orders true when a webhook never comes.

Both jobs are idempotent and safe to run from cron every few minutes: every step
goes through the same lifecycle services a webhook would use.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from shop.payments import gateway

from . import emails, payment_records
from .models import Order, OrderStatus, StockState
from .outcomes import Outcome
from .payment_events import (
    expire_checkout_session,
    fulfil_checkout_session,
    release_unpaid,
)
from .refunds import refund_unfulfillable
from .status import CONFIRMABLE_STATUSES

# Stripe's own expiry event normally arrives first; the job waits this long after
# the reservation ends before releasing on its own.
EXPIRY_GRACE = timedelta(minutes=5)


def release_expired_reservations(*, now: datetime | None = None) -> list[str]:
    """Release stock held by unpaid orders whose reservation ran out; mark `expired`.

    For when Stripe's `checkout.session.expired` event never arrives. Returns the
    references it released.
    """
    now = now or timezone.now()
    deadline = now - EXPIRY_GRACE
    released = []
    candidates = Order.objects.awaiting_stock_release(deadline)
    for reference in candidates.values_list("reference", flat=True):
        with transaction.atomic():
            order = Order.objects.locked(reference=reference)
            expires = order.reservation_expires_at
            if order.stock_state != StockState.RESERVED or (
                expires is not None and expires >= deadline
            ):
                continue
            outcome = release_unpaid(
                order,
                OrderStatus.EXPIRED,
                "The reservation ran out without a payment (expiry job).",
            )
            payment_records.expire_unsettled(order)
        if outcome == Outcome.RELEASED:
            released.append(reference)
    return released


class Reconciliation:
    """One `reconcile` run: order references (or session ids) by outcome."""

    def __init__(self) -> None:
        self.report: dict[str, list[str]] = {}

    def note(self, outcome: str, reference: str) -> None:
        self.report.setdefault(str(outcome), []).append(reference)


def reconcile(*, since: datetime) -> dict[str, list[str]]:
    """Catch up with the payment service: apply every recent session's state, as
    webhooks would, then release stale reservations, retry owed refunds and resend
    missing confirmations. Returns order references by outcome."""
    run = Reconciliation()
    _apply_recent_sessions(run, since)
    for reference in release_expired_reservations():
        run.note("stale-reservation-released", reference)
    _retry_owed_refunds(run)
    _resend_missing_confirmations(run, since)
    return run.report


def _apply_recent_sessions(run: Reconciliation, since: datetime) -> None:
    for session in gateway.list_checkout_sessions(created_since=since):
        run.note("checked", session.id)
        reference = session.order_reference
        if not reference or not Order.objects.filter(reference=reference).exists():
            run.note(Outcome.UNKNOWN_ORDER, session.id)
            continue
        if session.status == "complete":
            outcome = fulfil_checkout_session(session, via="reconcile_payments")
            run.note(outcome, reference)
        elif session.status == "expired":
            outcome = expire_checkout_session(session, via="reconcile_payments")
            run.note(outcome, reference)


def _retry_owed_refunds(run: Reconciliation) -> None:
    owed = Order.objects.filter(refund_due=True).values_list("pk", "reference")
    for order_id, reference in owed:
        if refund_unfulfillable(order_id):
            run.note("refund-retried", reference)


def _resend_missing_confirmations(run: Reconciliation, since: datetime) -> None:
    unsent = Order.objects.filter(
        status__in=CONFIRMABLE_STATUSES,
        refund_due=False,
        confirmation_sent_at__isnull=True,
        paid_at__gte=since,
    )
    for order_id, reference in unsent.values_list("pk", "reference"):
        if emails.send_order_confirmation(order_id):
            run.note("confirmation-resent", reference)
