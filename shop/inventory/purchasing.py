"""Receiving deliveries against purchase orders.

A delivery is booked through `services.receive` (the one writer of stock) with the
purchase order's reference on every ledger row, and added to the lines' received
units in the same transaction, under a lock on the purchase order so two people
booking the same delivery are applied one after the other. Partial deliveries are
normal; whatever differs from what was still outstanding (short, extra, a SKU not
delivered) is written into the ledger note, next to the note staff typed.
"""

from __future__ import annotations

from django.db import transaction

from . import services
from .exceptions import InvalidStockChange
from .models import PurchaseOrder, PurchaseOrderLine, StockMovement

OPEN, PARTLY, RECEIVED = "open", "partly_received", "received"
STATUS_LABELS = {OPEN: "Open", PARTLY: "Partly received", RECEIVED: "Received"}


def status_of(lines: list[PurchaseOrderLine]) -> str:
    """Where a purchase order stands, from its lines."""
    if lines and all(line.outstanding == 0 for line in lines):
        return RECEIVED
    if any(line.quantity_received for line in lines):
        return PARTLY
    return OPEN


def differences(lines, arrived: dict[int, int]) -> list[str]:
    """What this delivery did not match: per line, against what was outstanding."""
    notes = []
    for line in lines:
        got = arrived.get(line.pk, 0)
        expected = line.outstanding
        if got == expected:
            continue
        sku = line.stock.variant.sku
        if got < expected:
            notes.append(f"{sku}: {expected - got} short of {expected} outstanding")
        else:
            notes.append(f"{sku}: {got - expected} more than {expected} outstanding")
    return notes


def receive_purchase_order(
    *, purchase_order_id: int, arrived: dict[int, int], note: str = "", user=None
) -> list[StockMovement]:
    """Book the units that arrived (`{line id: units}`) against a purchase order.

    Nothing is booked unless at least one unit arrived; units of a SKU that is not
    on the order are refused (receive those without a purchase order).
    """
    arrived = {int(pk): int(units) for pk, units in arrived.items() if int(units)}
    if any(units < 0 for units in arrived.values()):
        raise InvalidStockChange("Units received cannot be negative.")
    if not arrived:
        raise InvalidStockChange("Enter the units that arrived on at least one line.")
    with transaction.atomic():
        purchase_order = PurchaseOrder.objects.select_for_update().get(
            pk=purchase_order_id
        )
        lines = list(
            purchase_order.lines.select_related("stock__variant").order_by("pk")
        )
        by_id = {line.pk: line for line in lines}
        unknown = set(arrived) - set(by_id)
        if unknown:
            raise InvalidStockChange("A line of this delivery is not on the order.")
        full_note = "; ".join(
            filter(None, [note.strip(), *differences(lines, arrived)])
        )
        movements = services.receive(
            lines={by_id[pk].stock.variant_id: units for pk, units in arrived.items()},
            reference=purchase_order.reference,
            user=user,
            note=full_note[:255],
        )
        for pk, units in arrived.items():
            line = by_id[pk]
            line.quantity_received += units
            line.save(update_fields=["quantity_received"])
    return movements
