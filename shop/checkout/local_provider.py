"""The local test payment provider: Stripe Checkout's behaviour, without Stripe.

Used only by `payments.py`, only when there is no `STRIPE_SECRET_KEY`, DEBUG is on
and `SHOP_TEST_PAYMENTS` is set (a system check refuses the setting without DEBUG).
Checkout redirects to a clearly labelled local page where the developer can pay,
decline or abandon. Paying or abandoning produces a Stripe-shaped event, signs it the
way Stripe does (`t=…,v1=HMAC-SHA256(secret, "t.payload")`) with a local secret, and
hands it to the same webhook handler a real delivery reaches, through the same
signature verification. Nothing here imports `stripe`.
"""

import hashlib
import hmac
import json
import secrets
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac

from .models import LocalCheckoutSession
from .payments import CheckoutSession, PaymentRejected, RefundResult, session_from_dict


def _derived_id(prefix: str, key: str) -> str:
    """Deterministic per key (idempotency), but keyed with SECRET_KEY: knowing an
    order reference must not reveal its session id (which opens the success page)."""
    digest = salted_hmac("shop.checkout.local_provider", key, algorithm="sha256")
    return f"{prefix}_local_" + digest.hexdigest()[:32]


def session_dict(session: LocalCheckoutSession) -> dict:
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
    return session_from_dict(session_dict(session))


def _expire_if_due(session: LocalCheckoutSession) -> None:
    if session.status == "open" and session.expires_at <= datetime.now(UTC):
        session.status = "expired"
        session.save(update_fields=["status"])


def create_session(params: dict, *, idempotency_key: str) -> CheckoutSession:
    """Like Stripe: the same idempotency key returns the session created first."""
    amount = sum(
        item["quantity"] * item["price_data"]["unit_amount"]
        for item in params["line_items"]
    ) + sum(
        option["shipping_rate_data"]["fixed_amount"]["amount"]
        for option in params.get("shipping_options", [])[:1]
    )
    session, _ = LocalCheckoutSession.objects.get_or_create(
        id=_derived_id("cs", idempotency_key),
        defaults={
            "order_reference": params["client_reference_id"],
            "params": params,
            "amount_total": amount,
            "currency": params["line_items"][0]["price_data"]["currency"].upper(),
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


def list_sessions(*, created_since: datetime):
    for session in LocalCheckoutSession.objects.filter(created_at__gte=created_since):
        _expire_if_due(session)
        yield _as_session(session)


def refund(params: dict, *, currency: str, idempotency_key: str) -> RefundResult:
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


def _deliver(event_type: str, session: LocalCheckoutSession) -> None:
    """Send a signed event through the real webhook handler, as Stripe would."""
    from .webhooks import handle_webhook

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
    handle_webhook(
        payload.encode(), sign(payload, settings.SHOP_TEST_PAYMENTS_WEBHOOK_SECRET)
    )


def pay(session_id: str) -> LocalCheckoutSession:
    """The shopper paid: complete the session, deliver `checkout.session.completed`."""
    with transaction.atomic():
        session = LocalCheckoutSession.objects.select_for_update().get(pk=session_id)
        _expire_if_due(session)
        if session.status != "open":
            raise PaymentRejected(f"This session is {session.status}.")
        session.status = "complete"
        session.payment_status = "paid"
        session.payment_intent_id = _derived_id("pi", session.id)
        session.save(update_fields=["status", "payment_status", "payment_intent_id"])
    _deliver("checkout.session.completed", session)
    return session


def abandon(session_id: str) -> LocalCheckoutSession:
    """The shopper walked away: expire the session and deliver its `expired` event."""
    with transaction.atomic():
        session = LocalCheckoutSession.objects.select_for_update().get(pk=session_id)
        if session.status != "open":
            raise PaymentRejected(f"This session is {session.status}.")
        session.status = "expired"
        session.save(update_fields=["status"])
    _deliver("checkout.session.expired", session)
    return session


def place_paid_order(*, details, lines, site_url: str):
    """An order placed and paid the way a shopper does it, for the demo and tests.

    `lines` are (variant id, quantity) pairs. They go into a new cart through the
    cart service; `place_order` reserves the stock; `start_payment` opens a local
    session, and `pay` delivers its signed `checkout.session.completed` event through
    the real webhook handler. `details` is a CheckoutDetails. Refuses to run unless
    the local provider is enabled (DEBUG on, no Stripe key, SHOP_TEST_PAYMENTS), so it
    can never open a real Stripe session.
    """
    from .payments import local_provider_enabled

    if not local_provider_enabled():
        raise RuntimeError("place_paid_order needs the local test payment provider.")
    from wagtail.models import Site

    from home.models import SiteSettings
    from shop.cart.models import Cart
    from shop.cart.services import add_to_cart, load_cart

    from .services import cart_fingerprint, place_order, start_payment

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    cart = Cart.objects.create()
    for variant_id, quantity in lines:
        add_to_cart(cart=cart, variant_id=variant_id, quantity=quantity)
    order = place_order(
        cart=cart,
        details=details,
        site_settings=site_settings,
        shown_fingerprint=cart_fingerprint(load_cart(cart), site_settings),
    )
    start_payment(
        order=order,
        success_url=f"{site_url}/checkout/success/?session_id={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{site_url}/cart/",
    )
    pay(order.payments.get().stripe_session_id)
    order.refresh_from_db()
    return order
