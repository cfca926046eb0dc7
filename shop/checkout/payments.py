"""Payments: the only module that talks to Stripe (and to its local stand-in).

Callers see small typed results (`CheckoutSession`, `RefundResult`, `WebhookEvent`,
`ChargeRefunds`) and our own exceptions, never the SDK. Money crosses this boundary as
`Decimal` on our side and integer minor units on Stripe's.

Two backends sit behind the same functions:
- Stripe, whenever `STRIPE_SECRET_KEY` is set, through the real SDK. Its HTTP client
  is built by `_http_client()`; tests replace `HTTP_CLIENT` with a recording
  `stripe.HTTPClient` subclass, so the SDK's own request building, retries (with the
  same idempotency key) and error parsing are what runs.
- The local test provider (`local_provider.py`) for development without keys. It
  only works with DEBUG on and `SHOP_TEST_PAYMENTS` set; a system check refuses the
  setting when DEBUG is off.

Webhook payloads from either backend go through `construct_webhook_event`, which uses
`stripe.Webhook.construct_event` (signature, timestamp tolerance) in both cases.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import stripe
from django.conf import settings

if TYPE_CHECKING:
    from shop.orders.models import Order

logger = logging.getLogger(__name__)

STRIPE = "stripe"
TEST = "test"

# Currencies Stripe counts in whole units (no cents).
ZERO_DECIMAL_CURRENCIES = frozenset(
    "BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split()
)

# Replaced in tests by a recording `stripe.HTTPClient` subclass; None = the SDK's own.
HTTP_CLIENT: stripe.HTTPClient | None = None


class PaymentError(Exception):
    """Base class: the payment service could not do what was asked.

    `message` is safe to show to a shopper; details go to the log.
    """

    message = "The payment service could not complete the request."

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(detail or self.message)


class PaymentServiceUnavailable(PaymentError):
    """Network trouble, timeouts, Stripe errors (5xx), rate limits, bad keys."""

    message = "The payment service is not reachable at the moment."


class PaymentDeclined(PaymentError):
    """The card or payment method was refused."""

    message = "The payment was declined."


class PaymentRejected(PaymentError):
    """Stripe refused the request itself (invalid parameters or state)."""

    message = "The payment service refused the request."


class WebhookVerificationError(PaymentError):
    """Missing, forged or stale signature, or a body that is not an event."""

    message = "The webhook could not be verified."


@dataclass(frozen=True)
class CheckoutSession:
    """What we need to know about a Checkout Session, from either backend."""

    id: str
    url: str
    status: str  # open | complete | expired
    payment_status: str  # paid | unpaid | no_payment_required
    order_reference: str
    amount_total: int | None
    currency: str
    payment_intent_id: str = ""
    created: int = 0

    @property
    def is_paid(self) -> bool:
        return self.payment_status in {"paid", "no_payment_required"}


@dataclass(frozen=True)
class RefundResult:
    id: str
    amount: int
    currency: str
    status: str


@dataclass(frozen=True)
class ChargeRefunds:
    """A `charge.refunded` event: how much of a charge has been given back so far."""

    charge_id: str
    payment_intent_id: str
    amount: int
    amount_refunded: int
    currency: str
    refunds: list[RefundResult] = field(default_factory=list)


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    livemode: bool
    data_object: dict[str, Any]

    def checkout_session(self) -> CheckoutSession:
        return session_from_dict(self.data_object)

    def charge_refunds(self) -> ChargeRefunds:
        return charge_refunds_from_dict(self.data_object)


# --- money -------------------------------------------------------------------------


def to_minor_units(amount: Decimal, currency: str) -> int:
    """Decimal euros to integer cents (or whole units for zero-decimal currencies)."""
    exponent = 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2
    scaled = (Decimal(amount) * (10**exponent)).quantize(
        Decimal("1"), rounding=ROUND_HALF_UP
    )
    return int(scaled)


def from_minor_units(amount: int, currency: str) -> Decimal:
    exponent = 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2
    return (Decimal(amount) / (10**exponent)).quantize(Decimal("0.01"))


# --- which backend -----------------------------------------------------------------


def local_provider_enabled() -> bool:
    """The local test provider: only without Stripe keys, only with DEBUG on."""
    return bool(
        settings.DEBUG
        and getattr(settings, "SHOP_TEST_PAYMENTS", False)
        and not settings.STRIPE_SECRET_KEY
    )


def provider() -> str:
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
    return TEST if "_local_" in session_id else STRIPE


def _local():
    from . import local_provider

    return local_provider


# --- building the session from the order -------------------------------------------


def checkout_session_params(
    order: Order, *, success_url: str, cancel_url: str
) -> dict[str, Any]:
    """Stripe Checkout Session parameters, built only from the stored order.

    Prices come from the order lines (copied from the database at checkout), never
    from the request. The session expires when the stock reservation does.
    """
    currency = order.currency.lower()
    line_items = [
        {
            "quantity": line.quantity,
            "price_data": {
                "currency": currency,
                "unit_amount": to_minor_units(line.unit_price, order.currency),
                "product_data": {
                    "name": line.display_name,
                    "metadata": {"sku": line.sku},
                },
            },
        }
        for line in order.lines.all()
    ]
    metadata = {"order_reference": order.reference}
    return {
        "mode": "payment",
        "line_items": line_items,
        "shipping_options": [
            {
                "shipping_rate_data": {
                    "type": "fixed_amount",
                    "display_name": order.shipping_method_name,
                    "fixed_amount": {
                        "amount": to_minor_units(order.shipping_total, order.currency),
                        "currency": currency,
                    },
                }
            }
        ],
        "customer_email": order.email,
        "client_reference_id": order.reference,
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
        "expires_at": int(order.reservation_expires_at.timestamp()),
        "success_url": success_url,
        "cancel_url": cancel_url,
    }


def checkout_idempotency_key(order: Order) -> str:
    """One session per order: a retry or double click gets the same session back."""
    return f"unknot-checkout-session-{order.reference}"


# --- Stripe backend ----------------------------------------------------------------


def _http_client() -> stripe.HTTPClient:
    if HTTP_CLIENT is not None:
        return HTTP_CLIENT
    return stripe.new_default_http_client(timeout=settings.STRIPE_TIMEOUT_SECONDS)


def _client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        http_client=_http_client(),
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
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


def _stripe_call(description: str, call):
    try:
        return call()
    except stripe.StripeError as error:
        translated = _translate(error)
        logger.warning("Stripe %s failed: %s", description, translated.detail)
        raise translated from error


def _plain(obj) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def session_from_dict(data: dict[str, Any]) -> CheckoutSession:
    """A Stripe-shaped session dict (API response or event payload) to our type."""
    metadata = data.get("metadata") or {}
    intent = data.get("payment_intent") or ""
    if isinstance(intent, dict):
        intent = intent.get("id", "")
    return CheckoutSession(
        id=data["id"],
        url=data.get("url") or "",
        status=data.get("status") or "",
        payment_status=data.get("payment_status") or "",
        order_reference=data.get("client_reference_id")
        or metadata.get("order_reference", ""),
        amount_total=data.get("amount_total"),
        currency=(data.get("currency") or "").upper(),
        payment_intent_id=intent,
        created=data.get("created") or 0,
    )


def charge_refunds_from_dict(data: dict[str, Any]) -> ChargeRefunds:
    refunds_list = (data.get("refunds") or {}).get("data") or []
    intent = data.get("payment_intent") or ""
    if isinstance(intent, dict):
        intent = intent.get("id", "")
    return ChargeRefunds(
        charge_id=data["id"],
        payment_intent_id=intent,
        amount=data.get("amount") or 0,
        amount_refunded=data.get("amount_refunded") or 0,
        currency=(data.get("currency") or "").upper(),
        refunds=[
            RefundResult(
                id=item["id"],
                amount=item.get("amount") or 0,
                currency=(item.get("currency") or "").upper(),
                status=item.get("status") or "",
            )
            for item in refunds_list
        ],
    )


# --- the interface -----------------------------------------------------------------


def create_checkout_session(
    order: Order, *, success_url: str, cancel_url: str
) -> CheckoutSession:
    """Open a Checkout Session for `order`; the same order always gets the same one."""
    params = checkout_session_params(
        order, success_url=success_url, cancel_url=cancel_url
    )
    key = checkout_idempotency_key(order)
    if provider() == TEST:
        return _local().create_session(params, idempotency_key=key)
    session = _stripe_call(
        "checkout session create",
        lambda: _client().v1.checkout.sessions.create(params, {"idempotency_key": key}),
    )
    return session_from_dict(_plain(session))


def retrieve_checkout_session(session_id: str) -> CheckoutSession:
    if provider() == TEST:
        return _local().retrieve_session(session_id)
    session = _stripe_call(
        "checkout session retrieve",
        lambda: _client().v1.checkout.sessions.retrieve(session_id),
    )
    return session_from_dict(_plain(session))


def expire_checkout_session(session_id: str) -> CheckoutSession:
    """Close an open session so it can no longer be paid.

    A session that is already complete or expired cannot be expired; Stripe refuses,
    and we answer with the session as it stands so the caller can look at `status`.
    """
    if provider() == TEST:
        return _local().expire_session(session_id)
    try:
        session = _stripe_call(
            "checkout session expire",
            lambda: _client().v1.checkout.sessions.expire(session_id),
        )
    except PaymentRejected:
        return retrieve_checkout_session(session_id)
    return session_from_dict(_plain(session))


def list_checkout_sessions(*, created_since: datetime) -> Iterator[CheckoutSession]:
    """Every Checkout Session created since then, newest first, across pages."""
    if provider() == TEST:
        yield from _local().list_sessions(created_since=created_since)
        return
    params = {"created": {"gte": int(created_since.timestamp())}, "limit": 100}
    page = _stripe_call(
        "checkout session list",
        lambda: _client().v1.checkout.sessions.list(params),
    )
    iterator = page.auto_paging_iter()
    while True:
        try:
            session = _stripe_call("checkout session list", lambda: next(iterator))
        except StopIteration:
            return
        yield session_from_dict(_plain(session))


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
    if provider() == TEST:
        return _local().refund(
            params, currency=currency, idempotency_key=idempotency_key
        )
    refund = _plain(
        _stripe_call(
            "refund create",
            lambda: _client().v1.refunds.create(
                params, {"idempotency_key": idempotency_key}
            ),
        )
    )
    return RefundResult(
        id=refund["id"],
        amount=refund.get("amount") or 0,
        currency=(refund.get("currency") or currency).upper(),
        status=refund.get("status") or "",
    )


def webhook_secrets() -> list[str]:
    """Secrets a webhook may be signed with: Stripe's, and the local provider's."""
    secrets = []
    if settings.STRIPE_WEBHOOK_SECRET:
        secrets.append(settings.STRIPE_WEBHOOK_SECRET)
    if local_provider_enabled() and settings.SHOP_TEST_PAYMENTS_WEBHOOK_SECRET:
        secrets.append(settings.SHOP_TEST_PAYMENTS_WEBHOOK_SECRET)
    return secrets


def construct_webhook_event(payload: bytes, signature_header: str) -> WebhookEvent:
    """Verify a webhook body with `stripe.Webhook.construct_event` and parse it.

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
            event = stripe.Webhook.construct_event(payload, signature_header, secret)
        except stripe.SignatureVerificationError as error:
            last_error = error
            continue
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise WebhookVerificationError(f"Unreadable webhook: {error}") from error
        data = _plain(event)
        try:
            return WebhookEvent(
                id=data["id"],
                type=data["type"],
                livemode=bool(data.get("livemode")),
                data_object=data["data"]["object"],
            )
        except (KeyError, TypeError) as error:
            raise WebhookVerificationError(f"Not an event: {error}") from error
    raise WebhookVerificationError(f"Bad signature: {last_error}")
