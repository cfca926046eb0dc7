"""The payment gateway: what the rest of the shop calls to move money.

Two backends sit behind the same functions:
- Stripe (`stripe_backend`), whenever `STRIPE_SECRET_KEY` is set, through the SDK;
- the local test provider (`local_backend`) for development without keys. It only
  works with DEBUG on and `SHOP_TEST_PAYMENTS` set; a system check refuses the setting
  when DEBUG is off.

Webhook payloads from either backend are verified by `construct_webhook_event`, which
uses Stripe's own algorithm (`stripe.Webhook.construct_event`) in both cases.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings

from . import local_backend, stripe_backend
from .types import (
    CheckoutSession,
    PaymentServiceUnavailable,
    RefundResult,
    SessionRequest,
    WebhookEvent,
    WebhookVerificationError,
    to_minor_units,
)

STRIPE = "stripe"
TEST = "test"


def local_provider_enabled() -> bool:
    """The local test provider: only without Stripe keys, only with DEBUG on."""
    return bool(
        settings.DEBUG
        and getattr(settings, "SHOP_TEST_PAYMENTS", False)
        and not settings.STRIPE_SECRET_KEY
    )


def provider() -> str:
    """The backend that serves calls now; raises when none is configured."""
    if settings.STRIPE_SECRET_KEY:
        return STRIPE
    if local_provider_enabled():
        return TEST
    raise PaymentServiceUnavailable("No payment provider is configured.")


def provider_name() -> str:
    """Which backend would serve a new session (for records; never raises)."""
    return (
        STRIPE if settings.STRIPE_SECRET_KEY or not local_provider_enabled() else TEST
    )


def provider_name_for(session_id: str) -> str:
    """Which backend created a session, from its id."""
    return TEST if "_local_" in session_id else STRIPE


def _backend():
    return local_backend if provider() == TEST else stripe_backend


def create_checkout_session(request: SessionRequest) -> CheckoutSession:
    """Open a Checkout Session; the same order always gets the same one back."""
    return _backend().create_session(request)


def retrieve_checkout_session(session_id: str) -> CheckoutSession:
    return _backend().retrieve_session(session_id)


def expire_checkout_session(session_id: str) -> CheckoutSession:
    """Close an open session so it can no longer be paid.

    A session that is already complete or expired is answered as it stands, so the
    caller can look at `status`.
    """
    return _backend().expire_session(session_id)


def list_checkout_sessions(*, created_since: datetime) -> Iterator[CheckoutSession]:
    """Every Checkout Session created since then, newest first, across pages."""
    yield from _backend().list_sessions(created_since=created_since)


def refund_payment(
    *,
    payment_intent_id: str,
    amount: Decimal | None,
    currency: str,
    idempotency_key: str,
    reason: str = "",
    metadata: dict[str, str] | None = None,
) -> RefundResult:
    """Give money back for a payment: all of it (`amount=None`) or part of it."""
    params: dict[str, Any] = {"payment_intent": payment_intent_id}
    if amount is not None:
        params["amount"] = to_minor_units(amount, currency)
    if metadata or reason:
        params["metadata"] = {
            **(metadata or {}),
            **({"reason": reason} if reason else {}),
        }
    return _backend().refund(params, currency=currency, idempotency_key=idempotency_key)


def webhook_secrets() -> list[str]:
    """Secrets a webhook may be signed with: Stripe's, and the local provider's."""
    secrets = []
    if settings.STRIPE_WEBHOOK_SECRET:
        secrets.append(settings.STRIPE_WEBHOOK_SECRET)
    if local_provider_enabled() and settings.SHOP_TEST_PAYMENTS_WEBHOOK_SECRET:
        secrets.append(settings.SHOP_TEST_PAYMENTS_WEBHOOK_SECRET)
    return secrets


def construct_webhook_event(payload: bytes, signature_header: str) -> WebhookEvent:
    """Verify a webhook body and parse it into a typed event.

    Raises WebhookVerificationError for a missing/forged signature, a timestamp
    outside Stripe's tolerance (5 minutes) or a body that is not a JSON event.
    """
    if not signature_header:
        raise WebhookVerificationError("No Stripe-Signature header.")
    secrets = webhook_secrets()
    if not secrets:
        raise WebhookVerificationError("No webhook secret is configured.")
    last_error: Exception | None = None
    for secret in secrets:
        try:
            return stripe_backend.verify_event(payload, signature_header, secret)
        except stripe_backend.BadSignature as error:
            last_error = error
    raise WebhookVerificationError(f"Bad signature: {last_error}")
