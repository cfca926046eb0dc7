"""The stock service: every change is atomic, audited, and never goes below zero."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from shop.inventory import services
from shop.inventory.exceptions import InsufficientStock, InvalidStockChange
from shop.inventory.models import MovementReason, StockLevel, StockMovement
from tests.factories import ProductVariantFactory, stocked_variant

pytestmark = pytest.mark.django_db


def figures(variant):
    level = StockLevel.objects.get(variant=variant)
    return level.on_hand, level.reserved


def assert_ledger_matches_stock(variant):
    """Replaying the ledger from zero gives the current figures."""
    level = StockLevel.objects.get(variant=variant)
    movements = StockMovement.objects.filter(stock=level)
    on_hand = sum(m.delta_on_hand for m in movements)
    reserved = sum(m.delta_reserved for m in movements)
    assert (on_hand, reserved) == (level.on_hand, level.reserved)


def test_new_variant_gets_an_empty_stock_row():
    variant = ProductVariantFactory()
    assert figures(variant) == (0, 0)


def test_receive_reserve_release_and_sell_each_write_a_ledger_row():
    variant = ProductVariantFactory()
    user = get_user_model().objects.create_user("stockist")
    services.receive(lines={variant.pk: 8}, reference="DN-1", user=user)
    services.reserve(lines={variant.pk: 3}, reference="ORDER-1")
    services.release(lines={variant.pk: 1}, reference="ORDER-1")
    services.commit_sale(lines={variant.pk: 2}, reference="ORDER-1")

    assert figures(variant) == (6, 0)
    reasons = list(
        StockMovement.objects.filter(stock__variant=variant)
        .order_by("pk")
        .values_list("reason", "delta_on_hand", "delta_reserved", "on_hand_after")
    )
    assert reasons == [
        (MovementReason.RECEIVED, 8, 0, 8),
        (MovementReason.RESERVED, 0, 3, 8),
        (MovementReason.RELEASED, 0, -1, 8),
        (MovementReason.SOLD, -2, -2, 6),
    ]
    assert StockMovement.objects.filter(user=user).count() == 1
    assert_ledger_matches_stock(variant)


def test_reserve_is_all_or_nothing_and_names_every_short_sku():
    plenty = stocked_variant(on_hand=0, sku="ROLLER-L")
    scarce = stocked_variant(on_hand=0, sku="BALL-S")
    services.receive(lines={plenty.pk: 10, scarce.pk: 2}, reference="DN")
    before = StockMovement.objects.count()

    with pytest.raises(InsufficientStock) as error:
        services.reserve(lines={plenty.pk: 4, scarce.pk: 5}, reference="ORDER-2")

    assert [(s.sku, s.requested, s.available) for s in error.value.shortages] == [
        ("BALL-S", 5, 2)
    ]
    assert "BALL-S" in str(error.value) and "2 available" in str(error.value)
    assert figures(plenty) == (10, 0)
    assert figures(scarce) == (2, 0)
    assert StockMovement.objects.count() == before


def test_reserved_units_are_not_available_to_the_next_shopper():
    variant = ProductVariantFactory()
    services.receive(lines={variant.pk: 2}, reference="DN")
    services.reserve(lines={variant.pk: 2}, reference="A")
    with pytest.raises(InsufficientStock):
        services.reserve(lines={variant.pk: 1}, reference="B")
    assert figures(variant) == (2, 2)


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "2", True])
def test_bad_quantities_are_refused_and_change_nothing(quantity):
    variant = ProductVariantFactory()
    with pytest.raises(InvalidStockChange):
        services.receive(lines={variant.pk: quantity}, reference="DN")
    assert figures(variant) == (0, 0)
    assert not StockMovement.objects.exists()


def test_unknown_variant_is_refused():
    with pytest.raises(InvalidStockChange, match="Unknown"):
        services.receive(lines={999_999: 1}, reference="DN")


def test_cannot_release_or_sell_more_than_is_reserved():
    variant = ProductVariantFactory()
    services.receive(lines={variant.pk: 5}, reference="DN")
    services.reserve(lines={variant.pk: 1}, reference="A")
    with pytest.raises(InvalidStockChange):
        services.release(lines={variant.pk: 2}, reference="A")
    with pytest.raises(InvalidStockChange):
        services.commit_sale(lines={variant.pk: 2}, reference="A")
    assert figures(variant) == (5, 1)


def test_manual_adjustment_cannot_write_off_reserved_units():
    variant = ProductVariantFactory()
    services.receive(lines={variant.pk: 3}, reference="DN")
    services.reserve(lines={variant.pk: 2}, reference="A")
    with pytest.raises(InsufficientStock):
        services.adjust_stock(
            variant_id=variant.pk, delta=-2, reason=MovementReason.DAMAGED
        )
    movement = services.adjust_stock(
        variant_id=variant.pk, delta=-1, reason=MovementReason.DAMAGED, note="torn"
    )
    assert (movement.on_hand_after, movement.reserved_after) == (2, 2)
    assert_ledger_matches_stock(variant)


def test_adjustment_needs_a_manual_reason_and_a_non_zero_delta():
    variant = ProductVariantFactory()
    with pytest.raises(InvalidStockChange):
        services.adjust_stock(variant_id=variant.pk, delta=1, reason="sold")
    with pytest.raises(InvalidStockChange):
        services.adjust_stock(
            variant_id=variant.pk, delta=0, reason=MovementReason.CORRECTION
        )


def test_stock_take_sets_counts_all_or_nothing():
    a = ProductVariantFactory()
    b = ProductVariantFactory()
    services.receive(lines={a.pk: 5, b.pk: 5}, reference="DN")
    services.reserve(lines={b.pk: 3}, reference="ORDER")

    with pytest.raises(InsufficientStock):
        services.set_counted_stock(counts={a.pk: 7, b.pk: 1}, reference="COUNT-1")
    assert figures(a) == (5, 0)

    rows = services.set_counted_stock(counts={a.pk: 7, b.pk: 5}, reference="COUNT-2")
    assert [(r.stock.variant_id, r.delta_on_hand) for r in rows] == [(a.pk, 2)]
    assert all(r.reason == MovementReason.CORRECTION for r in rows)


def test_database_constraints_are_the_backstop():
    variant = ProductVariantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(variant=variant).update(on_hand=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(variant=variant).update(on_hand=1, reserved=2)
