"""The Stripe backend: the only module in the project that imports `stripe`.

Its HTTP client is built by `_http_client()`; tests replace `HTTP_CLIENT` with a
recording `stripe.HTTPClient` subclass, so the SDK's own request building, retries
(with the same idempotency key) and error parsing are what runs. The SDK's errors are
translated into ours here and never leave this module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar

import stripe
from django.conf import settings

from .types import (
    CheckoutSession,
    PaymentDeclined,
    PaymentError,
    PaymentRejected,
    PaymentServiceUnavailable,
    RefundResult,
    SessionRequest,
    WebhookEvent,
    WebhookVerificationError,
)

logger = logging.getLogger(__name__)

# Replaced in tests by a recording `stripe.HTTPClient` subclass; None = the SDK's own.
HTTP_CLIENT: stripe.HTTPClient | None = None

T = TypeVar("T")


def _http_client() -> stripe.HTTPClient:
    if HTTP_CLIENT is not None:
        return HTTP_CLIENT
    return stripe.new_default_http_client(timeout=settings.STRIPE_TIMEOUT_SECONDS)


def _client() -> stripe.StripeClient:
    api_base = getattr(settings, "STRIPE_API_BASE", "")
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        http_client=_http_client(),
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
        base_addresses={"api": api_base} if api_base else None,
    )


def _translate(error: stripe.StripeError) -> PaymentError:
    """Map the SDK's errors onto ours; the SDK's message goes to the log only."""
    detail = f"{type(error).__name__}: {error.user_message or error}"
    if isinstance(error, stripe.CardError):
        return PaymentDeclined(detail)
    if isinstance(error, stripe.InvalidRequestError | stripe.IdempotencyError):
        return PaymentRejected(detail)
    if isinstance(error, stripe.AuthenticationError | stripe.PermissionError):
        logger.error("Stripe refused our credentials: %s", detail)
    return PaymentServiceUnavailable(detail)


def _call(description: str, call: Callable[[], T]) -> T:
    try:
        return call()
    except stripe.StripeError as error:
        translated = _translate(error)
        logger.warning("Stripe %s failed: %s", description, translated.detail)
        raise translated from error


def _plain(obj: Any) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def create_session(request: SessionRequest) -> CheckoutSession:
    params = request.stripe_params()
    options = {"idempotency_key": request.idempotency_key}
    session = _call(
        "checkout session create",
        lambda: _client().v1.checkout.sessions.create(params, options),  # type: ignore[arg-type]
    )
    return CheckoutSession.from_stripe(_plain(session))


def retrieve_session(session_id: str) -> CheckoutSession:
    session = _call(
        "checkout session retrieve",
        lambda: _client().v1.checkout.sessions.retrieve(session_id),
    )
    return CheckoutSession.from_stripe(_plain(session))


def expire_session(session_id: str) -> CheckoutSession:
    """Stripe refuses to expire a session that is complete or expired already;
    then the session as it stands is the answer."""
    try:
        session = _call(
            "checkout session expire",
            lambda: _client().v1.checkout.sessions.expire(session_id),
        )
    except PaymentRejected:
        return retrieve_session(session_id)
    return CheckoutSession.from_stripe(_plain(session))


def list_sessions(*, created_since: datetime) -> Iterator[CheckoutSession]:
    params = {"created": {"gte": int(created_since.timestamp())}, "limit": 100}
    page = _call(
        "checkout session list",
        lambda: _client().v1.checkout.sessions.list(params),  # type: ignore[arg-type]
    )
    iterator = page.auto_paging_iter()
    while True:
        try:
            session = _call("checkout session list", lambda: next(iterator))
        except StopIteration:
            return
        yield CheckoutSession.from_stripe(_plain(session))


def refund(
    params: dict[str, Any], *, currency: str, idempotency_key: str
) -> RefundResult:
    result = _call(
        "refund create",
        lambda: _client().v1.refunds.create(
            params,  # type: ignore[arg-type]
            {"idempotency_key": idempotency_key},
        ),
    )
    return RefundResult.from_stripe(_plain(result), currency)


def verify_event(payload: bytes, signature_header: str, secret: str) -> WebhookEvent:
    """Check the signature and timestamp with `stripe.Webhook.construct_event`.

    A signature that does not match this secret raises BadSignature (the caller may
    try the next secret); anything else unreadable raises WebhookVerificationError.
    """
    try:
        event = stripe.Webhook.construct_event(payload, signature_header, secret)
    except stripe.SignatureVerificationError as error:
        raise BadSignature(str(error)) from error
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise WebhookVerificationError(f"Unreadable webhook: {error}") from error
    try:
        return WebhookEvent.from_stripe(_plain(event))
    except (KeyError, TypeError) as error:
        raise WebhookVerificationError(f"Not an event: {error}") from error


class BadSignature(WebhookVerificationError):
    """The signature does not match this secret (another secret may match)."""
