"""Receiving against purchase orders: through the stock service, with the PO's
reference on the ledger, partial deliveries adding up, differences noted."""

import pytest

from shop.inventory import purchasing
from shop.inventory.exceptions import InvalidStockChange
from shop.inventory.models import (
    PurchaseOrder,
    PurchaseOrderLine,
    StockLevel,
    StockMovement,
)
from tests.factories import stocked_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def purchase_order():
    order = PurchaseOrder.objects.create(supplier="Bodywell GmbH")
    mat = stocked_variant(on_hand=2, sku="PO-MAT")
    roll = stocked_variant(on_hand=0, sku="PO-ROLL")
    PurchaseOrderLine.objects.create(
        purchase_order=order, stock=mat.stock, quantity_ordered=10
    )
    PurchaseOrderLine.objects.create(
        purchase_order=order, stock=roll.stock, quantity_ordered=4
    )
    return order


def lines(order):
    return {line.stock.variant.sku: line for line in order.lines.all()}


def on_hand(sku):
    return StockLevel.objects.get(variant__sku=sku).on_hand


def test_reference_is_minted_once(purchase_order):
    assert purchase_order.reference.startswith("PO-")
    reference = purchase_order.reference
    purchase_order.save()
    assert purchase_order.reference == reference


def test_partial_delivery_books_stock_and_notes_what_is_short(
    purchase_order, django_user_model
):
    user = django_user_model.objects.create_user("stock")
    by_sku = lines(purchase_order)
    movements = purchasing.receive_purchase_order(
        purchase_order_id=purchase_order.pk,
        arrived={by_sku["PO-MAT"].pk: 6},
        note="Pallet 1 of 2",
        user=user,
    )
    assert on_hand("PO-MAT") == 8 and on_hand("PO-ROLL") == 0
    (movement,) = movements
    assert movement.reference == purchase_order.reference
    assert movement.reason == "received" and movement.user == user
    assert "Pallet 1 of 2" in movement.note
    assert "PO-MAT: 4 short of 10 outstanding" in movement.note
    assert "PO-ROLL: 4 short of 4 outstanding" in movement.note
    by_sku = lines(purchase_order)
    assert by_sku["PO-MAT"].quantity_received == 6
    assert purchasing.status_of(list(by_sku.values())) == purchasing.PARTLY
    # The rest arrives, with one roller extra.
    purchasing.receive_purchase_order(
        purchase_order_id=purchase_order.pk,
        arrived={by_sku["PO-MAT"].pk: 4, by_sku["PO-ROLL"].pk: 5},
    )
    assert on_hand("PO-MAT") == 12 and on_hand("PO-ROLL") == 5
    latest = StockMovement.objects.filter(reference=purchase_order.reference)
    assert latest.count() == 3
    assert "PO-ROLL: 1 more than 4 outstanding" in latest.first().note
    assert purchasing.status_of(list(lines(purchase_order).values())) == (
        purchasing.RECEIVED
    )


def test_nothing_arrived_or_foreign_line_changes_nothing(purchase_order):
    other = PurchaseOrder.objects.create(supplier="Other")
    foreign = PurchaseOrderLine.objects.create(
        purchase_order=other,
        stock=stocked_variant(on_hand=0, sku="PO-OTHER").stock,
        quantity_ordered=1,
    )
    for arrived in ({}, {foreign.pk: 1}, {lines(purchase_order)["PO-MAT"].pk: -1}):
        with pytest.raises(InvalidStockChange):
            purchasing.receive_purchase_order(
                purchase_order_id=purchase_order.pk, arrived=arrived
            )
    assert on_hand("PO-MAT") == 2
    assert not StockMovement.objects.filter(reference=purchase_order.reference)
    assert lines(purchase_order)["PO-MAT"].quantity_received == 0
