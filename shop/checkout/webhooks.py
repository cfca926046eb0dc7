"""Stripe webhook handling: verify, record the event id, apply the fact once.

The view (`views.stripe_webhook`) and the local test provider both call
`handle_webhook` with the raw body and the Stripe-Signature header. The event id is
recorded in the same transaction as its effect: a repeated delivery finds the id and
does nothing; a failure rolls both back so Stripe's retry gets a clean second try.
"""

import logging

from django.db import IntegrityError, transaction

from shop.orders import fulfilment
from shop.orders.models import ProcessedWebhookEvent

from . import payments

logger = logging.getLogger(__name__)

DUPLICATE = "duplicate"
IGNORED = "ignored"


def _session_completed(event: payments.WebhookEvent) -> str:
    return fulfilment.fulfil_checkout_session(event.checkout_session(), via=event.type)


def _session_failed(event: payments.WebhookEvent) -> str:
    return fulfilment.fail_checkout_session(event.checkout_session(), via=event.type)


def _session_expired(event: payments.WebhookEvent) -> str:
    return fulfilment.expire_checkout_session(event.checkout_session(), via=event.type)


def _charge_refunded(event: payments.WebhookEvent) -> str:
    return fulfilment.record_charge_refunds(event.charge_refunds(), via=event.type)


HANDLERS = {
    "checkout.session.completed": _session_completed,
    "checkout.session.async_payment_succeeded": _session_completed,
    "checkout.session.async_payment_failed": _session_failed,
    "checkout.session.expired": _session_expired,
    "charge.refunded": _charge_refunded,
}


def _reference(event: payments.WebhookEvent) -> str:
    data = event.data_object
    metadata = data.get("metadata") or {}
    return (data.get("client_reference_id") or metadata.get("order_reference") or "")[
        :20
    ]


def handle_webhook(payload: bytes, signature_header: str) -> str:
    """Verify and apply one webhook delivery; returns what happened.

    Raises payments.WebhookVerificationError (nothing recorded, nothing changed) for
    a bad, missing or stale signature.
    """
    event = payments.construct_webhook_event(payload, signature_header)
    with transaction.atomic():
        try:
            with transaction.atomic():
                ProcessedWebhookEvent.objects.create(
                    event_id=event.id,
                    event_type=event.type,
                    livemode=event.livemode,
                    order_reference=_reference(event),
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
