"""payments.py through the real Stripe SDK, with only its HTTP layer replaced."""

from datetime import timedelta
from decimal import Decimal

import pytest
import stripe
from django.test import override_settings
from django.utils import timezone

from shop.checkout.services import session_request
from shop.payments import gateway as payments
from shop.payments import types

from .stripe_helpers import error_body, session_body

pytestmark = pytest.mark.django_db

SUCCESS = "https://shop.example/checkout/success/?session_id={CHECKOUT_SESSION_ID}"
CANCEL = "https://shop.example/checkout/cancel/UK-X/?token=abc"


def test_creating_a_session_sends_the_order_in_minor_units_with_an_idempotency_key(
    stripe_api, pending_order
):
    order = pending_order
    stripe_api.respond(200, session_body(reference=order.reference, amount_total=5470))

    session = payments.create_checkout_session(
        session_request(order, success_url=SUCCESS, cancel_url=CANCEL)
    )

    assert session.id == "cs_test_a1b2c3"
    assert session.url == "https://checkout.stripe.com/c/pay/cs_test_a1b2c3"
    assert session.order_reference == order.reference
    (request,) = stripe_api.requests
    assert request.method == "post"
    assert request.path == "/v1/checkout/sessions"
    assert request.header("Authorization") == "Bearer sk_test_unknot"
    assert request.header("Idempotency-Key") == (
        f"unknot-checkout-session-{order.reference}"
    )
    line = order.lines.get()
    assert request.param("mode") == "payment"
    assert request.param("line_items[0][quantity]") == "2"
    assert request.param("line_items[0][price_data][unit_amount]") == "2490"
    assert request.param("line_items[0][price_data][currency]") == "eur"
    assert request.param("line_items[0][price_data][product_data][name]") == (
        line.display_name
    )
    assert request.param("line_items[0][price_data][product_data][metadata][sku]") == (
        line.sku
    )
    assert (
        request.param("shipping_options[0][shipping_rate_data][fixed_amount][amount]")
        == "490"
    )
    assert request.param("shipping_options[0][shipping_rate_data][type]") == (
        "fixed_amount"
    )
    assert request.param("customer_email") == "shopper@example.com"
    assert request.param("client_reference_id") == order.reference
    assert request.param("metadata[order_reference]") == order.reference
    assert request.param("payment_intent_data[metadata][order_reference]") == (
        order.reference
    )
    expires_at = int(request.param("expires_at"))
    assert expires_at == int(order.reservation_expires_at.timestamp())
    # Stripe's minimum is 30 minutes after creation; the reservation covers it.
    assert expires_at >= (timezone.now() + timedelta(minutes=30)).timestamp()
    assert request.param("success_url") == SUCCESS
    assert request.param("cancel_url") == CANCEL
    # Nothing from a request: only these keys reach Stripe.
    top_level = {key.split("[")[0] for key in request.form}
    assert top_level == {
        "mode",
        "line_items",
        "shipping_options",
        "customer_email",
        "client_reference_id",
        "metadata",
        "payment_intent_data",
        "expires_at",
        "success_url",
        "cancel_url",
    }


def test_a_card_error_becomes_payment_declined(stripe_api, pending_order):
    stripe_api.respond(
        402, error_body("card_error", "Your card was declined.", "card_declined")
    )
    with pytest.raises(types.PaymentDeclined) as raised:
        payments.create_checkout_session(
            session_request(pending_order, success_url=SUCCESS, cancel_url=CANCEL)
        )
    assert "declined" in raised.value.detail


def test_a_stripe_500_becomes_service_unavailable(stripe_api, pending_order):
    stripe_api.respond(500, error_body("api_error", "Something went wrong."))
    with pytest.raises(types.PaymentServiceUnavailable):
        payments.create_checkout_session(
            session_request(pending_order, success_url=SUCCESS, cancel_url=CANCEL)
        )


def test_a_timeout_becomes_service_unavailable(stripe_api, pending_order):
    stripe_api.fail(
        stripe.APIConnectionError("Request timed out after 20s", should_retry=True)
    )
    with pytest.raises(types.PaymentServiceUnavailable) as raised:
        payments.create_checkout_session(
            session_request(pending_order, success_url=SUCCESS, cancel_url=CANCEL)
        )
    assert "timed out" in raised.value.detail


def test_an_invalid_request_becomes_payment_rejected(stripe_api, pending_order):
    stripe_api.respond(
        400, error_body("invalid_request_error", "Invalid expires_at", "parameter")
    )
    with pytest.raises(types.PaymentRejected):
        payments.create_checkout_session(
            session_request(pending_order, success_url=SUCCESS, cancel_url=CANCEL)
        )


@override_settings(STRIPE_MAX_NETWORK_RETRIES=1)
def test_the_sdk_retries_a_500_with_the_same_idempotency_key(
    stripe_api, pending_order, monkeypatch
):
    monkeypatch.setattr(stripe.HTTPClient, "_sleep_time_seconds", lambda *a: 0)
    order = pending_order
    stripe_api.respond(500, error_body("api_error", "Try again."))
    stripe_api.respond(200, session_body(reference=order.reference, amount_total=5470))

    session = payments.create_checkout_session(
        session_request(order, success_url=SUCCESS, cancel_url=CANCEL)
    )

    assert session.id == "cs_test_a1b2c3"
    first, second = stripe_api.requests
    assert first.header("Idempotency-Key") == second.header("Idempotency-Key")
    assert first.body == second.body


def test_expiring_a_completed_session_answers_with_the_session_as_it_stands(
    stripe_api,
):
    stripe_api.respond(
        400,
        error_body(
            "invalid_request_error",
            'Only Checkout Sessions with a status in ["open"] can be expired.',
        ),
    )
    stripe_api.respond(
        200,
        session_body(
            reference="UK-AAAAA-BBBBB",
            amount_total=100,
            status="complete",
            payment_status="paid",
            payment_intent="pi_1",
        ),
    )

    session = payments.expire_checkout_session("cs_test_a1b2c3")

    assert session.status == "complete" and session.is_paid
    assert session.payment_intent_id == "pi_1"
    expire, retrieve = stripe_api.requests
    assert (expire.method, expire.path) == (
        "post",
        "/v1/checkout/sessions/cs_test_a1b2c3/expire",
    )
    assert (retrieve.method, retrieve.path) == (
        "get",
        "/v1/checkout/sessions/cs_test_a1b2c3",
    )


def test_listing_sessions_follows_every_page(stripe_api):
    since = timezone.now() - timedelta(days=2)
    first = session_body(session_id="cs_1", reference="UK-1", amount_total=100)
    second = session_body(session_id="cs_2", reference="UK-2", amount_total=200)
    stripe_api.respond(
        200,
        {"object": "list", "data": [first], "has_more": True, "url": "/v1/x"},
    )
    stripe_api.respond(
        200,
        {"object": "list", "data": [second], "has_more": False, "url": "/v1/x"},
    )

    sessions = list(payments.list_checkout_sessions(created_since=since))

    assert [s.id for s in sessions] == ["cs_1", "cs_2"]
    page_one, page_two = stripe_api.requests
    assert page_one.path == "/v1/checkout/sessions"
    assert page_one.query["created[gte]"] == [str(int(since.timestamp()))]
    assert page_one.query["limit"] == ["100"]
    assert page_two.query["starting_after"] == ["cs_1"]


def test_a_refund_is_sent_in_minor_units_with_its_idempotency_key(stripe_api):
    stripe_api.respond(
        200,
        {
            "id": "re_1",
            "object": "refund",
            "amount": 1250,
            "currency": "eur",
            "status": "succeeded",
        },
    )

    result = payments.refund_payment(
        payment_intent_id="pi_9",
        amount=Decimal("12.50"),
        currency="EUR",
        idempotency_key="refund-key-1",
        reason="Damaged in transit",
    )

    assert result == types.RefundResult(
        id="re_1", amount=1250, currency="EUR", status="succeeded"
    )
    (request,) = stripe_api.requests
    assert (request.method, request.path) == ("post", "/v1/refunds")
    assert request.param("payment_intent") == "pi_9"
    assert request.param("amount") == "1250"
    assert request.param("metadata[reason]") == "Damaged in transit"
    assert request.header("Idempotency-Key") == "refund-key-1"


@pytest.mark.parametrize(
    "amount,currency,minor",
    [
        (Decimal("24.90"), "EUR", 2490),
        (Decimal("0.01"), "EUR", 1),
        (Decimal("1234.565"), "EUR", 123457),
        (Decimal("500"), "JPY", 500),
    ],
)
def test_minor_units(amount, currency, minor):
    assert types.to_minor_units(amount, currency) == minor
    if currency == "EUR" and amount == amount.quantize(Decimal("0.01")):
        assert types.from_minor_units(minor, currency) == amount


def test_without_keys_or_the_test_provider_there_is_no_provider(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.SHOP_TEST_PAYMENTS = True
    settings.DEBUG = False
    assert not payments.local_provider_enabled()
    with pytest.raises(types.PaymentServiceUnavailable):
        payments.provider()
