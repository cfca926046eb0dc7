"""Checkout: one transaction, server-side prices, exact shortages, nothing lost."""

import re
from decimal import Decimal

import pytest
import stripe
from django.test import Client

from shop.cart.models import Cart, CartLine
from shop.cart.services import SESSION_KEY
from shop.checkout.exceptions import OutOfStock
from shop.inventory.models import StockLevel, StockMovement
from shop.inventory.services import reserve
from shop.orders.models import (
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentStatus,
    StockState,
)
from tests.factories import stocked_variant

from .fixtures import make_order
from .stripe_helpers import error_body, session_body

pytestmark = pytest.mark.django_db

FORM = {
    "email": "shopper@example.com",
    "full_name": "Mara Wadenkrampf",
    "address_line1": "Lindenstraße 12",
    "postcode": "10969",
    "city": "Berlin",
    "country": "DE",
    "shipping_method": "standard",
}


def fill_cart(client, *lines):
    for variant, quantity in lines:
        response = client.post(
            "/cart/add/", {"variant": variant.pk, "quantity": quantity}
        )
        assert response.status_code == 302


def checkout_form(client) -> dict:
    """What the checkout page hands the browser: the form plus its fingerprint."""
    html = client.get("/checkout/").content.decode()
    fingerprint = re.search(r'name="cart_fingerprint" value="([0-9a-f]+)"', html)
    return {**FORM, "cart_fingerprint": fingerprint.group(1)}


def test_an_empty_cart_cannot_check_out(client):
    response = client.get("/checkout/")
    assert response.status_code == 302
    assert response["Location"] == "/cart/"


def test_the_checkout_page_summarises_the_cart_from_the_database(client):
    variant = stocked_variant(price=Decimal("24.90"))
    fill_cart(client, (variant, 2))

    html = client.get("/checkout/").content.decode()

    assert "€49.80" in html  # items
    assert "€54.70" in html  # with standard delivery (€4.90)
    assert "€59.70" in html  # with express delivery (€9.90)
    assert "€0.20 more for free standard delivery." in html
    assert 'value="DE"' in html and 'value="US"' not in html


def test_placing_an_order_reserves_stock_and_redirects_to_stripe(
    client, stripe_api, home_page
):
    variant = stocked_variant(on_hand=5, price=Decimal("24.90"))
    product_page = variant.product
    client.post(
        "/cart/add/",
        {
            "variant": variant.pk,
            "quantity": 2,
            "source_page": home_page.pk,
            "first_guide": home_page.pk,
        },
    )
    data = checkout_form(client)
    stripe_api.respond(200, session_body(reference="set-below", amount_total=5470))

    response = client.post("/checkout/", data)

    assert response.status_code == 302
    assert response["Location"] == "https://checkout.stripe.com/c/pay/cs_test_a1b2c3"
    order = Order.objects.get()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert order.stock_state == StockState.RESERVED
    assert (order.subtotal, order.shipping_total, order.total) == (
        Decimal("49.80"),
        Decimal("4.90"),
        Decimal("54.70"),
    )
    assert (order.email, order.city, order.country) == (
        "shopper@example.com",
        "Berlin",
        "DE",
    )
    line = OrderLine.objects.get()
    assert (line.sku, line.product_name, line.variant_name) == (
        variant.sku,
        product_page.title,
        variant.name,
    )
    assert (line.unit_price, line.quantity, line.line_total) == (
        Decimal("24.90"),
        2,
        Decimal("49.80"),
    )
    # The cart line's attribution travels to the order line.
    assert (line.source_page_id, line.first_guide_id) == (home_page.pk, home_page.pk)
    level = StockLevel.objects.get(variant=variant)
    assert (level.on_hand, level.reserved) == (5, 2)
    payment = Payment.objects.get()
    assert (payment.stripe_session_id, payment.status) == (
        "cs_test_a1b2c3",
        PaymentStatus.OPEN,
    )
    # The cart stays as it is until the payment arrives.
    assert CartLine.objects.count() == 1
    (request,) = stripe_api.requests
    assert request.param("client_reference_id") == order.reference
    assert request.param("success_url").startswith(
        "http://testserver/checkout/success/?session_id="
    )
    assert "/checkout/cancel/" + order.reference in request.param("cancel_url")


def test_tampered_prices_and_totals_in_the_post_are_ignored(client, stripe_api):
    variant = stocked_variant(price=Decimal("24.90"))
    fill_cart(client, (variant, 1))
    data = {
        **checkout_form(client),
        "price": "0.01",
        "unit_price": "0.01",
        "total": "0.01",
        "subtotal": "0.01",
        "shipping_total": "0",
        "amount": "1",
        "line_items[0][price_data][unit_amount]": "1",
    }
    stripe_api.respond(200, session_body(reference="x", amount_total=2980))

    client.post("/checkout/", data)

    order = Order.objects.get()
    assert order.total == Decimal("29.80")
    (request,) = stripe_api.requests
    assert request.param("line_items[0][price_data][unit_amount]") == "2490"
    assert (
        request.param("shipping_options[0][shipping_rate_data][fixed_amount][amount]")
        == "490"
    )


def test_a_price_change_after_the_page_was_shown_stops_the_order(client, stripe_api):
    variant = stocked_variant(price=Decimal("24.90"))
    fill_cart(client, (variant, 1))
    data = checkout_form(client)
    variant.price = Decimal("29.90")
    variant.save()

    response = client.post("/checkout/", data)

    assert response.status_code == 409
    assert "Your cart changed since this page was shown" in response.content.decode()
    assert "€29.90" in response.content.decode()
    assert not Order.objects.exists()
    assert stripe_api.requests == []


def test_a_post_without_the_page_fingerprint_is_not_trusted(client, stripe_api):
    fill_cart(client, (stocked_variant(), 1))
    response = client.post("/checkout/", FORM)
    assert response.status_code == 409
    assert not Order.objects.exists()


def test_form_errors_are_shown_and_nothing_is_created(client):
    fill_cart(client, (stocked_variant(), 1))
    data = {**checkout_form(client), "email": "not-an-email", "country": "US"}

    response = client.post("/checkout/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There are problems with your details" in html
    assert "Enter a valid email address." in html
    assert "Select a valid choice. US is not one of the available choices." in html
    assert not Order.objects.exists()
    assert not StockMovement.objects.filter(reason="reserved").exists()


def test_a_short_line_is_named_with_the_shortfall_and_nothing_survives(
    client, stripe_api
):
    plenty = stocked_variant(on_hand=10)
    scarce = stocked_variant(on_hand=5)
    fill_cart(client, (plenty, 2), (scarce, 5))
    data = checkout_form(client)
    # Another shopper takes two of the scarce units while this one fills the form.
    reserve(lines={scarce.pk: 2}, reference="SOMEONE-ELSE")
    movements_before = StockMovement.objects.count()

    response = client.post("/checkout/", data)

    assert response.status_code == 409
    html = response.content.decode()
    assert (
        f"{scarce.display_name}: you asked for 5, only 3 left (2 short)."
        in html.replace("&#x27;", "'")
    )
    assert plenty.display_name + ":" not in html
    assert not Order.objects.exists()
    assert not OrderLine.objects.exists()
    assert StockMovement.objects.count() == movements_before
    for variant, on_hand, reserved in ((plenty, 10, 0), (scarce, 5, 2)):
        level = StockLevel.objects.get(variant=variant)
        assert (level.on_hand, level.reserved) == (on_hand, reserved)
    assert stripe_api.requests == []


def test_place_order_reports_every_short_line(site_settings):
    first = stocked_variant(on_hand=0)
    second = stocked_variant(on_hand=1)
    with pytest.raises(OutOfStock) as raised:
        make_order(site_settings, [(first, 1), (second, 4)])
    assert [(s.sku, s.requested, s.available) for s in raised.value.lines] == [
        (first.sku, 1, 0),
        (second.sku, 4, 1),
    ]
    assert str(raised.value.lines[0]).endswith("is sold out (you asked for 1).")
    assert not Order.objects.exists()


def test_a_double_submit_reuses_the_order_and_its_session(client, stripe_api):
    variant = stocked_variant(on_hand=5)
    fill_cart(client, (variant, 1))
    data = checkout_form(client)
    stripe_api.respond(200, session_body(reference="x", amount_total=2980))

    first = client.post("/checkout/", data)
    second = client.post("/checkout/", data)

    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1
    assert len(stripe_api.requests) == 1
    assert StockLevel.objects.get(variant=variant).reserved == 1


def test_changing_the_address_replaces_the_earlier_unpaid_order(client, stripe_api):
    variant = stocked_variant(on_hand=1)
    fill_cart(client, (variant, 1))
    data = checkout_form(client)
    stripe_api.respond(
        200, session_body(session_id="cs_first", reference="x", amount_total=2980)
    )
    client.post("/checkout/", data)
    first = Order.objects.get()
    stripe_api.respond(
        200,
        session_body(
            session_id="cs_first",
            reference=first.reference,
            amount_total=2980,
            status="expired",
        ),
    )
    stripe_api.respond(
        200, session_body(session_id="cs_second", reference="y", amount_total=2980)
    )

    response = client.post("/checkout/", {**data, "city": "Potsdam"})

    assert response["Location"].endswith("cs_second")
    first.refresh_from_db()
    assert first.status == OrderStatus.CANCELLED
    second = Order.objects.exclude(pk=first.pk).get()
    assert second.city == "Potsdam"
    level = StockLevel.objects.get(variant=variant)
    assert (level.on_hand, level.reserved) == (1, 1)
    expire = stripe_api.requests[1]
    assert expire.path == "/v1/checkout/sessions/cs_first/expire"


@pytest.mark.parametrize(
    "failure",
    [
        (500, error_body("api_error", "Internal error")),
        stripe.APIConnectionError("Request timed out", should_retry=True),
    ],
    ids=["stripe-500", "timeout"],
)
def test_when_stripe_fails_nothing_is_charged_and_the_cart_is_intact(
    client, stripe_api, failure
):
    variant = stocked_variant(on_hand=4)
    fill_cart(client, (variant, 2))
    data = checkout_form(client)
    if isinstance(failure, Exception):
        stripe_api.fail(failure)
    else:
        stripe_api.respond(*failure)

    response = client.post("/checkout/", data)

    assert response.status_code == 503
    html = response.content.decode()
    assert "Nothing was charged, and your cart is intact." in html
    order = Order.objects.get()
    assert order.status == OrderStatus.PAYMENT_FAILED
    assert order.stock_state == StockState.RELEASED
    assert "Could not open a payment session" in order.status_changes.last().note
    level = StockLevel.objects.get(variant=variant)
    assert (level.on_hand, level.reserved) == (4, 0)
    assert list(CartLine.objects.values_list("variant_id", "quantity")) == [
        (variant.pk, 2)
    ]
    assert Payment.objects.get().status == PaymentStatus.FAILED
    # Trying again works and creates a fresh order.
    stripe_api.respond(200, session_body(reference="z", amount_total=5470))
    assert client.post("/checkout/", checkout_form(client)).status_code == 302
    assert Order.objects.filter(status=OrderStatus.PENDING_PAYMENT).count() == 1


def test_checkout_posts_without_a_csrf_token_are_refused(stripe_api):
    client = Client(enforce_csrf_checks=True)
    variant = stocked_variant()
    cart = Cart.objects.create()
    CartLine.objects.create(
        cart=cart,
        variant=variant,
        quantity=1,
        price_when_added=variant.price,
        name_when_added="x",
    )
    session = client.session
    session[SESSION_KEY] = cart.pk
    session.save()
    data = checkout_form(client)

    response = client.post("/checkout/", data)

    assert response.status_code == 403
    assert not Order.objects.exists()
    assert stripe_api.requests == []


def test_submitting_after_the_only_product_was_unpublished_names_it(client, stripe_api):
    variant = stocked_variant(price=Decimal("24.90"))
    fill_cart(client, (variant, 1))
    data = checkout_form(client)
    variant.product.unpublish()

    response = client.post("/checkout/", data, follow=True)

    html = response.content.decode()
    assert (
        f"{variant.display_name} is no longer available and has been taken out of "
        "your cart." in html
    )
    assert not Order.objects.exists()
    assert stripe_api.requests == []


def test_submitting_after_one_of_two_products_was_unpublished_names_it(
    client, stripe_api
):
    staying = stocked_variant(price=Decimal("24.90"))
    going = stocked_variant(price=Decimal("9.90"))
    fill_cart(client, (staying, 1), (going, 1))
    data = checkout_form(client)
    going.product.unpublish()

    response = client.post("/checkout/", data)

    assert response.status_code == 409
    html = response.content.decode()
    assert (
        f"{going.display_name} is no longer available and has been taken out of "
        "your cart." in html
    )
    assert not Order.objects.exists()


def test_a_failed_submit_titles_the_page_error_and_focuses_the_summary(client):
    fill_cart(client, (stocked_variant(), 1))
    data = {**checkout_form(client), "postcode": "!!"}

    html = client.post("/checkout/", data).content.decode()

    assert re.search(r"<title>Error: Checkout", html)
    summary = re.search(r'<div class="error-summary"[^>]*id="form-errors"[^>]*>', html)
    assert summary and "autofocus" in summary.group(0)
    assert html.count("autofocus") == 1
    # Without errors, neither.
    clean = client.get("/checkout/").content.decode()
    assert "<title>Checkout" in clean and "autofocus" not in clean


def test_summary_lines_never_start_with_a_separator(client):
    fill_cart(client, (stocked_variant(), 1))

    html = client.get("/checkout/").content.decode()

    summary = html[html.index('class="summary-lines"') :]
    assert "summary-line__detail" in summary
    assert not re.search(r">\s*·", summary)
