"""The payment interface's data: requests in, typed results and errors out.

Nothing here talks to a payment service. Money is in integer minor units (cents, or
whole units for zero-decimal currencies) on this side of the boundary; `to_minor_units`
and `from_minor_units` convert from and to the shop's `Decimal` amounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# Currencies Stripe counts in whole units (no cents).
ZERO_DECIMAL_CURRENCIES = frozenset(
    "BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split()
)

# Order references are at most this long; anything longer in an event is not ours.
MAX_REFERENCE_LENGTH = 20


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


# --- errors -------------------------------------------------------------------------


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


# --- requests -----------------------------------------------------------------------


@dataclass(frozen=True)
class LineItem:
    """One line the shopper pays for, priced in minor units."""

    name: str
    sku: str
    unit_amount: int
    quantity: int
    # Shown under the name on the payment page (e.g. the discount it carries).
    description: str = ""

    def product_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "metadata": {"sku": self.sku}}
        if self.description:
            data["description"] = self.description
        return data


@dataclass(frozen=True)
class SessionRequest:
    """Everything a Checkout Session needs, copied from the stored order.

    Built by the caller from the order alone (never from a request), so the gateway
    needs no knowledge of orders.
    """

    order_reference: str
    currency: str
    customer_email: str
    line_items: tuple[LineItem, ...]
    shipping_name: str
    shipping_amount: int
    expires_at: datetime
    success_url: str
    cancel_url: str

    @property
    def idempotency_key(self) -> str:
        """One session per order: a retry or double click gets the same session."""
        return f"unknot-checkout-session-{self.order_reference}"

    def stripe_params(self) -> dict[str, Any]:
        """The Checkout Session parameters in Stripe's shape (both backends use it).

        The session expires when the order's stock reservation does.
        """
        currency = self.currency.lower()
        metadata = {"order_reference": self.order_reference}
        return {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": item.quantity,
                    "price_data": {
                        "currency": currency,
                        "unit_amount": item.unit_amount,
                        "product_data": item.product_data(),
                    },
                }
                for item in self.line_items
            ],
            "shipping_options": [
                {
                    "shipping_rate_data": {
                        "type": "fixed_amount",
                        "display_name": self.shipping_name,
                        "fixed_amount": {
                            "amount": self.shipping_amount,
                            "currency": currency,
                        },
                    }
                }
            ],
            "customer_email": self.customer_email,
            "client_reference_id": self.order_reference,
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            "expires_at": int(self.expires_at.timestamp()),
            "success_url": self.success_url,
            "cancel_url": self.cancel_url,
        }


# --- results ------------------------------------------------------------------------


def _intent_id(data: dict[str, Any]) -> str:
    intent = data.get("payment_intent") or ""
    if isinstance(intent, dict):
        return str(intent.get("id", ""))
    return str(intent)


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

    @classmethod
    def from_stripe(cls, data: dict[str, Any]) -> CheckoutSession:
        """A Stripe-shaped session dict (API response or event payload)."""
        return cls(
            id=data["id"],
            url=data.get("url") or "",
            status=data.get("status") or "",
            payment_status=data.get("payment_status") or "",
            order_reference=order_reference_of(data),
            amount_total=data.get("amount_total"),
            currency=(data.get("currency") or "").upper(),
            payment_intent_id=_intent_id(data),
            created=data.get("created") or 0,
        )


@dataclass(frozen=True)
class RefundResult:
    id: str
    amount: int
    currency: str
    status: str

    @classmethod
    def from_stripe(cls, data: dict[str, Any], currency: str = "") -> RefundResult:
        return cls(
            id=data["id"],
            amount=data.get("amount") or 0,
            currency=(data.get("currency") or currency).upper(),
            status=data.get("status") or "",
        )


@dataclass(frozen=True)
class ChargeRefunds:
    """A `charge.refunded` event: how much of a charge has been given back so far."""

    charge_id: str
    payment_intent_id: str
    amount: int
    amount_refunded: int
    currency: str
    refunds: list[RefundResult] = field(default_factory=list)

    @property
    def fully_refunded(self) -> bool:
        return self.amount_refunded >= self.amount

    @classmethod
    def from_stripe(cls, data: dict[str, Any]) -> ChargeRefunds:
        refunds = (data.get("refunds") or {}).get("data") or []
        return cls(
            charge_id=data["id"],
            payment_intent_id=_intent_id(data),
            amount=data.get("amount") or 0,
            amount_refunded=data.get("amount_refunded") or 0,
            currency=(data.get("currency") or "").upper(),
            refunds=[RefundResult.from_stripe(item) for item in refunds],
        )


def order_reference_of(data: dict[str, Any]) -> str:
    """The order reference a Stripe object carries (client reference or metadata)."""
    metadata = data.get("metadata") or {}
    reference = data.get("client_reference_id") or metadata.get("order_reference")
    return str(reference or "")[:MAX_REFERENCE_LENGTH]


@dataclass(frozen=True)
class WebhookEvent:
    """A verified webhook event, already carrying the order reference it names."""

    id: str
    type: str
    livemode: bool
    order_reference: str
    data_object: dict[str, Any]

    @classmethod
    def from_stripe(cls, data: dict[str, Any]) -> WebhookEvent:
        obj = data["data"]["object"]
        return cls(
            id=data["id"],
            type=data["type"],
            livemode=bool(data.get("livemode")),
            order_reference=order_reference_of(obj),
            data_object=obj,
        )

    def checkout_session(self) -> CheckoutSession:
        return CheckoutSession.from_stripe(self.data_object)

    def charge_refunds(self) -> ChargeRefunds:
        return ChargeRefunds.from_stripe(self.data_object)
