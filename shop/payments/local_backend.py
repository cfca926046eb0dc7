"""The local test payment provider: Stripe Checkout's behaviour, without Stripe.

Used only through `gateway`, only when there is no `STRIPE_SECRET_KEY`, DEBUG is on
and `SHOP_TEST_PAYMENTS` is set (a system check refuses the setting without DEBUG).
Checkout redirects to a clearly labelled local page where the developer can pay,
decline or abandon. Paying or abandoning produces a Stripe-shaped event signed the way
Stripe signs (`t=…,v1=HMAC-SHA256(secret, "t.payload")`) with a local secret; the
caller hands that delivery to the same webhook handler a real one reaches, through the
same signature verification. Nothing here imports `stripe`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac

from .models import LocalCheckoutSession
from .types import CheckoutSession, PaymentRejected, RefundResult, SessionRequest


@dataclass(frozen=True)
class Delivery:
    """A signed webhook delivery, as Stripe would POST it."""

    payload: bytes
    signature_header: str


def _derived_id(prefix: str, key: str) -> str:
    """Deterministic per key (idempotency), but keyed with SECRET_KEY: knowing an
    order reference must not reveal its session id (which opens the success page)."""
    digest = salted_hmac("shop.checkout.local_provider", key, algorithm="sha256")
    return f"{prefix}_local_" + digest.hexdigest()[:32]


def session_dict(session: LocalCheckoutSession) -> dict[str, Any]:
    """The session as Stripe would send it in an API response or event."""
    params = session.params
    return {
        "id": session.id,
        "object": "checkout.session",
        "livemode": False,
        "mode": "payment",
        "url": reverse("checkout:test_payment", args=[session.id])
        if session.status == "open"
        else None,
        "status": session.status,
        "payment_status": session.payment_status,
        "client_reference_id": session.order_reference,
        "metadata": params.get("metadata", {}),
        "customer_email": params.get("customer_email"),
        "amount_total": session.amount_total,
        "currency": session.currency.lower(),
        "payment_intent": session.payment_intent_id or None,
        "success_url": params.get("success_url"),
        "cancel_url": params.get("cancel_url"),
        "created": int(session.created_at.timestamp()),
        "expires_at": int(session.expires_at.timestamp()),
    }


def _as_session(session: LocalCheckoutSession) -> CheckoutSession:
    return CheckoutSession.from_stripe(session_dict(session))


def _expire_if_due(session: LocalCheckoutSession) -> None:
    if session.status == "open" and session.expires_at <= datetime.now(UTC):
        session.status = "expired"
        session.save(update_fields=["status"])


def create_session(request: SessionRequest) -> CheckoutSession:
    """Like Stripe: the same idempotency key returns the session created first."""
    params = request.stripe_params()
    amount = sum(item.quantity * item.unit_amount for item in request.line_items)
    session, _ = LocalCheckoutSession.objects.get_or_create(
        id=_derived_id("cs", request.idempotency_key),
        defaults={
            "order_reference": request.order_reference,
            "params": params,
            "amount_total": amount + request.shipping_amount,
            "currency": request.currency.upper(),
            # Whole seconds, as Stripe stores them.
            "expires_at": datetime.fromtimestamp(params["expires_at"], tz=UTC),
        },
    )
    return _as_session(session)


def _get(session_id: str) -> LocalCheckoutSession:
    try:
        session = LocalCheckoutSession.objects.get(pk=session_id)
    except LocalCheckoutSession.DoesNotExist:
        raise PaymentRejected(f"No such checkout session: {session_id}") from None
    _expire_if_due(session)
    return session


def retrieve_session(session_id: str) -> CheckoutSession:
    return _as_session(_get(session_id))


def expire_session(session_id: str) -> CheckoutSession:
    session = _get(session_id)
    if session.status == "open":
        session.status = "expired"
        session.save(update_fields=["status"])
    return _as_session(session)


def list_sessions(*, created_since: datetime) -> Iterator[CheckoutSession]:
    for session in LocalCheckoutSession.objects.filter(created_at__gte=created_since):
        _expire_if_due(session)
        yield _as_session(session)


def refund(
    params: dict[str, Any], *, currency: str, idempotency_key: str
) -> RefundResult:
    session = LocalCheckoutSession.objects.filter(
        payment_intent_id=params["payment_intent"]
    ).first()
    if session is None:
        raise PaymentRejected(f"No such payment: {params['payment_intent']}")
    return RefundResult(
        id=_derived_id("re", idempotency_key),
        amount=params.get("amount", session.amount_total),
        currency=currency.upper(),
        status="succeeded",
    )


# --- what the local payment page does ----------------------------------------------


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    """A Stripe-Signature header for `payload`, computed the way Stripe does."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.{payload}".encode()
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _delivery(event_type: str, session: LocalCheckoutSession) -> Delivery:
    event = {
        "id": "evt_local_" + secrets.token_hex(12),
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "livemode": False,
        "api_version": "local",
        "data": {"object": session_dict(session)},
    }
    payload = json.dumps(event)
    return Delivery(
        payload.encode(), sign(payload, settings.SHOP_TEST_PAYMENTS_WEBHOOK_SECRET)
    )


def pay(session_id: str) -> Delivery:
    """The shopper paid: complete the session; returns its `completed` event."""
    with transaction.atomic():
        session = LocalCheckoutSession.objects.select_for_update().get(pk=session_id)
        _expire_if_due(session)
        if session.status != "open":
            raise PaymentRejected(f"This session is {session.status}.")
        session.status = "complete"
        session.payment_status = "paid"
        session.payment_intent_id = _derived_id("pi", session.id)
        session.save(update_fields=["status", "payment_status", "payment_intent_id"])
    return _delivery("checkout.session.completed", session)


def abandon(session_id: str) -> Delivery:
    """The shopper walked away: expire the session; returns its `expired` event."""
    with transaction.atomic():
        session = LocalCheckoutSession.objects.select_for_update().get(pk=session_id)
        if session.status != "open":
            raise PaymentRejected(f"This session is {session.status}.")
        session.status = "expired"
        session.save(update_fields=["status"])
    return _delivery("checkout.session.expired", session)
