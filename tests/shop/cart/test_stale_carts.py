"""Old carts are deleted once no session can lead back to them."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from shop.cart.models import Cart, CartLine
from shop.cart.services import add_to_cart
from shop.orders.models import Order
from tests.factories import OrderFactory, stocked_variant

pytestmark = pytest.mark.django_db


def aged(cart: Cart, days: int, *, lines_days: int | None = None) -> Cart:
    """Backdate a cart (and its lines) as if it was last touched `days` ago."""
    then = timezone.now() - timedelta(days=days)
    Cart.objects.filter(pk=cart.pk).update(updated_at=then)
    line_then = timezone.now() - timedelta(days=lines_days if lines_days else days)
    CartLine.objects.filter(cart=cart).update(updated_at=line_then)
    return cart


def run(*args) -> str:
    out = StringIO()
    call_command("delete_stale_carts", *args, stdout=out)
    return out.getvalue()


def test_only_carts_idle_longer_than_a_session_are_deleted():
    variant = stocked_variant()
    old = aged(Cart.objects.create(), 31)
    add_to_cart(cart=old, variant_id=variant.pk, quantity=1)
    aged(old, 31)
    old_empty = aged(Cart.objects.create(), 45)
    recent = aged(Cart.objects.create(), 29)
    add_to_cart(cart=recent, variant_id=variant.pk, quantity=1)
    # The cart row is old but a line changed yesterday: still in use.
    touched = Cart.objects.create()
    add_to_cart(cart=touched, variant_id=variant.pk, quantity=1)
    aged(touched, 40, lines_days=1)

    assert "Would delete 2 cart(s)" in run("--dry-run")
    assert Cart.objects.count() == 4

    assert "Deleted 2 cart(s) idle for more than 30 days" in run()
    remaining = set(Cart.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, touched.pk}
    assert not CartLine.objects.filter(cart_id__in=[old.pk, old_empty.pk]).exists()
    assert old_empty.pk not in remaining


def test_an_order_outlives_the_cart_it_came_from():
    cart = aged(Cart.objects.create(), 60)
    order = OrderFactory(cart=cart)

    run()

    order.refresh_from_db()
    assert order.cart_id is None
    assert Order.objects.filter(pk=order.pk).exists()


def test_an_age_shorter_than_a_session_is_refused():
    cart = aged(Cart.objects.create(), 20)
    with pytest.raises(CommandError, match="at least 30"):
        run("--days", "10")
    assert Cart.objects.filter(pk=cart.pk).exists()


def test_many_stale_carts_are_deleted_in_batches(monkeypatch):
    monkeypatch.setattr("shop.cart.services.STALE_CART_BATCH", 2)
    for _ in range(5):
        aged(Cart.objects.create(), 40)
    keep = Cart.objects.create()

    assert "Deleted 5 cart(s)" in run()
    assert list(Cart.objects.values_list("pk", flat=True)) == [keep.pk]
