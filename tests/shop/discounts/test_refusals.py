"""Every refusal of a code says exactly why, and changes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shop.cart.models import Cart
from shop.cart.services import SESSION_KEY
from shop.discounts.exceptions import DiscountRefused
from shop.discounts.models import DiscountCode, DiscountUse
from tests.factories import (
    DiscountCodeFactory,
    ProductCategoryPageFactory,
    ProductPageFactory,
    stocked_variant,
)
from tests.shop.checkout.test_checkout import checkout_form, fill_cart

pytestmark = pytest.mark.django_db


def apply(client, code, **kwargs):
    return client.post("/cart/code/", {"code": code}, **kwargs)


def cart_of(client) -> Cart:
    return Cart.objects.get(pk=client.session[SESSION_KEY])


@pytest.fixture
def cart_with_item(client):
    variant = stocked_variant(price=Decimal("20.00"))
    fill_cart(client, (variant, 1))
    return variant


def refused(client, typed, message):
    response = apply(client, typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html and 'id="discount-code-error"' in html
    assert cart_of(client).discount_code is None
    return html


def test_an_empty_code_is_asked_for(client, cart_with_item):
    refused(client, "  ", "Please enter a discount code.")


def test_a_code_with_strange_characters_is_not_a_code(client, cart_with_item):
    refused(
        client,
        "<script>",
        "That is not a discount code: codes are up to 30 letters, digits and hyphens.",
    )


def test_an_unknown_code_names_what_was_typed(client, cart_with_item):
    html = refused(
        client,
        "nope10",
        "There is no discount code “NOPE10”. Please check the spelling.",
    )
    assert 'value="nope10"' in html  # the field keeps what was typed


def test_a_switched_off_code(client, cart_with_item):
    DiscountCodeFactory(code="OFF", is_active=False)
    refused(client, "off", "The code OFF is not active at the moment.")


def test_a_code_not_valid_yet_says_from_when(client, cart_with_item, settings):
    starts = timezone.make_aware(timezone.datetime(2099, 6, 1, 9, 0))
    DiscountCodeFactory(code="SUMMER", starts_at=starts)
    refused(client, "SUMMER", "The code SUMMER is valid from 1 June 2099, 09:00.")


def test_an_expired_code_says_since_when(client, cart_with_item):
    ended = timezone.make_aware(timezone.datetime(2024, 1, 31, 23, 59))
    DiscountCodeFactory(code="WINTER", ends_at=ended)
    refused(client, "winter", "The code WINTER expired on 31 January 2024, 23:59.")


def test_a_used_up_code(client, cart_with_item):
    DiscountCodeFactory(code="ONCE", usage_limit=1, times_used=1)
    refused(
        client, "ONCE", "The code ONCE has been used as many times as it may be (1)."
    )


def test_a_minimum_order_says_how_far_off_the_cart_is(client, cart_with_item):
    DiscountCodeFactory(code="BIG", minimum_order=Decimal("50.00"))
    refused(
        client,
        "BIG",
        "The code BIG needs items worth at least €50.00; yours come to €20.00.",
    )


def test_a_code_for_other_products_names_what_it_is_for(client, cart_with_item):
    category = ProductCategoryPageFactory(title="Heat packs")
    product = ProductPageFactory(title="Foam roller, smooth")
    code = DiscountCodeFactory(code="WARM")
    code.categories.add(category)
    code.products.add(product)
    refused(
        client,
        "WARM",
        "The code WARM applies only to Heat packs, Foam roller, smooth, and nothing "
        "in your cart is among them.",
    )


def test_without_a_cart_there_is_nothing_to_discount(client):
    DiscountCodeFactory(code="CALM10")
    response = apply(client, "CALM10", follow=True)
    assert "Your cart is empty: add something before using a code." in (
        response.content.decode()
    )


def test_once_per_email_is_refused_at_checkout_with_the_address(client):
    code = DiscountCodeFactory(code="HELLO", once_per_email=True)
    DiscountUse.objects.create(
        code=code,
        order_reference="UK-AAAAA-BBBBB",
        email="shopper@example.com",
        amount=Decimal("2.00"),
        currency="EUR",
        state="used",
    )
    variant = stocked_variant(price=Decimal("20.00"))
    fill_cart(client, (variant, 1))
    assert apply(client, "hello").status_code == 302  # no address known yet

    form = checkout_form(client)
    form["email"] = "Shopper@Example.com"
    response = client.post("/checkout/", form)

    assert response.status_code == 409
    assert (
        "The code HELLO can be used once per e-mail address, and "
        "Shopper@Example.com has used it already."
    ) in response.content.decode()
    code.refresh_from_db()
    assert code.times_used == 0
    assert DiscountUse.objects.count() == 1


def test_a_code_that_lapsed_after_it_was_applied_stops_the_order_saying_why(
    client,
):
    code = DiscountCodeFactory(code="SOON")
    variant = stocked_variant(price=Decimal("20.00"))
    fill_cart(client, (variant, 1))
    apply(client, "SOON")
    form = checkout_form(client)
    DiscountCode.objects.filter(pk=code.pk).update(
        ends_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.post("/checkout/", form)

    assert response.status_code == 409
    html = response.content.decode()
    assert "The code SOON expired on" in html
    assert (
        "Nothing was reserved or charged: remove the code in your cart to order "
        "without it."
    ) in html
    assert not DiscountUse.objects.exists()
    from shop.orders.models import Order

    assert not Order.objects.exists()


def test_the_cart_says_why_a_code_it_holds_no_longer_applies(client):
    code = DiscountCodeFactory(code="BIG", minimum_order=Decimal("30.00"))
    variant = stocked_variant(price=Decimal("20.00"))
    fill_cart(client, (variant, 2))
    apply(client, "BIG")
    line = cart_of(client).lines.get()
    client.post(f"/cart/lines/{line.pk}/", {"quantity": 1})

    html = client.get("/cart/").content.decode()

    assert "Code <strong>BIG</strong>:" in html
    assert (
        "not applied. The code BIG needs items worth at least €30.00; yours come "
        "to €20.00."
    ) in html
    assert "Remove code" in html
    assert "Discount (BIG)" not in html
    assert cart_of(client).discount_code == code


def test_redeem_refuses_a_discount_other_than_the_one_shown():
    from collections import namedtuple

    from shop.discounts import services

    code = DiscountCodeFactory(code="CALM10", value=Decimal("10"))
    item = namedtuple("Item", "variant unit_price quantity")(
        stocked_variant(price=Decimal("20.00")), Decimal("20.00"), 1
    )

    def redeem(code_id, shown_total):
        with pytest.raises(DiscountRefused) as raised:
            services.redeem(
                code_id=code_id,
                items=[item],
                email="a@example.com",
                order_reference="UK-CHANG-ED234",
                currency="EUR",
                shown_total=shown_total,
            )
        return raised.value

    refusal = redeem(code.pk, Decimal("1.00"))
    assert refusal.reason == "changed"
    assert refusal.message == (
        "The code CALM10 changed since this page was shown; it now takes off "
        "€2.00. Please check the total and place the order again."
    )
    refusal = redeem(code.pk + 1000, Decimal("2.00"))
    assert refusal.message == "The discount code in your cart no longer exists."
    code.refresh_from_db()
    assert code.times_used == 0
    assert not DiscountUse.objects.exists()


def test_removing_the_code_takes_the_discount_off(client, cart_with_item):
    DiscountCodeFactory(code="CALM10")
    apply(client, "CALM10")

    response = client.post("/cart/code/remove/", follow=True)

    html = response.content.decode()
    assert "The discount code has been removed." in html
    assert "Discount (CALM10)" not in html
    assert cart_of(client).discount_code is None
