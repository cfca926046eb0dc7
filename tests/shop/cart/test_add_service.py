"""add_to_cart with cleaned values: the cart-level rules it checks under its lock."""

import pytest

from shop.cart.exceptions import CartError
from shop.cart.models import Cart, CartLine
from shop.cart.services import add_to_cart, cleaned_add_request
from shop.catalogue.forms import AddToCartForm
from shop.inventory.services import reserve
from tests.factories import stocked_variant

pytestmark = pytest.mark.django_db


def cleaned(variant, quantity):
    form = AddToCartForm({"variant": variant.pk, "quantity": quantity})
    assert form.is_valid(), form.errors
    return form.cleaned_data["variant"], form.cleaned_data["quantity"]


def test_the_cleaned_variant_is_added_without_fetching_it_again(
    django_assert_num_queries,
):
    variant, quantity = cleaned(stocked_variant(on_hand=5), "2")
    cart = Cart.objects.create()
    # lock the cart, find its line, re-read stock, count lines, insert, touch cart
    # (plus the savepoint pair of the atomic block inside the test's transaction)
    with django_assert_num_queries(8):
        line = add_to_cart(cart=cart, variant=variant, quantity=quantity)
    assert (line.variant_id, line.quantity) == (variant.pk, 2)


def test_stock_taken_since_the_form_was_checked_is_refused():
    variant, quantity = cleaned(stocked_variant(on_hand=3), "3")
    reserve(lines={variant.pk: 2}, reference="SOMEONE-ELSE")
    with pytest.raises(CartError) as raised:
        add_to_cart(cart=Cart.objects.create(), variant=variant, quantity=quantity)
    assert raised.value.message == f"Only 1 of {variant.display_name} left."
    assert not CartLine.objects.exists()


def test_the_line_already_in_the_cart_counts_against_the_limits(settings):
    settings.SHOP_MAX_QUANTITY_PER_LINE = 5
    variant, _ = cleaned(stocked_variant(on_hand=10), "1")
    cart = Cart.objects.create()
    add_to_cart(cart=cart, variant=variant, quantity=4)
    with pytest.raises(CartError) as raised:
        add_to_cart(cart=cart, variant=variant, quantity=2)
    assert raised.value.message == (
        f"You already have 4 of {variant.display_name} in your cart; "
        "the most you can order is 5."
    )


def test_raw_values_are_cleaned_by_the_same_form():
    variant = stocked_variant()
    assert cleaned_add_request(str(variant.pk), "2") == (variant, 2)
    with pytest.raises(CartError, match="Choose at least 1."):
        cleaned_add_request(variant.pk, "0")
