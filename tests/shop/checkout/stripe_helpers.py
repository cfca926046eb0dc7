"""Stripe without a network: a recording HTTP client for the real SDK, and webhook
payloads signed with Stripe's real algorithm.

`RecordingStripeHTTPClient` subclasses the SDK's own `stripe.HTTPClient`, so the SDK
builds every request (form encoding, headers, idempotency keys, retries) and parses
every response (errors included) exactly as it does against api.stripe.com.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import stripe

WEBHOOK_SECRET = "whsec_test_secret"


@dataclass
class RecordedRequest:
    method: str
    url: str
    headers: dict
    body: str

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.url).query)

    @property
    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body or "")

    def param(self, name: str) -> str:
        """One form (or query) value by its bracketed Stripe name."""
        values = self.form.get(name) or self.query.get(name)
        assert values, f"{name} not sent; sent: {sorted(self.form) or self.query}"
        assert len(values) == 1, values
        return values[0]

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class RecordingStripeHTTPClient(stripe.HTTPClient):
    """Answers each request with the next queued response and records it."""

    name = "recording"

    def __init__(self):
        super().__init__()
        self.requests: list[RecordedRequest] = []
        self._responses: list = []

    def respond(self, status: int, body: dict) -> RecordingStripeHTTPClient:
        self._responses.append((status, body))
        return self

    def fail(self, error: Exception) -> RecordingStripeHTTPClient:
        self._responses.append(error)
        return self

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        if isinstance(post_data, bytes):
            post_data = post_data.decode()
        self.requests.append(
            RecordedRequest(method, url, dict(headers or {}), post_data or "")
        )
        assert self._responses, f"Unexpected Stripe request: {method} {url}"
        answer = self._responses.pop(0)
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        return json.dumps(body), status, {"Request-Id": "req_recorded"}

    def request_stream(self, *args, **kwargs):  # pragma: no cover - never streamed
        raise NotImplementedError

    def close(self):
        pass


def session_body(
    *,
    session_id: str = "cs_test_a1b2c3",
    reference: str,
    amount_total: int,
    status: str = "open",
    payment_status: str = "unpaid",
    payment_intent: str | None = None,
    currency: str = "eur",
    created: int | None = None,
) -> dict:
    """A Checkout Session as Stripe's API returns it (the fields we read and more)."""
    created = created or int(time.time())
    return {
        "id": session_id,
        "object": "checkout.session",
        "livemode": False,
        "mode": "payment",
        "url": f"https://checkout.stripe.com/c/pay/{session_id}"
        if status == "open"
        else None,
        "status": status,
        "payment_status": payment_status,
        "client_reference_id": reference,
        "metadata": {"order_reference": reference},
        "customer_email": "shopper@example.com",
        "amount_subtotal": amount_total,
        "amount_total": amount_total,
        "currency": currency,
        "payment_intent": payment_intent,
        "created": created,
        "expires_at": created + 1800,
    }


def error_body(kind: str, message: str, code: str | None = None) -> dict:
    error = {"type": kind, "message": message}
    if code:
        error["code"] = code
    return {"error": error}


def event(event_type: str, data_object: dict, *, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2025-03-31.basil",
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "type": event_type,
        "data": {"object": data_object},
    }


def charge_body(
    *, payment_intent: str, amount: int, amount_refunded: int, refunds=()
) -> dict:
    return {
        "id": "ch_test_1",
        "object": "charge",
        "amount": amount,
        "amount_refunded": amount_refunded,
        "currency": "eur",
        "payment_intent": payment_intent,
        "refunded": amount_refunded >= amount,
        "refunds": {
            "object": "list",
            "data": [
                {
                    "id": refund_id,
                    "object": "refund",
                    "amount": refund_amount,
                    "currency": "eur",
                    "status": "succeeded",
                }
                for refund_id, refund_amount in refunds
            ],
        },
    }


def sign(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    """Stripe-Signature: t=<unix>,v1=HMAC-SHA256(secret, "<t>.<payload>")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def post_event(client, payload: dict | str, *, secret=WEBHOOK_SECRET, timestamp=None):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(
        "/stripe/webhook/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(body, secret, timestamp),
    )
