"""Coming back from Stripe: the success page and the cancel page."""

import pytest
import stripe
from django.core import mail

from shop.checkout.services import cancel_token
from shop.inventory.models import StockLevel
from shop.orders.models import OrderStatus, Payment, PaymentStatus

from .stripe_helpers import session_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(pending_order):
    """The pending order with its Checkout Session recorded, as checkout leaves it."""
    Payment.objects.create(
        order=pending_order,
        stripe_session_id="cs_test_a1b2c3",
        checkout_url="https://checkout.stripe.com/c/pay/cs_test_a1b2c3",
        amount=pending_order.total,
        currency="EUR",
        status=PaymentStatus.OPEN,
    )
    return pending_order


def reserved(order):
    level = StockLevel.objects.get(variant_id=order.lines.get().variant_id)
    return level.on_hand, level.reserved


def test_an_unknown_session_is_not_found(client, stripe_api):
    assert client.get("/checkout/success/?session_id=cs_nope").status_code == 404
    assert client.get("/checkout/success/").status_code == 404
    assert stripe_api.requests == []


def test_the_success_page_confirms_through_the_shared_fulfilment_when_stripe_says_paid(
    client, stripe_api, opened, django_capture_on_commit_callbacks
):
    stripe_api.respond(
        200,
        session_body(
            reference=opened.reference,
            amount_total=5470,
            status="complete",
            payment_status="paid",
            payment_intent="pi_fast",
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/checkout/success/?session_id=cs_test_a1b2c3")

    assert response.status_code == 200
    assert "Thank you, your order is confirmed" in response.content.decode()
    opened.refresh_from_db()
    assert opened.status == OrderStatus.PAID
    assert "success page" in opened.status_changes.last().note
    assert reserved(opened) == (3, 0)
    assert len(mail.outbox) == 1
    (request,) = stripe_api.requests
    assert (request.method, request.path) == (
        "get",
        "/v1/checkout/sessions/cs_test_a1b2c3",
    )

    # Reloading the page (or the webhook arriving now) does nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/checkout/success/?session_id=cs_test_a1b2c3")
    assert len(mail.outbox) == 1
    assert len(stripe_api.requests) == 1


def test_the_success_page_never_marks_paid_by_itself(client, stripe_api, opened):
    stripe_api.respond(
        200, session_body(reference=opened.reference, amount_total=5470)
    )  # still open and unpaid

    response = client.get("/checkout/success/?session_id=cs_test_a1b2c3")

    assert "Confirming your payment" in response.content.decode()
    opened.refresh_from_db()
    assert opened.status == OrderStatus.PENDING_PAYMENT
    assert reserved(opened) == (5, 2)


def test_the_success_page_copes_with_stripe_being_down(client, stripe_api, opened):
    stripe_api.fail(stripe.APIConnectionError("timed out", should_retry=True))

    response = client.get("/checkout/success/?session_id=cs_test_a1b2c3")

    assert response.status_code == 200
    assert "Confirming your payment" in response.content.decode()
    opened.refresh_from_db()
    assert opened.status == OrderStatus.PENDING_PAYMENT


def test_cancel_expires_the_session_releases_stock_and_returns_to_the_cart(
    client, stripe_api, opened
):
    stripe_api.respond(
        200,
        session_body(reference=opened.reference, amount_total=5470, status="expired"),
    )
    url = f"/checkout/cancel/{opened.reference}/?token={cancel_token(opened)}"

    response = client.get(url, follow=True)

    assert response.redirect_chain == [("/cart/", 302)]
    assert "Nothing was charged" in response.content.decode()
    opened.refresh_from_db()
    assert opened.status == OrderStatus.CANCELLED
    assert reserved(opened) == (5, 0)
    assert Payment.objects.get().status == PaymentStatus.EXPIRED
    (request,) = stripe_api.requests
    assert request.path == "/v1/checkout/sessions/cs_test_a1b2c3/expire"
    # The cart is untouched.
    assert opened.cart.lines.get().quantity == 2


def test_cancel_after_paying_elsewhere_keeps_the_payment(
    client, stripe_api, opened, django_capture_on_commit_callbacks
):
    stripe_api.respond(
        400, {"error": {"type": "invalid_request_error", "message": "complete"}}
    )
    stripe_api.respond(
        200,
        session_body(
            reference=opened.reference,
            amount_total=5470,
            status="complete",
            payment_status="paid",
            payment_intent="pi_9",
        ),
    )
    url = f"/checkout/cancel/{opened.reference}/?token={cancel_token(opened)}"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)

    opened.refresh_from_db()
    assert opened.status == OrderStatus.PAID
    assert response["Location"].startswith(f"/orders/{opened.reference}/?token=")
    assert len(mail.outbox) == 1


def test_cancel_without_the_right_token_is_not_found(client, stripe_api, opened):
    for token in ["", "forged", cancel_token(opened) + "x"]:
        url = f"/checkout/cancel/{opened.reference}/?token={token}"
        assert client.get(url).status_code == 404
    opened.refresh_from_db()
    assert opened.status == OrderStatus.PENDING_PAYMENT
    assert stripe_api.requests == []
