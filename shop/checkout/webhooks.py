"""Stripe webhook handling: verify, record the event id, apply the fact once.

The view (`views.stripe_webhook`) and the local test provider both call
`handle_webhook` with the raw body and the Stripe-Signature header. The event id is
recorded in the same transaction as its effect: a repeated delivery finds the id and
does nothing; a failure rolls both back so Stripe's retry gets a clean second try.
"""

import logging

from django.db import IntegrityError, transaction

from shop.orders.models import ProcessedWebhookEvent
from shop.orders.payment_events import (
    expire_checkout_session,
    fail_checkout_session,
    fulfil_checkout_session,
)
from shop.orders.refunds import record_charge_refunds
from shop.payments.gateway import construct_webhook_event
from shop.payments.types import WebhookEvent

logger = logging.getLogger(__name__)

DUPLICATE = "duplicate"
IGNORED = "ignored"


def _session_completed(event: WebhookEvent) -> str:
    return fulfil_checkout_session(event.checkout_session(), via=event.type)


def _session_failed(event: WebhookEvent) -> str:
    return fail_checkout_session(event.checkout_session(), via=event.type)


def _session_expired(event: WebhookEvent) -> str:
    return expire_checkout_session(event.checkout_session(), via=event.type)


def _charge_refunded(event: WebhookEvent) -> str:
    return record_charge_refunds(event.charge_refunds(), via=event.type)


HANDLERS = {
    "checkout.session.completed": _session_completed,
    "checkout.session.async_payment_succeeded": _session_completed,
    "checkout.session.async_payment_failed": _session_failed,
    "checkout.session.expired": _session_expired,
    "charge.refunded": _charge_refunded,
}


def handle_webhook(payload: bytes, signature_header: str) -> str:
    """Verify and apply one webhook delivery; returns what happened.

    Raises WebhookVerificationError (nothing recorded, nothing changed) for
    a bad, missing or stale signature.
    """
    event = construct_webhook_event(payload, signature_header)
    with transaction.atomic():
        try:
            with transaction.atomic():
                ProcessedWebhookEvent.objects.create(
                    event_id=event.id,
                    event_type=event.type,
                    livemode=event.livemode,
                    order_reference=event.order_reference,
                )
        except IntegrityError:
            logger.info("Webhook %s (%s) seen before; ignored.", event.id, event.type)
            return DUPLICATE
        handler = HANDLERS.get(event.type)
        if handler is None:
            return IGNORED
        outcome = handler(event)
    logger.info("Webhook %s (%s): %s", event.id, event.type, outcome)
    return outcome
