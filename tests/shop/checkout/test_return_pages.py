"""Coming back from Stripe: the success page and the cancel page."""

from datetime import timedelta
from decimal import Decimal

import pytest
import stripe
from django.core import mail
from django.test import Client
from django.utils import timezone

from shop.checkout.services import cancel_token
from shop.inventory.models import StockLevel
from shop.orders.jobs import release_expired_reservations
from shop.orders.models import Order, OrderStatus, Payment, PaymentStatus
from tests.factories import stocked_variant

from .fixtures import started_checkout_in
from .stripe_helpers import session_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(client, pending_order):
    """The pending order with its Checkout Session recorded, as checkout leaves it,
    started in `client`'s browser session."""
    started_checkout_in(client, pending_order)
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


def paid_session(order, **fields):
    return session_body(
        reference=order.reference,
        amount_total=5470,
        status="complete",
        payment_status="paid",
        payment_intent="pi_late",
        **fields,
    )


def test_another_browser_with_the_session_id_sees_no_order_details(
    client, stripe_api, opened, django_capture_on_commit_callbacks
):
    """Session ids travel in forwarded URLs: they are not a key to the order."""
    stripe_api.respond(200, paid_session(opened))
    stranger = Client()

    with django_capture_on_commit_callbacks(execute=True):
        response = stranger.get("/checkout/success/?session_id=cs_test_a1b2c3")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Check your email" in html
    for secret in (opened.reference, opened.email, "/orders/", "token=", "Berlin"):
        assert secret not in html
    # The payment itself is still applied: whoever opens the page, the shop learns.
    opened.refresh_from_db()
    assert opened.status == OrderStatus.PAID
    # The browser that started the checkout sees its order.
    mine = client.get("/checkout/success/?session_id=cs_test_a1b2c3")
    assert opened.reference in mine.content.decode()


def test_checkout_remembers_the_browser_that_started_it(client, stripe_api):
    from .test_checkout import checkout_form, fill_cart

    variant = stocked_variant(price=Decimal("24.90"))
    fill_cart(client, (variant, 1))
    data = checkout_form(client)
    stripe_api.respond(200, session_body(reference="set-below", amount_total=2980))
    client.post("/checkout/", data)
    order = Order.objects.get()
    stripe_api.respond(200, session_body(reference=order.reference, amount_total=2980))

    response = client.get("/checkout/success/?session_id=cs_test_a1b2c3")

    assert order.reference in response.content.decode()


def test_paid_after_the_reservation_lapsed_and_stock_still_there_is_confirmed(
    client, stripe_api, opened, django_capture_on_commit_callbacks
):
    release_expired_reservations(now=timezone.now() + timedelta(hours=2))
    opened.refresh_from_db()
    assert opened.status == OrderStatus.EXPIRED
    stripe_api.respond(200, paid_session(opened))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/checkout/success/?session_id=cs_test_a1b2c3")

    html = response.content.decode()
    assert "Thank you, your order is confirmed" in html
    assert "expired" not in html.lower()
    opened.refresh_from_db()
    assert opened.status == OrderStatus.PAID


def test_paid_after_the_reservation_lapsed_and_sold_out_says_we_refund(
    client, stripe_api, opened
):
    release_expired_reservations(now=timezone.now() + timedelta(hours=2))
    variant_id = opened.lines.get().variant_id
    StockLevel.objects.filter(variant_id=variant_id).update(on_hand=0)
    stripe_api.respond(200, paid_session(opened))

    response = client.get("/checkout/success/?session_id=cs_test_a1b2c3")

    html = response.content.decode()
    assert "We received your payment, and we are refunding it" in html
    assert "expired" not in html.lower()
    assert "Nothing more is needed" not in html
    opened.refresh_from_db()
    assert opened.status == OrderStatus.NEEDS_ATTENTION and opened.refund_due


def test_an_order_that_lapsed_unpaid_says_nothing_was_charged(
    client, stripe_api, opened
):
    release_expired_reservations(now=timezone.now() + timedelta(hours=2))
    stripe_api.respond(
        200,
        session_body(reference=opened.reference, amount_total=5470, status="expired"),
    )

    response = client.get("/checkout/success/?session_id=cs_test_a1b2c3")

    html = response.content.decode()
    assert "This order was not paid" in html and "nothing was charged" in html
    # It asked the provider even though the order was no longer pending.
    assert len(stripe_api.requests) == 1
