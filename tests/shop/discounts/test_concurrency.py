"""The last use of a code under real concurrency (PostgreSQL row locks, threads)."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection

from shop.cart.models import Cart
from shop.cart.services import add_to_cart, apply_code, load_cart
from shop.checkout.services import cart_fingerprint, place_order
from shop.discounts.exceptions import DiscountRefused
from shop.discounts.models import DiscountCode, DiscountUse, UseState
from shop.inventory.models import StockLevel
from shop.orders.models import Order
from tests.factories import DiscountCodeFactory, stocked_variant
from tests.shop.checkout.fixtures import DETAILS
from tests.shop.checkout.test_concurrency import run_in_threads, shop_settings  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def ready_cart(variant, email: str):
    """A cart holding one unit with the code applied, and the checkout it showed."""
    cart = Cart.objects.create()
    add_to_cart(cart=cart, variant_id=variant.pk, quantity=1)
    apply_code(cart=cart, raw_code="LASTONE")
    details = replace(DETAILS, email=email)
    return cart, details


def test_two_shoppers_racing_for_the_last_use_get_one_order_and_one_refusal(
    shop_settings,  # noqa: F811
):
    assert connection.vendor == "postgresql"
    code = DiscountCodeFactory(code="LASTONE", usage_limit=1)
    variant = stocked_variant(on_hand=10, price=Decimal("20.00"))
    carts = [ready_cart(variant, f"racer{i}@example.com") for i in range(2)]
    shown = [cart_fingerprint(load_cart(cart), shop_settings) for cart, _ in carts]

    def checkout(index):
        cart, details = carts[index]
        try:
            order = place_order(
                cart=cart,
                details=details,
                site_settings=shop_settings,
                shown_fingerprint=shown[index],
            )
        except DiscountRefused as refusal:
            return ("refused", refusal.reason, refusal.message)
        return ("placed", order.reference, str(order.discount_total))

    outcomes = run_in_threads(2, checkout)

    placed = [outcome for outcome in outcomes if outcome[0] == "placed"]
    refused = [outcome for outcome in outcomes if outcome[0] == "refused"]
    assert len(placed) == 1 and len(refused) == 1
    assert placed[0][2] == "2.00"
    # Whether the loser's checkout read the code before or after the winner
    # committed, it is refused as used up, and told nothing happened.
    assert refused[0][1] == "used_up"
    assert refused[0][2].startswith("The code LASTONE has ")
    assert refused[0][2].endswith(
        "Nothing was reserved or charged: remove the code in your cart to order "
        "without it."
    )
    # One order, one counted use, and the loser reserved nothing.
    order = Order.objects.get()
    assert order.reference == placed[0][1]
    use = DiscountUse.objects.get()
    assert (use.order_reference, use.state) == (order.reference, UseState.HELD)
    code = DiscountCode.objects.get(pk=code.pk)
    assert code.times_used == 1
    assert StockLevel.objects.get(variant=variant).reserved == 1
