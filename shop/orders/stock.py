"""An order's hold on stock: the one owner of `Order.stock_state`.

Every unit an order reserves, sells, releases or puts back goes through here, and
here alone `stock_state` changes. The quantities always come from the order's own
lines (`Order.stock_lines`), never from a cart or a form. Callers hold the order's
row lock (`Order.objects.locked`) and an open transaction.
"""

from __future__ import annotations

from typing import cast

from shop.inventory import services as inventory
from shop.inventory.exceptions import InsufficientStock

from .exceptions import OrderActionError
from .models import Order, StockState

__all__ = [
    "InsufficientStock",
    "give_back_everything",
    "release",
    "release_if_all_restocked",
    "reserve",
    "restock",
    "restockable_per_line",
    "restocked_per_line",
    "sell",
]


def _set(order: Order, state: str) -> None:
    order.stock_state = state
    order.save(update_fields=["stock_state", "updated_at"])


def reserve(order: Order, *, user=None) -> None:
    """Hold the order's units for checkout; raises InsufficientStock (all or none)."""
    inventory.reserve(lines=order.stock_lines, reference=order.reference, user=user)
    _set(order, StockState.RESERVED)


def release(order: Order, *, user=None) -> None:
    """Give back what an unpaid order holds; nothing happens if it holds nothing."""
    if order.stock_state != StockState.RESERVED:
        return
    lines = order.stock_lines
    if lines:
        inventory.release(lines=lines, reference=order.reference, user=user)
    _set(order, StockState.RELEASED)


def sell(order: Order) -> bool:
    """Turn the order's units into a sale.

    A live reservation is committed. If it lapsed meanwhile, the units are reserved
    and sold again in one step when they are still there (returns True: "sold after
    the reservation had lapsed"); if they are not, InsufficientStock is raised and
    nothing changes.
    """
    lines = order.stock_lines
    resold = False
    if order.stock_state == StockState.RESERVED:
        if lines:
            inventory.commit_sale(lines=lines, reference=order.reference)
    elif lines:
        inventory.reserve(lines=lines, reference=order.reference)
        inventory.commit_sale(lines=lines, reference=order.reference)
        resold = True
    _set(order, StockState.SOLD)
    return resold


def restocked_per_line(order: Order) -> dict[int, int]:
    """Units already put back on the shelf per order line, over all refunds."""
    done: dict[int, int] = {}
    for refund in order.refunds.all():
        for entry in refund.restocked_lines or []:
            line_id = entry.get("line_id")
            if line_id is not None:
                done[line_id] = done.get(line_id, 0) + int(entry.get("quantity", 0))
    return done


def restockable_per_line(order: Order) -> dict[int, int]:
    """Units per line that could still go back on the shelf (sold, not restocked)."""
    if order.stock_state != StockState.SOLD:
        return {}
    done = restocked_per_line(order)
    return {
        line.pk: line.quantity - done.get(line.pk, 0)
        for line in order.lines.all()
        if line.variant_id is not None and line.quantity - done.get(line.pk, 0) > 0
    }


def restock(
    order: Order, quantities: dict[int, int], *, actor, reason: str
) -> list[dict]:
    """Put sold units of these lines (`{line id: units}`) back on the shelf.

    Refuses more than a line has left to give back. Returns the record a refund keeps
    of what went back; once every sold unit is back, the order holds nothing.
    """
    allowed = restockable_per_line(order)
    lines = {line.pk: line for line in order.lines.all()}
    record: list[dict] = []
    by_variant: dict[int, int] = {}
    for line_id, quantity in quantities.items():
        if quantity <= 0:
            continue
        if quantity > allowed.get(line_id, 0):
            line = lines.get(line_id)
            raise OrderActionError(
                f"{line.sku if line else 'That line'}: only "
                f"{allowed.get(line_id, 0)} unit(s) can go back on the shelf."
            )
        line = lines[line_id]
        # Restockable lines always have a variant (restockable_per_line skips others).
        variant_id = cast(int, line.variant_id)
        by_variant[variant_id] = by_variant.get(variant_id, 0) + quantity
        record.append(
            {
                "line_id": line_id,
                "variant_id": line.variant_id,
                "sku": line.sku,
                "quantity": quantity,
            }
        )
    if by_variant:
        inventory.restock(
            lines=by_variant,
            reference=order.reference,
            user=actor,
            note=f"Refund: {reason}"[:255],
        )
    return record


def release_if_all_restocked(order: Order) -> None:
    """A sold order whose every unit went back on the shelf holds nothing any more."""
    if order.stock_state == StockState.SOLD and not restockable_per_line(order):
        _set(order, StockState.RELEASED)


def give_back_everything(order: Order, *, actor, reason: str) -> None:
    """Cancelling without money to return: every sold unit goes back on the shelf,
    or the reservation is released."""
    if order.stock_state == StockState.SOLD:
        restock(order, restockable_per_line(order), actor=actor, reason=reason)
        _set(order, StockState.RELEASED)
    else:
        release(order, user=actor)
