"""A code from the cart to the money: order lines, Stripe, usage counts, refunds."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from shop.discounts.models import DiscountUse, UseState
from shop.orders import refund_amounts
from shop.orders.jobs import release_expired_reservations
from shop.orders.models import Order, OrderStatus
from shop.orders.payment_events import (
    expire_checkout_session,
    fail_checkout_session,
    fulfil_checkout_session,
)
from shop.payments.types import CheckoutSession
from tests.factories import DiscountCodeFactory, stocked_variant
from tests.shop.checkout.stripe_helpers import session_body
from tests.shop.checkout.test_checkout import checkout_form, fill_cart

pytestmark = pytest.mark.django_db


@pytest.fixture
def code():
    return DiscountCodeFactory(code="CALM10", value=Decimal("10"), usage_limit=5)


@pytest.fixture
def cart(client, code):
    """3 × €19.99 and 1 × €14.90 (€74.87) with CALM10 applied: −€7.49."""
    rollers = stocked_variant(on_hand=10, price=Decimal("19.99"))
    packs = stocked_variant(on_hand=10, price=Decimal("14.90"))
    fill_cart(client, (rollers, 3), (packs, 1))
    response = client.post("/cart/code/", {"code": " calm10 "}, follow=True)
    assert "The code CALM10 takes €7.49 off your order." in response.content.decode()
    return rollers, packs


def place(client, stripe_api, amount_total):
    stripe_api.respond(
        200,
        session_body(reference="pending", amount_total=amount_total),
    )
    response = client.post("/checkout/", checkout_form(client))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Order.objects.get()


def test_the_cart_and_checkout_show_the_discount_line_and_the_new_total(client, cart):
    html = client.get("/cart/").content.decode()
    assert re.search(r"Discount \(CALM10\)</dt><dd>−€7.49</dd>", html)
    # 74.87 − 7.49 = 67.38 ≥ 50: free standard delivery.
    assert re.search(r"Estimated total</dt><dd>€67.38</dd>", html)
    assert "Your order ships free." in html

    html = client.get("/checkout/").content.decode()
    assert "Discount (CALM10: 10 % off)" in html
    assert re.search(r"Total with standard delivery</dt><dd>€67.38</dd>", html)
    assert re.search(r"Total with express delivery</dt><dd>€77.28</dd>", html)


def test_the_order_records_what_each_line_paid_and_stripe_charges_the_order_total(
    client, cart, stripe_api, code
):
    rollers, packs = cart

    order = place(client, stripe_api, 6738)

    assert (order.subtotal, order.discount_total, order.shipping_total) == (
        Decimal("74.87"),
        Decimal("7.49"),
        Decimal("0.00"),
    )
    assert order.total == Decimal("67.38")
    assert order.discount_code == "CALM10"
    lines = {line.variant_id: line for line in order.lines.all()}
    # 7.49 spread in proportion: 59.97/74.87 and 14.90/74.87 of it.
    assert lines[rollers.pk].discount == Decimal("6.00")
    assert lines[packs.pk].discount == Decimal("1.49")
    assert sum(line.paid_total for line in lines.values()) == Decimal("67.38")

    (request,) = stripe_api.requests
    form = request.form
    items = []
    index = 0
    while f"line_items[{index}][quantity]" in form:
        items.append(
            (
                int(request.param(f"line_items[{index}][quantity]")),
                int(request.param(f"line_items[{index}][price_data][unit_amount]")),
            )
        )
        index += 1
    # 59.97 − 6.00 = 53.97 over 3 units: 17.99 each; 14.90 − 1.49 = 13.41.
    assert items == [(3, 1799), (1, 1341)]
    shipping = int(
        request.param("shipping_options[0][shipping_rate_data][fixed_amount][amount]")
    )
    assert sum(q * unit for q, unit in items) + shipping == 6738
    assert request.param("line_items[0][price_data][product_data][description]") == (
        "Discount code CALM10: −6.00 EUR"
    )

    use = DiscountUse.objects.get()
    assert (use.order_reference, use.email, use.amount, use.state) == (
        order.reference,
        "shopper@example.com",
        Decimal("7.49"),
        UseState.HELD,
    )
    code.refresh_from_db()
    assert code.times_used == 1
    assert (
        ModelLogEntry.objects.for_instance(code)
        .filter(action="discounts.held", data__order=order.reference)
        .exists()
    )
    assert "Discount code CALM10: −7.49 EUR." in order.status_changes.first().note


def five_off_three_units(client, stripe_api):
    """An order for 3 × €10.00 with €5.00 off, plus €4.90 shipping: €29.90."""
    DiscountCodeFactory(code="FIVE", kind="fixed", value=Decimal("5.00"))
    variant = stocked_variant(on_hand=5, price=Decimal("10.00"))
    fill_cart(client, (variant, 3))
    client.post("/cart/code/", {"code": "FIVE"})
    return place(client, stripe_api, 2990)


def test_an_uneven_line_goes_to_stripe_as_two_items_that_add_up(client, stripe_api):
    order = five_off_three_units(client, stripe_api)

    (request,) = stripe_api.requests
    # 25.00 for three units: one at 8.34 and two at 8.33.
    assert request.param("line_items[0][quantity]") == "1"
    assert request.param("line_items[0][price_data][unit_amount]") == "834"
    assert request.param("line_items[1][quantity]") == "2"
    assert request.param("line_items[1][price_data][unit_amount]") == "833"
    assert order.total == Decimal("29.90")


def paid_session(order, amount):
    return CheckoutSession.from_stripe(
        session_body(
            reference=order.reference,
            amount_total=amount,
            status="complete",
            payment_status="paid",
            payment_intent="pi_code",
        )
    )


def test_payment_makes_the_use_final_and_takes_the_code_off_the_cart(
    client, cart, stripe_api, code
):
    order = place(client, stripe_api, 6738)

    assert fulfil_checkout_session(paid_session(order, 6738), via="test") == (
        "fulfilled"
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert DiscountUse.objects.get().state == UseState.USED
    code.refresh_from_db()
    assert code.times_used == 1
    from shop.cart.models import Cart

    assert Cart.objects.get(pk=order.cart_id).discount_code is None


@pytest.mark.parametrize("ending", ["expired", "failed", "expiry job"])
def test_a_lapsed_or_failed_order_gives_its_use_back(
    client, cart, stripe_api, code, ending
):
    order = place(client, stripe_api, 6738)
    session = CheckoutSession.from_stripe(
        session_body(reference=order.reference, amount_total=6738, status="expired")
    )
    if ending == "expired":
        expire_checkout_session(session, via="test")
    elif ending == "failed":
        fail_checkout_session(session, via="test")
    else:
        Order.objects.filter(pk=order.pk).update(
            reservation_expires_at=order.created_at.replace(year=2000)
        )
        assert release_expired_reservations() == [order.reference]

    use = DiscountUse.objects.get()
    assert use.state == UseState.RELEASED
    assert use.note.startswith("Order ")
    code.refresh_from_db()
    assert code.times_used == 0
    assert (
        ModelLogEntry.objects.for_instance(code)
        .filter(action="discounts.released")
        .exists()
    )


def test_money_arriving_after_the_release_counts_the_use_again(
    client, cart, stripe_api, code
):
    order = place(client, stripe_api, 6738)
    expire_checkout_session(
        CheckoutSession.from_stripe(
            session_body(reference=order.reference, amount_total=6738, status="expired")
        ),
        via="test",
    )
    code.refresh_from_db()
    assert code.times_used == 0

    fulfil_checkout_session(paid_session(order, 6738), via="late")

    use = DiscountUse.objects.get()
    assert use.state == UseState.USED
    assert use.note == "Counted again: the order was paid after it had lapsed."
    code.refresh_from_db()
    assert code.times_used == 1


def test_refunds_from_lines_give_back_what_each_unit_was_paid(client, stripe_api):
    order = five_off_three_units(client, stripe_api)
    fulfil_checkout_session(paid_session(order, 2990), via="test")
    line = order.lines.get()

    # 25.00 paid for three units: 8.34, 8.33, 8.33.
    assert refund_amounts.amount_for_lines(
        order, {line.pk: 1}, shipping=False
    ) == Decimal("8.34")
    assert refund_amounts.amount_for_lines(
        order, {line.pk: 3}, shipping=True
    ) == Decimal("29.90")
    assert refund_amounts.paid_for(line, units=2, already=1) == Decimal("16.66")


def test_the_staff_refund_form_offers_the_units_at_the_prices_paid(
    client, stripe_api, admin_client
):
    order = five_off_three_units(client, stripe_api)
    fulfil_checkout_session(paid_session(order, 2990), via="test")

    html = admin_client.get(f"/admin/orders/{order.pk}/refund/").content.decode()

    assert 'data-unit-prices="8.34,8.33,8.33"' in html
    assert "line 25.00 after code −5.00" in html


def test_sales_and_best_seller_reports_count_revenue_net_of_discounts(
    client, cart, stripe_api, admin_client
):
    order = place(client, stripe_api, 6738)
    fulfil_checkout_session(paid_session(order, 6738), via="test")

    csv = b"".join(
        admin_client.get(
            reverse("report_best_sellers:index"), {"export": "csv"}
        ).streaming_content
    ).decode()
    assert "53.97" in csv and "13.41" in csv
    assert "59.97" not in csv

    csv = b"".join(
        admin_client.get(
            reverse("report_sales:index"), {"export": "csv"}
        ).streaming_content
    ).decode()
    assert "67.38" in csv
    assert "74.87" not in csv
